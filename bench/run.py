"""`make bench`: seed 100k stories into PostgreSQL, serve them with gunicorn, load them, write bench/results.md.

Everything runs on loopback and is bounded in time (about 2 x 5 x DURATION seconds of load, plus seeding once).
Variables: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench), BENCH_ARTICLES (100000),
BENCH_DURATION (seconds per page and pass, 8), BENCH_CONCURRENCY (4), BENCH_PORT (8799),
BENCH_CACHE_URL (the cached pass, default redis://127.0.0.1:6379/5).
"""

import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import fetch, measure  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 100_000))
DURATION = float(os.environ.get("BENCH_DURATION", 8))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 4))
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", 8799))
CACHED_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")
TMP = ROOT / "bench" / "tmp"
PYTHON = sys.executable

ENV = {
    **os.environ,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_CONN_MAX_AGE": "60",
    "NEWSROOM_BENCH": "1",
    "DJANGO_LOG_LEVEL": "ERROR",
}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def ensure_database():
    url = urlparse(DATABASE_URL)
    if url.scheme not in ("postgres", "postgresql"):
        return
    import psycopg

    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    os.environ.update({**ENV, "CACHE_URL": "dummycache://"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def seed():
    from articles.models import Article

    present = Article.objects.filter(slug__startswith="bulk-").count()
    if present == 0:
        log(f"seeding {ARTICLES} stories (once per database)")
        started = time.monotonic()
        manage("seed_bulk", "--articles", str(ARTICLES))
        return time.monotonic() - started
    log(f"{present} bulk stories already seeded; reusing them")
    return None


def pages():
    """The addresses to load, discovered from the data so they work whatever the views look like."""
    from django.urls import NoReverseMatch, reverse

    from articles.models import Article

    article = Article.objects.published().filter(slug__startswith="bulk-").order_by("-publish_at").first()
    word = article.headline.split()[-1]
    found = [
        ("minimal Django view", "/bench/minimal/"),
        ("home /", reverse("articles:home")),
        ("article", article.get_absolute_url()),
        ("list ?chair_year=2020", f"{reverse('articles:list')}?chair_year=2020"),
    ]
    try:
        found.append((f"search ?q={word}", f"{reverse('articles:search')}?q={word}"))
    except NoReverseMatch:
        log("no articles:search route on this branch: search is not measured")
    return found


def start_server(cache_url):
    TMP.mkdir(parents=True, exist_ok=True)
    env = {
        **ENV,
        "CACHE_URL": cache_url,
        "GUNICORN_BIND": f"{HOST}:{PORT}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": str(TMP / "access.log"),
        "GUNICORN_MAX_REQUESTS": "0",
    }
    process = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=open(TMP / "gunicorn.out", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        try:
            if fetch(HOST, PORT, "/healthz")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not become healthy; see {TMP / 'gunicorn.out'}")


def worker_rss(master_pid):
    """VmRSS of each gunicorn worker (the master's children), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def run_pass(name, cache_url, urls):
    log(f"pass '{name}' (CACHE_URL={cache_url})")
    server = start_server(cache_url)
    results = {}
    try:
        for label, path in urls:
            status, headers, _ = fetch(HOST, PORT, path)
            for _ in range(20):  # warm up: imports, connections, and for the cached pass the cache itself
                fetch(HOST, PORT, path)
            result = measure(HOST, PORT, path, DURATION, CONCURRENCY)
            result.update(first_status=status, cache=headers.get("X-Page-Cache", "-"))
            result["cache_after"] = fetch(HOST, PORT, path)[1].get("X-Page-Cache", "-")
            results[label] = result
            log(f"  {label:28} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f} ms")
        rss = worker_rss(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results, rss


def server_side_list_time(runs=40):
    """Median time to answer /news/?chair_year=2020 inside Django (no HTTP, no cache), and of its queries."""
    from django.db import connection
    from django.test import Client

    from articles.models import Article

    client = Client()
    url = "/news/?chair_year=2020"
    view_times = []
    for _ in range(runs):
        started = time.perf_counter()
        assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
        view_times.append(1000 * (time.perf_counter() - started))
    queryset = Article.objects.published().for_listing().filter(chair_year__year=2020)
    query_times = []
    for _ in range(runs):
        started = time.perf_counter()
        queryset.count()
        list(queryset[:20])
        query_times.append(1000 * (time.perf_counter() - started))
    plan = ""
    if connection.vendor == "postgresql":
        plan = queryset[:20].explain(analyze=True)
    return statistics.median(view_times), statistics.median(query_times), plan, queryset.count()


def search_plan():
    from django.db import connection

    from articles.models import Article
    from articles.search import search_articles

    if connection.vendor != "postgresql":
        return "", None
    queryset = search_articles(Article.objects.published(), "mekong")[:20]
    times = []
    for _ in range(10):
        started = time.perf_counter()
        list(queryset.all())  # a fresh evaluation each time
        times.append(1000 * (time.perf_counter() - started))
    return queryset.explain(analyze=True), statistics.median(times)


def main():
    started = time.monotonic()
    ensure_database()
    setup_django()
    log(f"database {DATABASE_URL}")
    manage("migrate", "--noinput", "-v0")
    seconds_seeding = seed()
    manage("collectstatic", "--noinput", "-v0")
    urls = pages()
    uncached, rss_uncached = run_pass("uncached", "dummycache://", urls)
    cached, rss_cached = run_pass("cached", CACHED_URL, urls)
    view_ms, query_ms, plan, matches = server_side_list_time()
    splan, search_ms = search_plan()
    write_results(urls, uncached, cached, rss_uncached, rss_cached, view_ms, query_ms, plan, matches, splan,
                  search_ms, seconds_seeding, time.monotonic() - started)


def write_results(urls, uncached, cached, rss_u, rss_c, view_ms, query_ms, plan, matches, splan, search_ms,
                  seconds_seeding, total):
    from articles.models import Article

    base_u, base_c = uncached["minimal Django view"]["rps"], cached["minimal Django view"]["rps"]
    lines = [
        "# Benchmark results",
        "",
        f"Run by `make bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {os.cpu_count()} cores "
        f"(shared with other work), gunicorn 2 sync workers, DEBUG off, PostgreSQL `{urlparse(DATABASE_URL).path[1:]}` "
        f"with {Article.objects.count()} stories ({Article.objects.published().count()} visible), "
        f"load from {CONCURRENCY} threads of `bench/load.py` on loopback, {DURATION:.0f} s per page and pass, "
        "a new TCP connection per request (sync workers do not keep connections alive).",
        "",
    ]
    if seconds_seeding:
        lines += [f"Seeding {ARTICLES} stories took {seconds_seeding:.0f} s.", ""]
    lines += [
        "| Page | uncached req/s | p50 ms | p99 ms | x minimal | cached req/s | p50 ms | p99 ms | x minimal | cached / uncached |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path in urls:
        u, c = uncached[label], cached[label]
        lines.append(
            f"| {label} (`{path}`) | {u['rps']:.0f} | {u['p50_ms']:.1f} | {u['p99_ms']:.1f} | {u['rps'] / base_u:.2f} "
            f"| {c['rps']:.0f} | {c['p50_ms']:.1f} | {c['p99_ms']:.1f} | {c['rps'] / base_c:.2f} "
            f"| {c['rps'] / u['rps']:.2f} |"
        )
    lines += ["", "Status codes seen (uncached / cached), and the cache's answer after the run:", ""]
    for label, _path in urls:
        lines.append(
            f"- {label}: {uncached[label]['statuses']} / {cached[label]['statuses']}, X-Page-Cache "
            f"{cached[label]['cache_after']}"
        )
    lines += [
        "",
        f"Worker RSS after the uncached pass: {', '.join(f'{m:.0f} MB' for m in rss_u)}; "
        f"after the cached pass: {', '.join(f'{m:.0f} MB' for m in rss_c)}.",
        "",
        f"Server side, `/news/?chair_year=2020` through Django's test client without cache: median {view_ms:.1f} ms "
        f"over 40 runs. The chair-year filter's own queries (`published().for_listing().filter(chair_year__year=2020)`: "
        f"count and first page of 20, {matches} matches): median {query_ms:.1f} ms.",
        "",
    ]
    if search_ms is not None:
        lines += [f"Search (`search_articles(published(), 'mekong')[:20]`): median {search_ms:.1f} ms.", ""]
    if plan:
        lines += ["Plan of the filtered list's first page:", "", "```", plan, "```", ""]
    if splan:
        lines += ["Plan of a search's first page:", "", "```", splan, "```", ""]
    lines += [f"The whole run took {total:.0f} s.", ""]
    target = ROOT / "bench" / "results.md"
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():
        lines += [notes.read_text()]
    target.write_text("\n".join(lines))
    log(f"wrote {target}")


if __name__ == "__main__":
    main()
