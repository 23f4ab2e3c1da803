"""The public page cache: fast for anonymous readers, purged precisely by what changed, across processes.

These tests commit for real (`transaction=True`): purges run after a transaction commits, as in production.
"""

import datetime as dt
import time
import uuid

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_publish, article_unpublish
from newsroom.actors import SYSTEM
from newsroom.cache import Entry, LocalStore, page_store
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

pytestmark = pytest.mark.django_db(transaction=True)


def latest_headlines(request):
    """The smallest page listing published() stories, evaluated per request."""
    return HttpResponse(", ".join(Article.objects.published().values_list("headline", flat=True)))


urlpatterns = [path("test-latest/", latest_headlines), path("", include("newsroom.urls"))]

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


def use_cache(settings, backend, location, **extra):
    """Point this process at a cache, as one worker of a deployment would be configured."""
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location, **extra}}


@pytest.fixture
def story(own_cache):
    return ArticleFactory(headline="Ambassadors meet in New York", slug="ambassadors-meet")


def get(client, url, **headers):
    return client.get(url, headers=headers)


def warm(client, url):
    """Load a page until it is served from the cache."""
    get(client, url)
    response = get(client, url)
    assert response["X-Page-Cache"] == "hit", url
    return response


def test_second_view_is_served_from_local_memory_after_one_small_query(client, story, django_assert_num_queries):
    url = story.get_absolute_url()
    first = get(client, url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the purges other processes logged; no view, no template
        second = get(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Ambassadors meet in New York" in second.content.decode()


def test_a_hit_from_redis_costs_no_query(client, redis_cache, django_assert_num_queries):
    story = ArticleFactory(headline="Served by Redis")
    url = story.get_absolute_url()
    get(client, url)
    with django_assert_num_queries(0):
        response = get(client, url)
    assert response["X-Page-Cache"] == "hit"
    assert "Served by Redis" in response.content.decode()


def test_public_pages_carry_an_etag_public_cache_control_and_their_keys(client, story, settings):
    settings.NEWSROOM_CACHE_SECONDS = 45
    response = get(client, story.get_absolute_url())
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, max-age=45, s-maxage=45"
    assert f"articles.article:{story.pk}" in response["Surrogate-Key"].split()


def test_with_a_purged_http_cache_in_front_it_may_keep_pages_as_long_as_the_page_cache(client, story, settings):
    settings.NEWSROOM_PURGE_URLS = ["http://127.0.0.1:1/"]  # nothing listens: purges fail quietly
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    response = get(client, story.get_absolute_url())
    max_age, shared = (int(part.split("=")[1]) for part in response["Cache-Control"].split(", ")[1:])
    assert max_age == 60
    assert 295 <= shared <= 300


def test_conditional_get_with_the_etag_gets_304_without_a_body(client, story):
    url = story.get_absolute_url()
    etag = get(client, url)["ETag"]
    response = get(client, url, if_none_match=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_failed_precondition_is_private(client, story):
    url = story.get_absolute_url()
    warm(client, url)
    response = get(client, url, if_match='"something-else"')
    assert response.status_code == 412
    assert response["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in response


def test_etag_changes_when_the_story_is_edited(client, story):
    url = story.get_absolute_url()
    etag = get(client, url)["ETag"]
    story.headline = "Ambassadors meet again"
    story.save()
    response = get(client, url, if_none_match=etag)
    assert response.status_code == 200
    assert "Ambassadors meet again" in response.content.decode()


@pytest.mark.parametrize("url_name", ["articles:home", "articles:list", "articles:feed_latest"])
def test_publishing_a_draft_shows_it_at_once(client, own_cache, url_name):
    ArticleFactory(headline="Older story")
    draft = ArticleFactory(headline="Fresh draft", status=Article.Status.DRAFT)
    url = reverse(url_name)
    assert "Fresh draft" not in warm(client, url).content.decode()
    article_publish(article=draft, user=SYSTEM)
    assert "Fresh draft" in get(client, url).content.decode()


def test_an_empty_list_is_purged_by_the_first_story(client, own_cache):
    url = reverse("articles:home")
    assert "No stories have been published yet" in warm(client, url).content.decode()
    ArticleFactory(headline="The very first story")
    assert "The very first story" in get(client, url).content.decode()


def test_unpublishing_removes_the_story_at_once(client, story):
    url = story.get_absolute_url()
    warm(client, url)
    warm(client, reverse("articles:list"))
    article_unpublish(article=story, user=SYSTEM)
    assert get(client, url).status_code == 404
    assert "Ambassadors meet" not in get(client, reverse("articles:list")).content.decode()


def test_a_rolled_back_change_purges_nothing(client, story):
    url = story.get_absolute_url()
    warm(client, url)
    with pytest.raises(RuntimeError), transaction.atomic():
        story.headline = "Never saved"
        story.save()
        raise RuntimeError("the editor's request failed")
    assert get(client, url)["X-Page-Cache"] == "hit"
    story.refresh_from_db()
    story.save()  # the next transaction purges its own change only
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_a_purge_asked_for_inside_a_transaction_waits_for_the_commit(client, story):
    from newsroom.cache import content_changed

    url = story.get_absolute_url()
    warm(client, url)
    with transaction.atomic():
        content_changed()  # as a bulk import does after bulk_create
        assert get(client, url)["X-Page-Cache"] == "hit"  # not yet: a re-render now would read the old rows
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_deleting_removes_the_story_at_once(client, story):
    url = story.get_absolute_url()
    warm(client, url)
    Article.objects.filter(pk=story.pk).delete()  # a queryset delete still sends the signals per row
    assert get(client, url).status_code == 404


@pytest.fixture
def filed(own_cache):
    """Two stories filed under everything a story page shows, and one filed under nothing they share."""
    chair = ChairYearFactory(year=2020, theme="Cohesive and Responsive")
    resolution = ResolutionFactory(title="ASEAN-UN cooperation", chair_year=chair)
    ambassador = AmbassadorFactory(full_name="Dang Dinh Quy")
    tag = TagFactory(name="Mekong")

    def file(**values):
        story = ArticleFactory(chair_year_override=chair, **values)
        story.resolutions.add(resolution)
        story.ambassadors.add(ambassador)
        story.tags.add(tag)
        return story

    other_year = ChairYearFactory(year=2023, chair=CountryFactory(name="Indonesia"))
    return {
        "old": file(headline="Old story on the record", publish_at=timezone.now() - dt.timedelta(days=300)),
        "file": file,
        "unrelated": ArticleFactory(headline="Unrelated story", chair_year_override=other_year),
        "chair": chair,
        "resolution": resolution,
        "ambassador": ambassador,
    }


def test_fixing_a_typo_in_a_story_keeps_unrelated_story_pages_cached(client, filed):
    old, unrelated = filed["old"], filed["unrelated"]
    warm(client, old.get_absolute_url())
    warm(client, unrelated.get_absolute_url())
    old.headline = "Old story on the record, corrected"
    old.save()
    assert "corrected" in get(client, old.get_absolute_url()).content.decode()
    assert get(client, unrelated.get_absolute_url())["X-Page-Cache"] == "hit"


def test_publishing_purges_the_lists_and_the_pages_it_belongs_to_and_nothing_else(client, filed):
    pages = {
        "home": reverse("articles:home"),
        "list": reverse("articles:list"),
        "chair year": filed["chair"].get_absolute_url(),
        "resolution": filed["resolution"].get_absolute_url(),
        "ambassador": filed["ambassador"].get_absolute_url(),
        "related story": filed["old"].get_absolute_url(),  # same resolution: the new story is related to it
    }
    for url in [*pages.values(), filed["unrelated"].get_absolute_url()]:
        warm(client, url)
    draft = filed["file"](headline="Breaking: the vote is in", status=Article.Status.DRAFT)
    for url in pages.values():  # a draft, however filed, purges nothing readers see
        assert get(client, url)["X-Page-Cache"] == "hit"
    article_publish(article=draft, user=SYSTEM)
    for name, url in pages.items():
        response = get(client, url)
        assert response["X-Page-Cache"] == "miss", name
        assert "Breaking: the vote is in" in response.content.decode(), name
    assert get(client, draft.get_absolute_url()).status_code == 200
    assert get(client, filed["unrelated"].get_absolute_url())["X-Page-Cache"] == "hit"


def test_publishing_spares_pages_that_only_name_what_the_story_is_filed_under(client, own_cache):
    """A story page that shows the same section, byline, and an edition of the same series in its fact box is
    not about the new story: it stays cached."""
    section, author, series = SectionFactory(name="Diplomacy"), AuthorFactory(), SeriesFactory()
    earlier = ResolutionFactory(series=series, year=2018, chair_year=ChairYearFactory(year=2018))
    later = ResolutionFactory(series=series, year=2020, chair_year=ChairYearFactory(year=2020))
    neighbour = ArticleFactory(headline="On the 2018 edition", section=section)
    neighbour.resolutions.add(earlier)
    neighbour.authors.add(author)
    url = neighbour.get_absolute_url()
    warm(client, url)
    news = ArticleFactory(headline="On the 2020 edition", section=section, status=Article.Status.DRAFT)
    news.resolutions.add(later)
    news.authors.add(author)
    article_publish(article=news, user=SYSTEM)
    assert get(client, url)["X-Page-Cache"] == "hit"
    assert "On the 2020 edition" in get(client, later.get_absolute_url()).content.decode()


def test_a_new_story_of_the_chair_year_purges_only_the_pages_whose_related_stories_it_can_join(client, filed):
    """Related stories come from the same resolution first. A page whose list is full of those cannot show a new
    story that only shares the chair year; a page that had to fall back on the chair year can."""
    full = filed["old"]
    for n in range(4):
        filed["file"](headline=f"Same resolution {n}")
    sparse = ArticleFactory(headline="Only the chair year in common", chair_year_override=filed["chair"])
    for url in (full.get_absolute_url(), sparse.get_absolute_url()):
        warm(client, url)
    ArticleFactory(headline="Newest of the chair year", chair_year_override=filed["chair"])
    assert get(client, full.get_absolute_url())["X-Page-Cache"] == "hit"
    response = get(client, sparse.get_absolute_url())
    assert "Newest of the chair year" in response.content.decode().split('id="related-heading"')[1]


def tenure_for(ambassador):
    return TenureFactory(ambassador=ambassador, note="Credentials presented 12 July 2018")


# A record changed by an editor, and a page that shows it: the page is fresh at once.
RECORD_CHANGES = {
    "author": (lambda s: AuthorFactory(name="Lan Pham"), lambda s, a: s.authors.add(a),
               lambda a: setattr(a, "name", "Lan Pham-Nguyen"), "Lan Pham-Nguyen", lambda s, a: s.get_absolute_url()),
    "tag": (lambda s: TagFactory(name="Rice"), lambda s, t: s.tags.add(t),
            lambda t: setattr(t, "name", "Rice exports"), "Rice exports", lambda s, t: s.get_absolute_url()),
    "resolution": (lambda s: ResolutionFactory(title="Cooperation"), lambda s, r: s.resolutions.add(r),
                   lambda r: setattr(r, "symbol", "A/RES/77/12"), "A/RES/77/12", lambda s, r: s.get_absolute_url()),
    "ambassador": (lambda s: AmbassadorFactory(full_name="Sovann Ke"), lambda s, a: s.ambassadors.add(a),
                   lambda a: setattr(a, "full_name", "Sovann Ke (Cambodia)"), "Sovann Ke (Cambodia)",
                   lambda s, a: a.get_absolute_url()),
    "chair year": (lambda s: ChairYearFactory(year=2020), lambda s, c: None,
                   lambda c: setattr(c, "theme", "A new theme"), "A new theme", lambda s, c: c.get_absolute_url()),
    "series": (lambda s: SeriesFactory(title="Cooperation series"),
               lambda s, x: ResolutionFactory(series=x, title="Edition"),
               lambda x: setattr(x, "title", "ASEAN-UN cooperation series"), "ASEAN-UN cooperation series",
               lambda s, x: x.get_absolute_url()),
}


@pytest.mark.parametrize("record", RECORD_CHANGES)
def test_an_edited_record_is_fresh_at_once_on_the_pages_that_show_it(client, own_cache, record):
    make, link, change, expected, page = RECORD_CHANGES[record]
    story = ArticleFactory(headline="A story on the record")
    thing = make(story)
    link(story, thing)
    url = page(story, thing)
    warm(client, url)
    change(thing)
    thing.save()
    assert expected in get(client, url).content.decode()


def test_a_new_tenure_is_on_the_ambassador_page_at_once(client, own_cache):
    ambassador = AmbassadorFactory()
    url = ambassador.get_absolute_url()
    warm(client, url)
    tenure_for(ambassador)
    assert "Credentials presented 12 July 2018" in get(client, url).content.decode()


def test_co_sponsors_changing_refreshes_the_resolution_page(client, own_cache):
    resolution = ResolutionFactory()
    url = resolution.get_absolute_url()
    warm(client, url)
    resolution.co_sponsors.add(CountryFactory(name="Lao People's Democratic Republic"))
    assert "Lao People" in get(client, url).content.decode()


def test_an_edit_through_one_worker_reaches_a_reader_on_another_worker_at_once(client, settings, story):
    """Two local-memory caches, as two gunicorn workers have: only the database is shared."""
    worker_a, worker_b = f"worker-a-{uuid.uuid4()}", f"worker-b-{uuid.uuid4()}"
    url = story.get_absolute_url()
    use_cache(settings, LOCMEM, worker_a)
    warm(client, url)

    use_cache(settings, LOCMEM, worker_b)  # the editor's save runs in the other worker
    story.headline = "Headline changed in worker B"
    story.save()

    use_cache(settings, LOCMEM, worker_a)
    response = get(client, url)
    assert "Headline changed in worker B" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_an_edit_reaches_readers_through_a_shared_redis(client, redis_cache):
    story = ArticleFactory(headline="Before the edit")
    url = story.get_absolute_url()
    warm(client, url)
    story.headline = "Edited with Redis in between"
    story.save()
    assert "Edited with Redis in between" in get(client, url).content.decode()


def test_a_page_rendered_again_reuses_the_fragments_that_did_not_change(client, filed):
    """A new story on the same topic purges the old story's page and its related stories, not its fact boxes."""
    old = filed["old"]
    url = old.get_absolute_url()
    warm(client, url)
    article_publish(article=filed["file"](headline="New on the same record", status=Article.Status.DRAFT), user=SYSTEM)
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert "New on the same record" in html.split('id="related-heading"')[1]
    assert 'class="fact-box"' in html
    assert not any("co_sponsors" in query["sql"] for query in queries.captured_queries)  # no fact box query


def test_editing_a_story_rebuilds_its_fragments(client, filed):
    old = filed["old"]
    warm(client, old.get_absolute_url())
    old.resolutions.clear()
    html = get(client, old.get_absolute_url()).content.decode()
    assert 'class="fact-box"' not in html


def test_a_render_that_began_before_a_purge_is_not_stored():
    store = LocalStore(max_entries=10)
    _entry, token, _schedule, _checked = store.lookup(["page"])
    store.purge(["articles.article:1"], log=False)  # an editor's save lands while the page renders
    entry = Entry(b"old text", [], ["articles.article:1"], time.time() + 60)
    assert store.store("page", entry, token, 60) is False
    assert store.lookup(["page"])[0] is None


def test_redis_refuses_a_render_that_began_before_a_purge(redis_cache):
    store = page_store()
    _entry, token, _schedule, _checked = store.lookup(["newsroom:page:test"])
    store.purge(["articles.article:1"])
    entry = Entry(b"old text", [], ["articles.article:1"], time.time() + 60)
    assert store.store("newsroom:page:test", entry, token, 60) is False
    fresh_token = store.lookup(["newsroom:page:test"])[1]
    assert store.store("newsroom:page:test", entry, fresh_token, 60) is True
    assert store.lookup(["newsroom:page:test"])[0].content == b"old text"


@pytest.mark.urls(__name__)
def test_a_scheduled_story_appears_when_the_clock_reaches_it(client, own_cache):
    ArticleFactory(headline="Already public")
    ArticleFactory(headline="Embargo lifts soon", publish_at=timezone.now() + dt.timedelta(seconds=1.5))
    url = "/test-latest/"
    response = get(client, url)
    assert "Embargo lifts soon" not in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=1, s-maxage=1"  # never past the embargo
    assert get(client, url)["X-Page-Cache"] == "hit"
    time.sleep(1.6)
    assert "Embargo lifts soon" in get(client, url).content.decode()


@pytest.mark.parametrize("cache", ["own_cache", "redis_cache"])
def test_when_a_scheduled_time_comes_only_the_pages_of_that_story_are_purged(client, request, cache):
    request.getfixturevalue(cache)
    unrelated = ArticleFactory(headline="Unrelated story")
    for url in (reverse("articles:home"), unrelated.get_absolute_url()):
        warm(client, url)
    ArticleFactory(headline="Embargo lifts now", publish_at=timezone.now() + dt.timedelta(seconds=1.5))
    for url in (reverse("articles:home"), unrelated.get_absolute_url()):  # the scheduling purged the lists only
        get(client, url)
    assert get(client, unrelated.get_absolute_url())["X-Page-Cache"] == "hit"
    time.sleep(1.6)
    home = get(client, reverse("articles:home"))
    assert "Embargo lifts now" in home.content.decode()
    assert get(client, unrelated.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.urls(__name__)
def test_scheduling_a_story_earlier_than_the_next_one_shortens_cached_pages(client, own_cache):
    ArticleFactory(headline="Already public")
    ArticleFactory(headline="Much later", publish_at=timezone.now() + dt.timedelta(hours=5))
    url = "/test-latest/"
    warm(client, url)
    ArticleFactory(headline="Sooner", publish_at=timezone.now() + dt.timedelta(seconds=1.5))
    response = get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert response["Cache-Control"] == "public, max-age=1, s-maxage=1"
    time.sleep(1.6)
    assert "Sooner" in get(client, url).content.decode()


@pytest.mark.parametrize("cache", ["own_cache", "redis_cache"])
def test_pages_stored_after_the_first_reuse_the_schedule_and_end_with_it(client, request, cache):
    request.getfixturevalue(cache)
    ArticleFactory(headline="Already public")
    ArticleFactory(headline="Embargoed", publish_at=timezone.now() + dt.timedelta(seconds=30))
    for url in (reverse("articles:home"), reverse("articles:list"), reverse("resolutions:list")):
        response = get(client, url)
        assert response.status_code == 200
        assert int(response["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 30
        assert get(client, url)["X-Page-Cache"] == "hit"


def test_query_parameters_no_view_reads_add_no_entry(client, story):
    url = story.get_absolute_url()
    warm(client, url)
    junk = f"{url}?utm_source=newsletter&x={'A' * 3500}"
    response = get(client, junk)
    assert response["X-Page-Cache"] == "hit"
    assert response.content == get(client, url).content
    assert len([key for key in page_store().pages if key.startswith("newsroom:page:")]) == 1


def test_parameters_a_view_reads_are_part_of_the_key(client, own_cache):
    ArticleFactory.create_batch(3)
    first = client.get(reverse("search:results"), {"q": "Story"})
    other = client.get(reverse("search:results"), {"q": "Nothing"})
    assert first["X-Page-Cache"] == other["X-Page-Cache"] == "miss"
    assert get(client, f"{reverse('search:results')}?q=Story")["X-Page-Cache"] == "hit"
    assert "Story number" not in get(client, f"{reverse('search:results')}?q=Nothing").content.decode()


def test_a_very_long_value_of_a_read_parameter_is_never_stored(client, own_cache):
    url = f"{reverse('search:results')}?q={'mekong ' * 100}"
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "miss"


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
    assert response["Cache-Control"] == "private, no-store"


def test_a_redirect_on_a_public_address_is_private(client, own_cache):
    response = get(client, "/news")
    assert response.status_code == 301
    assert response["Cache-Control"] == "private, no-store"


def test_admin_is_never_cached(client, own_cache):
    response = get(client, reverse("admin:login"))
    assert "X-Page-Cache" not in response
    assert "public" not in response["Cache-Control"]


def test_the_site_still_answers_when_the_cache_is_down(client, settings):
    story = ArticleFactory(headline="Ambassadors meet in New York")
    use_cache(settings, REDIS, "redis://127.0.0.1:1/0")
    response = get(client, story.get_absolute_url())
    assert response.status_code == 200
    assert "Ambassadors meet in New York" in response.content.decode()
    story.headline = "Saved while the cache is down"
    story.save()  # the purge fails quietly; the editor's save stands
    assert Article.objects.get(pk=story.pk).headline == "Saved while the cache is down"


def test_no_caching_when_the_cache_is_turned_off(client, settings, story):
    use_cache(settings, "django.core.cache.backends.dummy.DummyCache", "")
    response = get(client, story.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert response.status_code == 200


def test_a_new_chair_year_reaches_the_pages_of_the_stories_it_now_files(client, own_cache):
    """Refiling is one UPDATE (no signal): the stories whose chair year it changed are purged all the same."""
    story = ArticleFactory(headline="Filed by its year", publish_at=dt.datetime(2021, 3, 1, tzinfo=dt.UTC))
    url = story.get_absolute_url()
    assert "<dt>ASEAN chair year</dt>" not in warm(client, url).content.decode()
    ChairYearFactory(year=2021, chair=CountryFactory(name="Brunei Darussalam"))
    response = get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "<dt>ASEAN chair year</dt>" in response.content.decode()
    assert "2021 — Brunei Darussalam" in response.content.decode()
