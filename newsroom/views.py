"""Operational endpoints: the load balancer's health check, and uploads served from local disk."""

import secrets

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import SuspiciousFileOperation
from django.db import connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.static import serve

# What a full Redis says when it may not evict (maxmemory with the noeviction policy).
FULL_CACHE_ERRORS = ("OutOfMemoryError",)


@never_cache
def healthz(request):
    """200 while the database answers, whatever the cache says; 503 only when the database does not.

    The site works without its cache (slower), so a cache that is down or full is reported, not fatal: failing
    the check would make a load balancer take every server out at once.
    """
    checks = {"database": _check(_database_round_trip), "cache": _check(_cache_round_trip)}
    return JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)


def _check(probe):
    try:
        probe()
    except Exception as error:  # noqa: BLE001 -- any failure means "not healthy"; the name helps the operator
        name = type(error).__name__
        return "full" if name in FULL_CACHE_ERRORS else f"error: {name}"
    return "ok"


def _database_round_trip():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise RuntimeError("unexpected answer")


def _cache_round_trip():
    cache = caches["default"]
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value and not isinstance(cache, DummyCache):  # DummyCache: caching turned off
            raise RuntimeError("value not read back")
    finally:
        cache.delete(key)


# Uploads are images re-encoded on the way in (newsroom/images.py) under names that are never reused, so they
# may be cached for a year; the sandbox keeps any file that is not an image from acting as a page of ours.
MEDIA_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def media(request, path):
    """An upload from the local media folder: the single-server setup, where nothing else serves `/media/`.

    Only GET and HEAD; nothing outside MEDIA_ROOT; `serve()` streams the file and answers If-Modified-Since with
    304.
    """
    if request.method not in ("GET", "HEAD"):
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT, show_indexes=False)
    except SuspiciousFileOperation:  # a path climbing out of the media folder: there is nothing there for readers
        raise Http404 from None
    for name, value in MEDIA_HEADERS.items():
        response[name] = value
    return response
