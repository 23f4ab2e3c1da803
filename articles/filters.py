"""The story list's filters. Every filter starts from `Article.objects.published().for_listing()`."""

import datetime

import django_filters
from django import forms
from django.utils.http import urlencode

from resolutions.models import Ambassador, ChairYear, Resolution
from resolutions.search import parse

from .facets import FACETS, facet_options
from .models import Article, Author, Section, Tag
from .search import search_articles

MAX_QUERY_LENGTH = 200


class DateInput(forms.DateInput):
    """A native date picker; a value that is not a date is not written back (it would be invalid HTML)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class ArticleFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", "The end date is before the start date.")
        return cleaned


def slug_filter(queryset, field_name, label, noun):
    """A filter by slug, carried in the address (links set it); an unknown slug is a clear form error."""
    return django_filters.ModelChoiceFilter(
        queryset=queryset,
        field_name=field_name,
        to_field_name="slug",
        label=label,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": f"There is no {noun} at that address."},
    )


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label="Words", widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH})
    )
    chair_year = django_filters.ModelChoiceFilter(
        queryset=ChairYear.objects.select_related("chair"),
        to_field_name="year",
        label="ASEAN chair year",
        empty_label="Any year",
        error_messages={"invalid_choice": "Choose a chair year from the list."},
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.all(),
        to_field_name="slug",
        label="Section",
        empty_label="Any section",
        error_messages={"invalid_choice": "There is no section at that address."},
    )
    resolution = django_filters.ModelChoiceFilter(
        queryset=Resolution.objects.all(),
        field_name="resolutions",
        to_field_name="slug",
        label="Resolution",
        empty_label="Any resolution",
        error_messages={"invalid_choice": "There is no resolution at that address."},
    )
    ambassador = slug_filter(Ambassador.objects.all(), "ambassadors", "Ambassador", "ambassador")
    tag = slug_filter(Tag.objects.all(), "tags", "Tag", "tag")
    author = slug_filter(Author.objects.all(), "authors", "Author", "author")
    type = django_filters.ChoiceFilter(
        field_name="story_type",
        choices=Article.Type.choices,
        label="Type",
        widget=forms.HiddenInput,  # carried in the address: the label on a story links to its type's list
        error_messages={"invalid_choice": "There is no such type of story."},
    )

    class Meta:
        model = Article
        fields = ()
        form = ArticleFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Article.objects.published().for_listing()
        if data is not None:
            # NUL bytes are never meaningful in a filter; dropping them keeps the rest of the value usable.
            data = data.copy()
            for key, values in list(data.lists()):
                data.setlist(key, [value.replace("\x00", "") for value in values])
        super().__init__(data, queryset=queryset, **kwargs)

    def filter_q(self, queryset, name, value):
        if getattr(self, "_search", None) is None:  # parsed once, however many facets reuse the filter
            self._search = parse(value[:MAX_QUERY_LENGTH])
        return search_articles(queryset, self._search)

    def queryset_without(self, excluded):
        """The stories every valid filter but `excluded` leaves: what that filter's choices are counted over."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def set_facet_choices(self):
        """Offer in the chair-year, section and resolution selects only the values with stories, with their counts,
        each counted under the other filters (so choosing one never leads to an empty list). One query, or none
        while the content and the filters stay the same (searches by words are not kept: rarely asked twice)."""
        active = {}
        if self.is_valid():
            active = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}
        querysets = {facet: self.queryset_without(facet) if set(active) - {facet} else self.queryset for facet in FACETS}
        cache_as = None if "q" in active else urlencode(sorted((n, _as_query(v)) for n, v in active.items()))
        for facet, options in facet_options(querysets, cache_as=cache_as).items():
            field = self.form.fields[facet]
            choices = [option.choice for option in options]
            if facet in active:  # the current choice stays offered, even when the other filters leave it nothing
                selected = str(getattr(active[facet], field.to_field_name))
                if selected not in {value for value, _label in choices}:
                    choices.append((selected, f"{active[facet]} (0)"))
            field.widget.choices = [("", field.empty_label), *choices]  # validation still uses the queryset


def _as_query(value):
    """A filter's cleaned value as text that names it: a date, a slug or a chair year's year, words."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    for name in ("slug", "year"):
        if hasattr(value, name):
            return str(getattr(value, name))
    return str(value)


# "from" is a Python keyword, so the date range filters are attached by their query-string names.
ArticleFilter.base_filters["from"] = django_filters.DateFilter(
    field_name="publish_at",
    lookup_expr="date__gte",
    label="From",
    widget=DateInput,
)
ArticleFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="publish_at",
    lookup_expr="date__lte",
    label="To",
    widget=DateInput,
)
