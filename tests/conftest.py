import importlib
import io

import pytest
from django.core.management import call_command

from tests.browser.support import SharedChromium

# Tests that drive Chromium (every test that uses the `browser` fixture) share one browser. playwright's sync API
# keeps an event loop running in the test thread while a browser is open, so those tests run last, and the
# browser is closed before any other test runs.
CHROMIUM = SharedChromium()


def uses_browser(item):
    return "browser" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items):
    """Browser tests are `slow`, and run after all the others (a stable sort keeps their own order)."""
    for item in items:
        if uses_browser(item):
            item.add_marker(pytest.mark.slow)
    items.sort(key=uses_browser)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    # After the test's own fixtures are torn down (its pages closed). Only needed when tests are not in
    # collection order (pytest-xdist hands each worker a share); the last test's is done by `chromium`.
    if nextitem is not None and not uses_browser(nextitem):
        CHROMIUM.close()


@pytest.fixture(scope="session")
def chromium(live_server):
    """Closes the shared browser before the live server and the test database go away."""
    yield CHROMIUM
    CHROMIUM.close()


@pytest.fixture
def browser(chromium):
    """Debian's Chromium through playwright, opened by the first test that needs it and shared by the others."""
    return chromium.get()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads in a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Page tests see what the views do. The page cache has its own tests (tests/test_cache.py), which turn a
    real cache back on; here it would serve a second request from the first one's answer."""
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def demo(db):
    """The demo content, as `make run` loads it."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def aliases(db):
    """The aliases the migration seeds (ASEAN, UN, Vietnam...), present even after a test that flushed the
    database (browser tests do)."""
    from resolutions.models import Alias

    seeded = importlib.import_module("resolutions.migrations.0004_seed_aliases").ALIASES
    for name, means in seeded:
        Alias.objects.get_or_create(name=name, means=means)
    return Alias.objects.all()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
