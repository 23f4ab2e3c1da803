"""Driving Debian's Chromium with playwright: shared by the browser tests and the HTML quality checks."""

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from playwright.sync_api import sync_playwright

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


class SharedChromium:
    """One Chromium for many tests: started by the first test that asks for it, stopped by `close()`.

    While it is open, playwright's sync API keeps an asyncio loop running in the test thread. Django's ORM calls
    from that thread (fixtures, test data) are still plain synchronous calls, so its async-safety check is switched
    off for that time only; tests that run while no browser is open keep it.
    """

    def __init__(self):
        self._playwright = self._browser = None
        self._async_unsafe = None

    def get(self):
        if self._browser is None:
            self._async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self._playwright = sync_playwright().start()
            try:
                self._browser = launch(self._playwright)
            except BaseException:
                self.close()
                raise
        return self._browser

    def close(self):
        if self._playwright is None:
            return
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            self._playwright.stop()
            self._playwright = self._browser = None
            if self._async_unsafe is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._async_unsafe


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
