"""Internal notes on stories: who wrote what and when, and whom it mentions. Never shown to readers."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

# "@wendy" or "@lan.pham": Django usernames may hold letters, digits and @.+-_; a trailing full stop ends the
# sentence, not the name.
MENTION = re.compile(r"(?<![\w@])@([\w.@+-]*[\w@+-])")


def mentioned_users(text):
    """The active staff users named as @username in `text` (case-insensitive), in one query."""
    names = {name.lower() for name in MENTION.findall(text or "")}
    if not names:
        return get_user_model().objects.none()
    query = models.Q()
    for name in names:
        query |= models.Q(username__iexact=name)
    return get_user_model().objects.filter(query, is_active=True, is_staff=True)


class NoteQuerySet(models.QuerySet):
    def for_story(self, article):
        return self.filter(article=article).select_related("author").prefetch_related("mentions")


class Note(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        SENT_BACK = "sent_back", "Sent back"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes", verbose_name="story")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        indexes = [models.Index(fields=["article", "-created_at"], name="desk_note_story_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.author or 'someone'} on “{self.article}”"

    def get_absolute_url(self):
        """Notes live on the story's admin form, never on a public page."""
        return reverse("admin:articles_article_change", args=[self.article_id]) + f"#note-{self.pk}"
