from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from articles.models import Article
from articles.search import results_page
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
        number = self.page_number()
        stories, total = results_page(Article.objects.published().for_listing(), search, number, self.paginate_by)
        if number > 1 and not stories:
            raise Http404("No such page of results.")
        page = Page(stories, number, Paginator(range(total), self.paginate_by))
        found = []
        if number == 1:  # the record heads the first page only
            found = [section for section in fill(sections(), search) if section.total]
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

    def page_number(self):
        number = self.request.GET.get("page") or "1"
        if not (number.isascii() and number.isdigit() and 0 < int(number) < 10**6):
            raise Http404("No such page of results.")
        return int(number)

    def paginate(self, queryset):
        try:
            return Paginator(queryset, self.paginate_by).page(self.page_number())
        except InvalidPage as error:
            raise Http404(str(error)) from error
