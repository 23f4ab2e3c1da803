"""`make bench`: seed 100k stories into PostgreSQL, serve them with gunicorn (and Varnish), load them, write
bench/results.md.

Everything runs on loopback and is bounded in time. Passes, all up at once and loaded in turn: the page cache
off, the page cache in Redis, and Varnish (deploy/varnish.vcl) in front of the Redis pass. Each is compared with
the "story floor" measured in the same pass (one query, a bare template: the least a story page can cost).
Then: the cached article at 16 connections, and how many cached story pages stay warm when a story is
published.

Variables: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench), BENCH_ARTICLES (100000),
BENCH_DURATION (seconds per page and pass, 8), BENCH_CONCURRENCY (4), BENCH_PORT (8799),
BENCH_CACHE_URL (the Redis pass, default redis://127.0.0.1:6379/5), BENCH_WARM_PAGES (300).
The load comes from wrk when it is installed (Debian's `wrk`), else from bench/load.py's threads.
"""

import os
import random
import re
import secrets
import shutil
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

from load import combine, combine_wrk, fetch, measure, measure_wrk, summarise  # noqa: E402 - after the path

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
DURATION = float(os.environ.get("BENCH_DURATION", "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
P99_CONNECTIONS = 16
WARM_PAGES = int(os.environ.get("BENCH_WARM_PAGES", "300"))
ROUNDS = 4
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8799"))
CACHED_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")
UNCACHED, REDIS, VARNISH = "uncached", "page cache, Redis", "Varnish in front"
PASSES = [(UNCACHED, "dummycache://"), (REDIS, CACHED_URL)]
VARNISH_PORT = PORT + len(PASSES)
TMP = ROOT / "bench" / "tmp"
FLOOR, MINIMAL = "story floor (1 query)", "minimal Django view"
PYTHON = sys.executable
WRK = shutil.which("wrk")
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")

ENV = {
    **os.environ,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "NEWSROOM_SITE_URL": "http://127.0.0.1",
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

    # A typical story: linked to a resolution (so it has a fact box and its series), with tags and bylines.
    article = (
        Article.objects.published().filter(slug__startswith="bulk-", resolutions__isnull=False, tags__isnull=False)
        .order_by("-publish_at").first()
    )
    word = article.headline.split()[-1]
    found = [
        (MINIMAL, "/bench/minimal/"),
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


def start_server(cache_url, port, tag, purge_urls=""):
    TMP.mkdir(parents=True, exist_ok=True)
    env = {
        **ENV,
        "CACHE_URL": cache_url,
        "NEWSROOM_PURGE_URLS": purge_urls,
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
    wait_until_healthy(port, process, TMP / f"gunicorn-{tag}.out")
    return process


def start_varnish(backend_port):
    """Debian's varnishd with deploy/varnish.vcl pointed at the Redis pass, its own working directory."""
    vcl = TMP / "bench.vcl"
    text = (ROOT / "deploy" / "varnish.vcl").read_text()
    vcl.write_text(re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', text, count=1))
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(TMP / "varnish"), "-a", f"{HOST}:{VARNISH_PORT}", "-f", str(vcl),
         "-s", "malloc,256m"],
        stdout=open(TMP / "varnishd.out", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    wait_until_healthy(VARNISH_PORT, process, TMP / "varnishd.out")
    return process


def wait_until_healthy(port, process, output):
    for _ in range(150):
        try:
            if process.poll() is None and fetch(HOST, port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"server on port {port} did not become healthy; see {output}")


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


def load(port, path, duration, connections):
    if WRK:
        return measure_wrk(WRK, HOST, port, path, duration, connections)
    return measure(HOST, port, path, duration, connections)


def add(total, sample):
    return combine_wrk(total, sample) if WRK else combine(total, sample)


def finish(result):
    return result if WRK else summarise(result)


def run_passes(urls, servers):
    """Every page of every pass in turn, in ROUNDS short slices, so a burst of other work on the machine hits
    all of them alike."""
    targets = {name: [(label, path) for label, path in urls] for name in servers}
    targets[VARNISH] = [(label, path) for label, path in urls if label in (MINIMAL, FLOOR, "article", "home /")]
    results = {name: {} for name in targets}
    for name, (_process, port) in servers.items():
        for _label, path in targets[name]:
            for _ in range(20):  # warm up: imports, connections, and for the cached passes the cache itself
                fetch(HOST, port, path)
    for round_number in range(ROUNDS):
        log(f"round {round_number + 1} of {ROUNDS}")
        for name, (_process, port) in servers.items():
            for label, path in targets[name]:
                sample = load(port, path, DURATION / ROUNDS, CONCURRENCY)
                results[name][label] = add(results[name].get(label), sample)
    for name, (_process, port) in servers.items():
        for label, path in targets[name]:
            result = results[name][label] = finish(results[name][label])
            headers = fetch(HOST, port, path)[1]
            result["cache_after"] = headers.get("X-Cache") or headers.get("X-Page-Cache", "-")
            log(f"  {name:20} {label:24} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:.1f} ms  "
                f"p99 {result['p99_ms']:.1f} ms")
    return results


def warm_after_publish(servers, urls):
    """Cache WARM_PAGES story pages (Redis pass and Varnish), publish one new story filed like the others, and
    count the pages still served from each cache."""
    from django.test import override_settings

    from articles.models import Article, Section
    from articles.services.workflow import article_publish
    from newsroom.actors import SYSTEM

    chosen = random.Random(14).sample(
        list(Article.objects.published().filter(slug__startswith="bulk-").values_list("slug", flat=True)[:20000]),
        WARM_PAGES,
    )
    paths = [f"/news/{slug}/" for slug in chosen]
    ports = {REDIS: servers[REDIS][1], VARNISH: servers[VARNISH][1]}
    for port in ports.values():
        for path in paths:
            fetch(HOST, port, path)
    # A story filed like the archive's: a section, bylines, tags, a resolution and an ambassador, the chair
    # year derived from them.
    model = Article.objects.published().filter(
        slug__startswith="bulk-", resolutions__isnull=False, ambassadors__isnull=False, tags__isnull=False
    ).order_by("-publish_at").first()
    story = Article.objects.create(
        headline="Bench: a story published during the run", slug=f"bench-published-{secrets.token_hex(4)}",
        standfirst="Published by make bench.", body="<p>One new story.</p>", status=Article.Status.DRAFT,
        section=model.section or Section.objects.first(),
    )
    links = {name: list(getattr(model, name).all()) for name in ("authors", "tags", "resolutions", "ambassadors")}
    for name, objects in links.items():
        getattr(story, name).set(objects)
    settings = {
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHED_URL}},
        "NEWSROOM_PURGE_URLS": [f"http://{HOST}:{VARNISH_PORT}/"],
    }
    with override_settings(**settings):
        article_publish(article=story, user=SYSTEM)
    warm = {}
    for name, port in ports.items():
        header = "X-Cache" if name == VARNISH else "X-Page-Cache"
        warm[name] = sum(fetch(HOST, port, path)[1].get(header, "").lower() == "hit" for path in paths) / len(paths)
    filed = ", ".join(f"{len(objects)} {name}" for name, objects in links.items())
    story.delete()
    return warm, filed


def in_process_times(urls, runs=100):
    """Median time of each page inside Django (test client, no HTTP): uncached, and a page-cache hit in Redis."""
    from django.test import Client, override_settings

    client, times = Client(), {}
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHED_URL}
    for mode, caches in (("uncached", None), ("cache hit", {"default": redis})):
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


def article_profile(path, runs=50):
    """Where the uncached article's time goes inside Django: its queries, its template, and the rest."""
    from django.db import connection
    from django.template.backends.django import Template
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, totals, query_counts, sql_ms, template_ms = Client(), [], [], [], []
    render, rendering = Template.render, []

    def timed_render(self, *args, **kwargs):  # the page's template, includes and all
        started = time.perf_counter()
        try:
            return render(self, *args, **kwargs)
        finally:
            rendering.append(1000 * (time.perf_counter() - started))

    Template.render = timed_render
    try:
        for _ in range(runs):
            rendering.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(path, HTTP_HOST="127.0.0.1")
                totals.append(1000 * (time.perf_counter() - started))
            query_counts.append(len(captured.captured_queries))
            sql_ms.append(1000 * sum(float(q["time"]) for q in captured.captured_queries))
            template_ms.append(sum(rendering))
    finally:
        Template.render = render
    return statistics.median(totals), statistics.median(sql_ms), max(query_counts), statistics.median(template_ms)


def forget_cached_pages():
    """Remove what the Redis pass stored (Django's keys look like ":1:newsroom:...")."""
    import redis

    client = redis.Redis.from_url(CACHED_URL)
    keys = list(client.scan_iter(":1:newsroom:*"))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def main():
    started = time.monotonic()
    ensure_database()
    setup_django()
    log(f"database {DATABASE_URL}; load from {'wrk' if WRK else 'bench/load.py threads'}")
    manage("migrate", "--noinput", "-v0")
    seconds_seeding = seed()
    manage("collectstatic", "--noinput", "-v0")
    forget_cached_pages()
    urls = pages()
    processes, servers = [], {}
    try:
        for number, (name, cache_url) in enumerate(PASSES):
            purge = f"http://{HOST}:{VARNISH_PORT}/" if name == REDIS and VARNISHD else ""
            processes.append(start_server(cache_url, PORT + number, number, purge))
            servers[name] = (processes[-1], PORT + number)
        if VARNISHD:
            processes.append(start_varnish(servers[REDIS][1]))
            servers[VARNISH] = (processes[-1], VARNISH_PORT)
        else:
            log("varnishd is not installed (apt-get install varnish varnish-modules): Varnish is not measured")
        results = run_passes(urls, servers)
        article_path = dict(urls)["article"]
        log(f"cached article at {P99_CONNECTIONS} connections")
        crowd = {REDIS: finish(load(servers[REDIS][1], article_path, DURATION, P99_CONNECTIONS))}
        if VARNISH in servers:
            crowd[VARNISH] = finish(load(VARNISH_PORT, article_path, DURATION, P99_CONNECTIONS))
        log("publishing a story with warm caches")
        warm, filed = warm_after_publish(servers, urls) if VARNISHD else ({}, "")
        memory = {name: worker_rss(servers[name][0].pid) for name, _url in PASSES}
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
    inside = in_process_times(urls)
    profile = article_profile(article_path)
    forget_cached_pages()
    write_results(urls, results, crowd, warm, filed, inside, profile, memory, seconds_seeding,
                  time.monotonic() - started)


def write_results(urls, results, crowd, warm, filed, inside, profile, memory, seconds_seeding, total):
    from articles.models import Article

    floor = {name: results[name][FLOOR]["rps"] for name in results}
    article = {name: results[name]["article"]["rps"] for name in results}
    lines = [
        "# Benchmark results",
        "",
        f"Run by `make bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {os.cpu_count()} cores "
        f"(shared with other work), gunicorn 2 sync workers, DEBUG off, PostgreSQL `{urlparse(DATABASE_URL).path[1:]}` "
        f"with {Article.objects.count()} stories ({Article.objects.published().count()} visible). Load from "
        f"{'wrk' if WRK else 'bench/load.py threads'} on loopback with {CONCURRENCY} connections, {DURATION:.0f} s "
        f"per page and pass in {ROUNDS} interleaved slices (every server up, loaded in turn). gunicorn's sync "
        "workers close each connection; Varnish keeps them open.",
        "",
    ]
    if seconds_seeding:
        lines += [f"Seeding {ARTICLES} stories took {seconds_seeding:.0f} s.", ""]
    targets = [
        ("article uncached >= 0.5 x the story floor", article[UNCACHED] / floor[UNCACHED], 0.5, "x"),
        ("article from the page cache (Redis) >= 1.5 x the story floor", article[REDIS] / floor[REDIS], 1.5, "x"),
    ]
    if VARNISH in results:
        targets.append(("article through Varnish >= 10 x the story floor", article[VARNISH] / floor[REDIS], 10, "x"))
    lines += ["| Target | Measured | Verdict |", "| --- | ---: | --- |"]
    for name, value, goal, unit in targets:
        lines.append(f"| {name} | {value:.2f} {unit} | {'met' if value >= goal else 'MISSED'} |")
    for name, result in crowd.items():
        lines.append(f"| p99 of the cached article ({name}) at {P99_CONNECTIONS} connections < 25 ms | "
                     f"{result['p99_ms']:.1f} ms | {'met' if result['p99_ms'] < 25 else 'MISSED'} |")
    for name, share in warm.items():
        lines.append(f"| publishing one story leaves >= 90% of {WARM_PAGES} cached story pages warm ({name}) | "
                     f"{100 * share:.1f}% | {'met' if share >= 0.9 else 'MISSED'} |")
    lines += [
        "",
        f"The story floor (`{FLOOR}`: the same story fetched in one query and put in a bare template, never cached) "
        f"runs at {floor[UNCACHED] / results[UNCACHED][MINIMAL]['rps']:.2f} x the minimal view. Through Varnish "
        "the ratio is against the floor of the Redis pass (Varnish does not cache the floor).",
        "",
        f"At {P99_CONNECTIONS} connections the cached article: "
        + "; ".join(f"{name} {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms"
                    for name, r in crowd.items())
        + ".",
        "",
    ]
    if filed:
        lines += [f"The story published for the warm-cache count was filed under {filed} (copied from the "
                  "newest archive story with a resolution, an ambassador and tags) and published through `article_publish`.", ""]
    lines += [
        "| Page | Pass | req/s | p50 ms | p99 ms | x story floor (same pass) | x uncached |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, _path in urls:
        for name in results:
            if label not in results[name]:
                continue
            r = results[name][label]
            base = floor[name if name != VARNISH else REDIS]
            lines.append(
                f"| {label} | {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
                f"| {r['rps'] / base:.2f} | {r['rps'] / results[UNCACHED][label]['rps']:.2f} |"
            )
    total_ms, sql_ms, queries, template_ms = profile
    lines += [
        "",
        "Inside Django (test client, no HTTP, median of 100): "
        + "; ".join(
            f"{label} {inside[(label, 'uncached')]:.2f} ms uncached, {inside[(label, 'cache hit')]:.2f} ms from "
            "the page cache in Redis"
            for label, _path in urls
        )
        + ".",
        "",
        f"The uncached article inside Django: {total_ms:.1f} ms, of which {sql_ms:.1f} ms in its {queries} queries "
        f"(database time as the driver sees it) and {template_ms:.1f} ms rendering the template; the rest is "
        "Python around them: the view, the models, the middleware.",
        "",
        "Addresses: " + ", ".join(f"{label} `{path}`" for label, path in urls) + ".",
        "",
        "Failed or non-2xx answers, and the cache header on a request after the run:",
        "",
    ]
    for label, _path in urls:
        seen = "; ".join(f"{name}: {results[name][label]['failures']} {results[name][label]['cache_after']}"
                         for name in results if label in results[name])
        lines.append(f"- {label}: {seen}")
    lines += [
        "",
        "Worker RSS (VmRSS) after the run: "
        + "; ".join(f"{name}: {', '.join(f'{m:.0f} MB' for m in rss)}" for name, rss in memory.items())
        + ".",
        "",
        f"The whole run took {total:.0f} s.",
        "",
    ]
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():
        lines += [notes.read_text()]
    target = ROOT / "bench" / "results.md"
    target.write_text("\n".join(lines))
    log(f"wrote {target}")


if __name__ == "__main__":
    main()
