"""Author pages (`/authors/<slug>/`): who writes for the newsroom, their role, and their published stories.

The page lists only the author's own stories, so the page cache keys it on the author and the set of their
stories (`narrowed()`, newsroom/cache.py); publishing, withdrawing or re-bylining one of them purges it.
"""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from newsroom.cache import depends_on, members_of, narrowed

from .models import Author
from .structured_data import profile_page


class AuthorDetailView(ListView):
    """One author and their published stories, newest first, 20 a page, in four queries whatever their number:
    the author, the count, the page's stories with section and chair year, and their bylines."""

    template_name = "articles/author_detail.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        with narrowed():
            self.author = get_object_or_404(Author, slug=kwargs["slug"])
            return super().get(request, *args, **kwargs)

    def get_queryset(self):
        depends_on(members_of(self.author.articles))
        return self.author.articles.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        page = context["page_obj"]
        page.object_list = list(page.object_list)  # read now, inside `narrowed()`, not while the template renders
        if page.number > 1:
            context["canonical_path"] = f"{self.request.path}?page={page.number}"
        context["structured_data"] = profile_page(self.author, absolute=self.request.build_absolute_uri)
        return context
