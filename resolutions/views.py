from django.views.generic import DetailView, ListView

from .models import Ambassador, ChairYear, Resolution, ResolutionSeries


class ResolutionListView(ListView):
    queryset = Resolution.objects.for_listing()


class ResolutionDetailView(DetailView):
    queryset = Resolution.objects.for_detail()


class SeriesDetailView(DetailView):
    model = ResolutionSeries


class AmbassadorDetailView(DetailView):
    queryset = Ambassador.objects.select_related("country").prefetch_related("tenures__country")


class ChairYearDetailView(DetailView):
    queryset = ChairYear.objects.select_related("chair")
    slug_field = "year"
    slug_url_kwarg = "year"
