"""How many published stories each chair year, section and resolution holds: the news list's facets and the home
page's chair-year counts.

`facet_options()` counts every facet in ONE query (a UNION of grouped counts), each facet under its own
queryset, and keeps the result in the cache under the content state (`newsroom.cache.current_state()`) and the
filters: the counts change exactly when what readers can see changes, by any write to a story or the record
(the content version) or by a scheduled story coming due (the newest visible and next scheduled times), so no
job and no explicit invalidation is needed.
"""

import hashlib
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
CACHE_TIMEOUT = 60 * 60  # the key changes with the content; this only bounds how long old entries linger
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

    With `cache_as` (a text naming the filters, "" for none), the options are kept in the cache under it and the
    content state, and read from there until what readers can see changes: one primary-key read per view.
    """
    key = f"newsroom:facets:{current_state().token}:{hashlib.sha256(cache_as.encode()).hexdigest()[:24]}" if (
        cache_as is not None
    ) else None
    if key and (cached := _cache_get(key)) is not None:
        return cached
    names = list(querysets)
    found = {facet: [] for facet in names}
    for number, *row in union_all([(n, _grouped(names[n], qs)) for n, qs in enumerate(querysets.values())], COLUMNS):
        found[names[number]].append(_option(names[number], *row))
    if key:
        _cache_set(key, found)
    return found


def chair_year_counts():
    """{year: published stories} for every chair year that has any (the home page's list): the unfiltered news
    list's counts, from the same cache entry."""
    everything = Article.objects.published()
    options = facet_options({facet: everything for facet in FACETS}, cache_as="")
    return {int(option.value): option.count for option in options["chair_year"]}


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # a cache server down costs a count, never the page
        logger.warning("cache unavailable for the story counts", exc_info=True)
        return None


def _cache_set(key, value):
    try:
        cache.set(key, value, CACHE_TIMEOUT)
    except Exception:
        logger.warning("cache unavailable for the story counts", exc_info=True)
