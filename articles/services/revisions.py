"""Revisions of a story: snapshots after every save, diffs between them, restores, and what a conflict was.

A snapshot holds every field an editor sets, so history reads whole and any version can come back.
"""

import difflib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from newsroom.actors import recorded

from ..models import Article, ArticleRevision
from ..permissions import can_change_article

# The public record's settings (articles/services/record.py): in the history, never restored with old text.
RECORD_FIELDS = (
    "embargo_until", "expire_at", "redirect_to", "withdrawn_reason", "withdrawn_note", "withdrawn_reason_public",
)
TIME_FIELDS = {"publish_at", "embargo_until", "expire_at"}
SNAPSHOT_FIELDS = (
    "headline", "slug", "story_type", "standfirst", "body", "hero_image", "hero_alt", "hero_decorative", "hero_caption",
    "hero_credit",
    "source_name", "source_url", "credit_line", "section", "status", "publish_at", "chair_year_override",
    *RECORD_FIELDS,
)
SNAPSHOT_M2M = ("authors", "tags", "resolutions", "ambassadors")
WORKFLOW_FIELDS = ("status", "publish_at", *RECORD_FIELDS)  # never restored: they go through the workflow
TEXT_FIELDS = {"headline", "standfirst", "body", "hero_caption", "hero_alt", "credit_line"}


def article_lock(article):
    """The row as stored, locked until the transaction ends (PostgreSQL), so concurrent saves queue up.

    A story created outside the admin (import, demo content) has no revision yet: keep its stored state as a
    baseline first, so the first edit can be diffed and undone like any other.
    """
    stored = Article.objects.select_for_update().get(pk=article.pk)
    if not stored.revisions.filter(version=stored.version).exists():
        ArticleRevision.objects.create(
            article=stored, version=stored.version, note="As stored before the first edit",
            snapshot=article_snapshot(stored),
        )
    return stored


def article_snapshot(article):
    """Every field an editor sets, links as ids, plus readable labels so old revisions still read well."""
    data = {}
    labels = {}
    for name in SNAPSHOT_FIELDS:
        field = Article._meta.get_field(name)
        value = getattr(article, field.attname)
        if name == "hero_image":
            value = value.name if value else ""
        elif name in TIME_FIELDS:
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


def article_revision_create(*, article, user, note=""):
    return ArticleRevision.objects.create(
        article=article, version=article.version, user=recorded(user), note=note, snapshot=article_snapshot(article)
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
        if name not in old or name not in new or old[name] == new[name]:  # older snapshots lack newer fields
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
    article = article_lock(revision.article)
    if not can_change_article(user, article):
        raise PermissionDenied("You cannot change this story.")
    snapshot = revision.snapshot
    fields = [name for name in SNAPSHOT_FIELDS if name not in WORKFLOW_FIELDS]
    for name in fields:
        if name not in snapshot:
            continue  # a field added after this revision was taken: keep the story's current value
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
    article.refile()
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
