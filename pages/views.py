from django.http import Http404
from django.views.generic import DetailView

from .models import Page
from .structured_data import newsroom_organization


class PageDetailView(DetailView):
    """One of the newsroom's pages about itself, with the organisation's JSON-LD naming every policy page that
    exists: one query, since there are only a handful of pages."""

    model = Page

    def get_object(self, queryset=None):
        self.pages = {page.slug: page for page in Page.objects.all()}
        if self.kwargs["slug"] not in self.pages:
            raise Http404("No such page.")
        return self.pages[self.kwargs["slug"]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = newsroom_organization(self.pages, absolute=self.request.build_absolute_uri)
        return context
