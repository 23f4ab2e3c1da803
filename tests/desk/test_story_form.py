"""The story form with the desk: preview and compare with live from the unsaved form, sending back with a
comment, assignments in the list, the "Edit this story" link, and the admin's wording."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_submit_for_review
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_preview_shows_the_unsaved_form_and_saves_nothing(editor_client):
    story = ArticleFactory(headline="Stored headline", body="<p>Stored body</p>")
    author = AuthorFactory(name="Lan Pham")
    data = form_data(story, headline="Unsaved headline", body="<h2>New part</h2><p>Unsaved <script>x()</script>body</p>", authors=[author.pk])
    response = editor_client.post(reverse("admin:articles_article_form_preview", args=[story.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unsaved headline" in html and "<h2>New part</h2>" in html and "By Lan Pham" in html
    assert "<script>x()" not in html  # sanitized as readers would get it
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    story.refresh_from_db()
    assert story.headline == "Stored headline"


def test_preview_works_before_the_first_save_and_with_errors(writer_client):
    data = {"headline": "Brand new", "body": "Just typed.", "status": "draft", "publish_at_0": "nonsense"}
    response = writer_client.post(reverse("admin:articles_article_form_preview"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Brand new" in html and "<p>Just typed.</p>" in html and "still has errors" in html
    assert not Article.objects.exists()


def test_preview_is_for_who_may_edit(writer_client, other_writer, client):
    theirs = ArticleFactory(status=Article.Status.DRAFT, created_by=other_writer)
    assert writer_client.post(reverse("admin:articles_article_form_preview", args=[theirs.pk]), form_data(theirs)).status_code == 404
    assert client.post(reverse("admin:articles_article_form_preview"), {"headline": "x"}).status_code == 302
    assert writer_client.get(reverse("admin:articles_article_form_preview")).status_code == 405


def test_compare_with_live_shows_what_readers_would_see_change(editor_client):
    story = ArticleFactory(headline="The live headline", body="<p>Old words here</p>")
    url = reverse("admin:articles_article_compare_live", args=[story.pk])
    response = editor_client.post(url, form_data(story, headline="A new headline", body="<p>New words here</p>"))
    html = response.content.decode()
    assert "what readers see now" in html and "your unsaved changes" in html
    assert "<del>The live</del>" in html and "<ins>A new</ins>" in html
    assert "Old</del>" in html and "New</ins>" in html
    story.refresh_from_db()
    assert story.headline == "The live headline"


def test_compare_with_live_for_a_story_back_in_review(desk_editor_client, desk_editor, writer):
    from articles.services.workflow import article_publish, article_unpublish

    story = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="First version")
    article_publish(article=story, user=desk_editor)
    article_unpublish(article=story, user=desk_editor)
    story.headline = "Second version"
    story.save()
    article_submit_for_review(article=story, user=writer)
    html = desk_editor_client.get(reverse("admin:index")).content.decode()
    assert "compare with live" in html
    page = desk_editor_client.get(reverse("admin:articles_article_compare_live", args=[story.pk])).content.decode()
    assert "what readers last saw" in page and "Second" in page


def test_a_story_never_published_has_nothing_to_compare(editor_client):
    story = ArticleFactory(status=Article.Status.DRAFT)
    html = editor_client.get(reverse("admin:articles_article_compare_live", args=[story.pk])).content.decode()
    assert "Readers have never seen this story" in html


def test_sending_back_from_the_form_needs_a_comment_the_writer_then_sees(desk_editor_client, writer_client, writer):
    story = ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline="Rough draft")
    article_submit_for_review(article=story, user=writer)
    url = reverse("admin:articles_article_send_back", args=[story.pk])
    response = desk_editor_client.post(url, {"comment": "  "}, follow=True)
    assert "a story goes back with a comment" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW
    desk_editor_client.post(url, {"comment": "Add the vote count."})
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
    html = writer_client.get(admin_url("change", story.pk)).content.decode()
    assert 'id="desk-sent-back"' in html and "Add the vote count." in html


def test_returning_a_story_by_the_status_menu_asks_for_the_send_back_form(desk_editor_client, writer):
    story = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    article_submit_for_review(article=story, user=writer)
    story.refresh_from_db()
    response = desk_editor_client.post(admin_url("change", story.pk), form_data(story, status="draft"))
    assert response.status_code == 200
    assert "Send back to the writer" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW


def test_writers_cannot_send_back(writer_client, writer):
    story = ArticleFactory(status=Article.Status.DRAFT, created_by=writer)
    article_submit_for_review(article=story, user=writer)
    response = writer_client.post(reverse("admin:articles_article_send_back", args=[story.pk]), {"comment": "me"})
    assert response.status_code == 403


def test_assigning_from_the_form_and_filtering_the_list(desk_editor_client, writer, other_writer):
    story = ArticleFactory(status=Article.Status.DRAFT, headline="Assigned piece")
    ArticleFactory(status=Article.Status.DRAFT, headline="Unassigned piece")
    due = timezone.localdate() - dt.timedelta(days=1)
    desk_editor_client.post(admin_url("change", story.pk), form_data(story, assignee=writer.pk, due_on=due.isoformat()))
    story.refresh_from_db()
    assert (story.assignee, story.due_on) == (writer, due)
    listed = desk_editor_client.get(admin_url("changelist"), {"assignee": writer.pk}).content.decode()
    assert "Assigned piece" in listed and "Unassigned piece" not in listed and "overdue since" in listed
    overdue = desk_editor_client.get(admin_url("changelist"), {"due": "overdue"}).content.decode()
    assert "Assigned piece" in overdue and "Unassigned piece" not in overdue
    nobody = desk_editor_client.get(admin_url("changelist"), {"assignee": "none"}).content.decode()
    assert "Unassigned piece" in nobody and "Assigned piece" not in nobody
    assert desk_editor_client.get(admin_url("changelist"), {"assignee": "x\x00y"}).status_code == 200


def test_an_assigned_writer_works_on_the_story(writer_client, writer, desk_editor):
    story = ArticleFactory(status=Article.Status.DRAFT, created_by=desk_editor, assignee=writer, headline="Write this")
    assert writer_client.get(admin_url("change", story.pk)).status_code == 200
    writer_client.post(admin_url("change", story.pk), form_data(story, body="<p>Written.</p>"))
    story.refresh_from_db()
    assert story.body == "<p>Written.</p>"


def test_edit_this_story_for_staff_who_may_edit_it_never_cached(editor_client, writer_client, writer):
    story = ArticleFactory(created_by=writer)
    staff = editor_client.get(story.get_absolute_url())
    assert f'href="{admin_url("change", story.pk)}">Edit this story</a>' in staff.content.decode()
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    reader = Client().get(story.get_absolute_url())
    assert "Edit this story" not in reader.content.decode()
    assert writer_client.get(story.get_absolute_url()).content.decode().count("Edit this story") == 0  # published


def test_the_admin_says_story_and_trash_with_one_time_format(editor_client):
    story = ArticleFactory(headline="Wording", publish_at=timezone.make_aware(dt.datetime(2036, 11, 24, 9, 0)))
    listing = editor_client.get(admin_url("changelist")).content.decode()
    assert "Select story to change" in listing and "Add story" in listing and "0 stories" not in listing
    assert "article" not in re.sub(r"<[^>]*>", "", listing.split("<body")[1].split(">", 1)[1]).lower()  # no visible "article"
    assert "24 Nov 2036 09:00" in listing
    form = editor_client.get(admin_url("change", story.pk)).content.decode()
    assert "Chair year override" in form and "Filed under chair year" in form
    assert "Move to the trash" in form and ">Delete<" not in form
    assert 'rel="icon" href="/static/img/mark.svg"' in form
    delete = editor_client.get(admin_url("delete", story.pk)).content.decode()
    assert "Yes, move it to the trash" in delete and "Are you sure" not in delete
