"""How many published stories each chair year, section and resolution holds: the news list's facets and the home
page's chair-year counts.

`facet_options()` counts every facet in ONE query (a UNION of grouped counts), each facet under its own
queryset. Where no filter applies, the counts are those of the whole archive, which `archive_facets()` keeps in
the cache under the content state (`newsroom.cache.current_state()`): they change exactly when what readers
can see changes, by any write to a story or the record (the content version) or by a scheduled story coming
due (the newest visible and next scheduled times), so no job and no explicit invalidation is needed.
"""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import CharField, Count, F, IntegerField, Value
from django.db.models.functions import Cast

from newsroom.cache import current_state
from newsroom.sql import union_all
from resolutions.models import compact_label

from .models import Article

logger = logging.getLogger(__name__)

FACETS = ("chair_year", "section", "resolution")
COLUMNS = ("key", "label", "code", "number", "number2", "stories")
MOST_RESOLUTIONS = 30  # a select of every linked resolution would be unusable; the most covered first
ARCHIVE_TIMEOUT = 60 * 60  # the key changes with the content; this only bounds how long old entries linger
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
    rows = rows.annotate(stories=Count("pk", distinct=True)).order_by(*order).values_list(*COLUMNS)
    return rows[:MOST_RESOLUTIONS] if facet == "resolution" else rows


def _option(facet, key, label, code, number, number2, stories):
    if facet == "chair_year":
        return Option(str(number), f"{number} — {label}", stories)
    if facet == "section":
        return Option(key, label, stories)
    return Option(key, compact_label(year=number, symbol=code, session=number2, title=label), stories)


def facet_options(querysets):
    """{facet: [Option]} for `querysets` ({facet: the stories to count, or None for the whole archive}), in one
    query, plus one read of the content state when the archive's counts are wanted."""
    archive = archive_key = None
    if any(queryset is None for queryset in querysets.values()):
        archive_key = _archive_key()
        archive = _cache_get(archive_key)
    parts = [(n, _grouped(facet, qs)) for n, (facet, qs) in enumerate(querysets.items()) if qs is not None]
    if archive_key and archive is None:  # counted in the same query, then kept for every later view
        everything = Article.objects.published()
        parts += [(len(querysets) + n, _grouped(facet, everything)) for n, facet in enumerate(FACETS)]
    found = {facet: [] for facet in querysets}
    counted = {facet: [] for facet in FACETS}
    names = list(querysets)
    for number, *row in union_all(parts, COLUMNS):
        if number < len(names):
            found[names[number]].append(_option(names[number], *row))
        else:
            facet = FACETS[number - len(names)]
            counted[facet].append(_option(facet, *row))
    if archive_key and archive is None:
        archive = counted
        _cache_set(archive_key, archive)
    for facet, queryset in querysets.items():
        if queryset is None:
            found[facet] = archive[facet]
    return found


def archive_facets():
    """{facet: [Option]} over every published story, from the cache when the content has not changed."""
    return facet_options({facet: None for facet in FACETS})


def chair_year_counts():
    """{year: published stories} for every chair year that has any (the home page's list)."""
    return {int(option.value): option.count for option in archive_facets()["chair_year"]}


def _archive_key():
    return f"newsroom:archive-facets:{current_state().token}"


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # a cache server down costs a count, never the page
        logger.warning("cache unavailable for the archive's story counts", exc_info=True)
        return None


def _cache_set(key, value):
    try:
        cache.set(key, value, ARCHIVE_TIMEOUT)
    except Exception:
        logger.warning("cache unavailable for the archive's story counts", exc_info=True)
