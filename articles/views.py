import datetime

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from newsroom.cache import narrowed
from newsroom.templatetags.renditions import rendition_url
from pages.structured_data import existing_pages, newsroom_organization
from resolutions.models import ChairYear

from . import story_page
from .facets import chair_year_counts
from .filters import ArticleFilter
from .models import Article
from .permissions import can_change_article
from .record_views import moved_or_gone
from .structured_data import news_article, website


class HomeView(ListView):
    """The lead story, the latest news, and the recent ASEAN chair years."""

    template_name = "articles/home.html"

    def get_queryset(self):
        return Article.objects.published().for_listing()[:13]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stories = list(context["object_list"])
        context["lead"], context["latest"] = (stories[0], stories[1:]) if stories else (None, [])
        context["structured_data"] = website(absolute=self.request.build_absolute_uri)
        context["organization"] = newsroom_organization(existing_pages(), absolute=self.request.build_absolute_uri)
        # Counts from the cache (articles/facets.py): counting the archive per view would scan it.
        counts = chair_year_counts()
        chair_years = list(
            ChairYear.objects.select_related("chair").filter(year__lte=timezone.localdate().year).order_by("-year")[:8]
        )
        for chair_year in chair_years:
            chair_year.story_count = counts.get(chair_year.year, 0)
        context["chair_years"] = chair_years
        return context


class ArticleListView(FilterView):
    """/news/: stories filtered by chair year, resolution, ambassador, section, tag, author, dates and words."""

    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.filterset.set_facet_choices()
        form = self.filterset.form
        cleaned = getattr(form, "cleaned_data", {})
        context["active_filters"] = [
            {
                "name": name,
                "label": form.fields[name].label,
                "value": display_value(cleaned[name]),
                "raw": query_value(form.fields[name], cleaned[name]),
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
        context["filter_summary"] = ", ".join(f["value"] for f in context["active_filters"])
        context["filter_description"] = ", ".join(f"{f['label'].lower()} {f['value']}" for f in context["active_filters"])
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


def query_value(field, value):
    """A cleaned filter value as the query string writes it ("2020", "asean", "2020-11-23"), never as typed."""
    if to_field := getattr(field, "to_field_name", None):
        return str(getattr(value, to_field))
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def display_value(value):
    return date_format(value, "j F Y") if isinstance(value, datetime.date) else str(value)


class ArticleDetailView(DetailView):
    """One story. Editors who may change stories preview drafts and scheduled stories here, never cached.

    Six queries whatever the story links to (articles/story_page.py): the story with its section and chair
    year, its tags, its ambassadors, its fact boxes with their series, its related stories, and the bylines of
    all of them. Every list on the page is bounded by the story's own links, so the page depends on the records
    it shows, not on every story (`narrowed()`, newsroom/cache.py).
    """

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_detail()

    def get(self, request, *args, **kwargs):
        try:
            with narrowed():
                return super().get(request, *args, **kwargs)
        except Http404:
            slug = self.kwargs.get("slug")  # share links (articles/preview.py) have a token instead
            response = moved_or_gone(request, slug) if slug else None
            if response is None:
                raise
            return response

    def get_object(self, queryset=None):
        if queryset is None and not self.request.user.is_authenticated:  # readers: the compiled query
            found = story_page.published_story(slug=self.kwargs["slug"], now=timezone.now())
            if not found:
                raise Http404("No such story.")
            return found[0]
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = story_page.attach_links(self.object)
        context.update(story_page.rail(article, self.request))
        if "authors" not in article._prefetched_objects_cache:  # the related stories came from the cache
            prefetch_related_objects([article], "authors")
        image = rendition_url(article.hero_image, article.hero_width)
        context["image_url"] = self.request.build_absolute_uri(image) if image else ""
        context["show_updated"] = article.modified_at > article.publish_at
        # Every correction marks the story revised, so a story never updated has none: no query for most pages.
        corrections = list(article.corrections.filter(withdrawn_at__isnull=True)) if article.revised_at else []
        context["corrections"] = corrections
        context["edit_url"] = self.get_edit_url()
        context["structured_data"] = news_article(
            article, absolute=self.request.build_absolute_uri, image_url=context["image_url"], corrections=corrections
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        if self.request.user.is_authenticated:
            # Rendered for one signed-in person (the "Edit this story" link): no shared or browser cache keeps it.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def get_edit_url(self):
        """The admin form for staff who may change this story; None for everyone else."""
        user = self.request.user
        if user.is_authenticated and user.is_staff and can_change_article(user, self.object):
            return reverse("admin:articles_article_change", args=[self.object.pk])
        return None

