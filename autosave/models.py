"""What an editor has typed in the story form and not saved yet: one copy per author and story.

It never touches the story nor makes a revision: it is only offered back to its author, who restores it into the
form (and saves it the usual way) or discards it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, article=None):
        """`user`'s copy for `article`, or for the story they have not saved yet (`article` None)."""
        return self.filter(user=user, article=article)


class Autosave(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="story",
        help_text="Empty for a story never saved (the “Add story” form).",
    )
    data = models.JSONField(help_text="The form's fields as typed, with the labels of the chosen options.")
    saved_at = models.DateTimeField(default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at"]
        get_latest_by = "saved_at"
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="autosave_one_per_author_and_story"),
            # NULLs are distinct in a unique constraint: one "new story" copy per author needs its own.
            models.UniqueConstraint(fields=["user"], condition=Q(article=None), name="autosave_one_new_story_per_author"),
        ]

    def __str__(self):
        story = f"story {self.article_id}" if self.article_id else "a new story"
        return f"Autosave of {story} by user {self.user_id}"
