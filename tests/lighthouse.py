"""Lighthouse (mobile) on three pages of the demo content, served as in production; `make lighthouse` runs it.

A throwaway SQLite database gets the demo content; gunicorn serves it with DEBUG off and static files through
WhiteNoise, on a free loopback port, and uploads the way the media bucket's CDN would (WhiteNoise, a year's
caching). Debian's Chromium runs Lighthouse with its default mobile settings, and every category of every page
must score at least MINIMUM. Exit status 1 lists the audits that cost points.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "article": "/news/the-united-nations-approves-a-resolution-on-cooperation-with-asean/",  # load_demo's story
    "news list": "/news/",
    "resolution": "/resolutions/asean-un-cooperation-2020/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MINIMUM = 0.95
METRICS = {  # what the performance score is made of
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# As in tests/browser/support.py: nothing leaves the machine.
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"


def media_app():
    """gunicorn's application here: the site, plus uploads served as a CDN in front of the media bucket would."""
    from django.conf import settings
    from whitenoise import WhiteNoise

    from newsroom.wsgi import application

    return WhiteNoise(application, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, max_age=365 * 24 * 3600)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def lighthouse(url, report, attempts=3):
    """The report of one run. A run that fails to record the page load (Lighthouse's NO_NAVSTART and kin, seen on
    a loaded machine: "Please run Lighthouse again") is run again; scores are never retried."""
    command = [
        str(ROOT / "node_modules" / ".bin" / "lighthouse"), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]
    for attempt in range(1, attempts + 1):
        if subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False).returncode == 0:
            return json.loads(report.read_text())
        print(f"Lighthouse failed on {url} (attempt {attempt} of {attempts})", flush=True)
    sys.exit(f"Lighthouse could not audit {url}.")


def lost_points(result, category):
    """The audits of `category` that did not get full marks, heaviest first."""
    refs = sorted(result["categories"][category]["auditRefs"], key=lambda ref: -ref["weight"])
    for ref in refs:
        audit = result["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            yield f"{audit['id']}: score {audit['score']:.2f}, weight {ref['weight']}{value} - {audit['title']}"


def main():
    for tool, hint in ((CHROMIUM, "make system-packages"), (ROOT / "node_modules" / ".bin" / "lighthouse", "make node")):
        if not Path(tool).exists():
            sys.exit(f"{tool} is missing: run `{hint}`.")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        tmp = Path(folder)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, as `make serve`
            "DJANGO_SECURE_COOKIES": "false",
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(tmp / "static"),
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "CACHE_URL": "locmemcache://lighthouse",
            "NEWSROOM_SITE_URL": base,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
        }
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        with open(tmp / "gunicorn.log", "wb") as log:
            server = subprocess.Popen(
                [str(gunicorn), "-c", "gunicorn.conf.py", "tests.lighthouse:media_app()"], cwd=ROOT, env=env,
                stdout=log, stderr=subprocess.STDOUT,
            )
        failures, timings = [], []
        try:
            wait_until_up(base + "/healthz")
            print(f"{'page':12} " + " ".join(f"{category:>14}" for category in CATEGORIES))
            for name, path in PAGES.items():
                wait_until_up(base + path)  # a reader has been here before: the page cache is warm
                result = lighthouse(base + path, tmp / "report.json")
                scores = {category: result["categories"][category]["score"] for category in CATEGORIES}
                print(f"{name:12} " + " ".join(f"{scores[category]:>14.2f}" for category in CATEGORIES), flush=True)
                timings.append(f"{name:12} " + ", ".join(
                    f"{metric} {result['audits'][audit]['displayValue']}" for metric, audit in METRICS.items()
                ))
                for category, score in scores.items():
                    if score < MINIMUM:
                        failures.append(f"{name} ({path}) {category} {score:.2f}:")
                        failures.extend(f"    {line}" for line in lost_points(result, category))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("\nSimulated on a mid-range phone over slow 4G:\n" + "\n".join(timings))
    if failures:
        print(f"\nBelow {MINIMUM}:\n" + "\n".join(failures))
        return 1
    print(f"\nEvery category of every page scores at least {MINIMUM}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
