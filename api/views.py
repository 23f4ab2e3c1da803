"""The read-only JSON API: plain anonymous GETs (no session, no cookie, one renderer, so no Vary), which the
page cache keeps like any public page. Stories start from `Article.objects.published()`, like every public surface."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets

from articles.models import Article
from resolutions.models import Ambassador, ChairYear, Resolution, Tenure, Vote

from . import serializers
from .filters import StoryFilter


class ResolutionViewSet(viewsets.ReadOnlyModelViewSet):
    """UN resolutions on record: facts, series, co-sponsors, votes, and the source of every value."""

    lookup_field = "slug"

    def get_queryset(self):
        resolutions = Resolution.objects.for_detail().select_related("series").order_by("-year", "-adopted_on", "slug")
        if self.action == "retrieve":
            votes = Vote.objects.select_related("country", "resolution").order_by("country__name")
            resolutions = resolutions.prefetch_related(Prefetch("votes", queryset=votes))
        return resolutions

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ResolutionDetailSerializer
        return serializers.ResolutionSerializer


class AmbassadorViewSet(viewsets.ReadOnlyModelViewSet):
    """Ambassadors with their dated posts and the resolutions they introduced."""

    lookup_field = "slug"
    serializer_class = serializers.AmbassadorSerializer
    queryset = (
        Ambassador.objects.select_related("country")
        .prefetch_related(
            Prefetch("tenures", queryset=Tenure.objects.select_related("country")),
            Prefetch("resolutions_introduced", queryset=Resolution.objects.order_by("-year", "slug")),
        )
        .order_by("full_name", "slug")
    )


class ChairYearViewSet(viewsets.ReadOnlyModelViewSet):
    """ASEAN chair years: the chair, the theme when sourced, and that year's resolutions."""

    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    serializer_class = serializers.ChairYearSerializer
    queryset = (
        ChairYear.objects.select_related("chair")
        .prefetch_related(Prefetch("resolutions", queryset=Resolution.objects.order_by("year", "adopted_on", "slug")))
        .order_by("-year")
    )


class StoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Published stories, newest first; filter by `chair_year`, `resolution` and `ambassador`."""

    lookup_field = "slug"
    filter_backends = (DjangoFilterBackend,)
    filterset_class = StoryFilter

    def get_queryset(self):
        stories = Article.objects.published().for_listing().prefetch_related(
            "tags",
            Prefetch("resolutions", queryset=Resolution.objects.order_by("-year", "slug")),
            Prefetch("ambassadors", queryset=Ambassador.objects.order_by("full_name")),
        )
        if self.action == "retrieve":
            stories = stories.defer(None)
        return stories

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.StoryDetailSerializer
        return serializers.StorySerializer


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, as JSON only: one renderer, so the answer does not vary by Accept and stays cacheable."""

    renderer_classes = [OpenApiJsonRenderer]

