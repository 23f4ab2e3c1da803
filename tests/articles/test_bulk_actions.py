"""List actions act on each story as saved now, under its row lock: never on the copy loaded with the list.

Another editor's save that lands while a bulk action runs (here: made by a signal receiver when the action has
handled its first story, the moment the old code had already loaded every row) must not be reverted.
"""

import contextlib
import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save

from articles.html import sanitize_body
from articles.models import Article
from articles.services.workflow import article_save
from tests.articles.admin_helpers import admin_url, logged_in, make_user
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(writer):
    return [
        ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline=f"Draft {i}", body=f"Old body {i}.")
        for i in range(3)
    ]


@contextlib.contextmanager
def another_editor_saves_meanwhile(editor, stories):
    """When the action has handled its first story, another editor rewrites every other selected story."""
    edited = []

    def edit(sender, instance, **kwargs):
        if edited or instance.pk not in {story.pk for story in stories}:
            return
        edited.append(instance.pk)
        for story in stories:
            if story.pk != instance.pk:
                fresh = Article.objects.get(pk=story.pk)
                fresh.headline, fresh.body = f"Corrected {fresh.headline}", f"Corrected body of {fresh.headline}."
                article_save(article=fresh, user=editor)
                edited.append(story.pk)

    post_save.connect(edit, sender=Article, weak=False)
    try:
        yield edited
    finally:
        post_save.disconnect(edit, sender=Article)


@pytest.fixture
def other_editor(django_user_model):
    return make_user(django_user_model, "olga", "Editors")


def test_bulk_publish_does_not_revert_an_edit_saved_meanwhile(desk_editor_client, other_editor, drafts):
    with another_editor_saves_meanwhile(other_editor, drafts) as edited:
        response = desk_editor_client.post(
            admin_url("changelist"), {"action": "publish_selected", "_selected_action": [d.pk for d in drafts]}
        )

    assert response.status_code == 302
    assert len(edited) == 3
    published = Article.objects.published()
    assert published.count() == 3
    corrected = published.exclude(pk=edited[0])
    assert corrected.count() == 2
    for story in corrected:
        assert story.headline.startswith("Corrected Draft")
        assert story.body_html == sanitize_body(story.body) == f"<p>Corrected body of {story.headline[10:]}.</p>"


def test_bulk_trash_keeps_an_edit_saved_meanwhile_and_its_rendered_body(desk_editor_client, other_editor, drafts):
    with another_editor_saves_meanwhile(other_editor, drafts) as edited:
        response = desk_editor_client.post(
            admin_url("changelist"),
            {"action": "delete_selected", "_selected_action": [d.pk for d in drafts], "post": "yes"},
        )

    assert response.status_code == 302
    assert Article.objects.trashed().count() == 3
    for story in Article.objects.exclude(pk=edited[0]):
        assert story.headline.startswith("Corrected")
        assert story.body_html == sanitize_body(story.body)
        assert "Corrected body" in story.body_html



@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_saved_during_a_bulk_publish_of_150_drafts_goes_live(desk_editor, other_editor, writer):
    """The issue's reproduction, with real concurrency: two connections, PostgreSQL's row locks."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises whole-database writes)")
    drafts = [
        ArticleFactory(status=Article.Status.DRAFT, created_by=writer, headline=f"Draft {i}") for i in range(150)
    ]
    listed = list(Article.objects.filter(pk__in=[d.pk for d in drafts]).order_by("-publish_at", "-id"))
    last = listed[-1]  # the list's order: the bulk action reaches this one last
    client, result = logged_in(desk_editor), {}

    def bulk_publish():
        try:
            result["response"] = client.post(
                admin_url("changelist"), {"action": "publish_selected", "_selected_action": [d.pk for d in drafts]}
            )
        finally:
            connection.close()

    def edit_meanwhile():
        try:
            for _ in range(400):  # until the action is under way
                if Article.objects.published().exists():
                    break
                time.sleep(0.02)
            with transaction.atomic():
                story = Article.objects.select_for_update().get(pk=last.pk)
                story.headline = "Corrected while the list was publishing"
                article_save(article=story, user=other_editor)
        finally:
            connection.close()

    threads = [threading.Thread(target=bulk_publish), threading.Thread(target=edit_meanwhile)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert result["response"].status_code == 302
    assert Article.objects.published().count() == 150
    assert Article.objects.get(pk=last.pk).headline == "Corrected while the list was publishing"
