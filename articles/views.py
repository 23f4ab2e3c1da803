import datetime

from django.conf import settings
from django.db.models import Prefetch, Q
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from resolutions.models import Ambassador, ChairYear, Resolution

from .filters import MAX_QUERY_LENGTH, ArticleFilter
from .models import Article
from .search import search_articles
from .templatetags.renditions import rendition_url


class HomeView(ListView):
    """The lead story, the latest news, and the recent ASEAN chair years."""

    template_name = "articles/home.html"

    def get_queryset(self):
        return Article.objects.published().for_listing()[:13]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stories = list(context["object_list"])
        context["lead"], context["latest"] = (stories[0], stories[1:]) if stories else (None, [])
        context["chair_years"] = ChairYear.objects.select_related("chair").filter(
            year__lte=timezone.localdate().year
        )[:6]
        return context


class ArticleListView(FilterView):
    """/news/: stories filtered by chair year, resolution, ambassador, section, tag, author, dates and words."""

    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        cleaned = getattr(form, "cleaned_data", {})
        context["active_filters"] = [
            {
                "name": name,
                "label": form.fields[name].label,
                "value": display_value(cleaned[name]),
                "raw": self.filterset.data.get(name),
                "hidden": form[name].is_hidden,  # kept in the form as a hidden input, shown as a removable chip
                "remove_url": self.url_without(name),
            }
            for name in form.fields
            if cleaned.get(name) not in (None, "") and name not in form.errors
        ]
        context["filter_errors"] = [
            {
                "name": name,
                "label": form.fields[name].label if name in form.fields else "",
                "errors": errors,
                "remove_url": self.url_without(name),
            }
            for name, errors in form.errors.items()
        ]
        kept = {f["name"]: f["raw"] for f in context["active_filters"]}
        page = context["page_obj"].number if context.get("page_obj") else 1
        if page > 1:
            kept["page"] = page
        context["canonical_path"] = f"{self.request.path}?{urlencode(kept)}" if kept else self.request.path
        return context

    def url_without(self, name):
        """This list's address without one filter (and back to page 1): the filter's "remove" link."""
        params = self.request.GET.copy()
        for key in (name, "page"):
            params.pop(key, None)
        return f"{self.request.path}?{params.urlencode()}" if params else self.request.path


def display_value(value):
    return date_format(value, "j F Y") if isinstance(value, datetime.date) else str(value)


class ArticleDetailView(DetailView):
    """One story. Editors who may change stories preview drafts and scheduled stories here, never cached."""

    def get_queryset(self):
        stories = Article.objects.all() if self.can_preview() else Article.objects.published()
        return stories.for_listing().prefetch_related(
            "tags",
            Prefetch("ambassadors", queryset=Ambassador.objects.select_related("country")),
            Prefetch("resolutions", queryset=Resolution.objects.for_detail()),
        )

    def can_preview(self):
        return self.request.user.has_perm("articles.change_article")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        image = rendition_url(article.hero_image, article.hero_width)
        context["image_url"] = self.request.build_absolute_uri(image) if image else ""
        context["related"] = self.related_stories(article)
        context["show_updated"] = article.updated_at - article.publish_at > datetime.timedelta(hours=1)
        context["structured_data"] = self.structured_data(article, context["image_url"])
        return context

    def structured_data(self, article, image_url):
        """schema.org NewsArticle for search engines: only what the page itself shows."""
        absolute = self.request.build_absolute_uri
        authors = [
            {"@type": "Person", "name": a.name, "url": a.url or absolute(a.get_absolute_url())}
            for a in article.authors.all()
        ]
        if not authors and article.source_name:
            authors = [{"@type": "Organization", "name": article.source_name}]
            if article.source_url:
                authors[0]["url"] = article.source_url
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(article.get_absolute_url())},
            "headline": article.headline,
            "description": article.standfirst,
            "datePublished": article.publish_at.isoformat(),
            "dateModified": max(article.updated_at, article.publish_at).isoformat(),
            "author": authors,
            "publisher": {
                "@type": "Organization",
                "name": settings.SITE_NAME,
                "logo": {"@type": "ImageObject", "url": absolute(static("img/logo.png")), "width": 600, "height": 60},
            },
            "keywords": [tag.name for tag in article.tags.all()],
        }
        if image_url:
            data["image"] = [image_url]
        if article.section:
            data["articleSection"] = article.section.name
        return data

    def related_stories(self, article, count=4):
        """Published stories sharing a resolution, an ambassador, a tag or the chair year; newest first."""
        shared = Q(resolutions__in=[r.pk for r in article.resolutions.all()])
        shared |= Q(ambassadors__in=[a.pk for a in article.ambassadors.all()])
        shared |= Q(tags__in=[t.pk for t in article.tags.all()])
        if article.chair_year_id:
            shared |= Q(chair_year=article.chair_year_id)
        matching = Article.objects.published().filter(shared).exclude(pk=article.pk).values("pk")
        return Article.objects.published().for_listing().filter(pk__in=matching)[:count]

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response


class SearchView(ListView):
    """Stories, resolutions (by symbol or title) and ambassadors (by name) matching the words typed."""

    template_name = "articles/search.html"
    paginate_by = 20

    def get_query(self):
        query = self.request.GET.get("q", "").replace("\x00", "")
        return " ".join(query.split())[:MAX_QUERY_LENGTH]

    def get_queryset(self):
        self.query = self.get_query()
        return search_articles(Article.objects.published(), self.query).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        words = self.query.split()[:10]
        context["query"] = self.query
        context["resolutions"] = context["ambassadors"] = []
        if words:
            titled = Q()
            named = Q()
            for word in words:
                titled &= Q(title__icontains=word)
                named &= Q(full_name__icontains=word) | Q(native_name__icontains=word)
            by_symbol = Resolution.objects.find_symbol(self.query).values("pk")
            context["resolutions"] = Resolution.objects.for_listing().filter(Q(pk__in=by_symbol) | titled)[:10]
            context["ambassadors"] = Ambassador.objects.select_related("country").filter(named)[:10]
        return context
