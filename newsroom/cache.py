"""What readers can see right now, as a short key shared by every process: the page cache's foundation.

Why cached pages are never stale, even with several gunicorn workers or app servers, each perhaps with its
own local-memory cache:

* `ContentVersion.version`, one row in the database, goes up in the same transaction as any change to a
  public model (signals in `newsroom/signals.py`: stories, bylines, sections, tags, countries, chair years,
  ambassadors, tenures, resolutions, series, and their many-to-many links). Before answering from the cache,
  a request reads it in ONE query, by primary key, together with two times from the (status, publish_at)
  index: the publish time of the newest visible story and the next scheduled one. All three are part of the
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


def current_state():
    """The content version and the two publish times around now, in one query on indexes."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [connection.ops.adapt_datetimefield_value(now)] * 2)
        row = cursor.fetchone()
    if row is None:  # a database emptied by flush; the row comes back here
        from .models import ContentVersion

        ContentVersion.objects.get_or_create(pk=1)
        return current_state()
    version, newest_visible, next_scheduled = row
    return ContentState(version, _as_datetime(newest_visible), _as_datetime(next_scheduled))


@functools.cache
def _state_sql():
    """Plain SQL, built once: compiling the equivalent ORM query cost more than running it."""
    from articles.models import Article

    from .models import ContentVersion

    quote = connection.ops.quote_name
    table, status, publish_at, deleted_at = (
        quote(name) for name in (Article._meta.db_table, "status", "publish_at", "deleted_at")
    )
    # The condition of the partial index article_live_idx, so both subqueries read one index entry.
    live = f"{status} = '{Article.Status.PUBLISHED.value}' AND {deleted_at} IS NULL"
    return (
        f"SELECT {quote('version')}, "
        f"(SELECT {publish_at} FROM {table} WHERE {live} AND {publish_at} <= %s "
        f"ORDER BY {publish_at} DESC LIMIT 1), "
        f"(SELECT {publish_at} FROM {table} WHERE {live} AND {publish_at} > %s "
        f"ORDER BY {publish_at} ASC LIMIT 1) "
        f"FROM {quote(ContentVersion._meta.db_table)} WHERE {quote('id')} = 1"
    )


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
