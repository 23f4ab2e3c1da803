"""Production wiring: gunicorn, WhiteNoise, the environment file, the benchmark's baseline route."""

import http.client
import json
import os
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.utils import timezone

ROOT = settings.BASE_DIR


def test_env_example_lists_every_variable_the_project_reads():
    sources = (ROOT / "newsroom" / "settings.py").read_text() + (ROOT / "gunicorn.conf.py").read_text()
    read = set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", sources))
    read |= set(re.findall(r"""environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""", sources))
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert len(read) > 30
    assert read - listed == set()


def test_gunicorn_config_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_WORKERS", "")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["bind"] == "0.0.0.0:9000"
    assert config["workers"] == min(2 * os.cpu_count() + 1, 12)
    assert config["max_requests"] > 0
    assert config["max_requests_jitter"] > 0
    assert config["preload_app"] is True
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 3


@pytest.mark.slow
def test_the_benchmark_route_exists_only_when_asked_for():
    program = "import django; django.setup(); from django.urls import resolve; print(resolve('/bench/minimal/').url_name)"

    def run(settings_module):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        return subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True)

    on, off = run("bench.settings"), run("newsroom.settings")
    assert on.stdout.strip() == "bench_minimal"
    assert "Resolver404" in off.stderr


@pytest.mark.django_db
def test_the_benchmark_floor_shows_a_published_story_and_nothing_else(rf):
    from django.http import Http404

    from bench.views import bench_floor
    from tests.factories import ArticleFactory

    story = ArticleFactory(headline="Viet Nam chairs ASEAN", body="<p>Chair year 2020.</p>")
    draft = ArticleFactory(status="draft")
    trashed = ArticleFactory(deleted_at=timezone.now())
    html = bench_floor(rf.get("/"), story.slug).content.decode()
    assert "<h1>Viet Nam chairs ASEAN</h1>" in html
    assert "<p>Chair year 2020.</p>" in html
    for hidden in (draft, trashed):
        with pytest.raises(Http404):
            bench_floor(rf.get("/"), hidden.slug)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.fixture
def production_server(tmp_path):
    """gunicorn with production settings on a loopback port, over a fresh SQLite database."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "NEWSROOM_SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "CACHE_URL": "locmemcache://production-test",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                get(port, "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield port, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.slow
def test_gunicorn_serves_health_pages_and_hashed_compressed_static_files(production_server):
    port, tmp_path = production_server
    response, body = get(port, "/healthz")
    assert response.status == 200
    assert json.loads(body) == {"database": "ok", "cache": "ok"}

    response, body = get(port, "/")
    assert response.status == 200
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("Cache-Control").startswith("public")

    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css"
    assert f"/static/{hashed}".encode() in body  # pages link the hashed name
    response, _ = get(port, f"/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")
    assert (tmp_path / "access.log").read_text().count("GET /") >= 3
