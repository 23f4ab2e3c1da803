"""The story list's filters. Every filter starts from `Article.objects.published().for_listing()`."""

import datetime

import django_filters
from django import forms

from resolutions.models import Ambassador, ChairYear, Resolution

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
    resolution = slug_filter(Resolution.objects.all(), "resolutions", "Resolution", "resolution")
    ambassador = slug_filter(Ambassador.objects.all(), "ambassadors", "Ambassador", "ambassador")
    tag = slug_filter(Tag.objects.all(), "tags", "Tag", "tag")
    author = slug_filter(Author.objects.all(), "authors", "Author", "author")

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
        return search_articles(queryset, value[:MAX_QUERY_LENGTH])


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
