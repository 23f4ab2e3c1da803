"""Multi-step writes on stories. Admin actions and views call these; models stay free of side effects.

Every function that changes a story's status checks the acting user's permission itself, so a tampered form or a
new caller cannot publish what the admin form would not let them publish.
"""

import datetime
import difflib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleRevision, ArticleTransition

PUBLISH_PERMISSION = "articles.publish_article"
SNAPSHOT_FIELDS = (
    "headline", "slug", "standfirst", "body", "hero_image", "hero_alt", "hero_caption", "hero_credit",
    "source_name", "source_url", "credit_line", "section", "status", "publish_at", "chair_year_override",
)
SNAPSHOT_M2M = ("authors", "tags", "resolutions", "ambassadors")
WORKFLOW_FIELDS = ("status", "publish_at")  # never restored: status changes go through the workflow
TEXT_FIELDS = {"headline", "standfirst", "body", "hero_caption", "hero_alt", "credit_line"}


def can_publish(user):
    return user is None or user.has_perm(PUBLISH_PERMISSION)  # None: the system itself (commands, tests)


def can_change_article(user, article):
    """Editors change any story; writers only their own, and only before it is published."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or can_publish(user):
        return True
    return article.created_by_id == user.pk and article.status != Article.Status.PUBLISHED


def _check_status_change(*, user, old_status, new_status, old_publish_at=None, new_publish_at=None):
    if can_publish(user):
        return
    touches_published = Article.Status.PUBLISHED in (old_status, new_status)
    rescheduled = new_status == Article.Status.PUBLISHED and old_publish_at != new_publish_at
    if (old_status != new_status and touches_published) or rescheduled:
        raise PermissionDenied("Only editors can publish, schedule or unpublish a story.")


def _record_transition(*, article, from_status, user, note=""):
    if from_status == article.status:
        return None
    if not note and article.is_scheduled:
        note = f"Scheduled for {timezone.localtime(article.publish_at):%d %b %Y %H:%M}"
    return ArticleTransition.objects.create(
        article=article, from_status=from_status, to_status=article.status, user=user, note=note
    )


def _locked(article):
    """The row as stored, locked until the transaction ends (PostgreSQL), so concurrent saves queue up.

    A story created outside the admin (import, demo content) has no revision yet: keep its stored state as a
    baseline first, so the first edit can be diffed and undone like any other.
    """
    stored = Article.objects.select_for_update().get(pk=article.pk)
    if not stored.revisions.filter(version=stored.version).exists():
        article_revision_create(article=stored, user=None, note="As stored before the first edit")
    return stored


@transaction.atomic
def article_save(*, article, user, note=""):
    """Save a story edited in a form: enforce who may change its status, log the move, keep a revision.

    Call it after the many-to-many links are set (the admin does so in `save_related`), so the revision is whole.
    """
    if article.pk is None:
        old_status, old_publish_at = Article.Status.DRAFT, None
    else:
        stored = _locked(article)
        old_status, old_publish_at = stored.status, stored.publish_at
    _check_status_change(
        user=user,
        old_status=old_status,
        new_status=article.status,
        old_publish_at=old_publish_at,
        new_publish_at=article.publish_at,
    )
    article.full_clean(validate_unique=False)  # the form checked uniqueness already; this re-checks the rest
    article.save()
    _record_transition(article=article, from_status=old_status, user=user)
    return article


def _transition(*, article, user, to_status, when=None, note=""):
    old_status, old_publish_at = _locked(article).status, article.publish_at
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
    article.full_clean(validate_unique=False)
    article.save()
    _record_transition(article=article, from_status=old_status, user=user, note=note)
    article_revision_create(article=article, user=user, note=note or f"Status: {article.get_status_display()}")
    return article


@transaction.atomic
def article_submit_for_review(*, article, user=None):
    """A writer hands a draft to the editors. Published stories are not sent back this way."""
    if article.status == Article.Status.PUBLISHED:
        raise PermissionDenied("This story is already published.")
    return _transition(article=article, user=user, to_status=Article.Status.REVIEW, note="Submitted for review")


@transaction.atomic
def article_publish(*, article, user=None, when=None):
    """Publish now, or schedule for `when`.

    A story that readers have seen before (live now, or published once and taken down) keeps its publish time;
    a first publication is dated now, not when the draft was started.
    """
    seen_before = article.is_published or article.transitions.filter(to_status=Article.Status.PUBLISHED).exists()
    if when is None and (article.publish_at is None or article.publish_at > timezone.now() or not seen_before):
        when = timezone.now()
    return _transition(article=article, user=user, to_status=Article.Status.PUBLISHED, when=when)


@transaction.atomic
def article_schedule(*, article, when, user=None):
    """Publish at a future time: nothing runs then, `published()` simply starts to include the story."""
    if when <= timezone.now():
        raise ValueError("A schedule needs a time in the future; publish now instead.")
    return _transition(article=article, user=user, to_status=Article.Status.PUBLISHED, when=when)


@transaction.atomic
def article_unpublish(*, article, user=None):
    """Take a story back to draft: it disappears from every public surface at once."""
    return _transition(article=article, user=user, to_status=Article.Status.DRAFT, note="Unpublished")


@transaction.atomic
def article_trash(*, article, user=None):
    """Move a story to the trash: gone from readers and the story list, but every revision is kept."""
    article.deleted_at = timezone.now()
    article.deleted_by = user
    article.save(update_fields=["deleted_at", "deleted_by"])
    return article


@transaction.atomic
def article_untrash(*, article, user=None):
    if not can_publish(user):
        raise PermissionDenied("Only editors can restore stories from the trash.")
    article.deleted_at = None
    article.deleted_by = None
    article.save(update_fields=["deleted_at", "deleted_by"])
    article_revision_create(article=article, user=user, note="Restored from the trash")
    return article


@transaction.atomic
def article_purge_trash(*, days):
    """Delete for good the stories in the trash for more than `days` days, with their revisions and workflow log.

    Returns their headlines. Photo files stay in storage: the same upload may still be named by another story.
    """
    if days < 1:
        raise ValidationError("Keep stories in the trash for at least a day, so a mistaken delete can be undone.")
    stories = Article.objects.filter(deleted_at__lt=timezone.now() - datetime.timedelta(days=days))
    headlines = list(stories.order_by("deleted_at").values_list("headline", flat=True))
    stories.delete()
    return headlines


def article_refresh_chair_year(*, article):
    """Re-derive the chair year after the linked resolutions changed (they are saved after the row)."""
    derived = article.derive_chair_year()
    if derived != article.chair_year:
        Article.objects.filter(pk=article.pk).update(chair_year=derived)
        article.chair_year = derived
    return article


# Revisions


def article_snapshot(article):
    """Every field an editor sets, links as ids, plus readable labels so old revisions still read well."""
    data = {}
    labels = {}
    for name in SNAPSHOT_FIELDS:
        field = Article._meta.get_field(name)
        value = getattr(article, field.attname)
        if name == "hero_image":
            value = value.name if value else ""
        elif name == "publish_at":
            value = value.isoformat() if value else None
        elif field.is_relation:
            related = getattr(article, name)
            labels[name] = str(related) if related else ""
        data[name] = value
    for name in SNAPSHOT_M2M:
        related = sorted(getattr(article, name).all(), key=lambda obj: obj.pk)
        data[name] = [obj.pk for obj in related]
        labels[name] = [str(obj) for obj in related]
    data["_labels"] = labels
    return data


def article_revision_create(*, article, user=None, note=""):
    return ArticleRevision.objects.create(
        article=article, version=article.version, user=user, note=note, snapshot=article_snapshot(article)
    )


def _display(snapshot, name):
    labels = snapshot.get("_labels", {})
    value = labels.get(name, snapshot.get(name))
    if isinstance(value, list):
        return ", ".join(value) or "—"
    if name == "status":
        return dict(Article.Status.choices).get(value, value)
    return "—" if value in (None, "") else str(value)


def _word_diff(old, new):
    """(kind, text) pieces: "same", "removed" or "added", word by word so a changed comma is easy to spot."""
    old_words, new_words = (old or "").split(" "), (new or "").split(" ")
    pieces = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", " ".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("added", " ".join(new_words[b1:b2])))
    return pieces


def article_revision_diff(old, new):
    """The fields that differ between two snapshots, with old and new values for display."""
    changes = []
    for name in (*SNAPSHOT_FIELDS, *SNAPSHOT_M2M):
        if old.get(name) == new.get(name):
            continue
        field = Article._meta.get_field(name)
        change = {
            "name": name,
            "label": str(field.verbose_name).capitalize(),
            "old": _display(old, name),
            "new": _display(new, name),
        }
        if name in TEXT_FIELDS:
            change["pieces"] = _word_diff(old.get(name), new.get(name))
        changes.append(change)
    return changes


@transaction.atomic
def article_revision_restore(*, revision, user):
    """Bring back a revision's content as a new revision.

    The story keeps its current status and publish time: restoring old text never publishes a draft nor takes a
    live story down; that stays a deliberate workflow step, with its own permission.
    """
    article = _locked(revision.article)
    if not can_change_article(user, article):
        raise PermissionDenied("You cannot change this story.")
    snapshot = revision.snapshot
    fields = [name for name in SNAPSHOT_FIELDS if name not in WORKFLOW_FIELDS]
    for name in fields:
        field = Article._meta.get_field(name)
        value = snapshot.get(name)
        if field.is_relation and value is not None and not field.related_model.objects.filter(pk=value).exists():
            value = None  # the linked record was deleted since: leave the link empty rather than fail
        setattr(article, field.attname, value)
    article.full_clean(validate_unique=False)
    if Article.objects.exclude(pk=article.pk).filter(slug=article.slug).exists():
        raise ValidationError(
            f"Version {revision.version} used the address “{article.slug}”, which another story has now. "
            "Change that story's slug first, or edit this one by hand."
        )
    article.save()
    for name in SNAPSHOT_M2M:
        manager = getattr(article, name)
        manager.set(manager.model.objects.filter(pk__in=snapshot.get(name, [])))
    article_refresh_chair_year(article=article)
    return article_revision_create(article=article, user=user, note=f"Restored version {revision.version}")


def article_conflict(*, article, base_version):
    """What happened since `base_version`, for the message a second editor sees instead of overwriting."""
    newer = list(article.revisions.filter(version__gt=base_version).select_related("user").order_by("version"))
    base = article.revisions.filter(version__lte=base_version).order_by("-version").first()
    latest = newer[-1] if newer else None
    fields = []
    if base and latest:
        fields = [change["label"] for change in article_revision_diff(base.snapshot, latest.snapshot)]
    people = sorted({(rev.user.get_full_name() or rev.user.get_username()) for rev in newer if rev.user})
    return {
        "people": people,
        "at": latest.created_at if latest else article.updated_at,
        "fields": fields,
        "version": article.version,
    }
