"""Renditions are made when an image is saved, so that page views do no image work."""

from .renditions import make_renditions


def make_article_renditions(sender, instance, raw=False, **kwargs):
    if not raw and instance.hero_image:
        make_renditions(instance.hero_image, instance.hero_width)


def make_ambassador_renditions(sender, instance, raw=False, **kwargs):
    if not raw and instance.portrait:
        make_renditions(instance.portrait, instance.portrait_width)
