from django.contrib.sitemaps import Sitemap

from .models import Page, page_url


class PageSitemap(Sitemap):
    """The newsroom's pages, by their fixed addresses: no query (every purpose has its page; pages/models.py)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return list(Page.Purpose.values)

    def location(self, slug):
        return page_url(slug)


sitemaps = {"pages": PageSitemap}
