import django_filters

from articles.models import Article


class StoryFilter(django_filters.FilterSet):
    """The news list's filters, by the same slugs: a bad value is a 400 that says why, never a 500."""

    chair_year = django_filters.NumberFilter(
        field_name="chair_year__year", min_value=1, max_value=9999, help_text="A chair year, e.g. 2020."
    )
    resolution = django_filters.CharFilter(
        field_name="resolutions__slug", distinct=True, max_length=200, help_text="A resolution's slug."
    )
    ambassador = django_filters.CharFilter(
        field_name="ambassadors__slug", distinct=True, max_length=150, help_text="An ambassador's slug."
    )

    class Meta:
        model = Article
        fields = ("chair_year", "resolution", "ambassador")
