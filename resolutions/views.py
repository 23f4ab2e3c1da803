"""Readers' pages for the diplomatic record: resolutions, their series, ambassadors and ASEAN chair years.

Every page runs a fixed number of queries whatever the size of the record. The stories about a record are
reached through its reverse relation (`resolution.articles`), whose `published()` is the stories' own rule.

The detail pages list only what belongs to the record they show (its editions, tenures, stories), so the page
cache keys them on the records they load, not on every resolution or story (`narrowed()`, newsroom/cache.py).
"""

import csv
import datetime as dt

from django.db.models import Count, Max, Min, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from newsroom.cache import depends_on, members_of, narrowed

from .charts import cosponsor_chart
from .models import Ambassador, ChairYear, Country, Resolution, ResolutionSeries, Tenure, Vote, normalise_symbol

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


def member_votes(resolution):
    """Every member's vote, ASEAN members (on the adoption day) first and marked, then the rest by name.
    Only a recorded vote has them, so other resolutions cost no query."""
    if resolution.adoption_method != Resolution.Method.RECORDED_VOTE:
        return []
    day = resolution.adoption_day
    rows = [(vote, vote.country.was_asean_member_on(day)) for vote in resolution.votes.select_related("country")]
    return sorted(rows, key=lambda row: (not row[1], row[0].country.name))


class ResolutionDetailView(NarrowedMixin, StoriesMixin, DetailView):
    queryset = Resolution.objects.for_detail()

    def get_context_data(self, **kwargs):
        resolution = self.object
        editions = sorted(resolution.series.editions, key=edition_order) if resolution.series else []
        position = next((i for i, edition in enumerate(editions) if edition.pk == resolution.pk), None)
        context = {
            "member_votes": member_votes(resolution),
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


class CountryDetailView(DetailView):
    """A member state: its codes, ASEAN membership, and its position on every edition of each series."""

    model = Country

    def get(self, request, *args, **kwargs):
        code = self.kwargs["code"]
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if code != self.object.iso_alpha3.lower():
            return HttpResponsePermanentRedirect(canonical)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_object(self, queryset=None):
        code = self.kwargs["code"].upper()
        field = {2: "iso_alpha2", 3: "iso_alpha3"}.get(len(code))
        if field is None or not code.isalpha():
            raise Http404("No such country code.")
        return get_object_or_404(Country, **{field: code})

    def get_context_data(self, **kwargs):
        country = self.object
        votes = {
            vote.resolution_id: vote
            for vote in Vote.objects.filter(country=country).select_related("resolution__series")
        }
        editions = editions_with_counts().order_by("year", "adopted_on", "pk")
        series = [
            (one, [(edition, votes.get(edition.pk)) for edition in one.editions])
            for one in ResolutionSeries.objects.prefetch_related(Prefetch("resolutions", editions, to_attr="editions"))
            if one.editions
        ]
        other_votes = sorted(
            (vote for vote in votes.values() if vote.resolution.series_id is None),
            key=lambda vote: (vote.resolution.adoption_day, vote.resolution.pk),
            reverse=True,
        )
        context = {
            "series_votes": series,
            "other_votes": other_votes,
            "cosponsored": country.cosponsored.for_listing().order_by("-year", "title"),
        }
        return super().get_context_data(**context, **kwargs)


def symbol_permalink(request, symbol):
    """/A/RES/77/12 in any case, and draft symbols: a permanent redirect to the resolution's page.

    The route comes last and only takes symbol-shaped paths; an address without its trailing slash that another
    page answers with one goes there, as Django's APPEND_SLASH would have sent it.
    """
    resolution = Resolution.objects.for_permalink(symbol)
    if resolution is not None:
        return HttpResponsePermanentRedirect(resolution.get_absolute_url())
    if not request.path_info.endswith("/"):
        try:
            match = resolve(f"{request.path_info}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not symbol_permalink:
            return redirect(f"{request.path}/", permanent=True)
    context = {"symbol": normalise_symbol(symbol), "search_url": f"{reverse('search:results')}?{urlencode({'q': normalise_symbol(symbol)})}"}
    return render(request, "resolutions/symbol_not_found.html", context, status=404)


CSV_COLUMNS = (
    "year", "symbol", "draft_symbol", "title", "organ", "session", "agenda_item", "adopted_on", "meeting",
    "adoption_method", "vote_note", "votes_yes", "votes_no", "votes_abstain", "votes_non_voting",
    "co_sponsors", "co_sponsors_named", "chair_year", "chair", "introduced_by", "introduced_on_behalf_of",
    "document_url", "undl_url", "page_url", "sources",
)


def spreadsheet_safe(value):
    """A cell a spreadsheet will not run as a formula (text starting with =, +, -, @ gets a leading apostrophe)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return "" if value is None else value


def series_csv(request, slug):
    """Every edition of a series as CSV, one row each, with the facts and sources its pages show."""
    editions = (
        editions_with_counts()
        .select_related("chair_year__chair", "introduced_by")
        .prefetch_related("co_sponsors")
        .order_by("year", "adopted_on", "pk")
    )
    series = get_object_or_404(
        ResolutionSeries.objects.prefetch_related(Prefetch("resolutions", editions, to_attr="editions")), slug=slug
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{series.slug}-editions.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for edition in series.editions:
        row = {
            "year": edition.year,
            "symbol": edition.symbol,
            "draft_symbol": edition.draft_symbol,
            "title": edition.title,
            "organ": edition.get_organ_display(),
            "session": edition.session,
            "agenda_item": edition.agenda_item,
            "adopted_on": edition.adopted_on.isoformat() if edition.adopted_on else "",
            "meeting": edition.meeting,
            "adoption_method": edition.get_adoption_method_display() if edition.adoption_method else "",
            "vote_note": edition.vote_note,
            "votes_yes": edition.votes_yes,
            "votes_no": edition.votes_no,
            "votes_abstain": edition.votes_abstain,
            "votes_non_voting": edition.votes_non_voting,
            "co_sponsors": edition.cosponsors_total,
            "co_sponsors_named": "; ".join(country.name for country in edition.co_sponsors.all()),
            "chair_year": edition.chair_year.year if edition.chair_year else "",
            "chair": edition.chair_year.chair.name if edition.chair_year else "",
            "introduced_by": edition.introduced_by.full_name if edition.introduced_by else "",
            "introduced_on_behalf_of": edition.introduced_on_behalf_of,
            "document_url": edition.official_document_url,
            "undl_url": edition.undl_url,
            "page_url": request.build_absolute_uri(edition.get_absolute_url()),
            "sources": " | ".join(text for text, _ in edition.source_list),
        }
        writer.writerow([spreadsheet_safe(row[column]) for column in CSV_COLUMNS])
    return response
