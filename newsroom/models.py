from django.db import models


class ContentVersion(models.Model):
    """One row whose number goes up whenever anything readers can see changes.

    Every worker and server reads it (by primary key) before answering from the page cache, so an edit saved
    through one process is never hidden by a page cached in another (newsroom/cache.py).
    """

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"content version {self.version}"
