"""Admin sign-in throttling: attempts counted per address, and per username from that address.

Every attempt is counted *before* the password is checked, in one atomic upsert (`LoginCounter.add`), and refused
once over the limit: twenty guesses sent at the same moment are twenty counts, not twenty checks of a zero. A
correct sign-in gives its attempt back and clears its username's count. Counts live in the database, shared by
every worker and server and never evicted by the page cache; Redis plays no part, so a Redis outage cannot
turn a sign-in into an error.

Usernames are counted as Django's sign-in form reads them (Unicode NFKC, so a fullwidth `ｗｒｉｔｅｒ２` is
`writer2`), and case-folded, so no spelling of a name gets a fresh count.
"""

import hashlib
import logging
import math
import unicodedata

from django.conf import settings
from django.db import DatabaseError

from .models import LoginCounter

logger = logging.getLogger(__name__)


def client_ip(request):
    """REMOTE_ADDR, or the address the trusted proxies saw (NEWSROOM_PROXY_COUNT hops) when behind them."""
    hops = settings.NEWSROOM_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def normalise_username(username):
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def _keys(request, username):
    ip = client_ip(request)[:64]
    user = hashlib.sha256(normalise_username(username).encode()).hexdigest()[:24]
    return f"ip:{ip}", f"user:{user}:{ip}"


def attempt_refused(request, username):
    """Count this attempt; True when this address, or this username from it, is over its limit."""
    ip_key, user_key = _keys(request, username)
    window = settings.NEWSROOM_LOGIN_WINDOW_SECONDS
    try:
        by_ip = LoginCounter.add(ip_key, 1, window)
        by_user = LoginCounter.add(user_key, 1, window)
    except DatabaseError:  # the sign-in itself needs the database; let it answer for itself
        logger.warning("sign-in attempt not counted", exc_info=True)
        return False
    request._newsroom_login_counted = True
    return by_ip > settings.NEWSROOM_LOGIN_FAILURES_PER_IP or by_user > settings.NEWSROOM_LOGIN_FAILURES_PER_USER


def retry_after_minutes():
    return math.ceil(settings.NEWSROOM_LOGIN_WINDOW_SECONDS / 60)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """The attempt was counted on the way in (`attempt_refused`); a sign-in outside the admin form is counted
    here."""
    if request is None or getattr(request, "_newsroom_login_counted", False):
        return
    for key in _keys(request, credentials.get("username", "")):
        LoginCounter.add(key, 1, settings.NEWSROOM_LOGIN_WINDOW_SECONDS)


def on_logged_in(sender, request, user, **kwargs):
    """A correct password: its attempt does not count against the address, and its username starts afresh."""
    if request is None:
        return
    ip_key, user_key = _keys(request, user.get_username())
    try:
        if getattr(request, "_newsroom_login_counted", False):
            LoginCounter.add(ip_key, -1, settings.NEWSROOM_LOGIN_WINDOW_SECONDS)
        LoginCounter.objects.filter(key=user_key).delete()
        LoginCounter.forget_expired()
    except DatabaseError:
        logger.warning("sign-in counts not cleared", exc_info=True)
