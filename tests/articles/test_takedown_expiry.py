"""Withdrawn, expired and embargoed stories on every public surface, with the page cache on.

These tests commit for real (`transaction=True`): the page cache purges after a commit, as in production. Each
surface is read until it is served from the cache first, so a surface that kept the story would show it.
"""

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleTransition
from articles.services.workflow import article_reinstate, article_withdraw
from tests.articles.conftest import file_story
from tests.articles.test_no_leaks import SURFACES as NO_LEAK_SURFACES

pytestmark = pytest.mark.django_db(transaction=True)

SURFACES = [
    reverse("articles:home"),
    reverse("articles:list"),
    reverse("search:results") + "?q=mekong",
    reverse("articles:feed_latest"),
    reverse("articles:feed_latest_atom"),
    "/sitemap.xml",
    "/sitemap-news.xml",
]


@pytest.fixture
def stories(filing, own_cache):
    """The story under test and a sibling filed the same way, whose related box lists it."""
    story = file_story(filing, headline="Mekong dam talks stall", slug="mekong-talks", body="<p>Mekong water.</p>")
    sibling = file_story(filing, headline="Sibling story", slug="sibling-story", body="<p>Mekong river.</p>")
    return story, sibling


def surfaces(sibling):
    return [*SURFACES, sibling.get_absolute_url()]


def warm(client, url):
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def assert_everywhere(client, story, sibling):
    for url in surfaces(sibling):
        assert story.slug in warm(client, url), url


def assert_nowhere(client, story, sibling):
    for url in surfaces(sibling):
        response = client.get(url)
        assert response.status_code == 200, url
        assert story.slug not in response.content.decode(), url


def test_a_withdrawn_story_answers_410_and_leaves_every_surface_at_once(client, stories, desk_editor):
    story, sibling = stories
    assert_everywhere(client, story, sibling)
    warm(client, story.get_absolute_url())

    article_withdraw(article=story, user=desk_editor, reason="legal", note="A court order names a witness.")

    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "This story has been withdrawn" in page and "Mekong dam talks stall" in page
    assert timezone.localdate().strftime("%-d %B %Y") in page
    assert "court order" not in page  # the reason stays private unless the editor marks it public
    assert "X-Page-Cache" not in response and "no-store" in response["Cache-Control"]
    assert_nowhere(client, story, sibling)
    transition = ArticleTransition.objects.filter(article=story).first()
    assert (transition.to_status, transition.user) == ("withdrawn", desk_editor)


def test_a_public_reason_is_on_the_notice(client, stories, desk_editor):
    story, _sibling = stories
    article_withdraw(article=story, user=desk_editor, reason="duplicate", note="Filed twice.", reason_public=True)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Duplicate" in page and "Filed twice." in page


def test_a_withdrawn_story_stays_in_the_admin_and_an_editor_reinstates_it(client, stories, desk_editor, desk_editor_client):
    story, sibling = stories
    article_withdraw(article=story, user=desk_editor, reason="error")
    assert_nowhere(client, story, sibling)
    admin_page = desk_editor_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert admin_page.status_code == 200 and "Mekong dam talks stall" in admin_page.content.decode()

    article_reinstate(article=Article.objects.get(pk=story.pk), user=desk_editor)

    assert client.get(story.get_absolute_url()).status_code == 200
    assert_everywhere(client, story, sibling)
    notes = list(ArticleTransition.objects.filter(article=story).values_list("note", flat=True))
    assert notes[:2] == ["Reinstated", "Withdrawn: Serious error"]


def test_withdrawing_can_send_readers_to_another_story(client, stories, desk_editor):
    story, sibling = stories
    article_withdraw(article=story, user=desk_editor, reason="duplicate", redirect_to=sibling)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == sibling.get_absolute_url()


@pytest.mark.parametrize("shared", [False, True], ids=["local", "redis"])
def test_an_expired_story_answers_404_and_leaves_every_surface_when_its_time_comes(client, request, stories, shared):
    if shared:
        request.getfixturevalue("redis_cache")
    story, sibling = stories
    story.expire_at = timezone.now() + dt.timedelta(seconds=2)
    story.save()
    for url in surfaces(sibling):
        response = client.get(url)
        assert story.slug in response.content.decode()
        max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
        assert max_age <= 2, url  # neither a browser nor a cache in front keeps the page past the expiry
    assert_everywhere(client, story, sibling)
    time.sleep(2.1)
    assert client.get(story.get_absolute_url()).status_code == 404
    assert_nowhere(client, story, sibling)


def test_an_expired_story_with_a_redirect_sends_readers_on(client, stories):
    story, sibling = stories
    Article.objects.filter(pk=story.pk).update(expire_at=timezone.now() - dt.timedelta(minutes=1), redirect_to=sibling)
    response = client.get(story.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, sibling.get_absolute_url())


def test_an_embargoed_story_goes_public_when_the_embargo_lifts_without_any_job(client, stories):
    story, sibling = stories
    story.embargo_until = timezone.now() + dt.timedelta(seconds=2)
    story.save()  # published, its publish time past: only the embargo holds it
    assert client.get(story.get_absolute_url()).status_code == 404
    assert_nowhere(client, story, sibling)
    for url in surfaces(sibling):  # cached now, never past the embargo
        assert client.get(url)["X-Page-Cache"] == "hit"
    time.sleep(2.1)
    assert client.get(story.get_absolute_url()).status_code == 200
    assert_everywhere(client, story, sibling)


@pytest.fixture
def taken_off(filing):
    """A withdrawn, an expired and an embargoed story, filed exactly like `story`: none may reach readers."""
    now = timezone.now()
    return [
        file_story(filing, headline="GONE withdrawn story", slug="gone-withdrawn", status="withdrawn",
                   withdrawn_reason="legal"),
        file_story(filing, headline="GONE expired story", slug="gone-expired", expire_at=now - dt.timedelta(minutes=1)),
        file_story(filing, headline="GONE embargoed story", slug="gone-embargoed", embargo_until=now + dt.timedelta(days=1)),
    ]


@pytest.mark.parametrize("url", [*NO_LEAK_SURFACES, reverse("articles:corrections"), "/api/v1/stories/", "/chair/2020/",
                                 "/resolutions/asean-un-2020/", "/ambassadors/dang-dinh-quy/"])
def test_withdrawn_expired_and_embargoed_stories_never_appear(client, story, taken_off, url):
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    assert "GONE" not in content
    for hidden in taken_off:
        assert hidden.slug not in content
    if "corrections" not in url and "SECRET" not in url:
        assert story.slug in content or story.headline in content  # the surface does list stories


def test_their_addresses_answer_410_404_and_404(client, story, taken_off):
    assert [client.get(hidden.get_absolute_url()).status_code for hidden in taken_off] == [410, 404, 404]
    assert "GONE" not in client.get(story.get_absolute_url()).content.decode()  # nor in its related box
