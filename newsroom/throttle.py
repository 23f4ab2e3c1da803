"""Admin login throttling: failed attempts counted per address and per username-and-address.

Counts live in the `throttle` cache (settings: THROTTLE_CACHE_URL, defaulting to CACHE_URL). With several
workers or servers that cache must be shared (Redis): a local-memory cache counts per process, so the real
limit would be the per-process limit times the number of processes.
"""

import hashlib
import math

from django.conf import settings
from django.core.cache import caches


def throttle_cache():
    return caches["throttle"]


def client_ip(request):
    """REMOTE_ADDR, or the address the trusted proxies saw (NEWSROOM_PROXY_COUNT hops) when behind them."""
    hops = settings.NEWSROOM_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _keys(request, username):
    ip = client_ip(request)
    user = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:24]
    return f"login-failures:ip:{ip}", f"login-failures:user:{user}:{ip}"


def _count(key):
    cache = throttle_cache()
    cache.add(key, 0, timeout=settings.NEWSROOM_LOGIN_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.NEWSROOM_LOGIN_WINDOW_SECONDS)
        return 1


def login_blocked(request, username):
    """True when this address, or this username from this address, has failed too often in the window."""
    ip_key, user_key = _keys(request, username)
    counts = throttle_cache().get_many([ip_key, user_key])
    return (
        counts.get(ip_key, 0) >= settings.NEWSROOM_LOGIN_FAILURES_PER_IP
        or counts.get(user_key, 0) >= settings.NEWSROOM_LOGIN_FAILURES_PER_USER
    )


def retry_after_minutes():
    return math.ceil(settings.NEWSROOM_LOGIN_WINDOW_SECONDS / 60)


def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None:  # authenticate() called outside a request (shell, tests): nothing to throttle
        return
    for key in _keys(request, credentials.get("username", "")):
        _count(key)


def on_logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    throttle_cache().delete(_keys(request, user.get_username())[1])
