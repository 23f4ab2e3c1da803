"""The desk's writes: notes, and moving a story on the calendar. Each takes the acting user and checks it."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles.permissions import can_change_article, can_publish
from articles.services.workflow import article_save

from .models import Note, mentioned_users
from .notifications import notify_mentions


def can_note(user, article):
    """Whoever may open the story in the admin may leave a note on it, a published one included."""
    return can_publish(user) or (user.has_perm("articles.change_article") and article.is_worked_on_by(user))


@transaction.atomic
def note_add(*, article, user, text):
    """Keep an internal note on a story and tell the colleagues it @mentions, after the commit."""
    if not can_note(user, article):
        raise PermissionDenied("You cannot leave notes on this story.")
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError("Write something in the note first.")
    if len(text) > Note._meta.get_field("text").max_length:
        raise ValidationError("A note holds at most 5,000 characters; leave two notes instead.")
    note = Note.objects.create(article=article, author=user, text=text)
    note.mentions.set(mentioned_users(text))
    notify_mentions(note)
    return note


@transaction.atomic
def story_move_to_day(*, article, user, day):
    """Move a scheduled story (keeping its time of day) or a planned one to another day: a normal edit, saved
    through the workflow's one save, so permissions, the audit trail and a revision apply as in the form."""
    if not can_change_article(user, article):
        raise PermissionDenied("You cannot change this story.")
    if article.is_published:
        raise ValidationError("This story is already public; change its publish time on the story form.")
    moved_to = date_format(day, "j M Y")
    if article.is_scheduled:
        local = timezone.localtime(article.publish_at)
        when = timezone.make_aware(dt.datetime.combine(day, local.time()))
        if when <= timezone.now():
            raise ValidationError(f"{moved_to} at {local:%H:%M} has passed: choose a later day, or publish now.")
        article.publish_at = when
    else:
        article.planned_for = day
    return article_save(article=article, user=user, note=f"Moved to {moved_to} on the calendar")
