import io

import pytest
from django.core.management import call_command


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
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
