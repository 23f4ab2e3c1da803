"""Stories follow the record: a story's derived chair year comes from its linked resolutions and the chair years
on file, so it is refiled whenever they change (`ArticleQuerySet.refile()`, one UPDATE)."""

from django.dispatch import Signal

from newsroom.signals import changed_without_signals

from .models import Article

# Sent inside the workflow's transaction whenever a story changes status, with `transition` (the
# ArticleTransition just recorded) and `comment` (what an editor wrote when sending it back, else ""). Apps above
# this one (the desk's notifications) connect to it in their AppConfig.ready().
story_moved = Signal()


def refile(stories):
    """Refile `stories` in one UPDATE, then purge the pages of those whose chair year changed (an UPDATE sends no
    signal, and a story page that showed no chair year does not depend on the new one)."""
    before = dict(stories.values_list("pk", "chair_year"))
    stories.refile()
    after = dict(Article.objects.filter(pk__in=before).values_list("pk", "chair_year"))
    changed_without_signals(Article, [pk for pk, chair_year in before.items() if after.get(pk) != chair_year])


def refile_stories_of_resolution(sender, instance, raw=False, **kwargs):
    if not raw:
        refile(instance.articles.all())


def refile_stories_of_chair_year(sender, instance, raw=False, **kwargs):
    """A chair year added or changed: stories published that year without a better source now fall under it."""
    if not raw:
        refile(Article.objects.filter(publish_at__year=instance.year))
