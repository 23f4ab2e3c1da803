"""The editorial workflow and the trash: saving from a form, review, publishing, unpublishing, trash and purge.

Every function that changes a story's status takes the acting user and checks the permission itself, so a
tampered form or a new caller cannot publish what the admin form would not let them publish. Commands act as
`newsroom.actors.SYSTEM`, explicitly.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from newsroom.actors import recorded

from ..models import Article, ArticleTransition
from ..permissions import can_publish, can_trash_article
from ..signals import story_moved
from .factcheck import article_factcheck_gate
from .record import article_record_prepare
from .revisions import article_lock, article_revision_create


def _check_status_change(*, user, old_status, new_status, old_publish_at=None, new_publish_at=None):
    if can_publish(user):
        return
    touches_published = bool({Article.Status.PUBLISHED, Article.Status.WITHDRAWN} & {old_status, new_status})
    rescheduled = new_status == Article.Status.PUBLISHED and old_publish_at != new_publish_at
    if (old_status != new_status and touches_published) or rescheduled:
        raise PermissionDenied("Only editors can publish, schedule or unpublish a story.")


def _record_transition(*, article, from_status, user, note="", comment=""):
    if from_status == article.status:
        return None
    if not note and article.is_scheduled:
        note = f"Scheduled for {date_format(timezone.localtime(article.goes_public_at), 'DATETIME_FORMAT')}"
    transition = ArticleTransition.objects.create(
        article=article, from_status=from_status, to_status=article.status, user=recorded(user), note=note
    )
    story_moved.send(sender=Article, transition=transition, comment=comment)
    return transition


def _published_before(article):
    """Readers have seen this story: it was published once (it may have been taken down since). A move away from
    published counts too: demo and imported stories go live without a logged move."""
    published = Article.Status.PUBLISHED
    return article.pk is not None and article.transitions.filter(Q(to_status=published) | Q(from_status=published)).exists()


def publication_time(article, *, old_status, status, publish_at, publish_at_chosen):
    """The publish time a save gives a story: a first publication is dated now unless the editor set the time in
    this same save (a schedule or a deliberate backdate), not when the draft was started. The form's fact check
    asks this too, so it checks the story as of the day it will carry."""
    first_publication = status == Article.Status.PUBLISHED and old_status != Article.Status.PUBLISHED
    if first_publication and not publish_at_chosen and not _published_before(article):
        return timezone.now()
    return publish_at


@transaction.atomic
def article_save(*, article, user, save_links=None, note="", acknowledge=(), publish_at_chosen=True):
    """Save a story edited in a form, with its links: the admin's one way to save a story.

    Checks who may change its status, saves the row, then its links (`save_links`, the form's `save_m2m`),
    re-derives the chair year from them, holds a published story that contradicts the record until an editor
    acknowledges it (`acknowledge`: the findings' keys), logs a status move and keeps a revision of the whole story.
    A first publication is dated now unless the editor set the publish time in this same save
    (`publish_at_chosen`: a schedule or a deliberate backdate), not when the draft was started.
    """
    adding = article.pk is None
    if adding:
        stored, old_status, old_publish_at = None, Article.Status.DRAFT, None
    else:
        stored = article_lock(article)
        old_status, old_publish_at = stored.status, stored.publish_at
    _check_status_change(
        user=user,
        old_status=old_status,
        new_status=article.status,
        old_publish_at=old_publish_at,
        new_publish_at=article.publish_at,
    )
    article.publish_at = publication_time(
        article, old_status=old_status, status=article.status, publish_at=article.publish_at,
        publish_at_chosen=publish_at_chosen,
    )
    article_record_prepare(article=article, stored=stored, user=user)
    article.full_clean(validate_unique=False)  # the form checked uniqueness already; this re-checks the rest
    article.save()
    if save_links is not None:
        save_links()
        article.refile()
    article_factcheck_gate(article=article, user=user, acknowledge=acknowledge)
    _record_transition(article=article, from_status=old_status, user=user)
    article_revision_create(article=article, user=user, note=note or ("Created" if adding else ""))
    return article


def _transition(*, article, user, to_status, when=None, note="", comment="", acknowledge=()):
    stored = article_lock(article)
    old_status, old_publish_at = stored.status, article.publish_at
    article.status = to_status
    if when is not None:
        article.publish_at = when
    _check_status_change(
        user=user,
        old_status=old_status,
        new_status=to_status,
        old_publish_at=old_publish_at,
        new_publish_at=article.publish_at,
    )
    article_record_prepare(article=article, stored=stored, user=user)
    article.full_clean(validate_unique=False)
    article.save()
    article_factcheck_gate(article=article, user=user, acknowledge=acknowledge)
    _record_transition(article=article, from_status=old_status, user=user, note=note, comment=comment)
    article_revision_create(article=article, user=user, note=note or f"Status: {article.get_status_display()}")
    return article


@transaction.atomic
def article_submit_for_review(*, article, user):
    """A writer hands a draft to the editors. Published stories are not sent back this way."""
    if article.status == Article.Status.PUBLISHED:
        raise PermissionDenied("This story is already published.")
    return _transition(article=article, user=user, to_status=Article.Status.REVIEW, note="Submitted for review")


@transaction.atomic
def article_send_back(*, article, user, comment):
    """An editor hands a story in review back to its writer as a draft, saying what to change."""
    if not can_publish(user):
        raise PermissionDenied("Only editors can send a story back.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Say what the writer should change: a story goes back with a comment.")
    if article_lock(article).status != Article.Status.REVIEW:
        raise ValidationError("Only a story in review can be sent back.")
    return _transition(
        article=article, user=user, to_status=Article.Status.DRAFT, note="Sent back to the writer", comment=comment
    )


@transaction.atomic
def article_publish(*, article, user, when=None, acknowledge=()):
    """Publish now, or schedule for `when`.

    A story that readers have seen before (live now, or published once and taken down) keeps its publish time;
    a first publication is dated now, not when the draft was started.
    """
    seen_before = article.is_published or _published_before(article)
    if when is None and (article.publish_at is None or article.publish_at > timezone.now() or not seen_before):
        when = timezone.now()
    return _transition(article=article, user=user, to_status=Article.Status.PUBLISHED, when=when, acknowledge=acknowledge)


@transaction.atomic
def article_schedule(*, article, user, when, acknowledge=()):
    """Publish at a future time: nothing runs then, `published()` simply starts to include the story."""
    if when <= timezone.now():
        raise ValueError("A schedule needs a time in the future; publish now instead.")
    return _transition(article=article, user=user, to_status=Article.Status.PUBLISHED, when=when, acknowledge=acknowledge)


@transaction.atomic
def article_unpublish(*, article, user):
    """Take a story back to draft: it disappears from every public surface at once."""
    return _transition(article=article, user=user, to_status=Article.Status.DRAFT, note="Unpublished")


@transaction.atomic
def article_withdraw(*, article, user, reason, note="", reason_public=False, redirect_to=None):
    """Take a published story down: its address answers 410 Gone with a short notice (or sends readers on to
    `redirect_to`, 301), and it leaves every list, feed, sitemap and search at once. It stays in the admin."""
    article.withdrawn_reason, article.withdrawn_note = reason, note
    article.withdrawn_reason_public, article.redirect_to = reason_public, redirect_to
    return _transition(
        article=article, user=user, to_status=Article.Status.WITHDRAWN,
        note=f"Withdrawn: {article.get_withdrawn_reason_display()}",
    )


@transaction.atomic
def article_reinstate(*, article, user):
    """Bring a withdrawn story back to readers, at its old address and publish time."""
    if article_lock(article).status != Article.Status.WITHDRAWN:
        raise ValidationError("Only a withdrawn story can be reinstated.")
    article.redirect_to = None
    return _transition(article=article, user=user, to_status=Article.Status.PUBLISHED, note="Reinstated")


@transaction.atomic
def article_unpublish_to(*, article, user, redirect_to):
    """Unpublish, sending readers of the story's address to another story (301)."""
    article.redirect_to = redirect_to
    return _transition(article=article, user=user, to_status=Article.Status.DRAFT, note=f"Unpublished, readers sent to “{redirect_to}”")


@transaction.atomic
def article_trash(*, article, user):
    """Move a story to the trash: gone from readers and the story list, but every revision is kept."""
    if not can_trash_article(user, article):
        raise PermissionDenied("You cannot move this story to the trash.")
    article.deleted_at = timezone.now()
    article.deleted_by = recorded(user)
    article.save(update_fields=["deleted_at", "deleted_by"])
    return article


@transaction.atomic
def article_untrash(*, article, user):
    if not can_publish(user):
        raise PermissionDenied("Only editors can restore stories from the trash.")
    article.deleted_at = None
    article.deleted_by = None
    article.save(update_fields=["deleted_at", "deleted_by"])
    article_revision_create(article=article, user=user, note="Restored from the trash")
    return article


@transaction.atomic
def article_purge_trash(*, user, days):
    """Delete for good the stories in the trash for more than `days` days, with their revisions and workflow log.

    Returns their headlines. Photo files stay in storage: the same upload may still be named by another story.
    """
    if not can_publish(user):
        raise PermissionDenied("Only editors can empty the trash.")
    if days < 1:
        raise ValidationError("Keep stories in the trash for at least a day, so a mistaken delete can be undone.")
    try:
        cutoff = timezone.now() - datetime.timedelta(days=days)
    except OverflowError:
        raise ValidationError(f"{days} days reaches back before the calendar begins; give a smaller number.") from None
    stories = Article.objects.filter(deleted_at__lt=cutoff)
    headlines = list(stories.order_by("deleted_at").values_list("headline", flat=True))
    stories.delete()
    return headlines
