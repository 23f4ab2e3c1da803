"""The public page cache: fast for anonymous readers, never stale, across processes (newsroom/cache.py)."""

import datetime as dt
import time
import uuid

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_publish, article_unpublish
from newsroom.actors import SYSTEM
from newsroom.models import ContentVersion
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    AuthorFactory,
    ChairYearFactory,
    CountryFactory,
    ResolutionFactory,
    SectionFactory,
    SeriesFactory,
    TagFactory,
    TenureFactory,
)

pytestmark = pytest.mark.django_db


def latest_headlines(request):
    """The smallest page listing published() stories, evaluated per request."""
    return HttpResponse(", ".join(Article.objects.published().values_list("headline", flat=True)))


urlpatterns = [path("test-latest/", latest_headlines), path("", include("newsroom.urls"))]

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


def use_cache(settings, backend, location, **extra):
    """Point this process at a cache, as one worker of a deployment would be configured."""
    config = {"BACKEND": backend, "LOCATION": location, **extra}
    settings.CACHES = {"default": config, "throttle": config}


@pytest.fixture
def own_cache(settings):
    use_cache(settings, LOCMEM, f"test-{uuid.uuid4()}")


@pytest.fixture
def story(own_cache):
    return ArticleFactory(headline="Ambassadors meet in New York", slug="ambassadors-meet")


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_second_anonymous_view_is_served_from_the_cache_with_one_query(client, story, django_assert_num_queries):
    url = story.get_absolute_url()
    first = get(client, url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the content state; no view, no template
        second = get(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Ambassadors meet in New York" in second.content.decode()


def test_public_pages_carry_an_etag_and_public_cache_control(client, story, settings):
    settings.NEWSROOM_CACHE_SECONDS = 45
    response = get(client, story.get_absolute_url())
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, max-age=45, s-maxage=45"


def test_conditional_get_with_the_etag_gets_304_without_a_body(client, story):
    url = story.get_absolute_url()
    etag = get(client, url)["ETag"]
    response = get(client, url, if_none_match=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_etag_changes_when_the_story_is_edited(client, story):
    url = story.get_absolute_url()
    etag = get(client, url)["ETag"]
    story.headline = "Ambassadors meet again"
    story.save()
    response = get(client, url, if_none_match=etag)
    assert response.status_code == 200
    assert "Ambassadors meet again" in response.content.decode()


@pytest.mark.parametrize("url_name", ["articles:home", "articles:list"])
def test_publishing_a_draft_shows_it_at_once(client, own_cache, url_name):
    ArticleFactory(headline="Older story")
    draft = ArticleFactory(headline="Fresh draft", status=Article.Status.DRAFT)
    url = reverse(url_name)
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    assert "Fresh draft" not in get(client, url).content.decode()
    article_publish(article=draft, user=SYSTEM)
    assert "Fresh draft" in get(client, url).content.decode()


def test_unpublishing_removes_the_story_at_once(client, story):
    url = story.get_absolute_url()
    assert get(client, url).status_code == 200
    assert get(client, url)["X-Page-Cache"] == "hit"
    article_unpublish(article=story, user=SYSTEM)
    assert get(client, url).status_code == 404
    assert "Ambassadors meet" not in get(client, reverse("articles:list")).content.decode()


def test_deleting_removes_the_story_at_once(client, story):
    url = story.get_absolute_url()
    get(client, url)
    Article.objects.filter(pk=story.pk).delete()  # a queryset delete still sends post_delete per row
    assert get(client, url).status_code == 404


def test_linking_a_tag_makes_every_cached_page_stale(story):
    before = ContentVersion.objects.get(pk=1).version
    story.tags.add(TagFactory())
    assert ContentVersion.objects.get(pk=1).version > before


def version():
    return ContentVersion.objects.get(pk=1).version


@pytest.mark.parametrize(
    "factory",
    [ArticleFactory, AuthorFactory, SectionFactory, TagFactory, CountryFactory, ChairYearFactory,
     AmbassadorFactory, TenureFactory, SeriesFactory, ResolutionFactory],
    ids=lambda factory: factory._meta.model.__name__,
)
def test_saving_or_deleting_any_public_record_makes_cached_pages_stale(factory):
    before = version()
    record = factory()
    assert version() > before
    before = version()
    record.save()
    assert version() > before
    before = version()
    record.delete()
    assert version() > before


def test_co_sponsors_changing_makes_cached_pages_stale():
    resolution = ResolutionFactory()
    before = version()
    resolution.co_sponsors.add(CountryFactory())
    assert version() > before
    before = version()
    resolution.co_sponsors.clear()
    assert version() > before


def test_an_edit_through_one_worker_reaches_a_reader_on_another_worker_at_once(client, settings, story):
    """Two local-memory caches, as two gunicorn workers have: only the database is shared."""
    worker_a, worker_b = f"worker-a-{uuid.uuid4()}", f"worker-b-{uuid.uuid4()}"
    url = story.get_absolute_url()
    use_cache(settings, LOCMEM, worker_a)
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"

    use_cache(settings, LOCMEM, worker_b)  # the editor's save runs in the other worker
    story.headline = "Headline changed in worker B"
    story.save()

    use_cache(settings, LOCMEM, worker_a)
    response = get(client, url)
    assert "Headline changed in worker B" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_an_edit_reaches_readers_through_a_shared_redis(client, settings, story):
    prefix = f"test-{uuid.uuid4()}"
    use_cache(settings, REDIS, "redis://127.0.0.1:6379/7", KEY_PREFIX=prefix)
    try:
        url = story.get_absolute_url()
        get(client, url)
        assert get(client, url)["X-Page-Cache"] == "hit"
        story.headline = "Edited with Redis in between"
        story.save()
        assert "Edited with Redis in between" in get(client, url).content.decode()
    finally:
        client_redis = caches["default"]._cache.get_client(write=True)
        keys = list(client_redis.scan_iter(f"{prefix}:*"))
        if keys:
            client_redis.delete(*keys)


@pytest.mark.urls(__name__)
def test_a_scheduled_story_appears_when_its_time_passes_without_any_signal(client, own_cache):
    ArticleFactory(headline="Already public")
    scheduled = ArticleFactory(headline="Embargoed story", publish_at=timezone.now() + dt.timedelta(hours=1))
    url = "/test-latest/"
    assert "Embargoed story" not in get(client, url).content.decode()
    assert get(client, url)["X-Page-Cache"] == "hit"
    # As if the clock had moved on: update() sends no signal and the content version stays the same.
    version = ContentVersion.objects.get(pk=1).version
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert ContentVersion.objects.get(pk=1).version == version
    assert "Embargoed story" in get(client, url).content.decode()


@pytest.mark.urls(__name__)
def test_a_scheduled_story_appears_when_the_clock_reaches_it(client, own_cache):
    ArticleFactory(headline="Already public")
    ArticleFactory(headline="Embargo lifts soon", publish_at=timezone.now() + dt.timedelta(seconds=1.5))
    url = "/test-latest/"
    response = get(client, url)
    assert "Embargo lifts soon" not in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=1, s-maxage=1"  # never past the embargo
    time.sleep(1.6)
    assert "Embargo lifts soon" in get(client, url).content.decode()


def test_head_requests_are_answered_from_the_cache_without_a_body(client, story):
    url = story.get_absolute_url()
    client.get(url)
    response = client.head(url)
    assert response["X-Page-Cache"] == "hit"
    assert response.status_code == 200
    assert response.content == b""


def test_signed_in_editors_are_never_served_or_stored_in_the_cache(client, editor, story):
    url = story.get_absolute_url()
    client.force_login(editor)
    response = get(client, url)
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_a_missing_page_is_not_cached_and_stays_private(client, own_cache):
    response = get(client, "/news/no-such-story/")
    assert response.status_code == 404
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_admin_is_never_cached(client, own_cache):
    response = get(client, reverse("admin:login"))
    assert "X-Page-Cache" not in response
    assert "public" not in response["Cache-Control"]


def test_the_site_still_answers_when_the_cache_is_down(client, settings, story):
    use_cache(settings, REDIS, "redis://127.0.0.1:1/0")
    response = get(client, story.get_absolute_url())
    assert response.status_code == 200
    assert "Ambassadors meet in New York" in response.content.decode()


def test_no_caching_when_the_cache_is_turned_off(client, settings, story):
    use_cache(settings, "django.core.cache.backends.dummy.DummyCache", "")
    response = get(client, story.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert response.status_code == 200


def test_an_edited_resolution_page_is_fresh_at_once(client, own_cache):
    resolution = ResolutionFactory(title="Cooperation between the UN and ASEAN")
    url = resolution.get_absolute_url()
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    resolution.title = "Cooperation between the United Nations and ASEAN"
    resolution.save()
    assert "Cooperation between the United Nations and ASEAN" in get(client, url).content.decode()
