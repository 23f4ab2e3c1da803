"""schema.org NewsArticle data for an article page (JSON-LD), built only from what the page itself shows."""

from django.conf import settings
from django.urls import reverse

from newsroom.structured_data import organization

# The schema.org type of each type of story, and the genre readers see on the label.
ARTICLE_TYPES = {
    "news": "NewsArticle",
    "analysis": "AnalysisNewsArticle",
    "opinion": "OpinionNewsArticle",
    "explainer": "BackgroundNewsArticle",
}


def person(author, *, absolute):
    """schema.org Person: the author page is their `url`; an external profile is `sameAs`."""
    data = {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
    if author.role:
        data["jobTitle"] = author.role
    if author.url:
        data["sameAs"] = [author.url]
    return data


def profile_page(author, *, absolute):
    """schema.org ProfilePage about one author, for their page."""
    data = person(author, absolute=absolute)
    if author.bio:
        data["description"] = author.bio
    return {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": data}


def news_article(article, *, absolute, image_url="", corrections=()):
    """`absolute` turns a path into an absolute URL (`request.build_absolute_uri`); `corrections` are the ones
    the page shows."""
    authors = [person(author, absolute=absolute) for author in article.authors.all()]
    if not authors and article.source_name:
        authors = [{"@type": "Organization", "name": article.source_name}]
        if article.source_url:
            authors[0]["url"] = article.source_url
    data = {
        "@context": "https://schema.org",
        "@type": ARTICLE_TYPES.get(article.story_type, "NewsArticle"),
        "genre": article.get_story_type_display(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(article.get_absolute_url())},
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "author": authors,
        "publisher": organization(absolute=absolute),
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
