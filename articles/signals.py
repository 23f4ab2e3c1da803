"""Stories follow the record: a story's derived chair year comes from its linked resolutions and the chair years
on file, so it is refiled whenever they change (`ArticleQuerySet.refile()`, one UPDATE)."""

from django.dispatch import Signal

from .models import Article

# Sent inside the workflow's transaction whenever a story changes status, with `transition` (the
# ArticleTransition just recorded) and `comment` (what an editor wrote when sending it back, else ""). Apps above
# this one (the desk's notifications) connect to it in their AppConfig.ready().
story_moved = Signal()


def refile_stories_of_resolution(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.articles.all().refile()


def refile_stories_of_chair_year(sender, instance, raw=False, **kwargs):
    """A chair year added or changed: stories published that year without a better source now fall under it."""
    if not raw:
        Article.objects.filter(publish_at__year=instance.year).refile()
