"""Redirects, significant updates, takedown and time limits through the story form, and the embargo banner on
share links: bad input is a clear form error and nothing is saved half."""

import datetime as dt
import json
import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Redirect
from articles.preview import share_url
from articles.services.workflow import article_withdraw
from tests.articles.admin_helpers import admin_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def split(when):
    local = timezone.localtime(when)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def save(client, article, **changes):
    return client.post(admin_url("change", article.pk), form_data(article, **changes))


# Redirects


def test_changing_a_published_storys_slug_keeps_the_old_address_as_a_301(client, story, desk_editor_client):
    assert save(desk_editor_client, story, slug="viet-nam-leads").status_code == 302
    response = client.get("/news/viet-nam-steers/")
    assert (response.status_code, response["Location"]) == (301, "/news/viet-nam-leads/")
    assert client.get("/news/viet-nam-leads/").status_code == 200


def test_a_drafts_old_slug_is_not_kept(writers_draft, writer_client):
    save(writer_client, writers_draft, slug="renamed-draft")
    assert not Redirect.objects.exists()


def test_unpublishing_can_send_readers_to_another_story(client, story, desk_editor_client):
    other = ArticleFactory(headline="The follow-up")
    assert save(desk_editor_client, story, status="draft", redirect_to=other.pk).status_code == 302
    response = client.get(story.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, other.get_absolute_url())


@pytest.mark.parametrize(
    "target, message",
    [
        ("itself", "cannot send readers to itself"),
        ("draft", "is not published, so readers would find nothing there"),
    ],
)
def test_a_redirect_to_itself_or_a_draft_is_a_form_error(story, desk_editor_client, writers_draft, target, message):
    pk = story.pk if target == "itself" else writers_draft.pk
    response = save(desk_editor_client, story, status="draft", redirect_to=pk)
    assert response.status_code == 200
    assert message in response.content.decode()
    story.refresh_from_db()
    assert (story.status, story.redirect_to, story.version) == ("published", None, 1)


def test_a_redirect_loop_is_refused(story, desk_editor, desk_editor_client):
    other = ArticleFactory(headline="Other story", slug="other-story")
    article_withdraw(article=other, user=desk_editor, reason="duplicate", redirect_to=story)
    response = save(desk_editor_client, story, status="draft", redirect_to=other.pk)
    assert "that would be a loop" in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == "published"


def test_editors_manage_redirects_in_the_admin(client, story, desk_editor_client, writers_draft):
    add = reverse("admin:articles_redirect_add")
    refused = {
        "viet-nam-steers": "A published story answers at this address",
    }
    for old_slug, message in refused.items():
        response = desk_editor_client.post(add, {"old_slug": old_slug, "target": story.pk})
        assert message in response.content.decode()
    response = desk_editor_client.post(add, {"old_slug": "gone-story", "target": writers_draft.pk})
    assert "is not published" in response.content.decode()
    assert not Redirect.objects.exists()
    assert desk_editor_client.post(add, {"old_slug": "gone-story", "target": story.pk}).status_code == 302
    assert client.get("/news/gone-story/")["Location"] == story.get_absolute_url()
    assert story.revisions.filter(note="Readers of /news/gone-story/ are sent here").exists()


def test_writers_cannot_add_redirects(story, writer_client):
    response = writer_client.post(reverse("admin:articles_redirect_add"), {"old_slug": "x", "target": story.pk})
    assert response.status_code == 403


# Significant updates and quiet fixes


def test_a_quiet_fix_changes_no_visible_time(client, story, desk_editor_client):
    assert save(desk_editor_client, story, standfirst="A record 110 co-sponsors, fixed.").status_code == 302
    html = client.get(story.get_absolute_url()).content.decode()
    assert "fixed." in html and "Updated" not in html
    data = json_ld(html)
    assert data["dateModified"] == data["datePublished"]


def test_a_significant_update_shows_updated_and_reaches_json_ld_and_feeds(client, story, desk_editor_client):
    feed = reverse("articles:feed_latest_atom")
    assert save(desk_editor_client, story, body="<p>New figures.</p>", significant_update="on").status_code == 302
    story.refresh_from_db()
    assert story.revised_at is not None
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Updated" in html
    assert json_ld(html)["dateModified"] == story.revised_at.isoformat()
    assert f"<updated>{story.revised_at.isoformat()}</updated>" in client.get(feed).content.decode().replace("Z<", "+00:00<")
    assert story.revisions.filter(version=story.version, note="Significant update").exists()


# Takedown through the form


def test_withdrawing_without_a_reason_is_a_form_error(story, desk_editor_client):
    response = save(desk_editor_client, story, status="withdrawn")
    assert "Say why the story is withdrawn." in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == "published"


def test_an_editor_withdraws_through_the_form(client, story, desk_editor_client):
    data = {"status": "withdrawn", "withdrawn_reason": "legal", "withdrawn_note": "Court order."}
    assert save(desk_editor_client, story, **data).status_code == 302
    assert client.get(story.get_absolute_url()).status_code == 410
    assert story.transitions.get().note == ""  # the workflow log keeps the move itself
    assert story.transitions.get().to_status == "withdrawn"


def test_writers_cannot_withdraw(story, writer):
    with pytest.raises(PermissionDenied):
        article_withdraw(article=story, user=writer, reason="legal")


# Time limits


def test_an_expiry_before_publication_is_a_form_error(story, desk_editor_client):
    date, time = split(story.publish_at - dt.timedelta(hours=1))
    response = save(desk_editor_client, story, expire_at_0=date, expire_at_1=time)
    assert "expire before it is published" in response.content.decode()
    assert Article.objects.get(pk=story.pk).expire_at is None


def test_an_embargo_in_the_past_is_a_form_error(story, desk_editor_client):
    date, time = split(timezone.now() - dt.timedelta(hours=1))
    response = save(desk_editor_client, story, embargo_until_0=date, embargo_until_1=time)
    assert "An embargo must end in the future" in response.content.decode()
    assert Article.objects.get(pk=story.pk).embargo_until is None


def test_a_share_link_shows_the_embargo_in_utc_and_the_newsroom_zone(client, settings, writers_draft):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    Article.objects.filter(pk=writers_draft.pk).update(
        embargo_until=timezone.now().replace(microsecond=0) + dt.timedelta(days=2), status="published"
    )
    writers_draft.refresh_from_db()
    html = client.get(urlsplit(share_url(writers_draft)).path).content.decode()
    banner = html.split('class="preview-banner embargo-banner"')[1].split("</p>")[0]
    utc = writers_draft.embargo_until.astimezone(dt.UTC)
    local = utc.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert utc.strftime("%H:%M") + " UTC" in banner
    assert local.strftime("%H:%M") + " +07" in banner
    assert client.get(writers_draft.get_absolute_url()).status_code == 404  # readers wait for the embargo


def test_time_limits_are_in_the_storys_history_and_a_restore_keeps_them(story, desk_editor, desk_editor_client):
    from articles.services.revisions import article_revision_diff, article_revision_restore

    date, time = split(timezone.now() + dt.timedelta(days=30))
    assert save(desk_editor_client, story, expire_at_0=date, expire_at_1=time).status_code == 302
    first, latest = story.revisions.order_by("version")
    assert "Expires" in [change["label"] for change in article_revision_diff(first.snapshot, latest.snapshot)]
    article_revision_restore(revision=first, user=desk_editor)
    story.refresh_from_db()
    assert story.expire_at is not None  # restoring old text never changes when the story leaves readers


def test_writers_cannot_point_a_storys_address_elsewhere(story, writer, writers_draft):
    from articles.services.workflow import article_save

    writers_draft.redirect_to = story
    with pytest.raises(PermissionDenied):
        article_save(article=writers_draft, user=writer)
    assert Article.objects.get(pk=writers_draft.pk).redirect_to is None


def test_the_story_list_says_which_stories_are_expired_withdrawn_or_embargoed(story, desk_editor_client):
    later = timezone.now() + dt.timedelta(days=1)
    ArticleFactory(headline="Old news", expire_at=timezone.now() - dt.timedelta(minutes=1),
                   publish_at=timezone.now() - dt.timedelta(days=2))
    ArticleFactory(headline="Pulled", status="withdrawn", withdrawn_reason="legal")
    ArticleFactory(headline="Held", embargo_until=later)
    html = desk_editor_client.get(admin_url("changelist")).content.decode()
    assert "<strong>Expired " in html and "Withdrawn" in html
    assert "<strong>Scheduled for " in html  # published, its time past: only the embargo holds it


def test_an_editor_reinstates_a_withdrawn_story_from_the_story_list(client, story, desk_editor, desk_editor_client, writer_client):
    article_withdraw(article=story, user=desk_editor, reason="error")
    action = {"action": "reinstate_selected", "_selected_action": [story.pk]}
    writer_client.post(admin_url("changelist"), action)  # writers have no such action
    assert client.get(story.get_absolute_url()).status_code == 410
    assert desk_editor_client.post(admin_url("changelist"), action).status_code == 302
    assert client.get(story.get_absolute_url()).status_code == 200
    assert story.transitions.first().note == "Reinstated"


def test_share_links_stop_when_the_story_is_withdrawn(client, story, desk_editor):
    path = urlsplit(share_url(story)).path
    assert client.get(path).status_code == 200
    article_withdraw(article=story, user=desk_editor, reason="legal")
    response = client.get(path)
    assert response.status_code == 404 and "Viet Nam steers" not in response.content.decode()


def test_publishing_under_embargo_is_logged_as_scheduled_for_the_embargo_end(desk_editor, writers_draft):
    from django.utils.formats import date_format

    from articles.services.workflow import article_publish

    lifts = timezone.now() + dt.timedelta(days=2)
    Article.objects.filter(pk=writers_draft.pk).update(embargo_until=lifts)
    writers_draft.refresh_from_db()
    article_publish(article=writers_draft, user=desk_editor)
    expected = date_format(timezone.localtime(lifts), "DATETIME_FORMAT")
    assert writers_draft.transitions.get().note == f"Scheduled for {expected}"
    assert Article.objects.scheduled().filter(pk=writers_draft.pk).exists()
