"""`make bench`: seed 100k stories into PostgreSQL, serve them with gunicorn, load them, write bench/results.md.

Everything runs on loopback and is bounded in time (3 passes x 6 pages x DURATION seconds of load, plus seeding
once).
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

from load import combine, fetch, measure, summarise  # noqa: E402 - after the path is set

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
DURATION = float(os.environ.get("BENCH_DURATION", "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
ROUNDS = 4
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8799"))
CACHED_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")
PASSES = [
    ("uncached", "dummycache://"),
    ("cached, local memory per worker", "locmemcache://bench"),
    ("cached, shared Redis", CACHED_URL),
]
TMP = ROOT / "bench" / "tmp"
# A second baseline: one query for the same story and a bare template (bench/views.py), never cached.
FLOOR = "story floor (1 query)"
PYTHON = sys.executable

ENV = {
    **os.environ,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_CONN_MAX_AGE": "60",
    "DJANGO_SETTINGS_MODULE": "bench.settings",  # production settings plus the baseline routes
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
        (FLOOR, f"/bench/floor/{article.slug}/"),
        ("list ?chair_year=2020", f"{reverse('articles:list')}?chair_year=2020"),
    ]
    try:
        found.append((f"search ?q={word}", f"{reverse('search:results')}?q={word}"))
    except NoReverseMatch:
        log("no search:results route on this branch: search is not measured")
    return found


def start_server(cache_url, port, tag):
    TMP.mkdir(parents=True, exist_ok=True)
    env = {
        **ENV,
        "CACHE_URL": cache_url,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": str(TMP / f"access-{tag}.log"),
        "GUNICORN_MAX_REQUESTS": "0",
    }
    process = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=open(TMP / f"gunicorn-{tag}.out", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        try:
            if fetch(HOST, port, "/healthz")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not become healthy; see {TMP / f'gunicorn-{tag}.out'}")


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


def run_passes(urls):
    """One gunicorn per pass (uncached, local memory, Redis), all running; every page of every pass is loaded in
    turn, in ROUNDS short slices, so a burst of other work on the machine hits all of them alike."""
    servers = {}
    try:
        for number, (name, cache_url) in enumerate(PASSES):
            servers[name] = (start_server(cache_url, PORT + number, number), PORT + number)
        results = {name: {} for name in servers}
        for _server, port in servers.values():
            for _label, path in urls:
                for _ in range(20):  # warm up: imports, connections, and for the cached passes the cache itself
                    fetch(HOST, port, path)
        for round_number in range(ROUNDS):
            log(f"round {round_number + 1} of {ROUNDS}")
            for label, path in urls:
                for name, (_server, port) in servers.items():
                    sample = measure(HOST, port, path, DURATION / ROUNDS, CONCURRENCY)
                    results[name][label] = combine(results[name].get(label), sample)
        for name, (_server, port) in servers.items():
            for label, path in urls:
                result = results[name][label] = summarise(results[name][label])
                result["cache_after"] = fetch(HOST, port, path)[1].get("X-Page-Cache", "-")
                log(f"  {name:32} {label:24} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:.1f} ms  "
                    f"p99 {result['p99_ms']:.1f} ms")
        return {name: (results[name], worker_rss(server.pid)) for name, (server, _port) in servers.items()}
    finally:
        for server, _port in servers.values():
            server.send_signal(signal.SIGTERM)
        for server, _port in servers.values():
            server.wait(timeout=30)


def forget_cached_pages():
    """Remove what the Redis pass stored (Django's keys look like ":1:newsroom:...")."""
    import redis

    client = redis.Redis.from_url(CACHED_URL)
    keys = list(client.scan_iter(":1:newsroom:*"))
    if keys:
        client.delete(*keys)


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
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE SELECT COUNT(*) FROM ({sql}) AS counted", params)
            counted = "\n".join(row[0] for row in cursor.fetchall())
        plan = f"{queryset[:20].explain(analyze=True)}\n\nThe count:\n\n{counted}"
    return statistics.median(view_times), statistics.median(query_times), plan, queryset.count()


def in_process_times(urls, runs=100):
    """Median time of each page inside Django (test client, no HTTP): uncached, and a local-memory cache hit."""
    from django.test import Client, override_settings

    client, times = Client(), {}
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench-in-process"}
    for mode, caches in (("uncached", None), ("cache hit", {"default": locmem, "throttle": locmem})):
        with override_settings(**({"CACHES": caches} if caches else {})):
            for label, path in urls:
                client.get(path, HTTP_HOST="127.0.0.1")
                samples = []
                for _ in range(runs):
                    started = time.perf_counter()
                    client.get(path, HTTP_HOST="127.0.0.1")
                    samples.append(1000 * (time.perf_counter() - started))
                times[(label, mode)] = statistics.median(samples)
    return times


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
    passes = run_passes(urls)
    view_ms, query_ms, plan, matches = server_side_list_time()
    splan, search_ms = search_plan()
    inside = in_process_times(urls)
    forget_cached_pages()
    write_results(urls, passes, inside, view_ms, query_ms, plan, matches, splan, search_ms, seconds_seeding,
                  time.monotonic() - started)


def write_results(urls, passes, inside, view_ms, query_ms, plan, matches, splan, search_ms, seconds_seeding,
                  total):
    from articles.models import Article

    lines = [
        "# Benchmark results",
        "",
        f"Run by `make bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {os.cpu_count()} cores "
        f"(shared with other work), gunicorn 2 sync workers, DEBUG off, PostgreSQL `{urlparse(DATABASE_URL).path[1:]}` "
        f"with {Article.objects.count()} stories ({Article.objects.published().count()} visible), "
        f"load from {CONCURRENCY} threads of `bench/load.py` on loopback, {DURATION:.0f} s per page and pass "
        f"in {ROUNDS} interleaved slices (one gunicorn per pass, all up, loaded in turn), "
        "a new TCP connection per request (sync workers do not keep connections alive).",
        "",
    ]
    if seconds_seeding:
        lines += [f"Seeding {ARTICLES} stories took {seconds_seeding:.0f} s.", ""]
    article = {name: results["article"]["rps"] for name, (results, _rss) in passes.items()}
    minimal = passes["uncached"][0]["minimal Django view"]["rps"]
    largest_rss = max(m for _results, rss in passes.values() for m in rss)
    targets = [
        ("article uncached >= 0.7 x the minimal view", article["uncached"] / minimal, 0.7),
        ("article cached (local memory) >= 3 x uncached",
         article["cached, local memory per worker"] / article["uncached"], 3),
        ("article cached (Redis) >= 3 x uncached", article["cached, shared Redis"] / article["uncached"], 3),
    ]
    lines += ["| Target | Measured | Verdict |", "| --- | ---: | --- |"]
    for name, value, goal in targets:
        lines.append(f"| {name} | {value:.2f} x | {'met' if value >= goal else 'MISSED'} |")
    lines.append(f"| filtered list at 100k < 30 ms median (its queries) | {query_ms:.1f} ms | "
                 f"{'met' if query_ms < 30 else 'MISSED'} |")
    lines.append(f"| filtered list at 100k < 30 ms median (whole view, in-process) | {view_ms:.1f} ms | "
                 f"{'met' if view_ms < 30 else 'MISSED'} |")
    lines.append(f"| each worker < 120 MB | {largest_rss:.0f} MB | {'met' if largest_rss < 120 else 'MISSED'} |")
    floor = passes["uncached"][0][FLOOR]["rps"] / passes["uncached"][0]["minimal Django view"]["rps"]
    lines += [
        "",
        f"For scale: the least any story page can do (`{FLOOR}`: the same story fetched in one query and put in a "
        f"bare template of a few tags, no base template, no links) runs at {floor:.2f} x the minimal view.",
        "",
        "Why, and what would move the missed ones: see the notes at the end.",
        "",
    ]
    lines += [
        "| Page | Pass | req/s | p50 ms | p99 ms | x minimal view (same pass) | x uncached |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    uncached = passes["uncached"][0]
    for label, _path in urls:
        for name, (results, _rss) in passes.items():
            r, minimal = results[label], results["minimal Django view"]
            lines.append(
                f"| {label} | {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
                f"| {r['rps'] / minimal['rps']:.2f} | {r['rps'] / uncached[label]['rps']:.2f} |"
            )
    lines += [
        "",
        "Inside Django (test client, no HTTP, median of 100): "
        + "; ".join(
            f"{label} {inside[(label, 'uncached')]:.2f} ms uncached, {inside[(label, 'cache hit')]:.2f} ms from cache"
            for label, _path in urls
        )
        + ".",
    ]
    lines += ["", "Addresses: " + ", ".join(f"{label} `{path}`" for label, path in urls) + ".", ""]
    lines += ["Status codes per pass, and X-Page-Cache on a request after the run:", ""]
    for label, _path in urls:
        seen = "; ".join(f"{name}: {results[label]['statuses']} {results[label]['cache_after']}"
                         for name, (results, _rss) in passes.items())
        lines.append(f"- {label}: {seen}")
    lines += [
        "",
        "Worker RSS (VmRSS) after each pass: "
        + "; ".join(f"{name}: {', '.join(f'{m:.0f} MB' for m in rss)}" for name, (_results, rss) in passes.items())
        + ".",
        "",
        f"Server side, `/news/?chair_year=2020` through Django's test client without cache: median {view_ms:.1f} ms "
        f"over 40 runs. The chair-year filter's own queries (`published().for_listing().filter(chair_year__year=2020)`: "
        f"count and first page of 20, {matches} matches): median {query_ms:.1f} ms.",
        "",
    ]
    if search_ms is not None:
        lines += [f"Search (`search_articles(published(), 'mekong')[:20]`): median {search_ms:.1f} ms.", ""]
    if plan:
        lines += ["Plans of the filtered list's first page, then of its count:", "", "```", plan, "```", ""]
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
