"""Previews: a link for staff on unpublished stories, and signed, expiring share links for people without accounts."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from articles.models import Article
from articles.preview import SHARE_LINK_MAX_AGE, SHARE_LINK_SALT, share_token, share_url
from articles.services.workflow import article_trash
from newsroom.actors import SYSTEM
from tests.articles.admin_helpers import admin_url

pytestmark = pytest.mark.django_db


def preview_path(token):
    return reverse("preview:article", kwargs={"token": token})


def test_change_form_links_to_preview_for_unpublished_stories(desk_editor_client, writers_draft):
    html = desk_editor_client.get(admin_url("change", writers_draft.pk)).content.decode()
    assert f'href="{writers_draft.get_absolute_url()}" class="viewsitelink">Preview' in html


def test_no_preview_link_once_published(desk_editor_client, writers_draft):
    Article.objects.filter(pk=writers_draft.pk).update(status=Article.Status.PUBLISHED)
    assert "Preview (not public yet)" not in desk_editor_client.get(admin_url("change", writers_draft.pk)).content.decode()


def test_editor_sees_a_share_link_and_writer_does_not(desk_editor_client, writer_client, writers_draft):
    editor_html = desk_editor_client.get(admin_url("change", writers_draft.pk)).content.decode()
    assert "Copy share link" in editor_html
    assert preview_path(share_token(writers_draft)).split(":")[0] in editor_html
    assert "Copy share link" not in writer_client.get(admin_url("change", writers_draft.pk)).content.decode()


def test_share_link_shows_a_draft_without_an_account(client, writers_draft):
    response = client.get(preview_path(share_token(writers_draft)))
    assert response.status_code == 200
    assert "Wendy&#x27;s draft" in response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-cache" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(writers_draft.get_absolute_url()).status_code == 404  # the public address stays closed


def test_share_url_is_absolute(settings, writers_draft):
    settings.SITE_URL = "https://news.example.org/"
    assert share_url(writers_draft).startswith("https://news.example.org/preview/")


def test_tampered_share_link_is_a_clear_404(client, writers_draft):
    token = share_token(writers_draft)
    response = client.get(preview_path(token[:-1] + ("A" if token[-1] != "A" else "B")))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert client.get(preview_path("not-a-token")).status_code == 404


def test_share_link_for_another_id_cannot_be_forged(client, writers_draft):
    token = share_token(writers_draft)
    forged = token.replace(f"{writers_draft.pk}:", f"{writers_draft.pk + 1}:", 1)
    assert client.get(preview_path(forged)).status_code == 404


def test_expired_share_link_is_gone(client, writers_draft):
    class OldSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - SHARE_LINK_MAX_AGE.total_seconds() - 60))

    response = client.get(preview_path(OldSigner(salt=SHARE_LINK_SALT).sign(str(writers_draft.pk))))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")


def test_share_link_stops_working_when_the_story_is_trashed(client, writers_draft):
    token = share_token(writers_draft)
    article_trash(article=writers_draft, user=SYSTEM)
    response = client.get(preview_path(token))
    assert response.status_code == 404
    assert "no longer available" in response.content.decode()
