"""Stories follow the record: a story's derived chair year comes from its linked resolutions and the chair years
on file, so it is refiled whenever they change (`ArticleQuerySet.refile()`, one UPDATE)."""

from .models import Article


def refile_stories_of_resolution(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.articles.all().refile()


def refile_stories_of_chair_year(sender, instance, raw=False, **kwargs):
    """A chair year added or changed: stories published that year without a better source now fall under it."""
    if not raw:
        Article.objects.filter(publish_at__year=instance.year).refile()
