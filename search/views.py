from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from articles.models import Article
from articles.search import search_articles, snippets
from resolutions.search import parse, vocabulary

from .sections import SECTION_KEYS, fill, sections
from .suggest import did_you_mean


class SearchView(TemplateView):
    """/search/?q=: the record's sections (their first hits, each with its total and full list) above the stories
    with highlighted passages; `show=<section>` pages through one section of the record. A search that finds
    nothing suggests the nearest names and symbols. A fixed number of queries, whatever is found."""

    template_name = "search/results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = parse(self.request.GET.get("q", ""))
        show = self.request.GET.get("show", "")
        context.update(query=search.text, search=search, show=show if show in SECTION_KEYS else "")
        if not search:
            return context
        context["base_url"] = f"{reverse('search:results')}?{urlencode({'q': search.text})}"
        if context["show"]:
            return self.one_section(context, search)
        return self.everything(context, search)

    def everything(self, context, search):
        stories = search_articles(Article.objects.published().for_listing(), search)
        page = self.paginate(stories)
        found = []
        if page.number == 1:  # the record heads the first page only
            found = [section for section in fill(sections(), search) if section.total]
        if page.object_list:
            passages = snippets([article.pk for article in page.object_list], search)
            for article in page.object_list:
                article.snippet = passages.get(article.pk, "")
        context.update(
            sections=found,
            page_obj=page,
            paginator=page.paginator,
            news_url=f"{reverse('articles:list')}?{urlencode({'q': search.text})}",
        )
        if not found and not page.paginator.count:
            context["suggestion"] = did_you_mean(search, vocabulary())
        return context

    def one_section(self, context, search):
        section = next(section for section in sections() if section.key == context["show"])
        page = self.paginate(section.rows(search))
        section.hits, section.total = [section.hit(row) for row in page.object_list], page.paginator.count
        context.update(section=section, page_obj=page, paginator=page.paginator)
        return context

    def paginate(self, queryset):
        try:
            return Paginator(queryset, self.paginate_by).page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(str(error)) from error
