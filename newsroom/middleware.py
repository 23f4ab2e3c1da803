"""Production middleware: the public page cache and admin login throttling."""

import hashlib
import logging
import time
from functools import cache as memoize

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape

from . import throttle
from .cache import EVERY_PAGE, Entry, catch_up, collecting, page_store

logger = logging.getLogger(__name__)

# Cookies Django reads to personalise a page: a request carrying one is never answered from the shared cache.
PERSONAL_COOKIES = ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME")
MESSAGES_COOKIE = "messages"
# Headers stored with a page. Caching headers are recomputed per answer.
SKIPPED_HEADERS = {
    "date", "etag", "cache-control", "expires", "last-modified", "set-cookie", "x-page-cache", "surrogate-key",
}
# A query-string value longer than this is rendered but never stored: no view needs one, and each distinct
# value would be one more entry.
MAX_STORED_VALUE = 256
# How many different sets of parameters one route may be seen to read (normally one).
MAX_READ_SETS = 8


@memoize
def admin_prefix():
    return reverse("admin:index")


@memoize
def uncached_prefixes():
    return (admin_prefix(), "/preview/", "/healthz", "/bench/", settings.STATIC_URL, settings.MEDIA_URL)


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


class TrackedQueryDict(QueryDict):
    """`request.GET` that remembers which parameters the view asked for by name.

    Copying, iterating and re-encoding (pagination links keep the other parameters) are not reading: a
    parameter no code asks for by name does not change what the page shows, so it is left out of the cache key.
    """

    def track(self, names):
        self._read = names
        return self

    def _note(self, key):
        read = getattr(self, "_read", None)
        if read is not None:
            read.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._read = getattr(self, "_read", None)
        return result


def tracked(query, names):
    copy = TrackedQueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(key, values)
    copy._mutable = False
    return copy.track(names)


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
            for key, values in list(cleaned.lists()):
                cleaned.setlist(key, [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class PageCacheMiddleware:
    """Cache whole public pages for anonymous readers, purged by what they showed (newsroom/cache.py).

    The cache key is the host, the path, and only the query parameters the route's view reads by name (learned
    from its renders): junk parameters add no entry. Public answers carry an ETag, `Cache-Control: public`
    (never past the next scheduled change) and `Surrogate-Key` for an HTTP cache in front; every other answer
    is private. Views need no change.
    """

    read_sets = {}  # route -> parameter-name sets its view was seen to read, most recent first

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        store = page_store() if request_is_public(request) else None
        if store is None:
            return self.mark_private(self.get_response(request))
        try:
            route = resolve(request.path_info).route
        except Resolver404:
            return self.mark_private(self.get_response(request), force=True)
        address = f"{request.scheme}://{request.get_host()}{request.path}"
        candidates = [self.page_key(address, names, request.GET) for names in self.read_sets.get(route, ())]
        candidates = [key for key in candidates if key]
        try:
            store.sync()
            entry, token, schedule, checked = store.lookup(candidates)
            if schedule is None:  # a scheduled moment passed, or a purge reset the schedule: catch up first
                upcoming = catch_up(store, checked)
                entry, token, _schedule, _checked = store.lookup(candidates)
            else:
                upcoming = schedule[0]
        except Exception:  # a cache outage slows the site down; it must not take it down
            logger.warning("page cache unavailable on read", exc_info=True)
            return self.mark_private(self.get_response(request), force=True)
        if entry is not None:
            conditional = get_conditional_response(request, etag=entry.etag)
            if conditional is not None:
                if conditional.status_code == 304:
                    return self.mark_public(conditional, entry, upcoming)
                return self.mark_private(conditional, force=True)  # 412 Precondition Failed
            return self.mark_public(self.from_entry(entry, request), entry, upcoming, hit=True)

        names = set()
        request.GET = tracked(request.GET, names)
        with collecting() as deps:
            response = self.get_response(request)
        if not response_is_public(response):
            return self.mark_private(response, force=True)
        self.learn(route, frozenset(names))
        until = time.time() + settings.NEWSROOM_PAGE_CACHE_TIMEOUT
        headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
        entry = Entry(response.content, headers, [EVERY_PAGE, *deps.surrogate_keys()], until)
        key = self.page_key(address, names, request.GET)
        if request.method == "GET" and key is not None:
            try:
                store.store(key, entry, token, until - time.time())
            except Exception:
                logger.warning("page cache unavailable on write", exc_info=True)
        response = get_conditional_response(request, etag=entry.etag, response=response) or response
        if response.status_code not in (200, 304):
            return self.mark_private(response, force=True)  # 412 Precondition Failed
        return self.mark_public(response, entry, upcoming)

    @staticmethod
    def page_key(address, names, query):
        """The key of the page at `address` as a view reading `names` sees it; None when it must not be stored."""
        parts = [address]
        for name in sorted(names):
            values = MultiValueDict.getlist(query, name)  # not a read by the view
            if any(len(value) > MAX_STORED_VALUE for value in values):
                return None
            parts.append(f"{name}={values!r}")
        return "newsroom:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]

    @classmethod
    def learn(cls, route, names):
        known = [names, *(seen for seen in cls.read_sets.get(route, ()) if seen != names)]
        cls.read_sets[route] = known[:MAX_READ_SETS]

    @staticmethod
    def mark_public(response, entry, upcoming, hit=False):
        """Public caching headers. Browsers and HTTP caches in front never keep a page past the next scheduled
        change: no request would reach the app to purge them then."""
        remaining = entry.until - time.time()
        if upcoming is not None:
            remaining = min(remaining, upcoming.timestamp() - time.time())
        remaining = max(0, int(remaining))
        max_age = min(settings.NEWSROOM_CACHE_SECONDS, remaining)
        # An HTTP cache that the app purges may keep the page as long as the page cache does.
        shared_age = remaining if settings.NEWSROOM_PURGE_URLS else max_age
        response["ETag"] = entry.etag
        response["Cache-Control"] = f"public, max-age={max_age}, s-maxage={shared_age}"
        response["Surrogate-Key"] = " ".join(entry.keys)
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return response

    @staticmethod
    def mark_private(response, force=False):
        """Answers that are not public pages: the view's own caching header stands, unless `force` (a public
        address answering anything but a plain 200 page, 412 and redirects included)."""
        if force:
            for header in ("Surrogate-Key", "X-Page-Cache"):
                if header in response:
                    del response[header]
            cache_control = response.get("Cache-Control", "").lower()
            if "private" not in cache_control and "no-store" not in cache_control:
                response["Cache-Control"] = "private, no-store"
        elif "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def from_entry(entry, request):
        response = HttpResponse(b"" if request.method == "HEAD" else entry.content)
        for name, value in entry.headers:
            response[name] = value
        return response


class LoginRateLimitMiddleware:
    """Answer 429 to admin sign-in attempts once an address or username has tried too often (throttle.py).

    Checked once the URL is resolved, so the admin's sign-in view is recognised under any script prefix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name != "admin:login":
            return None
        if throttle.attempt_refused(request, request.POST.get("username", "")):
            return self.too_many_attempts()
        return None

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
