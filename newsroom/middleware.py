"""Production middleware: the public page cache and admin login throttling."""

import hashlib
import logging
from functools import cache as memoize

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape

from . import throttle
from .cache import GENERATION_KEY, current_state, page_cache, page_cache_enabled

logger = logging.getLogger(__name__)

# Cookies Django reads to personalise a page: a request carrying one is never answered from the shared cache.
PERSONAL_COOKIES = ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME")
MESSAGES_COOKIE = "messages"
# Headers stored with a page. Caching headers are recomputed per answer.
SKIPPED_HEADERS = {"date", "etag", "cache-control", "expires", "last-modified", "set-cookie", "x-page-cache"}


@memoize
def admin_prefix():
    return reverse("admin:index")


@memoize
def uncached_prefixes():
    return (admin_prefix(), "/preview/", "/healthz", "/bench/")


def request_is_public(request):
    """An anonymous GET or HEAD that no cookie of ours can personalise, for a public path."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookie_names = {getattr(settings, name) for name in PERSONAL_COOKIES} | {MESSAGES_COOKIE}
    if cookie_names & request.COOKIES.keys():
        return False
    return not request.path_info.startswith(uncached_prefixes())


def response_is_public(response):
    """A plain 200 that sets no cookie and does not ask to stay private.

    `Vary: Cookie` is accepted: the page was rendered for a request without any of our cookies and is only
    ever served to such requests, which is what that Vary means.
    """
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= {"cookie", "accept-encoding"}


class NulBytesMiddleware:
    """Drop NUL bytes from query strings: PostgreSQL cannot compare text with them, and no reader means one.

    (Form fields are already refused by Django's own validators; query strings reach lookups directly, e.g. the
    admin's search-select boxes.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.META.get("QUERY_STRING", ""):
            cleaned = request.GET.copy()
            for key in list(cleaned):
                cleaned.setlist(key, [value.replace("\x00", "") for value in cleaned.getlist(key)])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class PageCacheMiddleware:
    """Cache whole public pages for anonymous readers, keyed on the content state (newsroom/cache.py).

    Every public answer carries an ETag (content state + address), so a browser or CDN revalidating gets a
    304 without the page being rendered, and `Cache-Control: public, max-age=N` (NEWSROOM_CACHE_SECONDS,
    never past the next scheduled publish time). Everything else is marked private. Views need no change.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (page_cache_enabled() and request_is_public(request)):
            return self.mark_private(self.get_response(request))
        state = current_state()  # read before the view runs: a page is never stored under a newer key
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"newsroom:page:{hashlib.sha256(f'{state.token}|{address}'.encode()).hexdigest()[:40]}"
        generation, entry = self.cache_get(key)
        etag = f'"{hashlib.sha256(f"{key}|{generation}".encode()).hexdigest()[:32]}"'
        max_age = self.max_age(state)
        if entry is not None and entry["generation"] == generation and (
            entry["until"] is None or timezone.now().timestamp() < entry["until"]
        ):
            # A 304 only for a page known to exist: `If-None-Match: *` must not answer for a missing page.
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                return self.mark_public(not_modified, etag, max_age)
            return self.mark_public(self.from_entry(entry, request), etag, max_age, hit=True)
        response = self.get_response(request)
        if response_is_public(response):
            if request.method == "GET":
                self.cache_set(key, response, state, generation)
            response = get_conditional_response(request, etag=etag, response=response) or response
            return self.mark_public(response, etag, max_age)
        return self.mark_private(response)

    @staticmethod
    def max_age(state):
        seconds = settings.NEWSROOM_CACHE_SECONDS
        until_publish = state.seconds_until_next_publish()
        return seconds if until_publish is None else min(seconds, until_publish)

    @staticmethod
    def mark_public(response, etag, max_age, hit=False):
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={max_age}, s-maxage={max_age}"
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return response

    @staticmethod
    def mark_private(response):
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def cache_get(key):
        """The cache's generation counter and the stored page, in one round trip."""
        try:
            found = page_cache().get_many([GENERATION_KEY, key])
        except Exception:  # a cache outage slows the site down; it must not take it down
            logger.warning("page cache unavailable on read", exc_info=True)
            return None, None
        return found.get(GENERATION_KEY, 0), found.get(key)

    @staticmethod
    def cache_set(key, response, state, generation):
        until = state.next_scheduled
        timeout = settings.NEWSROOM_PAGE_CACHE_TIMEOUT
        if until is not None:
            timeout = max(1, min(timeout, state.seconds_until_next_publish()))
        entry = {
            "content": response.content,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS],
            "until": until.timestamp() if until else None,
            "generation": generation,
        }
        try:
            page_cache().set(key, entry, timeout=timeout)
        except Exception:
            logger.warning("page cache unavailable on write", exc_info=True)

    @staticmethod
    def from_entry(entry, request):
        response = HttpResponse(b"" if request.method == "HEAD" else entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        return response


class LoginRateLimitMiddleware:
    """Answer 429 to admin sign-in attempts once an address or username has failed too often (throttle.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_login = request.method == "POST" and request.path_info == reverse("admin:login")
        if is_login and throttle.login_blocked(request, request.POST.get("username", "")):
            return self.too_many_attempts()
        return self.get_response(request)

    @staticmethod
    def too_many_attempts():
        minutes = throttle.retry_after_minutes()
        message = f"Too many failed sign-in attempts. For your account's safety, wait {minutes} minutes and try again."
        html = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts</title></head>'
            f"<body><h1>Too many sign-in attempts</h1><p>{escape(message)}</p></body></html>"
        )
        response = HttpResponse(html, status=429)
        response["Retry-After"] = str(minutes * 60)
        patch_cache_control(response, private=True, no_store=True)
        return response
