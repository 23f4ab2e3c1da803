"""Sitemaps for search engines: published stories only, the site's lists, and a Google News sitemap.

The record's pages have their own sitemaps (resolutions/sitemaps.py); the root URLconf serves them together.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

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


class ListsAndStories:
    """The site's lists, then every published story, newest first: what the paginator of `StoriesSitemap` pages
    through. One aggregate gives both how many there are and when a story readers see last changed (the lists'
    lastmod)."""

    lists = ("articles:home", "articles:list", "articles:corrections")

    def __init__(self, stories):
        self.stories = stories

    @cached_property
    def summary(self):
        return self.stories.order_by().aggregate(count=Count("pk"), last=Max("updated_at"))

    def __len__(self):
        return len(self.lists) + self.summary["count"]

    def __getitem__(self, part):
        start, stop = part.start or 0, part.stop
        head = list(self.lists[start:stop])
        skip = max(0, start - len(self.lists))
        return head + list(self.stories[skip : stop - len(self.lists)])


class StoriesSitemap(ArticleSitemap):
    """The home page, the news list and the corrections (daily), then every story (weekly), in one section: two
    queries."""

    def items(self):
        if not hasattr(self, "_lists_and_stories"):  # Django's paginator asks more than once per request
            self._lists_and_stories = ListsAndStories(super().items())
        return self._lists_and_stories

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return self.items().summary["last"] if isinstance(item, str) else item.updated_at

    def changefreq(self, item):
        return "daily" if isinstance(item, str) else "weekly"

    def priority(self, item):
        return 1.0 if isinstance(item, str) else 0.8


sitemaps = {"stories": StoriesSitemap}
