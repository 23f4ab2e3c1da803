"""What readers can see right now, as a short key shared by every process: the page cache's foundation.

Why cached pages are never stale, even with several gunicorn workers or app servers, each perhaps with its
own local-memory cache:

* `ContentVersion.version`, one row in the database, goes up in the same transaction as any change to a
  public model (`newsroom.signals.watch_public_models()`, which each content app calls: every model and
  many-to-many link of the record and of the stories). Before answering from the cache, a request reads it in
  ONE query, by primary key, together with two times the content app registers (`register_schedule()`): the
  publish time of the newest visible story and the next scheduled one. All three are part of the
  cache key, so a change committed by any process changes the key and old entries are never read again
  (they just expire). The version is read before the view runs, so a page is never stored under a newer key
  than the content it shows.
* Scheduled stories go live without any write, so no signal. When the clock passes a scheduled story's time
  it becomes the newest visible story (its time is later than any that was visible) and the next scheduled
  time moves on: the key changes at once. A publish time moved by a queryset `update()`, which sends no
  signal, changes the key as well whenever the story was the next scheduled one or lands after the newest
  visible one. Whatever else happens behind the signals' back, an entry is never served after the next
  scheduled publish time seen when it was stored, and cache timeouts and `Cache-Control: max-age` never
  reach past it.
* A generation counter kept in the cache itself (bumped by the same signals) is stored with each entry and must
  match on read (it comes in the same round trip as the page). It is not what makes processes agree (the
  database version does that); it keeps pages apart when the database goes back to an earlier version number:
  a rolled-back transaction (every test) or a restored backup.

Code that writes public data without signals (`bulk_create`, `update()`) calls `content_changed()`.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)

PAGE_CACHE_ALIAS = "default"
GENERATION_KEY = "newsroom:content-generation"


@dataclass(frozen=True)
class ContentState:
    version: int
    newest_visible: datetime | None
    next_scheduled: datetime | None

    @property
    def token(self):
        """A short string that changes whenever what readers can see changes."""
        raw = "|".join(
            str(part)
            for part in (
                self.version,
                self.newest_visible and self.newest_visible.timestamp(),
                self.next_scheduled and self.next_scheduled.timestamp(),
            )
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:20]

    def seconds_until_next_publish(self, now=None):
        if self.next_scheduled is None:
            return None
        return max(0, int((self.next_scheduled - (now or timezone.now())).total_seconds()))


def page_cache():
    return caches[PAGE_CACHE_ALIAS]


def page_cache_enabled():
    return not isinstance(page_cache(), DummyCache)


# A stand-in for "now" in the schedule's compiled SQL, replaced by the real time on every read.
NOW = datetime(2000, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
_schedule_source = None


def register_schedule(source):
    """Tell the page cache when visible content changes by itself, without any write (scheduled publishing).

    `source()` returns two querysets, built with `NOW` as the current time: the publish time of the newest
    visible item, and the next scheduled one (each `.values(<time>)[:1]`). They are compiled to SQL once and
    read in the same query as the content version. The app that owns the content registers it in `ready()`.
    """
    global _schedule_source
    _schedule_source = source
    _state_sql.cache_clear()


def current_state():
    """The content version and the two publish times around now, in one query on indexes."""
    sql, params = _state_sql()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [now if param is NOW else param for param in params])
        row = cursor.fetchone()
    if row is None:  # a database emptied by flush; the row comes back here
        from .models import ContentVersion

        ContentVersion.objects.get_or_create(pk=1)
        return current_state()
    version, newest_visible, next_scheduled = row
    return ContentState(version, _as_datetime(newest_visible), _as_datetime(next_scheduled))


@functools.cache
def _state_sql():
    """Compiled once: compiling the ORM queries on every request cost more than running them."""
    from .models import ContentVersion

    quote = connection.ops.quote_name
    times, params = ["NULL", "NULL"], []
    if _schedule_source is not None:
        marker = connection.ops.adapt_datetimefield_value(NOW)
        for i, queryset in enumerate(_schedule_source()):
            sql, query_params = queryset.query.sql_with_params()
            times[i] = f"({sql})"
            params += [NOW if param == marker else param for param in query_params]
    sql = (
        f"SELECT {quote('version')}, {times[0]}, {times[1]} "
        f"FROM {quote(ContentVersion._meta.db_table)} WHERE {quote('id')} = 1"
    )
    return sql, params


def _as_datetime(value):
    """SQLite answers raw queries with naive UTC text; PostgreSQL with aware datetimes."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def content_changed():
    """Make every cached page unreachable, in every process: call inside the transaction that changed data."""
    from .models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now()):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    if not page_cache_enabled():
        return
    try:
        cache = page_cache()
        cache.add(GENERATION_KEY, 0, timeout=None)
        cache.incr(GENERATION_KEY)
    except Exception:
        logger.warning("page cache unavailable when bumping the content generation", exc_info=True)
