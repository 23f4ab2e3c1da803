"""Internal notes: staff who may open a story leave notes on it; notes never reach a public surface."""

import pytest
from django.urls import reverse

from articles.models import Article
from desk.models import Note, mentioned_users
from desk.services import note_add
from tests.articles.admin_helpers import admin_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
SECRET = "SECRET-NOTE-7f3a: the source is the Vietnamese mission"


def note_url(story):
    return reverse("admin:articles_article_add_note", args=[story.pk])


def test_staff_add_a_note_seen_on_the_form_with_who_and_when(desk_editor_client, writer):
    story = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    response = desk_editor_client.post(note_url(story), {"text": "Ask @wendy for the vote count."}, follow=True)
    note = Note.objects.get()
    assert (note.author.username, list(note.mentions.all())) == ("edith", [writer])
    html = response.content.decode()
    assert "Note added; @wendy will get an email." in html
    assert f'id="note-{note.pk}"' in html and "Ask @wendy for the vote count." in html and "mentions @wendy" in html


def test_an_empty_note_says_so(desk_editor_client):
    story = ArticleFactory()
    response = desk_editor_client.post(note_url(story), {"text": "  \x00 "}, follow=True)
    assert "Write something in the note first." in response.content.decode()
    assert not Note.objects.exists()


def test_writers_note_their_own_stories_only(writer_client, writer, other_writer):
    theirs = ArticleFactory(status=Article.Status.DRAFT, created_by=other_writer)
    assert writer_client.post(note_url(theirs), {"text": "hello"}).status_code == 404
    mine = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    assert writer_client.post(note_url(mine), {"text": "hello"}).status_code == 302
    assert Note.objects.filter(article=mine).count() == 1


def test_notes_need_a_post_and_a_story(desk_editor_client):
    story = ArticleFactory()
    assert desk_editor_client.get(note_url(story)).status_code == 405
    assert desk_editor_client.post(reverse("admin:articles_article_add_note", args=["99999"]), {"text": "x"}).status_code == 404


def test_mentions_are_case_insensitive_and_ignore_emails_and_strangers(writer, other_writer, desk_editor):
    assert set(mentioned_users("@Wendy and @walter. mail wendy@example.org, ask @nobody")) == {writer, other_writer}
    other_writer.is_active = False
    other_writer.save()
    assert set(mentioned_users("@walter")) == set()


@pytest.fixture
def noted_story(desk_editor):
    story = ArticleFactory(headline="Noted story", slug="noted-story")
    note_add(article=story, user=desk_editor, text=SECRET)
    return story


@pytest.mark.parametrize(
    "url",
    ["/", "/news/", "/news/noted-story/", "/search/?q=SECRET-NOTE", "/search/?q=Vietnamese+mission", "/feeds/latest/",
     "/feeds/latest/atom/", "/sitemap.xml", "/sitemap-news.xml"],
)
def test_notes_never_reach_a_public_page(client, desk_editor_client, noted_story, url):
    for visitor in (client, desk_editor_client):  # readers, and staff (who also get the "Edit this story" link)
        response = visitor.get(url)
        assert response.status_code == 200
        assert b"the source is the" not in response.content  # the note's text (the search box echoes the query)
        if url.startswith("/search/"):
            assert b"Noted story" not in response.content  # a note's words do not find its story


def test_notes_are_on_the_admin_form_only_for_staff_who_may_see_it(desk_editor_client, writer_client, noted_story):
    assert SECRET in desk_editor_client.get(admin_url("change", noted_story.pk)).content.decode()
    assert writer_client.get(admin_url("change", noted_story.pk)).status_code == 302  # not theirs: sent away
