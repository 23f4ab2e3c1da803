"""/healthz: what a load balancer asks. Only a database failure takes a server out; a cache down or full is
reported, since the site still works without it."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.urls import reverse

pytestmark = pytest.mark.django_db


def use_redis(settings, location, **extra):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location,
                                   **extra}}


def test_healthz_reports_database_and_cache_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_checks_a_real_redis(client, settings):
    use_redis(settings, "redis://127.0.0.1:6379/7", KEY_PREFIX=f"test-{uuid.uuid4()}")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


def test_an_unreachable_cache_is_named_but_keeps_the_server_in(client, settings):
    # Nothing listens on port 1: the cache round trip fails for real.
    use_redis(settings, "redis://127.0.0.1:1/0")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "error: ConnectionError"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def full_redis(tmp_path):
    """A Redis of our own on loopback, with a tiny memory limit and no eviction, filled up."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--maxmemory", "2mb", "--maxmemory-policy", "noeviction", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        try:
            for n in range(100_000):
                client.set(f"filler:{n}", b"x" * 4096)
        except redis.exceptions.OutOfMemoryError:
            pass
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.slow
def test_a_full_cache_is_reported_and_the_server_stays_in(client, settings, full_redis):
    use_redis(settings, full_redis)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "full"}


@pytest.mark.slow
def test_pages_are_still_served_when_the_cache_is_full(client, settings, full_redis):
    from tests.factories import ArticleFactory

    story = ArticleFactory(headline="Served with a full cache")
    use_redis(settings, full_redis)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Served with a full cache" in response.content.decode()
