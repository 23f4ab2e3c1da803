"""Sitemaps for search engines: published stories only, plus the record's pages and a Google News sitemap."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from resolutions.models import Ambassador, ChairYear, Resolution

from .models import Article, published_q


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


class ResolutionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Resolution.objects.only("slug").order_by("-year", "slug")


class AmbassadorSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Ambassador.objects.only("slug").order_by("slug")


class ChairYearSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        visible = published_q("articles__")
        return ChairYear.objects.annotate(last_story=Max("articles__updated_at", filter=visible)).order_by("-year")

    def lastmod(self, chair_year):
        return chair_year.last_story


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:home", "articles:list", "resolutions:list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name not in ("articles:home", "articles:list"):
            return None
        if not hasattr(self, "_last_story"):
            self._last_story = Article.objects.published().aggregate(last=Max("updated_at"))["last"]
        return self._last_story


sitemaps = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "resolutions": ResolutionSitemap,
    "ambassadors": AmbassadorSitemap,
    "chair-years": ChairYearSitemap,
}
