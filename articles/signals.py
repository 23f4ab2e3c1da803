"""Work that follows a save elsewhere: renditions are made when an image is saved, so page views do no image
work; stories are refiled when a linked resolution's chair year changes, so a derived chair year never goes stale."""

from .renditions import make_renditions


def make_article_renditions(sender, instance, raw=False, **kwargs):
    if not raw and instance.hero_image:
        make_renditions(instance.hero_image, instance.hero_width)


def make_ambassador_renditions(sender, instance, raw=False, **kwargs):
    if not raw and instance.portrait:
        make_renditions(instance.portrait, instance.portrait_width)


def refile_stories_of_resolution(sender, instance, raw=False, **kwargs):
    """A story's derived chair year comes from its linked resolutions: follow them when they change."""
    if not raw:
        instance.articles.all().refile()
