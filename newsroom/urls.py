from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from articles.sitemaps import NewsSitemap
from articles.sitemaps import sitemaps as story_sitemaps
from pages.sitemaps import sitemaps as page_sitemaps
from resolutions.sitemaps import sitemaps as record_sitemaps
from resolutions.urls import symbol_permalink

from . import views

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Stories and the diplomatic record"

urlpatterns = [
    path("admin/autosave/", include("autosave.urls")),  # before the admin, whose catch-all would take it
    path("admin/", admin.site.urls),
    path("preview/", include("articles.preview_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {**story_sitemaps, **record_sitemaps, **page_sitemaps}}, name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "articles/sitemap_news.xml"},
        name="sitemap_news",
    ),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("", include("articles.urls")),
    path("", include("resolutions.urls")),
    path("", include("search.urls")),
    path("", include("pages.urls")),
]

if settings.DEBUG or settings.NEWSROOM_SERVE_MEDIA:
    # Uploads on local disk: the development server, and the single-server setup with debug off, where nothing
    # else serves them.
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", views.media, name="media"))

# Last of all: UN symbols as addresses (/A/RES/77/12), which must not shadow any other route.
urlpatterns.append(symbol_permalink)
