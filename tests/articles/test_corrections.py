"""Corrections and clarifications: appended by editors, shown on the story, in its JSON-LD and feeds, listed at
/corrections/ with its own feed; edited or withdrawn only by editors, with history."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.services.record import correction_add, correction_edit, correction_withdraw
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_correction_add")


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_an_editor_appends_a_correction_and_readers_see_it_with_its_date(client, story, desk_editor_client):
    response = desk_editor_client.post(ADD, {"article": story.pk, "kind": "correction", "text": "The vote was 120 to 3."})
    assert response.status_code == 302
    correction = Correction.objects.get()
    html = client.get(story.get_absolute_url()).content.decode()
    section = html.split('id="corrections-heading"')[1]
    assert "The vote was 120 to 3." in section
    assert f'datetime="{correction.at.replace(microsecond=0).isoformat()}"' in section
    data = json_ld(html)
    assert data["correction"] == [
        {"@type": "CorrectionComment", "text": "The vote was 120 to 3.", "datePublished": correction.at.isoformat()}
    ]
    story.refresh_from_db()
    assert data["dateModified"] == story.revised_at.isoformat() > story.publish_at.isoformat()
    assert "Updated" in html
    assert story.revisions.filter(note="Correction added: The vote was 120 to 3.").exists()


def test_the_feed_entry_of_a_corrected_story_is_updated(client, story, desk_editor):
    feed = reverse("articles:feed_latest_atom")
    before = re.search(r"<updated>(.*?)</updated>", client.get(feed).content.decode().split("<entry>")[1]).group(1)
    correction_add(article=story, user=desk_editor, kind="clarification", text="Viet Nam chaired in 2020.")
    after = re.search(r"<updated>(.*?)</updated>", client.get(feed).content.decode().split("<entry>")[1]).group(1)
    assert after > before


def test_a_correction_without_text_is_a_form_error_and_nothing_is_saved(story, desk_editor_client):
    response = desk_editor_client.post(ADD, {"article": story.pk, "kind": "correction", "text": "   "})
    assert response.status_code == 200
    assert "a correction needs its text" in response.content.decode()
    assert not Correction.objects.exists()
    story.refresh_from_db()
    assert story.revised_at is None


def test_a_draft_cannot_be_corrected(desk_editor_client, writers_draft):
    response = desk_editor_client.post(ADD, {"article": writers_draft.pk, "kind": "correction", "text": "Wrong."})
    assert "Corrections go on published stories" in response.content.decode()
    assert not Correction.objects.exists()


def test_writers_cannot_add_edit_or_withdraw_corrections(story, writer, writer_client, desk_editor):
    assert writer_client.post(ADD, {"article": story.pk, "kind": "correction", "text": "Mine."}).status_code == 403
    correction = correction_add(article=story, user=desk_editor, kind="correction", text="Right.")
    change = reverse("admin:articles_correction_change", args=[correction.pk])
    assert writer_client.post(change, {"kind": "correction", "text": "Changed."}).status_code == 403
    for act in (lambda: correction_edit(correction=correction, user=writer, kind="correction", text="No."),
                lambda: correction_withdraw(correction=correction, user=writer)):
        with pytest.raises(PermissionDenied):
            act()
    assert Correction.objects.get().text == "Right."


def test_an_edit_keeps_what_the_correction_said_before(client, story, desk_editor, desk_editor_client):
    correction = correction_add(article=story, user=desk_editor, kind="correction", text="The vote was 12 to 3.")
    change = reverse("admin:articles_correction_change", args=[correction.pk])
    assert desk_editor_client.post(change, {"kind": "correction", "text": "The vote was 120 to 3."}).status_code == 302
    correction.refresh_from_db()
    assert [entry["action"] for entry in correction.history] == ["added", "edited"]
    assert correction.history[-1]["text"] == "The vote was 12 to 3."
    assert "The vote was 12 to 3." in desk_editor_client.get(change).content.decode()  # the history, in the admin
    assert "The vote was 120 to 3." in client.get(story.get_absolute_url()).content.decode()


def test_a_withdrawn_correction_leaves_the_story_and_the_list_but_stays_in_the_admin(client, story, desk_editor, desk_editor_client):
    correction = correction_add(article=story, user=desk_editor, kind="correction", text="A mistaken correction.")
    changelist = reverse("admin:articles_correction_changelist")
    desk_editor_client.post(changelist, {"action": "withdraw_selected", "_selected_action": [correction.pk]})
    correction.refresh_from_db()
    assert correction.withdrawn_at is not None and correction.history[-1]["action"] == "withdrawn"
    assert "A mistaken correction." not in client.get(story.get_absolute_url()).content.decode()
    assert "A mistaken correction." not in client.get(reverse("articles:corrections")).content.decode()
    assert desk_editor_client.get(changelist).content.decode().count(str(story)) >= 1
    assert "correction" not in json_ld(client.get(story.get_absolute_url()).content.decode())


def test_the_corrections_page_lists_newest_first_paginated_with_its_feed(client, desk_editor):
    stories = ArticleFactory.create_batch(21)
    for number, story in enumerate(stories):
        correction_add(article=story, user=desk_editor, kind="correction", text=f"Correction number {number}.")
        Correction.objects.filter(article=story).update(at=timezone.now() - dt.timedelta(minutes=100 - number))
    first = client.get(reverse("articles:corrections")).content.decode()
    assert first.index("Correction number 20.") < first.index("Correction number 19.")
    assert "Correction number 0." not in first
    assert "Correction number 0." in client.get(reverse("articles:corrections") + "?page=2").content.decode()
    feed = client.get(reverse("articles:corrections_feed"))
    assert feed.status_code == 200
    assert feed.content.decode().index("Correction number 20.") < feed.content.decode().index("Correction number 19.")


def test_corrections_of_stories_readers_cannot_see_are_not_listed(client, story, desk_editor):
    correction_add(article=story, user=desk_editor, kind="correction", text="On a story taken down later.")
    Article.objects.filter(pk=story.pk).update(status=Article.Status.WITHDRAWN, withdrawn_reason="legal")
    for url in (reverse("articles:corrections"), reverse("articles:corrections_feed")):
        assert "taken down later" not in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_correction_reaches_the_cached_story_page_at_once(client, own_cache, desk_editor):
    story = ArticleFactory(headline="Cached story")
    for url in (story.get_absolute_url(), reverse("articles:corrections")):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    correction_add(article=story, user=desk_editor, kind="correction", text="Fixed at once.")
    for url in (story.get_absolute_url(), reverse("articles:corrections")):
        assert "Fixed at once." in client.get(url).content.decode()


def test_every_page_links_to_the_corrections_and_they_link_to_the_policy(client):
    home = client.get(reverse("articles:home")).content.decode()
    assert f'href="{reverse("articles:corrections")}"' in home.split('class="site-footer"')[1]
    assert 'href="/corrections-policy/"' in client.get(reverse("articles:corrections")).content.decode()
