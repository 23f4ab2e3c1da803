"""The benchmark's two baselines, routed only by bench.settings."""

from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import Context, Engine

from articles.models import Article

FLOOR_TEMPLATE = Engine(dirs=[Path(__file__).parent]).get_template("floor.html")


def bench_minimal(request):
    """The smallest Django view: what `make bench` compares every page with."""
    return HttpResponse("ok", content_type="text/plain")


def bench_floor(request, slug):
    """The least any story page can do: one query for a published story, a template of a few tags, no base.

    A second baseline: how near to the minimal view a story page could come at all, whatever it shows.
    """
    story = get_object_or_404(Article.objects.published().only("headline", "standfirst", "body_html"), slug=slug)
    return HttpResponse(FLOOR_TEMPLATE.render(Context({"story": story})))
