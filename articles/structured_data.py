"""schema.org NewsArticle data for an article page (JSON-LD), built only from what the page itself shows."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

LOGO = ("img/logo.png", 600, 60)  # Google asks for a publisher logo no larger than 600x60


def news_article(article, *, absolute, image_url="", corrections=()):
    """`absolute` turns a path into an absolute URL (`request.build_absolute_uri`); `corrections` are the ones
    the page shows."""
    authors = [
        {"@type": "Person", "name": author.name, "url": author.url or absolute(author.get_absolute_url())}
        for author in article.authors.all()
    ]
    if not authors and article.source_name:
        authors = [{"@type": "Organization", "name": article.source_name}]
        if article.source_url:
            authors[0]["url"] = article.source_url
    logo, width, height = LOGO
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(article.get_absolute_url())},
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "logo": {"@type": "ImageObject", "url": absolute(static(logo)), "width": width, "height": height},
        },
        "keywords": [tag.name for tag in article.tags.all()],
    }
    if image_url:
        data["image"] = [image_url]
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": correction.text, "datePublished": correction.at.isoformat()}
            for correction in corrections
        ]
    if article.section:
        data["articleSection"] = article.section.name
    return data


def website(*, absolute):
    """schema.org WebSite with the site search, for the front page."""
    search = absolute(reverse("search:results"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute(reverse("articles:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
