"""Draft → in review → published → back to draft, who moved it, and scheduling that needs no job runner."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleTransition
from articles.services.workflow import (
    article_publish,
    article_save,
    article_schedule,
    article_submit_for_review,
    article_trash,
    article_unpublish,
)
from newsroom.actors import SYSTEM
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_writer_submits_a_draft_for_review_through_the_form(writer, writer_client, writers_draft):
    response = writer_client.post(admin_url("change", writers_draft.pk), form_data(writers_draft, status="review"))
    assert response.status_code == 302
    move = ArticleTransition.objects.get(article=writers_draft)
    assert (move.from_status, move.to_status, move.user) == ("draft", "review", writer)


def test_writer_form_offers_no_published_status(writer_client, writers_draft):
    html = writer_client.get(admin_url("change", writers_draft.pk)).content.decode()
    assert 'value="review"' in html
    assert 'value="published"' not in html


def test_writer_tampered_post_does_not_publish(writer_client, writers_draft):
    response = writer_client.post(admin_url("change", writers_draft.pk), form_data(writers_draft, status="published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.published().exists()
    writers_draft.refresh_from_db()
    assert writers_draft.status == Article.Status.DRAFT


def test_writer_cannot_add_a_published_story_by_tampering(writer_client):
    data = form_data(Article(headline="Sneaky", slug="sneaky", status="draft"), status="published")
    writer_client.post(admin_url("add"), data)
    assert not Article.objects.filter(slug="sneaky").exists()


def test_service_refuses_to_publish_for_a_writer_even_without_the_form(writer, writers_draft):
    writers_draft.status = Article.Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        article_save(article=writers_draft, user=writer)
    with pytest.raises(PermissionDenied):
        article_publish(article=Article.objects.get(pk=writers_draft.pk), user=writer)
    assert not Article.objects.published().exists()


def test_editor_publishes_from_the_form_and_the_move_is_logged(desk_editor, desk_editor_client, writers_draft):
    data = form_data(writers_draft, status="published", publish_at_0="2020-01-01")
    assert desk_editor_client.post(admin_url("change", writers_draft.pk), data).status_code == 302
    assert list(Article.objects.published()) == [writers_draft]
    move = writers_draft.transitions.get()
    assert (move.from_status, move.to_status, move.user) == ("draft", "published", desk_editor)
    change_form = desk_editor_client.get(admin_url("change", writers_draft.pk)).content.decode()
    assert "Draft → Published" in change_form
    assert "Draft → Published" in desk_editor_client.get(admin_url("history", writers_draft.pk)).content.decode()


def test_full_cycle_records_every_move(writer, desk_editor, writers_draft):
    article_submit_for_review(article=writers_draft, user=writer)
    article_publish(article=writers_draft, user=desk_editor)
    article_unpublish(article=writers_draft, user=desk_editor)
    moves = list(writers_draft.transitions.order_by("at", "id").values_list("from_status", "to_status", "user"))
    assert moves == [
        ("draft", "review", writer.pk),
        ("review", "published", desk_editor.pk),
        ("published", "draft", desk_editor.pk),
    ]
    assert writers_draft.revisions.count() == 1 + 3  # the stored state before the first move, then one per move


def test_scheduled_story_is_invisible_everywhere_until_its_time(client, desk_editor, writers_draft):
    when = timezone.now() + dt.timedelta(hours=3)
    article_schedule(article=writers_draft, user=desk_editor, when=when)
    detail = reverse("articles:detail", kwargs={"slug": writers_draft.slug})
    assert client.get(detail).status_code == 404
    assert "Wendy" not in client.get(reverse("articles:list")).content.decode()
    assert "Wendy" not in client.get(reverse("articles:home")).content.decode()
    assert "Scheduled for" in writers_draft.transitions.get().note

    Article.objects.filter(pk=writers_draft.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))  # time passes

    assert client.get(detail).status_code == 200
    assert list(Article.objects.published()) == [writers_draft]  # what every list, feed and sitemap starts from


def test_changelist_says_scheduled_and_when(desk_editor_client):
    ArticleFactory(publish_at=dt.datetime(2036, 11, 24, 9, 0, tzinfo=dt.UTC))
    html = desk_editor_client.get(admin_url("changelist")).content.decode()
    assert "Scheduled for 24 Nov 2036 09:00" in html


def test_schedule_needs_a_future_time(desk_editor, writers_draft):
    with pytest.raises(ValueError):
        article_schedule(article=writers_draft, user=desk_editor, when=timezone.now() - dt.timedelta(hours=1))


def test_trashed_story_is_never_published(client):
    article = ArticleFactory()
    article_trash(article=article, user=SYSTEM)
    assert not Article.objects.published().exists()
    assert not article.is_published
    assert client.get(reverse("articles:detail", kwargs={"slug": article.slug})).status_code == 404


def test_new_story_belongs_to_whoever_added_it(writer, writer_client):
    writer_client.post(admin_url("add"), form_data(Article(headline="Mine", slug="mine", status="draft")))
    story = Article.objects.get(slug="mine")
    assert story.created_by == writer
    assert story.revisions.get().user == writer


@pytest.mark.parametrize("stories", [3, 30])
def test_changelist_queries_do_not_grow_with_stories(desk_editor_client, django_assert_max_num_queries, stories):
    ArticleFactory.create_batch(stories)
    with django_assert_max_num_queries(13):
        assert desk_editor_client.get(admin_url("changelist")).status_code == 200


@pytest.mark.parametrize("saves", [2, 20])
def test_history_queries_do_not_grow_with_revisions(
    desk_editor, desk_editor_client, writers_draft, django_assert_max_num_queries, saves
):
    for _ in range(saves):
        article_publish(article=writers_draft, user=desk_editor)
    with django_assert_max_num_queries(14):
        assert desk_editor_client.get(admin_url("history", writers_draft.pk)).status_code == 200
