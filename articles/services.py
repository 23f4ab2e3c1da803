"""Multi-step writes on stories. Admin actions and views call these; models stay free of side effects."""

from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def article_publish(*, article, when=None):
    """Publish now, or schedule for `when`. Keeps an earlier publish time if the story was already public."""
    article.status = Article.Status.PUBLISHED
    if when is not None:
        article.publish_at = when
    elif article.publish_at is None or article.publish_at > timezone.now():
        article.publish_at = timezone.now()
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article):
    """Take a story back to draft: it disappears from every public surface at once."""
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status"])
    return article


def article_refresh_chair_year(*, article):
    """Re-derive the chair year after the linked resolutions changed (they are saved after the row)."""
    derived = article.derive_chair_year()
    if derived != article.chair_year:
        Article.objects.filter(pk=article.pk).update(chair_year=derived)
        article.chair_year = derived
    return article
