"""Sitemaps for search engines: published stories only, the site's lists, and a Google News sitemap.

The record's pages have their own sitemaps (resolutions/sitemaps.py); the root URLconf serves them together.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "publish_at").order_by("-publish_at", "-id")

    def lastmod(self, article):
        return article.updated_at


class NewsSitemap(ArticleSitemap):
    """Google News: the stories published in the last two days (rendered by `articles/sitemap_news.xml`)."""

    limit = 1000

    def items(self):
        since = timezone.now() - datetime.timedelta(days=2)
        return Article.objects.published().filter(publish_at__gte=since).only("slug", "headline", "updated_at", "publish_at")


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:home", "articles:list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if not hasattr(self, "_last_story"):
            self._last_story = Article.objects.published().aggregate(last=Max("updated_at"))["last"]
        return self._last_story


sitemaps = {"pages": StaticSitemap, "articles": ArticleSitemap}
