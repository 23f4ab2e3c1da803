"""A story with a photo is submitted for review or published only with a description of the photo, unless the
editor marks the photo decorative (then it is rendered with alt="", and screen readers skip it)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from articles.services.revisions import article_revision_create
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NEEDS_ALT = "Describe what the photo shows for readers who cannot see it"


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    return SimpleUploadedFile("hall.jpg", buffer.getvalue(), "image/jpeg")


@pytest.fixture
def draft_with_photo(writer):
    return ArticleFactory(status=Article.Status.DRAFT, created_by=writer, hero_image=photo(), hero_alt="")


@pytest.mark.parametrize(("client_name", "status"), [("desk_editor_client", "published"), ("writer_client", "review")])
def test_a_photo_without_a_description_holds_the_story_back(request, draft_with_photo, client_name, status):
    client = request.getfixturevalue(client_name)
    data = form_data(draft_with_photo, status=status, body="<p>Kept text.</p>")

    response = client.post(admin_url("change", draft_with_photo.pk), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert NEEDS_ALT in html
    assert "Kept text." in html
    assert Article.objects.get(pk=draft_with_photo.pk).status == Article.Status.DRAFT


def test_a_draft_with_a_photo_saves_without_a_description(writer_client, draft_with_photo):
    response = writer_client.post(admin_url("change", draft_with_photo.pk), form_data(draft_with_photo, headline="WIP"))
    assert response.status_code == 302


def test_a_description_lets_the_story_through(desk_editor_client, draft_with_photo):
    data = form_data(draft_with_photo, status="published", hero_alt="Delegates in the Assembly hall")
    assert desk_editor_client.post(admin_url("change", draft_with_photo.pk), data).status_code == 302
    assert Article.objects.published().get().hero_alt == "Delegates in the Assembly hall"


def test_a_decorative_photo_is_published_with_an_empty_alt(client, desk_editor_client, draft_with_photo):
    data = form_data(draft_with_photo, status="published", hero_decorative="on", hero_alt="ignored words")

    assert desk_editor_client.post(admin_url("change", draft_with_photo.pk), data).status_code == 302

    story = Article.objects.published().get()
    assert story.hero_alt == ""
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'alt=""' in html
    assert "ignored words" not in html


def test_bulk_publish_and_submit_hold_back_a_photo_without_a_description(desk_editor_client, draft_with_photo):
    for action in ("submit_for_review_selected", "publish_selected"):
        response = desk_editor_client.post(
            admin_url("changelist"), {"action": action, "_selected_action": [draft_with_photo.pk]}, follow=True
        )
        assert NEEDS_ALT in response.content.decode()
    assert Article.objects.get(pk=draft_with_photo.pk).status == Article.Status.DRAFT


def test_a_revision_from_before_the_decorative_choice_still_restores(desk_editor_client, desk_editor, writers_draft):
    old = article_revision_create(article=writers_draft, user=desk_editor)
    del old.snapshot["hero_decorative"]
    old.save()
    writers_draft.headline = "Changed since"
    writers_draft.save()

    response = desk_editor_client.post(admin_url("restore", writers_draft.pk, old.pk))

    assert response.status_code == 302
    assert Article.objects.get(pk=writers_draft.pk).headline == "Wendy's draft"
