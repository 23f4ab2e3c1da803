"""Security headers, the deployment check, and admin login throttling, through the real stack."""

import os
import secrets
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "NEWSROOM_SITE_URL": "https://news.example.org",
}


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.slow
def test_check_deploy_passes_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **PRODUCTION_ENV},  # set by the browser tests
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_pages_get_a_strict_content_security_policy(client):
    article = ArticleFactory()
    policy = directives(client.get(article.get_absolute_url()))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert set(policy["img-src"]) >= {"'self'", "data:"}


def test_the_admin_gets_the_same_strict_policy(client):
    policy = directives(client.get(reverse("admin:login")))
    assert policy["style-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]


def test_cached_pages_keep_their_security_headers(client, settings):
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"headers-{uuid.uuid4()}"}
    settings.CACHES = {"default": locmem}
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_production_sends_hsts_and_redirects_to_https(client, settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    article = ArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 301
    response = client.get(article.get_absolute_url(), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.slow
def test_production_cookies_are_secure():
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    result = run_settings(code, **PRODUCTION_ENV)
    assert result.stdout.split() == ["True", "True", "False"]


def run_settings(code, **env):
    program = f"import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsroom.settings'; django.setup(); {code}"
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "DJANGO_MEDIA"))}
    return subprocess.run(
        [sys.executable, "-c", program], cwd=settings.BASE_DIR, env={**environment, **env}, capture_output=True, text=True,
        check=False,
    )


@pytest.mark.slow
def test_media_goes_to_s3_when_a_bucket_is_configured():
    code = (
        "from django.core.files.storage import storages; from django.conf import settings as s; d = storages['default']; "
        "print(type(d).__name__, d.bucket_name, d.endpoint_url, d.custom_domain, "
        "' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    result = run_settings(
        code,
        DJANGO_MEDIA_S3_BUCKET="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage", "newsroom-media", "https://s3.example.net", "media.example.org", "'self'", "data:",
        "https://media.example.org",
    ]


@pytest.mark.slow
def test_media_stays_on_local_disk_without_a_bucket():
    result = run_settings("from django.core.files.storage import storages; print(type(storages['default']).__name__)")
    assert result.stdout.strip() == "FileSystemStorage"


# Admin login throttling.


def sign_in(client, password, username="editor", **extra):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def test_sign_in_works_after_a_few_mistakes(client, editor):
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
    response = sign_in(client, "a-long-password-1")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_password_guessing_is_stopped_with_429(client, editor):
    for _ in range(5):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = sign_in(client, "a-long-password-1")  # even the right password waits
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert int(response["Retry-After"]) == 15 * 60
    assert response["Cache-Control"] == "private, no-store"
    # Another username from the same address is not locked by these five failures.
    assert sign_in(client, "wrong", username="someone-else").status_code == 200


def test_one_address_guessing_many_usernames_is_stopped(client, settings):
    settings.NEWSROOM_LOGIN_FAILURES_PER_IP = 8
    for number in range(8):
        assert sign_in(client, "wrong", username=f"user{number}").status_code == 200
    assert sign_in(client, "wrong", username="user-new").status_code == 429


@pytest.mark.parametrize("spelling", ["ｅｄｉｔｏｒ", "EDITOR", " Editor "])
def test_another_spelling_of_a_username_shares_its_count(client, editor, spelling):
    """Django's sign-in form reads a fullwidth name as its plain one (NFKC); the throttle counts it the same."""
    for _ in range(5):
        sign_in(client, "wrong")
    assert sign_in(client, "a-long-password-1", username=spelling).status_code == 429


def test_a_script_prefix_does_not_sidestep_the_throttle(client, editor):
    """A sub-path deployment (or a client sending SCRIPT_NAME) still reaches the admin's sign-in view."""
    for _ in range(5):
        assert sign_in(client, "wrong", SCRIPT_NAME="/newsroom").status_code == 200
    assert sign_in(client, "a-long-password-1", SCRIPT_NAME="/newsroom").status_code == 429


def test_counts_live_apart_from_the_page_cache(client, editor, settings):
    """Filling or emptying the page cache (a flood of pages, an eviction, a restart) leaves the counts alone."""
    from newsroom.cache import page_store

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"flood-{uuid.uuid4()}"}}
    for _ in range(5):
        sign_in(client, "wrong")
    page_store().clear()
    assert sign_in(client, "a-long-password-1").status_code == 429


def test_a_redis_outage_never_turns_a_correct_sign_in_into_an_error(client, editor, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    sign_in(client, "wrong")
    response = sign_in(client, "a-long-password-1")
    assert response.status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, editor):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "a-long-password-1").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, "a-long-password-1").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_are_each_counted_once():
    """Twenty attempts at the same moment get the counts 1 to 20: none is lost, none is checked against a
    count that another attempt has not written yet."""
    import threading

    from django.db import connection

    from newsroom.models import LoginCounter

    if connection.vendor == "sqlite":
        pytest.skip("the test database is SQLite in memory, where writers wait for each other by design")
    counts, start = [], threading.Barrier(20)

    def attempt():
        from django.db import connection as own

        start.wait()
        try:
            counts.append(LoginCounter.add("ip:203.0.113.9", 1, 900))
        finally:
            own.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 21))
