"""The public record of what changed: where a story that readers no longer see sends them (301), the notice of a
withdrawn story (410), and the list of every correction."""

from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.views.generic import ListView

from .models import Article, Correction
from .redirects import destination


def moved_or_gone(request, slug):
    """The answer at a story address that shows readers no story: a 301 to where it points, a short 410 notice
    for a withdrawn story, or None (the caller's 404)."""
    target = destination(slug)
    if target is not None:
        return HttpResponsePermanentRedirect(target.get_absolute_url())
    withdrawn = Article.objects.active().filter(slug=slug, status=Article.Status.WITHDRAWN).first()
    if withdrawn is not None:
        return TemplateResponse(request, "articles/article_gone.html", {"story": withdrawn}, status=410)
    return None


class CorrectionListView(ListView):
    """/corrections/: every correction and clarification on stories readers see, newest first."""

    template_name = "articles/correction_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Correction.objects.shown().select_related("article")
