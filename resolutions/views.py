"""Readers' pages for the diplomatic record: resolutions, their series, ambassadors and ASEAN chair years.

Every page runs a fixed number of queries whatever the size of the record. The stories about a record are
reached through its reverse relation (`resolution.articles`), whose `published()` is the stories' own rule.

The detail pages list only what belongs to the record they show (its editions, tenures, stories), so the page
cache keys them on the records they load, not on every resolution or story (`narrowed()`, newsroom/cache.py).
"""

import datetime as dt

from django.db.models import Count, Max, Min, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from newsroom.cache import depends_on, members_of, narrowed

from .charts import cosponsor_chart
from .models import Ambassador, ChairYear, Resolution, ResolutionSeries, Tenure

# The int converter accepts any number of digits; a year past this is no chair year, and asking the
# database about it would overflow PostgreSQL's smallint (a 500) instead of giving a 404.
MAX_YEAR = 9999


def edition_order(edition):
    return (edition.year, edition.adopted_on or dt.date(edition.year, 12, 31), edition.pk)


def editions_with_counts():
    """Editions of a series with their listed co-sponsors counted, so `cosponsors_total` costs no query."""
    return Resolution.objects.annotate(listed_cosponsors=Count("co_sponsors", distinct=True))


class NarrowedMixin:
    """A record's page whose lists are all bounded by the record (newsroom.cache.narrowed)."""

    def get(self, request, *args, **kwargs):
        with narrowed():
            return super().get(request, *args, **kwargs)


class StoriesMixin:
    """The published stories about a record, capped, with a link to the full filtered list when there are more."""

    stories_shown = 10

    def stories_context(self, stories, filter_name, filter_value):
        depends_on(members_of(stories))  # this record's stories, for the page cache
        stories = list(stories.published().for_listing()[: self.stories_shown + 1])
        more_url = None
        if len(stories) > self.stories_shown:
            more_url = f"{reverse('articles:list')}?{urlencode({filter_name: filter_value})}"
        return {"stories": stories[: self.stories_shown], "more_stories_url": more_url}


class ResolutionListView(ListView):
    # Explicit order: Meta.ordering is dropped from for_listing()'s GROUP BY query.
    queryset = Resolution.objects.for_listing().order_by("-year", "-adopted_on", "title", "pk")
    paginate_by = 50


class ResolutionDetailView(NarrowedMixin, StoriesMixin, DetailView):
    queryset = Resolution.objects.for_detail()

    def get_context_data(self, **kwargs):
        resolution = self.object
        editions = sorted(resolution.series.editions, key=edition_order) if resolution.series else []
        position = next((i for i, edition in enumerate(editions) if edition.pk == resolution.pk), None)
        context = {
            "editions": editions,
            "chart": cosponsor_chart(editions, current=resolution) if len(editions) > 1 else None,
            "previous_edition": editions[position - 1] if position else None,
            "next_edition": editions[position + 1] if position is not None and position + 1 < len(editions) else None,
            "json_ld": self.json_ld(resolution),
            **self.stories_context(resolution.articles, "resolution", resolution.slug),
        }
        return super().get_context_data(**context, **kwargs)

    def json_ld(self, resolution):
        """schema.org Legislation: only facts the record holds (no date when only the year is known)."""
        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": resolution.title,
            "legislationType": "resolution",
            "legislationPassedBy": {"@type": "Organization", "name": f"United Nations {resolution.get_organ_display()}"},
            "url": self.request.build_absolute_uri(resolution.get_absolute_url()),
        }
        if resolution.symbol:
            data["legislationIdentifier"] = resolution.symbol
        if resolution.adopted_on:
            data["legislationDate"] = resolution.adopted_on.isoformat()
        if resolution.document_url:
            data["sameAs"] = resolution.document_url
        if resolution.series:
            data["isPartOf"] = {
                "@type": "CreativeWorkSeries",
                "name": resolution.series.title,
                "url": self.request.build_absolute_uri(resolution.series.get_absolute_url()),
            }
        return data


class SeriesDetailView(NarrowedMixin, DetailView):
    model = ResolutionSeries

    def get_queryset(self):
        editions = editions_with_counts().order_by("year", "adopted_on", "pk")
        return ResolutionSeries.objects.prefetch_related(Prefetch("resolutions", queryset=editions, to_attr="editions"))

    def get_context_data(self, **kwargs):
        editions = self.object.editions
        chart = cosponsor_chart(editions) if editions else None
        return super().get_context_data(chart=chart, editions=editions, **kwargs)


class AmbassadorDetailView(NarrowedMixin, StoriesMixin, DetailView):
    queryset = Ambassador.objects.select_related("country").prefetch_related(
        Prefetch("tenures", queryset=Tenure.objects.select_related("country")),
        Prefetch("resolutions_introduced", queryset=Resolution.objects.select_related("chair_year__chair")),
    )

    def get_context_data(self, **kwargs):
        ambassador = self.object
        stories = self.stories_context(ambassador.articles, "ambassador", ambassador.slug)
        return super().get_context_data(**stories, **kwargs)


class ChairYearDetailView(StoriesMixin, DetailView):
    queryset = ChairYear.objects.select_related("chair")
    stories_shown = 12

    def get_object(self, queryset=None):
        year = self.kwargs["year"]
        if year > MAX_YEAR:
            raise Http404("No such chair year.")
        with narrowed():
            return get_object_or_404(self.get_queryset() if queryset is None else queryset, year=year)

    def get_context_data(self, **kwargs):
        chair_year = self.object
        year = chair_year.year
        # Over every chair year: a new one changes this page's neighbours.
        neighbours = ChairYear.objects.aggregate(
            previous=Max("year", filter=Q(year__lt=year)), next=Min("year", filter=Q(year__gt=year))
        )
        with narrowed():
            context = {
                "previous_year": neighbours["previous"],
                "next_year": neighbours["next"],
                "resolutions": list(chair_year.resolutions.for_listing().order_by("year", "adopted_on", "title")),
                "feed_url": reverse("articles:feed_chair_year", kwargs={"year": year}),
                **self.stories_context(chair_year.articles, "chair_year", year),
            }
        return super().get_context_data(**context, **kwargs)
