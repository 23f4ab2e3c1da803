"""Every save keeps a revision; the history page lists, compares and restores them; deleting only trashes."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry

from articles.models import Article
from articles.services.workflow import article_publish, article_unpublish
from newsroom.actors import SYSTEM
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import (
    AmbassadorFactory,
    AuthorFactory,
    ChairYearFactory,
    ResolutionFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(writers_draft):
    """Links of every kind, so a revision has something to remember."""
    return {
        "authors": [AuthorFactory(name="Ana Author").pk],
        "tags": [TagFactory(name="Treaties").pk],
        "resolutions": [ResolutionFactory(title="On cooperation").pk],
        "ambassadors": [AmbassadorFactory(full_name="Amb Assador").pk],
        "section": SectionFactory(name="World").pk,
        "chair_year_override": ChairYearFactory(year=2020).pk,
    }


def test_every_admin_save_stores_a_full_revision(writer, writer_client, writers_draft, filed):
    writer_client.post(admin_url("change", writers_draft.pk), form_data(writers_draft, headline="Second", **filed))
    baseline, revision = writers_draft.revisions.order_by("version")
    assert (baseline.snapshot["headline"], baseline.user) == ("Wendy's draft", None)
    assert revision.user == writer
    snapshot = revision.snapshot
    assert snapshot["headline"] == "Second"
    for name in ("authors", "tags", "resolutions", "ambassadors"):
        assert snapshot[name] == filed[name]
    assert snapshot["section"] == filed["section"]
    assert snapshot["chair_year_override"] == filed["chair_year_override"]
    assert snapshot["_labels"]["authors"] == ["Ana Author"]
    assert snapshot["hero_image"] == ""


def test_history_page_lists_revisions_moves_and_the_admin_log(desk_editor_client, writers_draft):
    desk_editor_client.post(admin_url("change", writers_draft.pk), form_data(writers_draft, headline="Edited"))
    article_publish(article=Article.objects.get(pk=writers_draft.pk), user=SYSTEM)
    html = desk_editor_client.get(admin_url("history", writers_draft.pk)).content.decode()
    assert "Revisions" in html and "Compare selected versions" in html
    assert "Draft → Published" in html
    assert "Changed Headline" in html  # Django's own LogEntry message


def test_compare_shows_a_word_diff_of_text_and_old_and_new_links(desk_editor_client, writers_draft, filed):
    url = admin_url("change", writers_draft.pk)
    desk_editor_client.post(url, form_data(writers_draft, body="<p>The council met on Monday.</p>"))
    writers_draft.refresh_from_db()
    desk_editor_client.post(url, form_data(writers_draft, body="<p>The council met on Tuesday.</p>", **filed))
    _, old, new = writers_draft.revisions.order_by("version")
    response = desk_editor_client.get(admin_url("compare", writers_draft.pk), {"from": new.pk, "to": old.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Monday.&lt;/p&gt;</del>" in html and "<ins>Tuesday.&lt;/p&gt;</ins>" in html
    assert "Bylines" in html and "Ana Author" in html
    assert "Headline" not in html.split('id="revision-diff"')[1]  # unchanged fields are not listed


def test_compare_with_bad_ids_is_a_404_or_a_message(desk_editor_client, writers_draft):
    url = admin_url("compare", writers_draft.pk)
    assert desk_editor_client.get(url, {"from": "x", "to": "1"}).status_code == 302
    assert desk_editor_client.get(url, {"from": 99999, "to": 99998}).status_code == 404


def test_restore_brings_back_text_and_links_as_a_new_revision(desk_editor, desk_editor_client, writers_draft, filed):
    url = admin_url("change", writers_draft.pk)
    desk_editor_client.post(url, form_data(writers_draft, headline="Good", **filed))
    writers_draft.refresh_from_db()
    desk_editor_client.post(url, form_data(writers_draft, headline="Bad", tags=[], authors=[]))
    good = writers_draft.revisions.get(snapshot__headline="Good")

    response = desk_editor_client.post(admin_url("restore", writers_draft.pk, good.pk))

    assert response.status_code == 302
    writers_draft.refresh_from_db()
    assert writers_draft.headline == "Good"
    assert list(writers_draft.tags.values_list("pk", flat=True)) == filed["tags"]
    assert list(writers_draft.authors.values_list("pk", flat=True)) == filed["authors"]
    latest = writers_draft.revisions.latest()
    assert (latest.note, latest.user) == (f"Restored version {good.version}", desk_editor)
    assert writers_draft.revisions.count() == 1 + 3
    assert LogEntry.objects.filter(object_id=str(writers_draft.pk), change_message__contains="Restored").exists()


def test_restore_by_a_writer_never_publishes(desk_editor, writer, writer_client, writers_draft):
    article_publish(article=writers_draft, user=desk_editor)  # a revision whose status is "published"
    article_unpublish(article=writers_draft, user=desk_editor)
    published = writers_draft.revisions.get(snapshot__status="published")
    writer_client.post(admin_url("restore", writers_draft.pk, published.pk))
    writers_draft.refresh_from_db()
    assert writers_draft.status == Article.Status.DRAFT
    assert writers_draft.revisions.latest().user == writer  # the restore happened, without the status
    assert not Article.objects.published().exists()


def test_restore_by_an_editor_keeps_a_live_story_live(desk_editor, desk_editor_client, writers_draft):
    url = admin_url("change", writers_draft.pk)
    desk_editor_client.post(url, form_data(writers_draft, headline="Draft-era headline"))
    article_publish(article=Article.objects.get(pk=writers_draft.pk), user=desk_editor)
    draft_era = writers_draft.revisions.get(snapshot__headline="Draft-era headline", snapshot__status="draft")
    desk_editor_client.post(admin_url("restore", writers_draft.pk, draft_era.pk))
    story = Article.objects.published().get()
    assert story.headline == "Draft-era headline"


def test_restore_needs_post(desk_editor_client, writers_draft, desk_editor):
    article_publish(article=writers_draft, user=desk_editor)
    revision = writers_draft.revisions.latest()
    assert desk_editor_client.get(admin_url("restore", writers_draft.pk, revision.pk)).status_code == 302
    assert writers_draft.revisions.count() == 2


def test_delete_moves_to_trash_keeping_revisions_and_logging(desk_editor_client, writers_draft):
    desk_editor_client.post(admin_url("change", writers_draft.pk), form_data(writers_draft, headline="Kept"))
    confirm = desk_editor_client.get(admin_url("delete", writers_draft.pk)).content.decode()
    assert "moves to the trash" in confirm

    response = desk_editor_client.post(admin_url("delete", writers_draft.pk), {"post": "yes"}, follow=True)

    assert "“Kept” is in the trash" in response.content.decode()
    assert list(response.context["cl"].result_list) == []
    writers_draft.refresh_from_db()
    assert writers_draft.is_trashed and writers_draft.revisions.count() == 2
    assert LogEntry.objects.filter(object_id=str(writers_draft.pk), action_flag=DELETION).exists()
    assert "Kept" in desk_editor_client.get(admin_url("trash")).content.decode()


def test_restore_from_trash_brings_the_story_back(desk_editor_client, writers_draft):
    desk_editor_client.post(admin_url("delete", writers_draft.pk), {"post": "yes"})
    response = desk_editor_client.post(admin_url("untrash", writers_draft.pk))
    assert response.status_code == 302
    writers_draft.refresh_from_db()
    assert not writers_draft.is_trashed
    assert "Wendy" in desk_editor_client.get(admin_url("changelist")).content.decode()
    assert LogEntry.objects.filter(
        object_id=str(writers_draft.pk), action_flag=CHANGE, change_message="Restored from the trash"
    ).exists()


def test_bulk_delete_says_the_stories_are_in_the_trash(desk_editor_client, writers_draft):
    response = desk_editor_client.post(
        admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": [writers_draft.pk], "post": "yes"},
        follow=True,
    )
    html = response.content.decode()
    assert "Moved 1 story to the trash" in html
    assert "Successfully deleted" not in html
