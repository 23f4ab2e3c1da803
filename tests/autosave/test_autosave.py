"""Autosave of the story form, on the server: the author's unsaved text is kept apart from the story, is theirs
alone, goes when they save the story or discard it, and bad payloads are refused with a 400."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleRevision
from autosave.models import Autosave
from autosave.payload import MAX_BYTES
from tests.articles.admin_helpers import admin_url, form_data, logged_in

pytestmark = pytest.mark.django_db


def typed(headline="Typed, not saved", body="<p>Unsaved paragraph.</p>"):
    return {"fields": [["headline", headline], ["body", body], ["tags", "3"], ["tags", "7"]], "labels": {"tags": {"3": "UN", "7": "ASEAN"}}}


def autosave_url(article=None):
    return reverse("autosave:story", args=[article.pk]) if article else reverse("autosave:new_story")


def offered(client, article=None):
    """The copy the form would offer back: None when there is none."""
    response = client.get(autosave_url(article))
    assert response.status_code == 200
    return response.json()["data"]


def post(client, url, payload):
    body = payload if isinstance(payload, bytes) else json.dumps(payload)
    return client.post(url, body, content_type="application/json")


def test_autosave_keeps_the_text_without_touching_the_story_or_making_a_revision(writer_client, writers_draft):
    revisions = ArticleRevision.objects.count()
    response = post(writer_client, autosave_url(writers_draft), typed())
    assert response.status_code == 200
    stored = Article.objects.get(pk=writers_draft.pk)
    assert (stored.headline, stored.body, stored.version) == (writers_draft.headline, writers_draft.body, writers_draft.version)
    assert ArticleRevision.objects.count() == revisions
    answer = writer_client.get(autosave_url(writers_draft))
    assert answer.status_code == 200
    assert answer["Cache-Control"].startswith("max-age=0")
    assert answer.json()["data"] == typed()


def test_a_second_autosave_replaces_the_first(writer_client, writers_draft):
    post(writer_client, autosave_url(writers_draft), typed("First"))
    post(writer_client, autosave_url(writers_draft), typed("Second"))
    assert offered(writer_client, writers_draft) == typed("Second")
    assert Autosave.objects.count() == 1


def test_a_story_never_saved_has_its_own_autosave(writer_client, writers_draft):
    assert offered(writer_client) is None
    assert post(writer_client, autosave_url(), typed("A new story")).status_code == 200
    assert offered(writer_client) == typed("A new story")
    assert offered(writer_client, writers_draft) is None


def test_another_writer_can_neither_read_nor_write_an_autosave_of_a_story_not_theirs(
    writer_client, other_writer, writers_draft
):
    post(writer_client, autosave_url(writers_draft), typed())
    walter = logged_in(other_writer)
    assert walter.get(autosave_url(writers_draft)).status_code == 404
    assert post(walter, autosave_url(writers_draft), typed("Walter was here")).status_code == 404
    assert walter.delete(autosave_url(writers_draft)).status_code == 404
    assert offered(writer_client, writers_draft) == typed()


def test_an_editor_of_the_story_never_sees_nor_overwrites_the_authors_copy(
    writer_client, desk_editor_client, writers_draft
):
    post(writer_client, autosave_url(writers_draft), typed("Wendy's words"))
    post(writer_client, autosave_url(), typed("Wendy's new story"))
    assert offered(desk_editor_client, writers_draft) is None
    assert offered(desk_editor_client) is None
    assert post(desk_editor_client, autosave_url(writers_draft), typed("Edith's words")).status_code == 200
    assert desk_editor_client.delete(autosave_url(writers_draft)).status_code == 204
    assert offered(writer_client, writers_draft) == typed("Wendy's words")
    assert offered(writer_client) == typed("Wendy's new story")


def test_signed_out_is_a_403_not_a_redirect_to_the_login_page(writers_draft):
    for url in (autosave_url(writers_draft), autosave_url()):
        assert post(Client(), url, typed()).status_code == 403
        assert Client().get(url).status_code == 403
    assert not Autosave.objects.exists()


def test_an_autosave_without_the_csrf_token_is_refused(writer, writers_draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    assert post(client, autosave_url(writers_draft), typed()).status_code == 403
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b"null",
        b'{"fields": "headline"}',
        b'{"fields": [["headline"]]}',
        b'{"fields": [[1, "x"]]}',
        b'{"fields": [["headline", 1]]}',
        b'{"fields": [["", "x"]]}',
        b'{"fields": [], "labels": []}',
        b'{"fields": [], "labels": {"tags": {"3": 3}}}',
        b'{"fields": [["headline", {"a": 1}]]}',
        b"[" * 100_000,
        json.dumps({"fields": [["x" * 201, "y"]]}).encode(),
        json.dumps({"fields": [["a", "b"]] * 1001}).encode(),
    ],
)
def test_a_bad_payload_is_a_400(writer_client, writers_draft, payload):
    response = post(writer_client, autosave_url(writers_draft), payload)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Autosave.objects.exists()


def test_text_the_databases_cannot_store_is_kept_readable(writer_client, writers_draft):
    """A NUL (refused by PostgreSQL) or a lone surrogate (not UTF-8) in the text: stored without them, not a 500."""
    body = b'{"fields": [["headline", "Nul\\u0000 and lone \\ud800 surrogate"]]}'
    assert post(writer_client, autosave_url(writers_draft), body).status_code == 200
    fields = writer_client.get(autosave_url(writers_draft)).json()["data"]["fields"]
    assert fields == [["headline", "Nul and lone \ufffd surrogate"]]


def test_an_autosave_over_the_size_cap_is_refused_and_the_last_one_kept(writer_client, writers_draft):
    post(writer_client, autosave_url(writers_draft), typed())
    too_big = typed(body="x" * MAX_BYTES)
    response = post(writer_client, autosave_url(writers_draft), too_big)
    assert response.status_code == 413
    assert "1024 KB" in response.json()["error"]
    assert offered(writer_client, writers_draft) == typed()
    long_story = typed(body="<p>" + "word " * 150_000 + "</p>")
    assert post(writer_client, autosave_url(writers_draft), long_story).status_code == 200


def test_no_autosave_for_a_missing_trashed_or_unreachable_story(writer_client, writers_draft):
    for pk in (writers_draft.pk + 1000, 2**63):
        url = reverse("autosave:story", args=[pk])
        assert writer_client.get(url).status_code == 404
        assert post(writer_client, url, typed()).status_code == 404
    Article.objects.filter(pk=writers_draft.pk).update(deleted_at="2026-01-01T00:00:00Z")
    assert post(writer_client, autosave_url(writers_draft), typed()).status_code == 404


def test_saving_the_story_form_clears_its_authors_autosave_only(writer_client, desk_editor_client, writers_draft):
    post(writer_client, autosave_url(writers_draft), typed("Wendy's words"))
    post(desk_editor_client, autosave_url(writers_draft), typed("Edith's words"))
    response = writer_client.post(admin_url("change", writers_draft.pk), form_data(writers_draft, headline="Saved"))
    assert response.status_code == 302
    assert offered(writer_client, writers_draft) is None
    assert offered(desk_editor_client, writers_draft) == typed("Edith's words")


def test_adding_a_story_clears_the_authors_new_story_autosave(writer_client, desk_editor_client):
    post(writer_client, autosave_url(), typed("A new story"))
    post(desk_editor_client, autosave_url(), typed("Edith's new story"))
    data = form_data(Article(headline="A new story", slug="a-new-story", status="draft"))
    assert writer_client.post(admin_url("add"), data).status_code == 302
    assert offered(writer_client) is None
    assert offered(desk_editor_client) is not None


def test_a_save_that_fails_keeps_the_autosave(writer_client, writers_draft):
    post(writer_client, autosave_url(writers_draft), typed())
    response = writer_client.post(admin_url("change", writers_draft.pk), form_data(writers_draft, headline=""))
    assert response.status_code == 200  # the form again, with its error
    assert offered(writer_client, writers_draft) == typed()


def test_a_list_action_on_the_story_keeps_the_editors_autosave(desk_editor_client, writers_draft):
    """Publishing from the list does not save what the editor typed in the form: the copy stays."""
    post(desk_editor_client, autosave_url(writers_draft), typed())
    response = desk_editor_client.post(
        admin_url("changelist"), {"action": "publish_selected", "_selected_action": [writers_draft.pk]}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=writers_draft.pk).status == Article.Status.PUBLISHED
    assert offered(desk_editor_client, writers_draft) == typed()


def test_discarding_deletes_the_copy(writer_client, writers_draft):
    post(writer_client, autosave_url(writers_draft), typed())
    assert writer_client.delete(autosave_url(writers_draft)).status_code == 204
    assert offered(writer_client, writers_draft) is None


def test_the_story_form_loads_autosave_for_its_story(writer_client, writers_draft):
    change = writer_client.get(admin_url("change", writers_draft.pk)).content.decode()
    assert f'data-autosave-url="{autosave_url(writers_draft)}"' in change
    add = writer_client.get(admin_url("add")).content.decode()
    assert f'data-autosave-url="{autosave_url()}"' in add


def test_a_form_the_user_may_only_read_does_not_autosave(writer, writer_client, writers_draft):
    Article.objects.filter(pk=writers_draft.pk).update(status=Article.Status.PUBLISHED)
    page = writer_client.get(admin_url("change", writers_draft.pk))
    assert page.status_code == 200
    assert "data-autosave-url" not in page.content.decode()
