"""The publish-time fact check: a story that contradicts the record goes live only once an editor has
acknowledged each contradiction, and the acknowledgement (who, when, which claim) is kept with the story."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from newsroom.actors import recorded

from ..factcheck import check_article
from ..models import Article, FactCheckAcknowledgement
from ..permissions import can_publish


class UnacknowledgedContradictions(PermissionDenied):
    """Publishing refused: the story contradicts the record and no editor has acknowledged it (yet)."""

    def __init__(self, findings):
        self.findings = findings
        claims = "; ".join(f"“{f.claim}” (the record: {f.record})" for f in findings)
        super().__init__(
            f"This story contradicts the record, and an editor must acknowledge each contradiction before it is "
            f"published: {claims}."
        )


def unacknowledged(findings, acknowledged_keys):
    return [finding for finding in findings if finding.contradicts and finding.key not in acknowledged_keys]


@transaction.atomic
def article_factcheck_acknowledge(*, article, user, findings, keys):
    """Record an editor's acknowledgement of the contradictions among `findings` whose key is in `keys`."""
    wanted = [f for f in findings if f.contradicts and f.key in set(keys)]
    if not wanted:
        return []
    if not can_publish(user):
        raise PermissionDenied("Only editors can acknowledge a contradiction with the record.")
    done = set(article.factcheck_acknowledgements.values_list("key", flat=True))
    created = [
        FactCheckAcknowledgement.objects.create(
            article=article, key=f.key, rule=f.rule, claim=f.claim[:300], record=f"{f.record} (source: {f.source})",
            user=recorded(user),
        )
        for f in wanted
        if f.key not in done
    ]
    return created


def article_factcheck_gate(*, article, user, acknowledge=()):
    """Before a story is (or stays) published: acknowledge what the editor ticked, refuse if any contradiction is
    still unacknowledged. Drafts and stories in review are never held up."""
    if article.status != Article.Status.PUBLISHED:
        return
    findings = check_article(article)
    if not any(f.contradicts for f in findings):
        return
    article_factcheck_acknowledge(article=article, user=user, findings=findings, keys=acknowledge)
    keys = set(article.factcheck_acknowledgements.values_list("key", flat=True))
    missing = unacknowledged(findings, keys)
    if missing:
        raise UnacknowledgedContradictions(missing)
