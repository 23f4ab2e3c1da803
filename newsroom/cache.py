"""The page cache: whole public pages, each stored with the keys of what it showed, purged by what changed.

How a page learns what it depends on, without any help from the view that renders it:

* Every instance of a public model built while the page renders (`post_init`) adds its key,
  `articles.article:12`. Pages that showed a story are purged when that story changes.
* Every SELECT that reads a public model's table adds that model's *list* key, `articles.article:list`: a page
  that lists stories (even an empty list, a count or an aggregate) is purged when a story appears, disappears or
  changes. Views whose lists are bounded by records (the stories of one resolution; a story's related stories,
  found through its resolutions, ambassadors, tags and chair year) run those queries in `narrowed()` and name
  the sets they show instead (`depends_on(members_of(resolution.articles))`), so publishing a story purges the
  pages of what it is filed under, not every story page.
* A page showing more than `COLLAPSE_AT` instances of one model keeps its list key instead of their keys: every
  change that purges an instance key also purges its list key (newsroom/signals.py), so that is safe and keeps
  headers and the index small.

The write side (newsroom/signals.py) maps a change to keys and calls `purge()` after the transaction commits:
the local or Redis store drops the pages, and each Varnish in `NEWSROOM_PURGE_URLS` gets a PURGE by surrogate
key (`xkey`).

Across processes:

* Redis (shared): pages, their dependency index and the purges live in Redis; a hit is one GET and no query.
  A Lua script stores a page only if none of its keys was purged since the render began, so a slow render can
  never store content older than a purge.
* Local memory (one store per process): a purge is also written to the `PurgeLog` table, and each public
  request first reads the log rows it has not applied yet (one indexed query, usually empty).

Time: what readers see also changes without any write, when a scheduled story's time comes. The content app
registers those moments (`register_schedule`). The remembered next moment expires with it; the first request
after it purges, precisely, what became visible (`catch_up()`), so no job runs and no other page expires.
`max-age` and `s-maxage` never reach past the next moment: no request would tell an HTTP cache in front.
"""

import contextlib
import functools
import hashlib
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

PAGE_CACHE_ALIAS = "default"
# More instances of one model than this on one page: the page depends on the model's list key instead.
COLLAPSE_AT = 40
# How long a purge is remembered against renders that began before it (longer than any request may run).
RENDER_GUARD_SECONDS = 300
SCHEDULE = "newsroom:next-change"
# Every page depends on this key too: purging it empties the page cache (`purge_everything()`).
EVERY_PAGE = "site"


def instance_key(model, pk):
    return f"{model._meta.label_lower}:{pk}"


def list_key(model):
    return f"{model._meta.label_lower}:list"


def members_key(owner_model, owner_pk, model):
    """The set of `model` items filed under one record: "the stories of chair year 7" is
    `resolutions.chairyear:7>articles.article`. Purged when a visible item joins or leaves it, which does not
    change the record itself (and so does not purge every page that merely names it)."""
    return f"{instance_key(owner_model, owner_pk)}>{model._meta.label_lower}"


def members_of(manager):
    """`members_key()` for a related manager: `chair_year.articles` is the stories of that chair year."""
    return members_key(type(manager.instance), manager.instance.pk, manager.model)


def depends_on(*keys):
    """Add keys to the page being rendered: a narrowed list says which record's members it shows."""
    deps = _collector.get()
    if deps is not None:
        deps.lists.update(keys)


# --- What a page depends on: collected while it renders.

_collector = ContextVar("newsroom_page_dependencies", default=None)
_public_tables = {}  # table name -> model


class Dependencies:
    def __init__(self):
        self.instances = {}  # label -> set of pks
        self.lists = set()
        self.narrow = 0

    def surrogate_keys(self):
        keys = set(self.lists)
        for label, pks in self.instances.items():
            if len(pks) > COLLAPSE_AT:
                keys.add(f"{label}:list")
            else:
                keys.update(f"{label}:{pk}" for pk in pks)
        return sorted(keys)


def register_public_table(model):
    """Called for every public model (newsroom/signals.py): reading its table makes a page depend on its list."""
    _public_tables[model._meta.db_table] = model
    _table_pattern.cache_clear()


@functools.cache
def _table_pattern():
    names = sorted(_public_tables, key=len, reverse=True)
    return re.compile('"(' + "|".join(re.escape(name) for name in names) + ')"') if names else None


def note_instance(sender, instance, **kwargs):
    """`post_init` receiver for public models."""
    deps = _collector.get()
    if deps is not None and instance.pk is not None:
        deps.instances.setdefault(sender._meta.label_lower, set()).add(instance.pk)


def _note_tables(execute, sql, params, many, context):
    deps = _collector.get()
    if deps is not None and not deps.narrow and sql.lstrip()[:6].upper() == "SELECT":
        pattern = _table_pattern()
        if pattern is not None:
            for table in set(pattern.findall(sql)):
                model = _public_tables[table]
                if not model._meta.auto_created:
                    deps.lists.add(list_key(model))
    return execute(sql, params, many, context)


@contextlib.contextmanager
def collecting():
    """Record what the code inside reads from public models (the page cache wraps each public render in it)."""
    deps = Dependencies()
    token = _collector.set(deps)
    try:
        with connection.execute_wrapper(_note_tables):
            yield deps
    finally:
        _collector.reset(token)


@contextlib.contextmanager
def narrowed():
    """The queries inside list rows bounded by records the page already depends on (the stories of a resolution
    the page shows, say): they add the keys of the rows they load, not the list keys of their tables. The write
    side purges those records' keys whenever a visible item joins or leaves them (`register_listing`)."""
    deps = _collector.get()
    if deps is None:
        yield
        return
    deps.narrow += 1
    try:
        yield
    finally:
        deps.narrow -= 1


def fragment(name, build, depends=()):
    """Part of a public page (a story's fact boxes, its related stories), cached by what it read. `build()`
    returns HTML that is safe to insert as it is.

    Outside a public render (the page cache off, an editor's preview) it is simply built. Inside one it is
    looked up first; built, it is stored with the keys its own queries and instances added (and `depends`), so
    a change purges it like a page; either way those keys are added to the page's, so the page is purged with
    it. A page re-rendered after a purge then rebuilds only the fragments that changed.
    """
    return mark_safe(_remembered(f"fragment:{name}", lambda: build().encode(), depends).decode())


def value(name, build, depends=()):
    """A value a public page computes (counts, options), cached by what it read, exactly as `fragment()`."""
    return pickle.loads(_remembered(f"value:{name}", lambda: pickle.dumps(build()), depends))


def _remembered(name, build, depends):
    """`build()`'s bytes, from the page store when a public render has them, else built and stored there."""
    outer, store = _collector.get(), page_store()
    if outer is None or store is None:
        return build()
    key = "newsroom:fragment:" + hashlib.sha256(name.encode()).hexdigest()[:40]
    try:
        entry, token, _schedule, _checked = store.lookup([key])
    except Exception:
        logger.warning("page cache unavailable on read", exc_info=True)
        return build()
    if entry is not None:
        outer.lists.update(entry.keys)
        return entry.content
    inner = Dependencies()
    inner.narrow = outer.narrow
    reset = _collector.set(inner)
    try:
        content = build()
    finally:
        _collector.reset(reset)
    inner.lists.update(depends)
    keys = inner.surrogate_keys()
    outer.lists.update(keys)
    for label, pks in inner.instances.items():
        outer.instances.setdefault(label, set()).update(pks)
    try:
        store.store(key, Entry(content, [], [EVERY_PAGE, *keys], time.time() + settings.NEWSROOM_PAGE_CACHE_TIMEOUT),
                    token, settings.NEWSROOM_PAGE_CACHE_TIMEOUT)
    except Exception:
        logger.warning("page cache unavailable on write", exc_info=True)
    return content


# --- Time: the next moment what readers see changes by itself.

# A stand-in for "now" in the schedule's compiled SQL, replaced by the real time on every read.
NOW = datetime(2000, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
_schedule_sources = []
_changed_between = []


def register_schedule(upcoming, changed_between):
    """Tell the page cache when visible content changes by itself, without any write.

    `upcoming()` returns one-row querysets, built with `NOW` as the current time, each selecting one upcoming
    time (`.values(<time>)[:1]`): the next scheduled publish time now; an expiry or an embargo time later. They
    are compiled to SQL once and read together in one query. `changed_between(start, end)` returns the
    instances whose visibility changed by itself in that span (stories whose publish time came): their pages are
    purged as if they had just been saved.
    """
    _schedule_sources.append(upcoming)
    _changed_between.append(changed_between)
    _schedule_sql.cache_clear()


def catch_up(store, checked):
    """The first request after a scheduled moment passes: purge what became visible (or hidden) since the last
    look, precisely, then remember the next moment. No job runs; nothing else expires.

    `checked` is when the store last looked (None when it does not know: every page is purged, since it cannot
    tell what changed). Returns the next moment, or None.
    """
    from .signals import keys_for_visibility_change  # the write side maps instances to keys

    now = timezone.now()
    if checked is None:
        keys = [EVERY_PAGE]
    else:
        keys = set()
        for changed_between in _changed_between:
            changed = changed_between(datetime.fromtimestamp(checked, UTC), now)
            keys |= keys_for_visibility_change(changed.model, list(changed.values_list("pk", flat=True)))
    if keys:
        purge(keys)
    upcoming = next_change()
    seconds = settings.NEWSROOM_PAGE_CACHE_TIMEOUT
    if upcoming is not None:
        seconds = min(seconds, upcoming.timestamp() - time.time())
    store.remember_schedule(upcoming, max(seconds, 0.001), now.timestamp())
    return upcoming


@functools.cache
def _schedule_sql():
    marker = connection.ops.adapt_datetimefield_value(NOW)
    parts, params = [], []
    for source in _schedule_sources:
        for queryset in source():
            sql, query_params = queryset.query.sql_with_params()
            parts.append(f"({sql})")
            params += [NOW if param == marker else param for param in query_params]
    if not parts:
        return None, []
    return "SELECT " + ", ".join(parts), params


def next_change():
    """The earliest upcoming moment at which a registered schedule changes what readers see, or None."""
    sql, params = _schedule_sql()
    if sql is None:
        return None
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [now if param is NOW else param for param in params])
        times = [_as_datetime(value) for value in cursor.fetchone() if value is not None]
    return min(times) if times else None


def _as_datetime(value):
    """SQLite answers raw queries with naive UTC text; PostgreSQL with aware datetimes."""
    if not isinstance(value, datetime):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


# --- Where pages are kept.


class Entry:
    """A stored page: body, headers, ETag, its dependency keys and the moment it stops being valid."""

    __slots__ = ("content", "headers", "etag", "keys", "until")

    def __init__(self, content, headers, keys, until):
        self.content, self.headers, self.keys, self.until = content, headers, keys, until
        self.etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'

    def __getstate__(self):
        return (self.content, self.headers, self.etag, self.keys, self.until)

    def __setstate__(self, state):
        self.content, self.headers, self.etag, self.keys, self.until = state

    @property
    def fresh(self):
        return time.time() < self.until


class LocalStore:
    """Pages in this process's memory (LRU, at most MAX_ENTRIES), kept right across processes by `PurgeLog`."""

    shared = False

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.pages = OrderedDict()
        self.index = {}  # dependency key -> page keys
        self.values = {}
        self.purged = {}  # dependency key -> purge sequence number
        self.sequence = 0
        self.checked = time.time()  # an empty store has nothing older than the schedule to purge
        self.log_position = None
        self.lock = threading.Lock()

    def sync(self):
        """Apply the purges other processes logged since the last look: one indexed query."""
        from .models import PurgeLog

        if self.log_position is None:
            self.log_position = PurgeLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
            return
        rows = list(PurgeLog.objects.filter(id__gt=self.log_position).order_by("id").values_list("id", "keys"))
        for row_id, keys in rows:
            self.purge(keys.split(), log=False)
            self.log_position = row_id

    def lookup(self, keys):
        """The first fresh page among `keys`; a token to store a render under; the remembered schedule,
        `(next change or None,)`, or None when a scheduled moment passed (or a purge reset it) since; and when
        the schedule was last caught up with (`catch_up()`)."""
        with self.lock:
            found = None
            for key in keys:
                entry = self.pages.get(key)
                if entry is not None and entry.fresh:
                    self.pages.move_to_end(key)
                    found = entry
                    break
            stored = self.values.get(SCHEDULE)
            schedule = stored[0] if stored is not None and stored[1] > time.time() else None
            return found, self.sequence, schedule, self.checked

    def store(self, key, entry, token, timeout):
        with self.lock:
            if any(self.purged.get(dep, -1) > token for dep in entry.keys):
                return False
            self.pages[key] = entry
            self.pages.move_to_end(key)
            for dep in entry.keys:
                self.index.setdefault(dep, set()).add(key)
            while len(self.pages) > self.max_entries:
                old_key, old = self.pages.popitem(last=False)
                self._unindex(old_key, old)
            return True

    def remember_schedule(self, value, timeout, checked):
        with self.lock:
            self.values[SCHEDULE] = ((value,), time.time() + timeout)
            self.checked = checked

    def purge(self, keys, log=True):
        if log:
            from .models import PurgeLog

            PurgeLog.record(keys)
        with self.lock:
            self.sequence += 1
            self.values.pop(SCHEDULE, None)
            for dep in keys:
                self.purged[dep] = self.sequence
                for page_key in self.index.pop(dep, ()):
                    entry = self.pages.pop(page_key, None)
                    if entry is not None:
                        self._unindex(page_key, entry)
            if len(self.purged) > 10 * self.max_entries:  # only renders in flight need them
                self.purged = {dep: seq for dep, seq in self.purged.items() if seq > self.sequence - 100}

    def _unindex(self, page_key, entry):
        for dep in entry.keys:
            pages = self.index.get(dep)
            if pages is not None:
                pages.discard(page_key)
                if not pages:
                    del self.index[dep]

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.index.clear()
            self.values.clear()


# Store a page unless one of its keys was purged after the render began; index it under each key.
# KEYS: page key, then each dependency's index set, then each dependency's purge marker.
# ARGV: token (purge sequence when the render began), page seconds, index seconds, the pickled page.
STORE_SCRIPT = """
local n = (#KEYS - 1) / 2
local token = tonumber(ARGV[1])
for i = 1, n do
  local purged = redis.call('GET', KEYS[1 + n + i])
  if purged and tonumber(purged) > token then return 0 end
end
redis.call('SET', KEYS[1], ARGV[4], 'EX', ARGV[2])
for i = 1, n do
  redis.call('SADD', KEYS[1 + i], KEYS[1])
  redis.call('EXPIRE', KEYS[1 + i], ARGV[3])
end
return 1
"""

# Drop every page indexed under the given keys, and mark the keys purged for renders still in flight.
# KEYS: sequence counter, the schedule, then pairs (index set, purge marker). ARGV: marker seconds.
PURGE_SCRIPT = """
local sequence = redis.call('INCR', KEYS[1])
redis.call('DEL', KEYS[2])
for i = 3, #KEYS, 2 do
  local pages = redis.call('SMEMBERS', KEYS[i])
  for _, page in ipairs(pages) do redis.call('DEL', page) end
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[i + 1], sequence, 'EX', ARGV[1])
end
return sequence
"""


class RedisStore:
    """Pages in a shared Redis, under the cache's KEY_PREFIX: a hit is one GET, with no database query."""

    shared = True

    def __init__(self, cache):
        self.cache = cache
        self.client = cache._cache.get_client(write=True)
        self.store_script = self.client.register_script(STORE_SCRIPT)
        self.purge_script = self.client.register_script(PURGE_SCRIPT)
        self.sequence_key = cache.make_key("newsroom:purge-sequence")
        self.schedule_key = cache.make_key(SCHEDULE)
        self.checked_key = cache.make_key("newsroom:schedule-checked")

    def sync(self):
        pass

    def _index(self, dep):
        return self.cache.make_key(f"newsroom:dep:{dep}"), self.cache.make_key(f"newsroom:purged:{dep}")

    def lookup(self, keys):
        names = [self.cache.make_key(key) for key in keys] + [self.sequence_key, self.schedule_key, self.checked_key]
        *pages, sequence, schedule, checked = self.client.mget(names)
        schedule = pickle.loads(schedule) if schedule is not None else None
        checked = float(checked) if checked is not None else None
        for raw in pages:
            if raw is not None:
                entry = pickle.loads(raw)
                if entry.fresh:
                    return entry, int(sequence or 0), schedule, checked
        return None, int(sequence or 0), schedule, checked

    def store(self, key, entry, token, timeout):
        sets, markers = zip(*(self._index(dep) for dep in entry.keys), strict=True) if entry.keys else ((), ())
        payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        index_seconds = settings.NEWSROOM_PAGE_CACHE_TIMEOUT + 60
        keys = [self.cache.make_key(key), *sets, *markers]
        return bool(self.store_script(keys=keys, args=[token, max(1, int(timeout)), index_seconds, payload]))

    def remember_schedule(self, value, timeout, checked):
        pipe = self.client.pipeline()
        pipe.set(self.schedule_key, pickle.dumps((value,)), px=max(1, int(timeout * 1000)))
        pipe.set(self.checked_key, repr(checked))
        pipe.execute()

    def purge(self, keys):
        pairs = [part for dep in keys for part in self._index(dep)]
        self.purge_script(keys=[self.sequence_key, self.schedule_key, *pairs], args=[RENDER_GUARD_SECONDS])

    def clear(self):
        for pattern in (self.cache.make_key("newsroom:*"),):
            batch = list(self.client.scan_iter(pattern, count=500))
            if batch:
                self.client.delete(*batch)


_local_stores = {}
_local_lock = threading.Lock()


def page_store():
    """The store behind the `default` cache: None when caching is off (DummyCache)."""
    cache = caches[PAGE_CACHE_ALIAS]
    if isinstance(cache, DummyCache):
        return None
    if isinstance(cache, RedisCache):
        store = getattr(cache, "_newsroom_store", None)
        if store is None:
            store = cache._newsroom_store = RedisStore(cache)
        return store
    # Anything else is kept per process, like local memory, and synchronised through the database.
    location = settings.CACHES[PAGE_CACHE_ALIAS].get("LOCATION", "")
    max_entries = int(settings.CACHES[PAGE_CACHE_ALIAS].get("OPTIONS", {}).get("MAX_ENTRIES", 1000))
    with _local_lock:
        store = _local_stores.get(location)
        if store is None:
            store = _local_stores[location] = LocalStore(max_entries)
        return store


def page_cache_enabled():
    return page_store() is not None


def purge(keys):
    """Drop every page that depends on any of `keys`, here, in other processes and in the HTTP caches in front,
    once the current transaction commits.

    Failures are logged, never raised: a cache that is down must not undo or break an editor's save.
    """
    keys = sorted(set(keys))
    if not keys:
        return
    if transaction.get_connection().in_atomic_block:  # before the commit, a re-render would read the old data
        transaction.on_commit(lambda: purge(keys))
        return
    try:
        store = page_store()
        if store is not None:
            store.purge(keys)
    except Exception:
        logger.warning("page cache unavailable when purging %s", " ".join(keys[:10]), exc_info=True)
    from .purge import purge_http_caches

    purge_http_caches(keys)


def purge_everything():
    """Drop every cached page: after writes that send no signals (`bulk_create`), or a release."""
    purge([EVERY_PAGE])


def content_changed():
    """Every page may have changed: what bulk writes (`update()`, `bulk_create()`) call when they cannot say
    which records they touched. The same as `purge_everything()`, under the name such code already uses."""
    purge_everything()
