"""Sitemaps of the record: the resolution list, every resolution, ambassador and chair year.

The record is small next to the stories, so each sitemap reads its rows in one query and hands the paginator a
list (a queryset would cost a COUNT first).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from .models import Ambassador, ChairYear, Country, Resolution


class RecordListSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["resolutions:list"]

    def location(self, name):
        return reverse(name)


class ResolutionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return list(Resolution.objects.only("slug").order_by("-year", "slug"))


class AmbassadorSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return list(Ambassador.objects.only("slug").order_by("slug"))


class CountrySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return list(Country.objects.only("iso_alpha3").order_by("iso_alpha3"))


class ChairYearSitemap(Sitemap):
    """Dated by the last update of a story readers can see under the year, through the reverse relation."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        stories = ChairYear.articles.field.model.objects.published().filter(chair_year=OuterRef("pk"))
        last_story = stories.order_by("-updated_at").values("updated_at")[:1]
        return list(ChairYear.objects.annotate(last_story=Subquery(last_story)).only("year").order_by("-year"))

    def lastmod(self, chair_year):
        return chair_year.last_story


sitemaps = {
    "record": RecordListSitemap,
    "resolutions": ResolutionSitemap,
    "ambassadors": AmbassadorSitemap,
    "chair-years": ChairYearSitemap,
    "countries": CountrySitemap,
}
