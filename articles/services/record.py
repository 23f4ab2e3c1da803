"""The public record of what changed: corrections, takedowns, redirects and the time limits of a story.

`article_record_errors()` is what a form shows and `article_record_prepare()` what the save services enforce,
from the same checks. Every act checks the acting user's permission and is logged in the story's history (its
workflow log for a takedown or reinstatement, a revision note for the rest).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.actors import recorded

from ..models import Article, Correction, Redirect
from ..permissions import can_correct, can_publish, can_withdraw
from ..redirects import redirect_problem
from .revisions import article_lock, article_revision_create

WITHDRAWN = Article.Status.WITHDRAWN


def article_record_errors(*, article, stored):
    """Field -> message for what saving `article` over `stored` (None when new) would get wrong: an embargo set
    in the past, a withdrawal of a story that was never public, a redirect to itself, to a story readers cannot
    see, or round in a loop. Unchanged values are not judged again (an embargo that lifted since is fine)."""
    errors = {}
    now = timezone.now()
    if article.embargo_until and article.embargo_until <= now and article.embargo_until != getattr(stored, "embargo_until", None):
        errors["embargo_until"] = "An embargo must end in the future. Clear it to publish without one."
    old_status = stored.status if stored is not None else Article.Status.DRAFT
    if article.status == WITHDRAWN and old_status not in (WITHDRAWN, Article.Status.PUBLISHED):
        errors["status"] = "Only a published story can be withdrawn; unpublished ones simply stay drafts."
    if article.redirect_to_id and article.redirect_to_id != getattr(stored, "redirect_to_id", None):
        target = Article.objects.active().filter(pk=article.redirect_to_id).first()
        problem = redirect_problem(stored.slug if stored else article.slug, target, article) if target else (
            "That story is no longer available: choose a published story."
        )
        if problem:
            errors["redirect_to"] = problem
    return errors


def article_record_prepare(*, article, stored, user):
    """Called by the save services before a story is saved: refuses bad input and acts without permission,
    stamps a withdrawal, and keeps the old address of a published story whose slug changes as a redirect."""
    old_status = stored.status if stored is not None else Article.Status.DRAFT
    if WITHDRAWN in (old_status, article.status) and old_status != article.status and not can_withdraw(user):
        raise PermissionDenied("Only editors can withdraw a story or reinstate it.")
    if article.redirect_to_id != getattr(stored, "redirect_to_id", None) and not can_publish(user):
        raise PermissionDenied("Only editors can send a story's readers elsewhere.")
    errors = article_record_errors(article=article, stored=stored)
    if errors:
        raise ValidationError(errors)
    if article.status == WITHDRAWN and old_status != WITHDRAWN:
        article.withdrawn_at = timezone.now()
    elif article.status != WITHDRAWN:
        article.withdrawn_at = None
    if stored is not None and stored.slug != article.slug and stored.is_published:
        Redirect.objects.filter(old_slug=article.slug).delete()  # the story itself answers there now
        Redirect.objects.update_or_create(
            old_slug=stored.slug, defaults={"target": article, "created_by": recorded(user)}
        )


def _story_revised(article, user, note):
    """A correction changed what readers are told: the story shows it as updated (`revised_at`), its feeds
    and JSON-LD say so, its pages are purged, and its history notes it."""
    article.revised_at = timezone.now()
    article.save(update_fields=["revised_at"])
    article_revision_create(article=article, user=user, note=note[:200])


def _history(correction, user, action):
    return {
        "at": timezone.now().isoformat(),
        "by": user.get_username(),
        "action": action,
        "kind": correction.kind,
        "text": correction.text,
    }


def _clean_text(text):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Say what was corrected: a correction needs its text."})
    return text


@transaction.atomic
def correction_add(*, article, user, kind, text):
    """Append a correction or clarification to a published story."""
    if not can_correct(user):
        raise PermissionDenied("Only editors can correct a story.")
    text = _clean_text(text)
    stored = article_lock(article)
    if stored.status != Article.Status.PUBLISHED:
        raise ValidationError({"article": "Corrections go on published stories; fix a draft in the draft."})
    correction = Correction(article=stored, kind=kind, text=text, created_by=recorded(user))
    correction.full_clean()
    correction.history = [_history(correction, user, "added")]
    correction.save()
    _story_revised(stored, user, f"{correction.get_kind_display()} added: {text}")
    return correction


@transaction.atomic
def correction_edit(*, correction, user, kind, text):
    """Change a correction's kind or text; what it said before stays in its history."""
    if not can_correct(user, correction):
        raise PermissionDenied("Only editors can edit a correction.")
    text = _clean_text(text)
    stored = Correction.objects.select_for_update().get(pk=correction.pk)
    if (stored.kind, stored.text) == (kind, text):
        return stored
    history = [*stored.history, _history(stored, user, "edited")]
    stored.kind, stored.text, stored.history = kind, text, history
    stored.full_clean()
    stored.save()
    _story_revised(article_lock(stored.article), user, f"{stored.get_kind_display()} edited: {text}")
    return stored


@transaction.atomic
def correction_withdraw(*, correction, user):
    """Take a correction off the story (it was itself wrong); it stays in the admin with its history."""
    if not can_correct(user, correction):
        raise PermissionDenied("Only editors can withdraw a correction.")
    stored = Correction.objects.select_for_update().get(pk=correction.pk)
    if stored.withdrawn_at is not None:
        return stored
    stored.withdrawn_at = timezone.now()
    stored.history = [*stored.history, _history(stored, user, "withdrawn")]
    stored.save()
    _story_revised(article_lock(stored.article), user, f"{stored.get_kind_display()} withdrawn: {stored.text}")
    return stored


@transaction.atomic
def redirect_create(*, old_slug, target, user):
    """An editor sends an old address on to a published story."""
    if not user.has_perm("articles.add_redirect"):
        raise PermissionDenied("Only editors can manage redirects.")
    problem = redirect_address_problem(old_slug, target)
    if problem:
        raise ValidationError(problem)
    redirect = Redirect.objects.create(old_slug=old_slug, target=target, created_by=recorded(user))
    article_revision_create(article=target, user=user, note=f"Readers of /news/{old_slug}/ are sent here")
    return redirect


def redirect_address_problem(old_slug, target):
    """Why /news/<old_slug>/ cannot be sent on to `target`, or None."""
    if Article.objects.published().filter(slug=old_slug).exists():
        return "A published story answers at this address: readers would never reach the redirect."
    return redirect_problem(old_slug, target)
