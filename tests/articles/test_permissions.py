"""Who may do what to a story in the admin: anonymous, its writer, another writer, an editor."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.test import Client

from articles.models import Article
from articles.services.revisions import article_revision_create
from articles.services.workflow import article_trash
from tests.articles.admin_helpers import admin_url, form_data, logged_in

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "writer", "other_writer", "desk_editor"]


def matrix(allowed):
    """(role, allowed) pairs in ROLES order."""
    return list(zip(ROLES, allowed, strict=True))


@pytest.fixture
def as_role(request):
    def client_for(role):
        if role == "anonymous":
            return Client()
        return logged_in(request.getfixturevalue(role))

    return client_for


def test_roles_exist_after_migrate():
    from django.contrib.auth.models import Group

    writers = set(Group.objects.get(name="Writers").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "add_tag", "view_resolution"} <= writers
    assert not {"publish_article", "delete_article"} & writers
    assert {"publish_article", "delete_article", "change_article", "change_resolution"} <= editors


@pytest.mark.parametrize("role, allowed", matrix([False, True, True, True]))
def test_add_story(as_role, role, allowed, writer, other_writer, desk_editor):
    client = as_role(role)
    assert (client.get(admin_url("add")).status_code == 200) is allowed
    client.post(admin_url("add"), form_data(Article(headline="New", slug="new", status="draft")))
    assert Article.objects.filter(slug="new").exists() is allowed


@pytest.mark.parametrize("role, allowed", matrix([False, True, False, True]))
def test_change_writers_draft(as_role, role, allowed, writers_draft, other_writer, desk_editor):
    client = as_role(role)
    assert (client.get(admin_url("change", writers_draft.pk)).status_code == 200) is allowed
    client.post(admin_url("change", writers_draft.pk), form_data(writers_draft, headline="Changed"))
    writers_draft.refresh_from_db()
    assert (writers_draft.headline == "Changed") is allowed


@pytest.mark.parametrize("role, allowed", matrix([False, False, False, True]))
def test_change_writers_published_story(as_role, role, allowed, writers_draft, other_writer, desk_editor):
    Article.objects.filter(pk=writers_draft.pk).update(status=Article.Status.PUBLISHED)
    writers_draft.refresh_from_db()
    as_role(role).post(admin_url("change", writers_draft.pk), form_data(writers_draft, headline="Changed"))
    writers_draft.refresh_from_db()
    assert (writers_draft.headline == "Changed") is allowed


def test_writers_list_shows_only_their_own_stories(writer, writers_draft, other_writer):
    from tests.factories import ArticleFactory

    ArticleFactory(headline="Walter's story", created_by=other_writer)
    html = logged_in(writer).get(admin_url("changelist")).content.decode()
    assert "Wendy&#x27;s draft" in html or "Wendy's draft" in html
    assert "Walter" not in html


@pytest.mark.parametrize("role, allowed", matrix([False, False, False, True]))
def test_delete_moves_to_trash(as_role, role, allowed, writers_draft, writer, other_writer, desk_editor):
    as_role(role).post(admin_url("delete", writers_draft.pk), {"post": "yes"})
    writers_draft.refresh_from_db()
    assert writers_draft.is_trashed is allowed
    assert Article.objects.filter(pk=writers_draft.pk).exists()  # never really deleted


@pytest.mark.parametrize("role, allowed", matrix([False, False, False, True]))
def test_bulk_delete_moves_to_trash(as_role, role, allowed, writers_draft, writer, other_writer, desk_editor):
    as_role(role).post(
        admin_url("changelist"), {"action": "delete_selected", "_selected_action": [writers_draft.pk], "post": "yes"}
    )
    writers_draft.refresh_from_db()
    assert writers_draft.is_trashed is allowed
    assert LogEntry.objects.filter(object_id=str(writers_draft.pk), action_flag=DELETION).exists() is allowed


@pytest.mark.parametrize("role, allowed", matrix([False, False, False, True]))
def test_publish_action(as_role, role, allowed, writers_draft, writer, other_writer, desk_editor):
    as_role(role).post(admin_url("changelist"), {"action": "publish_selected", "_selected_action": [writers_draft.pk]})
    assert Article.objects.published().filter(pk=writers_draft.pk).exists() is allowed


@pytest.mark.parametrize("role, allowed", matrix([False, False, False, True]))
def test_unpublish_action(as_role, role, allowed, writers_draft, writer, other_writer, desk_editor):
    Article.objects.filter(pk=writers_draft.pk).update(status=Article.Status.PUBLISHED)
    as_role(role).post(
        admin_url("changelist"), {"action": "unpublish_selected", "_selected_action": [writers_draft.pk]}
    )
    assert Article.objects.published().filter(pk=writers_draft.pk).exists() is not allowed


@pytest.mark.parametrize("role, allowed", matrix([False, True, False, True]))
def test_submit_for_review_action(as_role, role, allowed, writers_draft, writer, other_writer, desk_editor):
    as_role(role).post(
        admin_url("changelist"), {"action": "submit_for_review_selected", "_selected_action": [writers_draft.pk]}
    )
    writers_draft.refresh_from_db()
    assert (writers_draft.status == Article.Status.REVIEW) is allowed


@pytest.mark.parametrize("role, allowed", matrix([False, True, False, True]))
def test_history_page(as_role, role, allowed, writers_draft, writer, other_writer, desk_editor):
    article_revision_create(article=writers_draft, user=writer)
    response = as_role(role).get(admin_url("history", writers_draft.pk))
    assert (response.status_code == 200 and b"Revisions" in response.content) is allowed


@pytest.mark.parametrize("role, allowed", matrix([False, True, False, True]))
def test_restore_revision(as_role, role, allowed, writers_draft, writer, other_writer, desk_editor):
    first = article_revision_create(article=writers_draft, user=writer)
    Article.objects.filter(pk=writers_draft.pk).update(headline="Rewritten")
    response = as_role(role).post(admin_url("restore", writers_draft.pk, first.pk))
    assert response.status_code in (302, 403, 404)
    writers_draft.refresh_from_db()
    assert (writers_draft.headline == "Wendy's draft") is allowed


@pytest.mark.parametrize("role, allowed", matrix([False, False, False, True]))
def test_trash_view_and_restore(as_role, role, allowed, writers_draft, writer, other_writer, desk_editor):
    article_trash(article=writers_draft, user=desk_editor)
    client = as_role(role)
    response = client.get(admin_url("trash"))
    assert (response.status_code == 200 and b"Wendy" in response.content) is allowed
    client.post(admin_url("untrash", writers_draft.pk))
    writers_draft.refresh_from_db()
    assert writers_draft.is_trashed is not allowed


def test_writer_is_never_shown_the_trash_link(writer, writers_draft):
    html = logged_in(writer).get(admin_url("changelist")).content.decode()
    assert admin_url("trash") not in html


def test_editor_is_shown_the_trash_link(desk_editor):
    assert admin_url("trash") in logged_in(desk_editor).get(admin_url("changelist")).content.decode()


def test_writer_reads_but_cannot_edit_their_published_story(writer, writers_draft):
    Article.objects.filter(pk=writers_draft.pk).update(status=Article.Status.PUBLISHED)
    html = logged_in(writer).get(admin_url("change", writers_draft.pk)).content.decode()
    assert "Wendy" in html
    assert 'name="headline"' not in html
    assert 'name="_save"' not in html
