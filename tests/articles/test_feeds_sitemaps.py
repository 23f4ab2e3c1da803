"""Feeds (RSS, Atom, per chair year), the sitemap, and the Google News sitemap."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_rss_feed_lists_published_stories_with_dates_authors_and_standfirst(client, story):
    story.authors.add(AuthorFactory(name="Minh Tran"))
    response = client.get(reverse("articles:feed_latest"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    item = channel.find("item")
    assert item.findtext("title") == story.headline
    assert item.findtext("link") == f"http://testserver{story.get_absolute_url()}"
    assert item.findtext("description") == "A record 110 co-sponsors."
    assert item.findtext("pubDate")
    assert "Lan Pham, Minh Tran" in item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert [c.text for c in item.findall("category")] == ["ASEAN"]


def test_atom_feed_has_published_and_updated_dates(client, story):
    response = client.get(reverse("articles:feed_latest_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == story.headline
    assert entry.findtext(f"{ATOM}published").startswith(story.publish_at.date().isoformat())
    assert entry.findtext(f"{ATOM}updated")
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Lan Pham"
    assert entry.findtext(f"{ATOM}summary") == "A record 110 co-sponsors."


def test_chair_year_feed_lists_only_that_years_stories(client, story, chair_2022):
    other = ArticleFactory(headline="Another year", chair_year_override=chair_2022)
    content = client.get(reverse("articles:feed_chair_year", kwargs={"year": 2020})).content.decode()
    assert story.headline in content and other.headline not in content
    assert "ASEAN chair year 2020 — Viet Nam" in content


@pytest.mark.parametrize("year", [1999, 99999999999999999999])
def test_feed_for_an_unknown_chair_year_is_404(client, chair_2020, year):
    assert client.get(f"/feeds/chair/{year}/").status_code == 404


def test_sitemap_lists_stories_with_lastmod_and_the_record(client, story, filing):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    base = "http://testserver"
    assert urls[base + story.get_absolute_url()] == story.updated_at.date().isoformat()
    assert base + filing["resolution"].get_absolute_url() in urls
    assert base + filing["ambassador"].get_absolute_url() in urls
    assert urls[base + filing["chair_year"].get_absolute_url()] == story.updated_at.date().isoformat()
    assert base + reverse("articles:home") in urls
    assert base + reverse("articles:corrections") in urls
    assert base + reverse("resolutions:list") in urls


def test_news_sitemap_lists_the_last_two_days(client, story):
    old = ArticleFactory(headline="Last week", publish_at=timezone.now() - dt.timedelta(days=7))
    response = client.get("/sitemap-news.xml")
    root = ET.fromstring(response.content)
    entries = list(root.iter(f"{SITEMAP}url"))
    assert [e.findtext(f"{SITEMAP}loc") for e in entries] == [f"http://testserver{story.get_absolute_url()}"]
    news = entries[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}name") == "The Diplomatic Desk"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}publication_date") == story.publish_at.isoformat()
    assert news.findtext(f"{NEWS}title") == story.headline
    assert old.slug not in response.content.decode()


def test_news_sitemap_escapes_headlines(client, db):
    ArticleFactory(headline="Trade & <security>")
    root = ET.fromstring(client.get("/sitemap-news.xml").content)  # parses: the XML is well formed
    assert root.find(f".//{NEWS}title").text == "Trade & <security>"
