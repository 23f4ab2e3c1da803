from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from articles.sitemaps import NewsSitemap
from articles.sitemaps import sitemaps as story_sitemaps
from resolutions.sitemaps import sitemaps as record_sitemaps

from . import views

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Stories and the diplomatic record"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("preview/", include("articles.preview_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {**story_sitemaps, **record_sitemaps}}, name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "articles/sitemap_news.xml"},
        name="sitemap_news",
    ),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("articles.urls")),
    path("", include("resolutions.urls")),
    path("", include("search.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
