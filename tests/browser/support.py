"""Driving Debian's Chromium with playwright: shared by the browser tests and the HTML quality checks."""

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

# playwright's sync API runs an event loop in the test thread; Django's ORM calls from that thread
# (fixtures, live_server data) are safe here because nothing else runs in it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    assert Path(CHROMIUM).exists(), f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium (CI does)."
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def serve_media(page, media_root):
    """Answer /media/ requests from the test's media folder: the live server serves static files, not uploads."""
    root = Path(media_root).resolve()

    def handle(route):
        path = (root / unquote(urlparse(route.request.url).path).removeprefix("/media/")).resolve()
        if root in path.parents and path.is_file():
            route.fulfill(
                status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            )
        else:
            route.fulfill(status=404, body="")

    page.route("**/media/**", handle)
