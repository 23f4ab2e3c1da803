import datetime as dt
import io
import os
import socket
import uuid
from email import message_from_bytes, policy
from importlib import import_module

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import caches
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from articles.models import Article
from tests.articles.admin_helpers import logged_in, make_user
from tests.browser.support import SharedChromium
from tests.factories import ArticleFactory, CountryFactory, ResolutionFactory
from tests.snapshot import CommandSnapshot
from tests.voting_data import voting_csv

DEMO_SNAPSHOT = None

# Property tests (hypothesis) try 60 inputs in `make test`, and a dozen in `make test-fast`
# (HYPOTHESIS_PROFILE=quick), where a quick answer matters more. Their fixtures are function-scoped on purpose:
# one story serves every input.
settings.register_profile(
    "full", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile("quick", settings.get_profile("full"), max_examples=12)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))

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
def fast_password_hashing(settings):
    """MD5 instead of PBKDF2's million rounds: each password set or checked in a test costs microseconds, not a
    third of a second. Sign-in still goes through Django's real authentication (tests/test_security.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads in a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Page tests see what the views do. The page cache has its own tests (tests/test_cache.py), which turn a
    real cache back on; here it would serve a second request from the first one's answer."""
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def roles_after_a_flush(request):
    """The Writers and Editors groups come from a data migration, so the flush that ends a transactional test
    (every live-server test) removes them: bring them back for the tests that follow."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,)))
    if transactional or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        from django.contrib.auth.models import Group
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        request.getfixturevalue("transactional_db")
        if not Group.objects.filter(name__in=["Writers", "Editors"]).exists():
            apps = MigrationExecutor(connection).loader.project_state().apps
            import_module("articles.migrations.0004_editorial_roles").create_roles(apps, None)
            import_module("articles.migrations.0015_record_of_changes").grant(apps, None)


@pytest.fixture
def demo(db, settings, tmp_path_factory):
    """The demo content, as `make run` loads it.

    `load_demo` makes image renditions, about 0.3 s a run. So it runs once per test process, in a transaction
    rolled back at once, and each test gets what it wrote, rows and media files, through `loaddata`. When the
    database is not as it was then (a test's own rows in the way), the fixture runs the command itself.
    """
    global DEMO_SNAPSHOT
    if DEMO_SNAPSHOT is None:
        DEMO_SNAPSHOT = CommandSnapshot.record(tmp_path_factory.mktemp("demo"), "load_demo")
    if not DEMO_SNAPSHOT.restore(settings.MEDIA_ROOT):
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def aliases(db):
    """The aliases the migration seeds (ASEAN, UN, Vietnam...), present even after a test that flushed the
    database (browser tests do)."""
    from resolutions.models import Alias

    seeded = import_module("resolutions.migrations.0005_seed_aliases").ALIASES
    for name, means in seeded:
        Alias.objects.get_or_create(name=name, means=means)
    return Alias.objects.all()


@pytest.fixture
def newsroom_pages(db):
    """The pages about the newsroom that the migration seeds (About, Corrections policy, Contact), present even
    after a test that flushed the database."""
    from django.apps import apps

    from pages.models import Page

    import_module("pages.migrations.0001_initial").seed(apps, None)
    return Page.objects.all()


# The editorial roles: staff users in the groups the data migration makes, and a writer's draft.


@pytest.fixture
def writer(db, django_user_model):
    return make_user(django_user_model, "wendy", "Writers")


@pytest.fixture
def other_writer(db, django_user_model):
    return make_user(django_user_model, "walter", "Writers")


@pytest.fixture
def desk_editor(db, django_user_model):
    """An editor by group membership, not a superuser: the permissions come from the data migration."""
    return make_user(django_user_model, "edith", "Editors")


@pytest.fixture
def writer_client(writer):
    return logged_in(writer)


@pytest.fixture
def desk_editor_client(desk_editor):
    return logged_in(desk_editor)


@pytest.fixture
def writers_draft(writer):
    return ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Wendy's draft")


# The page cache as one worker of a deployment has it: in its own local memory or in a shared Redis, each test in
# a key space of its own.


@pytest.fixture
def own_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"test-{uuid.uuid4()}"}
    }


@pytest.fixture
def redis_cache(settings):
    prefix = f"test-{uuid.uuid4()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = caches["default"]._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# A real SMTP server on loopback (notifications are tested against it, not only the locmem backend).


class Inbox:
    """What the SMTP server received: parsed messages, with their envelope recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m.recipients]

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """aiosmtpd on 127.0.0.1, with Django's SMTP backend pointed at it (as EMAIL_URL=smtp://127.0.0.1:PORT does)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Django's SMTP backend pointed at a loopback port where nothing listens: the mail server is down."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def asean_members(db):
    return {
        "VNM": CountryFactory(name="Viet Nam", slug="viet-nam", iso_alpha2="VN", iso_alpha3="VNM", asean_joined_year=1995),
        "SGP": CountryFactory(
            name="Singapore", slug="singapore", iso_alpha2="SG", iso_alpha3="SGP",
            asean_joined_year=1967, asean_joined_on=dt.date(1967, 8, 8),
        ),
        "TLS": CountryFactory(
            name="Timor-Leste", slug="timor-leste", iso_alpha2="TL", iso_alpha3="TLS",
            asean_joined_year=2025, asean_joined_on=dt.date(2025, 10, 26),
        ),
    }


@pytest.fixture
def recorded_vote(asean_members, tmp_path):
    """A/RES/99/5 (made up), adopted on 1 December 2024 by a recorded vote, imported from the Library's CSV format."""
    resolution = ResolutionFactory(
        title="Test resolution on a recorded vote", slug="test-recorded-vote", symbol="A/RES/99/5", year=2024
    )
    path = tmp_path / "votes.csv"
    path.write_bytes(voting_csv())
    call_command("import_votes", str(path), stdout=io.StringIO())
    resolution.refresh_from_db()
    return resolution
