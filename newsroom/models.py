import datetime

from django.conf import settings
from django.db import connection, models
from django.utils import timezone


class PurgeLog(models.Model):
    """Purged page-cache keys, for processes that keep pages in their own memory (newsroom/cache.py).

    Each such process reads the rows it has not applied before answering a public request. Rows older than the
    longest a page may be kept are of no use to anyone and are deleted as new ones come.
    """

    keys = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"purge {self.keys[:60]}"

    @classmethod
    def record(cls, keys):
        now = timezone.now()
        cls.objects.create(keys=" ".join(keys), created_at=now)
        keep = datetime.timedelta(seconds=2 * settings.NEWSROOM_PAGE_CACHE_TIMEOUT + 60)
        cls.objects.filter(created_at__lt=now - keep).delete()


class LoginCounter(models.Model):
    """Sign-in attempts per address, and per username from an address, within a window (newsroom/throttle.py).

    In the database, not a cache: shared by every worker and server, never evicted by a flood of pages, and
    counted atomically by one upsert per attempt.
    """

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.key}: {self.count}"

    @classmethod
    def add(cls, key, delta, window):
        """Add `delta` to the count for `key` in the current window (a fresh window when the last one ended);
        return the new count. One statement, so concurrent attempts never lose a count."""
        now = timezone.now()
        table, quote = cls._meta.db_table, connection.ops.quote_name
        adapt = connection.ops.adapt_datetimefield_value
        sql = (
            f"INSERT INTO {quote(table)} ({quote('key')}, {quote('count')}, {quote('expires_at')}) "
            f"VALUES (%s, %s, %s) ON CONFLICT ({quote('key')}) DO UPDATE SET "
            f"{quote('count')} = CASE WHEN {quote(table)}.{quote('expires_at')} <= %s THEN %s "
            f"ELSE MAX_OR_GREATEST({quote(table)}.{quote('count')} + %s, 0) END, "
            f"{quote('expires_at')} = CASE WHEN {quote(table)}.{quote('expires_at')} <= %s "
            f"THEN excluded.{quote('expires_at')} ELSE {quote(table)}.{quote('expires_at')} END "
            f"RETURNING {quote('count')}"
        ).replace("MAX_OR_GREATEST", "GREATEST" if connection.vendor == "postgresql" else "MAX")
        start = max(delta, 0)
        ends = adapt(now + datetime.timedelta(seconds=window))
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, start, ends, adapt(now), start, delta, adapt(now)])
            return cursor.fetchone()[0]

    @classmethod
    def counts(cls, keys):
        live = cls.objects.filter(key__in=keys, expires_at__gt=timezone.now())
        return dict(live.values_list("key", "count"))

    @classmethod
    def forget_expired(cls):
        cls.objects.filter(expires_at__lte=timezone.now()).delete()
