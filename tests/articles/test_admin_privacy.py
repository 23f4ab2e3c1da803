"""Drafts stay private in the admin's corners: "View on site" and the "Created by" link."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_helpers import admin_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def view_on_site(article_or_id):
    pk = getattr(article_or_id, "pk", article_or_id)
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Article).pk, pk])


@pytest.fixture
def others_draft(other_writer):
    return ArticleFactory(status=Article.Status.DRAFT, created_by=other_writer, slug="walters-secret-draft")


def test_a_writer_learns_nothing_of_another_writers_draft(writer_client, others_draft):
    response = writer_client.get(view_on_site(others_draft))
    assert response.status_code == 404
    assert "walters-secret-draft" not in response.get("Location", "")


def test_a_writer_learns_nothing_of_a_story_in_the_trash(writer_client, writers_draft):
    Article.objects.filter(pk=writers_draft.pk).update(deleted_at=timezone.now(), slug="trashed-secret")
    assert writer_client.get(view_on_site(writers_draft)).status_code == 404


def test_a_writer_still_reaches_their_own_draft(writer_client, writers_draft):
    response = writer_client.get(view_on_site(writers_draft))
    assert response.status_code == 302
    assert response["Location"].endswith(writers_draft.get_absolute_url())


def test_an_editor_reaches_any_story_in_the_list(desk_editor_client, others_draft):
    assert desk_editor_client.get(view_on_site(others_draft)).status_code == 302


@pytest.mark.parametrize("object_id", ["abc", "99999999999999999999999", "0"])
def test_a_tampered_address_is_not_found(desk_editor_client, object_id):
    assert desk_editor_client.get(view_on_site(object_id)).status_code == 404


@pytest.mark.parametrize("client_name", ["writer_client", "desk_editor_client"])
def test_created_by_names_the_owner_without_a_link_to_a_forbidden_user_page(request, client_name, writer, writers_draft):
    writer.first_name, writer.last_name = "Wendy", "Writer"
    writer.save()
    client = request.getfixturevalue(client_name)

    html = client.get(admin_url("change", writers_draft.pk)).content.decode()

    assert "Wendy Writer" in html
    user_page = reverse("admin:auth_user_change", args=[writer.pk])
    assert user_page not in html
    assert client.get(user_page).status_code == 403
