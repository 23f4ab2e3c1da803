"""Trust signals on stories: the type of each story (news, analysis, opinion, explainer) told to readers and to
search engines, and bylines that lead to an author page with the author's role, bio and published stories."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def json_ld(response):
    """Every JSON-LD block of the page, in order."""
    blocks = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.DOTALL)
    return [json.loads(block) for block in blocks]


# The type of story


def test_a_story_is_news_unless_an_editor_says_otherwise():
    assert ArticleFactory().story_type == Article.Type.NEWS


def test_the_story_page_labels_its_type_above_the_headline(client):
    story = ArticleFactory(story_type=Article.Type.OPINION, section=SectionFactory(name="Diplomacy"))
    html = client.get(story.get_absolute_url()).content.decode()
    header = html.split('<header class="story-header">')[1].split("</h1>")[0]
    assert 'href="/news/?type=opinion">Opinion</a>' in header
    assert header.index("Opinion") < header.index("<h1")


def test_plain_news_is_labelled_on_its_page_but_not_on_cards(client):
    news = ArticleFactory(headline="A plain report")
    ArticleFactory(headline="What the vote means", story_type=Article.Type.ANALYSIS)
    assert ">News</a>" in client.get(news.get_absolute_url()).content.decode()
    home = client.get(reverse("articles:home")).content.decode()
    assert '<span class="type-label type-analysis">Analysis</span>' in home
    assert "type-news" not in home


def test_cards_in_lists_show_the_type(client):
    ArticleFactory(headline="Why ASEAN co-sponsors", story_type=Article.Type.EXPLAINER)
    html = client.get(reverse("articles:list")).content.decode()
    card = html.split('<article class="card')[1].split("</article>")[0]
    assert '<span class="type-label type-explainer">Explainer</span>' in card


@pytest.mark.parametrize(
    ("story_type", "schema_type", "genre"),
    [
        ("news", "NewsArticle", "News"),
        ("analysis", "AnalysisNewsArticle", "Analysis"),
        ("opinion", "OpinionNewsArticle", "Opinion"),
        ("explainer", "BackgroundNewsArticle", "Explainer"),
    ],
)
def test_the_json_ld_type_and_genre_follow_the_story_type(client, story_type, schema_type, genre):
    story = ArticleFactory(story_type=story_type)
    data = json_ld(client.get(story.get_absolute_url()))[0]
    assert (data["@type"], data["genre"]) == (schema_type, genre)


def test_the_news_list_filters_by_type(client):
    ArticleFactory(headline="An opinion on the vote", story_type=Article.Type.OPINION)
    ArticleFactory(headline="A report on the vote")
    ArticleFactory(headline="A draft opinion", story_type=Article.Type.OPINION, status=Article.Status.DRAFT)
    response = client.get(reverse("articles:list"), {"type": "opinion"})
    assert [story.headline for story in response.context["page_obj"]] == ["An opinion on the vote"]
    assert "Remove filter Type: opinion" in response.content.decode()


def test_an_unknown_type_is_a_message_not_an_error(client):
    response = client.get(reverse("articles:list"), {"type": "satire"})
    assert response.status_code == 200
    assert "There is no such type of story." in response.content.decode()


def test_an_editor_sets_the_type_in_the_admin_and_it_is_in_the_history(desk_editor, desk_editor_client):
    story = ArticleFactory(created_by=desk_editor)
    response = desk_editor_client.post(admin_url("change", story.pk), form_data(story, story_type="analysis"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.story_type == Article.Type.ANALYSIS
    assert story.revisions.first().snapshot["story_type"] == "analysis"
    changelist = desk_editor_client.get(admin_url("changelist"), {"story_type__exact": "analysis"})
    assert list(changelist.context["cl"].result_list) == [story]


def test_the_preview_shows_the_type_chosen_in_the_unsaved_form(editor_client):
    story = ArticleFactory()
    url = reverse("admin:articles_article_form_preview", args=[story.pk])
    html = editor_client.post(url, form_data(story, story_type="opinion")).content.decode()
    assert '<span class="type-label type-opinion">Opinion</span>' in html


# Author pages


@pytest.fixture
def lan():
    return AuthorFactory(
        name="Lan Pham", slug="lan-pham", role="UN correspondent", bio="Covers the General Assembly.",
        url="https://example.org/lan",
    )


def test_bylines_link_to_the_author_page(client, lan):
    story = ArticleFactory()
    story.authors.add(lan)
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="/authors/lan-pham/" rel="author">Lan Pham</a>' in html


def test_the_author_page_shows_role_bio_and_published_stories_only(client, lan):
    published = ArticleFactory(headline="Lan's published story")
    drafts = [
        ArticleFactory(headline="SECRET draft", status=Article.Status.DRAFT),
        ArticleFactory(headline="SECRET scheduled", publish_at=timezone.now() + dt.timedelta(days=1)),
        ArticleFactory(headline="SECRET trashed", deleted_at=timezone.now()),
    ]
    for story in [published, *drafts]:
        story.authors.add(lan)
    ArticleFactory(headline="Someone else's story")
    response = client.get(reverse("articles:author", kwargs={"slug": "lan-pham"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Lan Pham</h1>" in html and "UN correspondent" in html and "Covers the General Assembly." in html
    assert "Lan&#x27;s published story" in html and "1 story" in html
    assert "SECRET" not in html and "Someone else" not in html


def test_an_author_without_stories_says_so(client):
    author = AuthorFactory(name="New Hire", slug="new-hire")
    html = client.get(author.get_absolute_url()).content.decode()
    assert "No published stories yet." in html
    assert "UN correspondent" not in html  # no role recorded, none shown


def test_an_unknown_author_is_a_404(client, db):
    assert client.get("/authors/nobody/").status_code == 404


def test_the_author_page_is_paginated_newest_first(client, lan):
    now = timezone.now()
    for n in range(23):
        ArticleFactory(headline=f"Story {n:02d}", publish_at=now - dt.timedelta(hours=n + 1)).authors.add(lan)
    first = client.get(lan.get_absolute_url())
    assert [s.headline for s in first.context["page_obj"]][:2] == ["Story 00", "Story 01"]
    assert len(first.context["page_obj"]) == 20 and "Page 1 of 2" in first.content.decode()
    second = client.get(lan.get_absolute_url(), {"page": 2})
    assert [s.headline for s in second.context["page_obj"]] == ["Story 20", "Story 21", "Story 22"]
    assert '<link rel="canonical" href="http://testserver/authors/lan-pham/?page=2">' in second.content.decode()
    assert client.get(lan.get_absolute_url(), {"page": 3}).status_code == 404


def test_the_author_page_describes_the_person_for_search_engines(client, lan):
    data = json_ld(client.get(lan.get_absolute_url()))[0]
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"] == {
        "@type": "Person",
        "name": "Lan Pham",
        "url": "http://testserver/authors/lan-pham/",
        "jobTitle": "UN correspondent",
        "sameAs": ["https://example.org/lan"],
        "description": "Covers the General Assembly.",
    }


def test_the_story_json_ld_names_its_authors_by_their_author_pages(client, lan):
    story = ArticleFactory()
    story.authors.add(lan)
    data = json_ld(client.get(story.get_absolute_url()))[0]
    assert data["author"][0]["url"] == "http://testserver/authors/lan-pham/"
    assert data["publisher"]["@id"] == "http://testserver/#organization"


@pytest.mark.parametrize("size", [2, 30])
def test_the_author_page_runs_a_fixed_number_of_queries(client, lan, django_assert_max_num_queries, size):
    section = SectionFactory()
    for _ in range(size):
        story = ArticleFactory(section=section)
        story.authors.add(lan, AuthorFactory())
    with django_assert_max_num_queries(4):  # the author, the count, the page's stories, their bylines
        response = client.get(lan.get_absolute_url())
    assert len(response.context["page_obj"]) == min(size, 20)


def test_the_author_admin_edits_the_role(admin_client, lan):
    data = {"name": lan.name, "slug": lan.slug, "role": "Diplomatic editor", "bio": lan.bio, "url": lan.url}
    response = admin_client.post(reverse("admin:articles_author_change", args=[lan.pk]), data)
    assert response.status_code == 302
    lan.refresh_from_db()
    assert lan.role == "Diplomatic editor"
