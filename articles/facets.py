"""How many published stories each chair year, section and resolution holds: the news list's facets and the home
page's chair-year counts.

`facet_options()` counts every facet in ONE query (a UNION of grouped counts), each facet under its own
queryset, and keeps the result with the page cache (`newsroom.cache.value()`), under the filters and by what
the query read: any write to a story or the record it counts, or a scheduled story coming due, purges it like a
page, so no job and no explicit invalidation is needed.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import CharField, Count, F, IntegerField, Value
from django.db.models.functions import Cast

from newsroom.cache import value as cache_value
from newsroom.sql import union_all
from resolutions.models import compact_label

from .models import Article

FACETS = ("chair_year", "section", "resolution")
COLUMNS = ("key", "label", "code", "number", "number2", "stories")
MOST_RESOLUTIONS = 30  # a select of every linked resolution would be unusable; the most covered first
NO_TEXT = Value("", output_field=CharField())
NO_NUMBER = Cast(Value(None), IntegerField())  # typed: PostgreSQL reads a bare NULL in a subquery as text


@dataclass(frozen=True)
class Option:
    value: str  # as the query string writes it: "2020", "diplomacy", "asean-un-2020"
    label: str
    count: int

    @property
    def choice(self):
        return (self.value, f"{self.label} ({self.count})")


def _grouped(facet, queryset):
    stories = queryset.order_by().prefetch_related(None)
    if facet == "chair_year":
        rows = stories.filter(chair_year__isnull=False).values(
            key=NO_TEXT, label=F("chair_year__chair__name"), code=NO_TEXT, number=F("chair_year__year"),
            number2=NO_NUMBER,
        )
        order = ["-number"]
    elif facet == "section":
        rows = stories.filter(section__isnull=False).values(
            key=F("section__slug"), label=F("section__name"), code=NO_TEXT, number=NO_NUMBER, number2=NO_NUMBER
        )
        order = ["label"]
    else:
        rows = stories.filter(resolutions__isnull=False).values(
            key=F("resolutions__slug"), label=F("resolutions__title"), code=F("resolutions__symbol"),
            number=F("resolutions__year"), number2=F("resolutions__session"),
        )
        order = ["-stories", "-number", "label"]
    # Count("*"): each story is one row per value (a filter on a link matches one row), and the chair-year and
    # section counts can then be read from their partial indexes alone.
    rows = rows.annotate(stories=Count("*")).order_by(*order).values_list(*COLUMNS)
    return rows[:MOST_RESOLUTIONS] if facet == "resolution" else rows


def _option(facet, key, label, code, number, number2, stories):
    if facet == "chair_year":
        return Option(str(number), f"{number} — {label}", stories)
    if facet == "section":
        return Option(key, label, stories)
    return Option(key, compact_label(year=number, symbol=code, session=number2, title=label), stories)


def facet_options(querysets, cache_as=None):
    """{facet: [Option]} for `querysets` ({facet: the stories to count}), in one query.

    With `cache_as` (a text naming the filters, "" for none), the options are kept with the page cache under it,
    until a change to what they counted purges them.
    """

    def count():
        names = list(querysets)
        found = {facet: [] for facet in names}
        grouped = [(n, _grouped(names[n], qs)) for n, qs in enumerate(querysets.values())]
        for number, *row in union_all(grouped, COLUMNS):
            found[names[number]].append(_option(names[number], *row))
        return found

    if cache_as is None:
        return count()
    return cache_value(f"facets:{hashlib.sha256(cache_as.encode()).hexdigest()[:24]}", count)


def chair_year_counts():
    """{year: published stories} for every chair year that has any (the home page's list): the unfiltered news
    list's counts, from the same cache entry."""
    everything = Article.objects.published()
    options = facet_options({facet: everything for facet in FACETS}, cache_as="")
    return {int(option.value): option.count for option in options["chair_year"]}
