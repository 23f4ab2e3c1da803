"""The record's part of the results page: resolutions, ambassadors, chair years and countries matching a search.

Each section is one queryset of the same seven columns (`COLUMNS`), so the first few hits of every section and
each section's total come back in ONE query: the sections' querysets, each cut to its first hits with its total
counted by a window function, joined by UNION ALL. A section's full list pages through the same queryset.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, IntegerField, Value, Window
from django.db.models.functions import Cast
from django.urls import reverse

from newsroom.sql import union_all
from resolutions.search import ambassadors_matching, chair_years_matching, countries_matching, resolutions_matching

# The hit's id, then four texts and two numbers whose meaning each section gives.
COLUMNS = ("hit", "text1", "text2", "text3", "text4", "number1", "number2")
NO_TEXT = Value("", output_field=CharField())
NO_NUMBER = Cast(Value(None), IntegerField())  # typed: PostgreSQL reads a bare NULL in a subquery as text
SHOWN = 5


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    code: str = ""  # a UN symbol, shown first
    detail: str = ""


@dataclass
class Section:
    key: str  # its full list is `?show=<key>`
    heading: str
    plural: str  # “All 12 resolutions”
    rows: Callable  # SearchTerms -> a queryset of COLUMNS, in the section's order
    hit: Callable  # a row -> Hit
    hits: list = field(default_factory=list)
    total: int = 0


def _columns(queryset, *expressions):
    names = dict(zip(COLUMNS, (F("pk"), *expressions), strict=True))
    return queryset.annotate(**names).values_list(*COLUMNS)


def resolution_rows(search):
    return _columns(
        resolutions_matching(search), F("title"), F("symbol"), F("slug"), F("draft_symbol"), F("year"), F("session")
    )


def resolution_hit(row):
    pk, title, symbol, slug, draft_symbol, year, session = row
    detail = f"{year}" + (f" · draft {draft_symbol}" if draft_symbol else "")
    return Hit(title=title, url=reverse("resolutions:detail", args=[slug]), code=symbol, detail=detail)


def ambassador_rows(search):
    return _columns(
        ambassadors_matching(search), F("full_name"), F("native_name"), F("slug"), F("country__name"), NO_NUMBER,
        NO_NUMBER,
    )


def ambassador_hit(row):
    pk, name, native_name, slug, country, *_ = row
    detail = " · ".join(part for part in (native_name, country) if part)
    return Hit(title=name, url=reverse("resolutions:ambassador_detail", args=[slug]), detail=detail)


def chair_year_rows(search):
    return _columns(chair_years_matching(search), F("chair__name"), F("theme"), NO_TEXT, NO_TEXT, F("year"), NO_NUMBER)


def chair_year_hit(row):
    pk, chair, theme, _slug, _unused, year, _ = row
    return Hit(title=f"{year}: {chair}", url=reverse("resolutions:chair_year", args=[year]), detail=theme)


def country_rows(search):
    return _columns(
        countries_matching(search), F("name"), F("common_name"), F("iso_alpha2"), F("iso_alpha3"),
        F("asean_joined_year"), NO_NUMBER,
    )


def country_hit(row):
    pk, name, common_name, alpha2, alpha3, joined, _ = row
    title = f"{name} ({common_name})" if common_name and common_name != name else name
    detail = " · ".join(part for part in (alpha3, f"ASEAN member since {joined}" if joined else "") if part)
    return Hit(title=title, url=reverse("resolutions:country_detail", args=[alpha3.lower()]), detail=detail)


def sections():
    """A fresh set of the record's sections, in the order the page shows them."""
    return [
        Section("resolutions", "Resolutions", "resolutions", resolution_rows, resolution_hit),
        Section("ambassadors", "Ambassadors", "ambassadors", ambassador_rows, ambassador_hit),
        Section("chair-years", "ASEAN chair years", "chair years", chair_year_rows, chair_year_hit),
        Section("countries", "Countries", "countries", country_rows, country_hit),
    ]


SECTION_KEYS = [section.key for section in sections()]


def fill(found, search, shown=SHOWN):
    """Set `hits` (the first `shown`) and `total` on every section in `found`, in one query."""
    parts = [
        (number, section.rows(search).annotate(total=Window(Count("*")))[:shown])
        for number, section in enumerate(found)
    ]
    for number, *row, total in union_all(parts, (*COLUMNS, "total")):
        section = found[number]
        section.hits.append(section.hit(row))
        section.total = total
    return found
