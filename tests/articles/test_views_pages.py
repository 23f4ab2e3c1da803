"""The readers' pages: front page, article, search, and the error pages."""

import datetime as dt
import json
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ChairYearFactory,
)

pytestmark = pytest.mark.django_db


def json_ld(response):
    match = re.search(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.DOTALL)
    assert match, "the page has no JSON-LD"
    return json.loads(match.group(1))


# Front page


def test_home_shows_the_lead_story_and_the_latest(client, story):
    older = ArticleFactory(headline="An older story", publish_at=timezone.now() - dt.timedelta(days=5))
    response = client.get(reverse("articles:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="lead-headline"' in html
    lead = html.split('id="lead-headline"')[1].split("</h2>")[0]
    assert story.headline in lead
    assert older.headline in html.split('id="latest-heading"')[1]


def test_home_links_the_recent_chair_years(client, chair_2020, chair_2022):
    ChairYearFactory(year=timezone.now().year + 1)  # next year's chair is not "recent" yet
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    assert f'href="{reverse("resolutions:chair_year", kwargs={"year": 2020})}"' in response.content.decode()
    assert f'href="{reverse("resolutions:chair_year", kwargs={"year": 2022})}"' in response.content.decode()
    assert f'/chair/{timezone.now().year + 1}/' not in response.content.decode()
    assert [year.year for year in response.context["chair_years"]] == [2022, 2020]  # the most recent first


def test_home_without_stories_says_so(client, db):
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    assert "No stories have been published yet." in response.content.decode()


# Article page


def test_article_page_shows_the_story_and_its_filing(client, story, filing):
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1 id=\"story-headline\">Viet Nam steers the ASEAN text</h1>" in html
    assert "A record 110 co-sponsors." in html
    assert f'<time datetime="{story.publish_at.replace(microsecond=0).isoformat()}">' in html
    assert '<a href="/authors/lan-pham/" rel="author">Lan Pham</a>' in html
    assert 'href="/news/?tag=asean">ASEAN</a>' in html
    assert f'href="{filing["ambassador"].get_absolute_url()}">Dang Dinh Quy</a>' in html
    assert f'href="{filing["chair_year"].get_absolute_url()}">2020 — Viet Nam</a>' in html
    assert f'href="{filing["resolution"].get_absolute_url()}"' in html  # the fact box
    assert 'class="fact-box"' in html
    assert story.body_html in html


def test_article_page_credits_the_source(client, filing):
    story = ArticleFactory(
        source_name="NewsLax", source_url="https://www.newslax.com/story/", credit_line="Design by NewsLax"
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'Source: <a href="https://www.newslax.com/story/" rel="noopener">NewsLax</a>' in html
    assert "Design by NewsLax" in html


def test_article_body_is_the_sanitised_copy(client, db):
    story = ArticleFactory(body='<p>Fine</p><script>alert("x")</script><p onclick="evil()">Text</p>')
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<p>Fine</p>" in html
    assert 'alert("x")' not in html and "evil()" not in html


def test_article_has_seo_and_social_tags(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    url = f"http://testserver{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Viet Nam steers the ASEAN text">' in html
    assert '<meta name="description" content="A record 110 co-sponsors.">' in html
    assert '<meta name="twitter:card" content="summary">' in html  # no photo: no large card
    assert "<title>Viet Nam steers the ASEAN text | The Diplomatic Desk</title>" in html
    assert 'type="application/rss+xml"' in html and 'href="/feeds/latest/"' in html


def test_article_json_ld_describes_the_news_article(client, story, filing):
    filing["author"].url = "https://example.org/lan"
    filing["author"].save()
    data = json_ld(client.get(story.get_absolute_url()))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["datePublished"] == story.publish_at.isoformat()
    assert data["dateModified"] == story.publish_at.isoformat()  # no significant update or correction yet
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Lan Pham",
            "url": "http://testserver/authors/lan-pham/",
            "sameAs": ["https://example.org/lan"],
        }
    ]
    assert data["publisher"]["name"] == "The Diplomatic Desk"
    assert data["publisher"]["logo"]["url"] == "http://testserver/static/img/logo.png"


def test_json_ld_author_without_a_profile_links_to_their_author_page(client, db):
    story = ArticleFactory()
    story.authors.add(AuthorFactory(name="Minh", slug="minh"))
    data = json_ld(client.get(story.get_absolute_url()))
    assert data["author"] == [{"@type": "Person", "name": "Minh", "url": "http://testserver/authors/minh/"}]


def test_a_headline_cannot_break_out_of_the_json_ld(client, db):
    story = ArticleFactory(headline='Ends </script><script>alert(1)</script> here', standfirst="<!-- & -->")
    response = client.get(story.get_absolute_url())
    assert b"<script>alert(1)" not in response.content
    assert b"<!--" not in response.content
    assert json_ld(response)["headline"] == 'Ends </script><script>alert(1)</script> here'


def test_related_stories_share_the_filing_and_exclude_the_story(client, story, filing):
    sibling = ArticleFactory(headline="Another chair-year story", chair_year_override=filing["chair_year"])
    stranger = ArticleFactory(headline="Unrelated story", chair_year_override=ChairYearFactory(year=2010))
    html = client.get(story.get_absolute_url()).content.decode()
    related = html.split('id="related-heading"')[1]
    assert sibling.headline in related
    assert stranger.headline not in related
    assert story.headline not in related


def test_unknown_article_is_404(client, db):
    assert client.get(reverse("articles:detail", kwargs={"slug": "no-such-story"})).status_code == 404


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_unpublished_story_is_404_for_readers(client, status):
    story = ArticleFactory(status=status)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_scheduled_story_is_404_for_readers(client, db):
    story = ArticleFactory(publish_at=timezone.now() + dt.timedelta(hours=2))
    assert client.get(story.get_absolute_url()).status_code == 404


def test_staff_without_change_permission_cannot_preview(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    client.force_login(user)
    story = ArticleFactory(status=Article.Status.DRAFT)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_editor_previews_a_draft_with_a_banner_and_no_cache(editor_client):
    story = ArticleFactory(headline="Work in progress", status=Article.Status.DRAFT)
    response = editor_client.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft — not public" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    cache = response["Cache-Control"]
    assert "no-cache" in cache and "no-store" in cache and "private" in cache


def test_editor_previews_a_scheduled_story_with_its_time(editor_client):
    when = timezone.now() + dt.timedelta(days=3)
    story = ArticleFactory(publish_at=when)
    response = editor_client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Scheduled for" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_published_story_has_no_preview_banner(editor_client):
    story = ArticleFactory()
    response = editor_client.get(story.get_absolute_url())
    assert "not public" not in response.content.decode()
    assert 'name="robots" content="noindex' not in response.content.decode()


# Search


def test_search_finds_stories_resolutions_and_ambassadors(client, story, filing):
    filing["resolution"].symbol = "A/RES/75/8"
    filing["resolution"].save()
    html = client.get(reverse("search:results"), {"q": "a/res/75/8"}).content.decode()
    assert filing["resolution"].get_absolute_url() in html.split('id="resolutions-heading"')[1]
    html = client.get(reverse("search:results"), {"q": "dinh quy"}).content.decode()
    assert filing["ambassador"].get_absolute_url() in html.split('id="ambassadors-heading"')[1]
    html = client.get(reverse("search:results"), {"q": "steers"}).content.decode()
    assert story.get_absolute_url() in html.split('id="stories-heading"')[1]
    assert "1 story" in html


def test_search_finds_resolutions_by_title_words(client, filing):
    html = client.get(reverse("search:results"), {"q": "cooperation asean"}).content.decode()
    assert filing["resolution"].get_absolute_url() in html


def test_search_finds_ambassadors_by_native_name(client, filing):
    filing["ambassador"].native_name = "Dang Dinh Quy (native)"
    filing["ambassador"].save()
    html = client.get(reverse("search:results"), {"q": "native"}).content.decode()
    assert filing["ambassador"].get_absolute_url() in html


def test_empty_search_prompts_without_results(client, story):
    response = client.get(reverse("search:results"), {"q": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type a few words" in html
    assert story.headline not in html


def test_search_with_no_match_says_so(client, story):
    html = client.get(reverse("search:results"), {"q": "zzzz"}).content.decode()
    assert "Nothing matches “zzzz”." in html


def test_very_long_search_with_nul_bytes_is_trimmed(client, story):
    response = client.get(reverse("search:results") + "?q=" + "steers%00" + "x" * 5000)
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
    assert len(response.context["query"]) == 200


def test_search_page_out_of_range_is_404(client, story):
    assert client.get(reverse("search:results"), {"q": "steers", "page": 9}).status_code == 404


# Error pages


def test_404_page_is_friendly(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn't find that page" in html
    assert 'action="/search/"' in html


def test_500_page_needs_no_database_or_context(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_robots_txt_names_both_sitemaps_and_hides_the_admin(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text


def test_related_stories_on_the_same_resolution_come_first(client, story, filing):
    same_year = ArticleFactory(headline="Same year only", chair_year_override=filing["chair_year"])
    same_resolution = ArticleFactory(
        headline="Same resolution, older", publish_at=timezone.now() - dt.timedelta(days=90), chair_year_override=None
    )
    same_resolution.resolutions.add(filing["resolution"])
    related = list(client.get(story.get_absolute_url()).context["related"])
    assert related == [same_resolution, same_year]


def test_a_writer_previews_their_own_draft_but_not_another_writers(client, django_user_model):
    from django.contrib.auth.models import Group

    def writer(name):
        user = django_user_model.objects.create_user(name, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name="Writers"))
        return user

    wendy, walter = writer("wendy"), writer("walter")
    own = ArticleFactory(status=Article.Status.REVIEW, created_by=wendy)
    others = ArticleFactory(status=Article.Status.DRAFT, created_by=walter)
    client.force_login(wendy)
    response = client.get(own.get_absolute_url())
    assert response.status_code == 200
    assert "In review — not public" in response.content.decode()
    assert client.get(others.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url", ["/", "/news/", "/search/?q=steers", "/no/such/page/"])
def test_pages_have_no_inline_script_or_style_for_a_strict_csp(client, story, url):
    html = client.get(url).content.decode()
    assert "style=" not in html
    assert re.findall(r"<script(?![^>]*(?:application/ld\+json|\ssrc=))[^>]*>", html) == []


def test_article_page_has_no_inline_script_but_its_json_ld(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    assert "style=" not in html
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']


@given(query=st.text(max_size=300))
def test_no_search_query_makes_the_search_fail(client, story, query):
    response = client.get(reverse("search:results"), {"q": query})
    assert response.status_code == 200


def test_home_links_each_chair_year_to_its_stories(client, story, hidden_stories):
    html = client.get(reverse("articles:home")).content.decode()
    assert '<a class="count" href="/news/?chair_year=2020">1 story<span class="visually-hidden"> from 2020</span></a>' in html


def test_home_describes_the_site_search_for_search_engines(client, db):
    data = json_ld(client.get(reverse("articles:home")))
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
