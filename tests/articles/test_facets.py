"""The news list's facets (counts per chair year, section and resolution) and the home page's chair-year counts."""

import datetime as dt
import re
import uuid
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services.workflow import article_publish, article_trash, article_unpublish
from newsroom.actors import SYSTEM
from tests.factories import ArticleFactory, ChairYearFactory, ResolutionFactory, SectionFactory

from .conftest import file_story

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")
HOME = reverse("articles:home")


def options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.fixture
def real_cache(settings, client):
    """A working cache; the client carries a CSRF cookie, so its pages are rendered for it (never from or into
    the page cache) and each view shows what it computes."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex},
    }
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32


@pytest.fixture
def archive(story, chair_2022, filing):
    """2020: `story` and one more; 2022: one story in another section; plus hidden stories that must not count."""
    analysis = SectionFactory(name="Analysis", slug="analysis")
    file_story(filing, headline="Second 2020 story", slug="second-2020")
    ArticleFactory(headline="Cambodia chairs", chair_year_override=chair_2022, section=analysis)
    file_story(filing, headline="Draft", slug="draft-2020", status=Article.Status.DRAFT)
    file_story(filing, headline="Scheduled", slug="scheduled-2020", publish_at=timezone.now() + dt.timedelta(days=1))
    return analysis


def test_each_select_offers_only_values_with_stories_and_their_counts(client, archive, filing):
    ChairYearFactory(year=2019)  # no stories: never offered
    SectionFactory(name="Empty", slug="empty")
    ResolutionFactory(slug="unlinked")
    html = client.get(LIST).content.decode()
    assert options(html, "chair_year") == [("", "Any year"), ("2022", "2022 — Cambodia (1)"), ("2020", "2020 — Viet Nam (2)")]
    assert options(html, "section") == [("", "Any section"), ("analysis", "Analysis (1)"), ("diplomacy", "Diplomacy (2)")]
    assert options(html, "resolution") == [("", "Any resolution"), ("asean-un-2020", "2020 · ASEAN-UN cooperation (2)")]


def test_each_facet_is_counted_under_the_other_filters(client, archive):
    html = client.get(LIST, {"chair_year": "2020", "section": "diplomacy"}).content.decode()
    # Other years stay on offer (counted in the chosen section), so a reader can switch year in one step.
    assert options(html, "chair_year") == [("", "Any year"), ("2020", "2020 — Viet Nam (2)")]
    assert options(html, "section") == [("", "Any section"), ("diplomacy", "Diplomacy (2)")]
    html = client.get(LIST, {"chair_year": "2020"}).content.decode()
    assert ("2022", "2022 — Cambodia (1)") in options(html, "chair_year")
    assert options(html, "section") == [("", "Any section"), ("diplomacy", "Diplomacy (2)")]


def test_words_narrow_every_facet(client, archive):
    html = client.get(LIST, {"q": "Cambodia chairs"}).content.decode()
    assert options(html, "chair_year") == [("", "Any year"), ("2022", "2022 — Cambodia (1)")]
    assert options(html, "section") == [("", "Any section"), ("analysis", "Analysis (1)")]
    assert options(html, "resolution") == [("", "Any resolution")]


def test_the_chosen_value_stays_selectable_when_the_other_filters_leave_it_nothing(client, archive):
    html = client.get(LIST, {"chair_year": "2022", "section": "diplomacy"}).content.decode()
    assert ("2022", "2022 — Cambodia (0)") in options(html, "chair_year")
    assert '<option value="2022" selected>' in html


def test_an_invalid_filter_keeps_every_choice_of_the_archive(client, archive):
    html = client.get(LIST, {"chair_year": "abc"}).content.decode()
    assert [value for value, _ in options(html, "chair_year")] == ["", "2022", "2020"]


def test_on_phones_the_filters_come_first_folded_and_say_how_many_are_active(client, archive):
    html = client.get(LIST, {"chair_year": "2020", "tag": "asean"}).content.decode()
    assert html.index('<details class="filters"') < html.index('class="list-main"')
    assert '<details class="filters" id="filters">' in html  # folded: no `open` from the server
    assert '<summary>Filter stories <span class="filter-count">2 active</span></summary>' in html
    assert html.index('id="id_chair_year"') < html.index('id="id_section"') < html.index('id="id_q"')
    assert "<summary>Filter stories</summary>" in client.get(LIST).content.decode()


# The home page's chair-year counts


def test_home_shows_each_chair_years_story_count_and_marks_years_without(client, archive):
    ChairYearFactory(year=2021)
    html = client.get(HOME).content.decode()
    assert '<a class="count" href="/news/?chair_year=2020">2 stories<span class="visually-hidden"> from 2020</span></a>' in html
    assert '<a class="count" href="/news/?chair_year=2022">1 story<span class="visually-hidden"> from 2022</span></a>' in html
    assert 'href="/news/?chair_year=2021"' not in html
    assert '<span class="count muted">No stories yet</span>' in html


def counts_on_home(client):
    html = client.get(HOME).content.decode()
    return dict(re.findall(r'href="/news/\?chair_year=(\d+)">(\d+) stor', html))


@pytest.mark.django_db(transaction=True)  # the page cache purges after the commit
def test_home_counts_are_kept_with_the_page_cache_until_what_they_count_changes(
    client, settings, archive, filing, django_assert_num_queries
):
    """A byline edit purges the home page (it shows bylines) but not the counts, which never read bylines: the
    home page is rendered again without counting."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}}
    assert counts_on_home(client) == {"2022": "1", "2020": "2"}
    filing["author"].name = "Lan Pham-Nguyen"
    filing["author"].save()
    with django_assert_num_queries(6):  # purges to apply, the schedule (2), stories, bylines, chair years: no count
        response = client.get(HOME)
    assert response["X-Page-Cache"] == "miss" and "Lan Pham-Nguyen" in response.content.decode()
    ArticleFactory(chair_year_override=archive.articles.first().chair_year)
    assert counts_on_home(client) == {"2022": "2", "2020": "2"}


def test_home_counts_follow_publishing_unpublishing_and_the_trash(client, real_cache, archive, filing):
    draft = Article.objects.get(slug="draft-2020")
    assert counts_on_home(client)["2020"] == "2"
    article_publish(article=draft, user=SYSTEM)
    assert counts_on_home(client)["2020"] == "3"
    article_unpublish(article=draft, user=SYSTEM)
    assert counts_on_home(client)["2020"] == "2"
    article_trash(article=Article.objects.get(slug="second-2020"), user=SYSTEM)
    assert counts_on_home(client)["2020"] == "1"


def test_home_counts_include_a_scheduled_story_once_its_time_comes_without_any_write(client, real_cache, archive):
    assert counts_on_home(client)["2020"] == "2"
    later = timezone.now() + dt.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert counts_on_home(client)["2020"] == "3"


def test_home_counts_survive_a_cache_server_that_is_down(client, settings, archive):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    response = client.get(HOME)
    assert response.status_code == 200
    assert counts_on_home(client)["2020"] == "2"


def test_a_filtered_lists_counts_come_from_the_cache_until_the_content_changes(
    client, real_cache, archive, filing, django_assert_num_queries
):
    assert ("2020", "2020 — Viet Nam (2)") in options(client.get(LIST, {"section": "diplomacy"}).content.decode(), "chair_year")
    with django_assert_num_queries(5):  # the section checked, stories counted, their page, bylines, the counts
        client.get(LIST, {"section": "diplomacy"})
    file_story(filing, headline="Third 2020 story", slug="third-2020")
    assert ("2020", "2020 — Viet Nam (3)") in options(client.get(LIST, {"section": "diplomacy"}).content.decode(), "chair_year")


def test_counts_under_a_word_search_are_not_kept(client, real_cache, archive, django_assert_num_queries):
    client.get(LIST, {"q": "Cambodia"})
    with django_assert_num_queries(5):  # aliases, stories counted, their page, bylines, the counts
        client.get(LIST, {"q": "Cambodia"})


def test_counts_kept_for_one_date_range_are_not_shown_for_another(client, real_cache, archive, filing):
    file_story(filing, headline="Older 2020 story", slug="older-2020", publish_at=timezone.now() - dt.timedelta(days=10))
    old = (timezone.now() - dt.timedelta(days=20)).date().isoformat()
    recent = (timezone.now() - dt.timedelta(days=5)).date().isoformat()  # the same year, another day
    assert ("2020", "2020 — Viet Nam (3)") in options(client.get(LIST, {"from": old}).content.decode(), "chair_year")
    assert ("2020", "2020 — Viet Nam (2)") in options(client.get(LIST, {"from": recent}).content.decode(), "chair_year")
