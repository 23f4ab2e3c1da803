"""Operational endpoints: the load balancer's health check."""

import secrets

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the database and the cache both answer; 503 naming the part that does not."""
    checks = {"database": _check(_database_round_trip), "cache": _check(_cache_round_trip)}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


def _check(probe):
    try:
        probe()
    except Exception as error:  # noqa: BLE001 -- any failure means "not healthy"; the name helps the operator
        return f"error: {type(error).__name__}"
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
