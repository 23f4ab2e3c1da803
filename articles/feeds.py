"""RSS and Atom feeds: the latest stories, and the stories of one ASEAN chair year. Published stories only."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from resolutions.models import ChairYear

from .models import Article, Correction

FEED_LENGTH = 30


class LatestStoriesFeed(Feed):
    description = "The latest stories on UN resolutions, the ambassadors who introduce them and ASEAN chair years."

    def title(self):
        return f"{settings.SITE_NAME}: latest stories"

    def link(self):
        return reverse("articles:home")

    def stories(self):
        return Article.objects.published().for_listing().prefetch_related("tags")

    def items(self):
        return self.stories()[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestStoriesFeed.description


class ChairYearFeed(LatestStoriesFeed):
    def get_object(self, request, year):
        return get_object_or_404(ChairYear.objects.select_related("chair"), year=year)

    def title(self, chair_year):
        return f"{settings.SITE_NAME}: ASEAN chair year {chair_year}"

    def link(self, chair_year):
        return chair_year.get_absolute_url()

    def description(self, chair_year):
        return f"Stories filed under the ASEAN chair year {chair_year}."

    def items(self, chair_year):
        return self.stories().filter(chair_year=chair_year)[:FEED_LENGTH]


class CorrectionsFeed(Feed):
    """Every correction and clarification, newest first: the public record of what we got wrong."""

    description = "Corrections and clarifications to our stories, newest first."

    def title(self):
        return f"{settings.SITE_NAME}: corrections and clarifications"

    def link(self):
        return reverse("articles:corrections")

    def items(self):
        return Correction.objects.shown().select_related("article")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item):
        return item.text

    def item_pubdate(self, item):
        return item.at
