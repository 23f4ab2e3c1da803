"""/news/: every filter, their combinations, the active-filter chips, pagination, and hostile query strings."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    AuthorFactory,
    ResolutionFactory,
    SectionFactory,
    TagFactory,
)

from .conftest import file_story

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")


def headlines(response):
    return [article.headline for article in response.context["page_obj"]]


@pytest.fixture
def other(chair_2022):
    """A published story filed under nothing that `story` is filed under."""
    story = ArticleFactory(
        headline="Cambodia's turn",
        chair_year_override=chair_2022,
        section=SectionFactory(name="Analysis", slug="analysis"),
        publish_at=timezone.now() - dt.timedelta(days=30),
    )
    story.tags.add(TagFactory(name="UN", slug="un"))
    story.authors.add(AuthorFactory(name="Sok Dara", slug="sok-dara"))
    story.resolutions.add(ResolutionFactory(slug="a-res-77-12"))
    story.ambassadors.add(AmbassadorFactory(slug="sovann-ke"))
    return story


def test_unfiltered_list_shows_every_published_story(client, story, other):
    response = client.get(LIST)
    assert response.status_code == 200
    assert headlines(response) == [story.headline, other.headline]
    assert "2 stories" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"chair_year": "2020"},
        {"resolution": "asean-un-2020"},
        {"ambassador": "dang-dinh-quy"},
        {"section": "diplomacy"},
        {"tag": "asean"},
        {"author": "lan-pham"},
        {"q": "steers"},
        {"from": (timezone.now() - dt.timedelta(days=2)).date().isoformat()},
        {"to": (timezone.now() - dt.timedelta(days=10)).date().isoformat()},
    ],
    ids=lambda p: next(iter(p)),
)
def test_each_filter_narrows_the_list(client, story, other, params):
    expected = [other.headline] if "to" in params else [story.headline]
    assert headlines(client.get(LIST, params)) == expected


def test_filters_combine(client, story, other, filing):
    later = file_story(filing, headline="Same filing, other words", slug="same-filing")
    both = {"chair_year": "2020", "tag": "asean"}
    assert set(headlines(client.get(LIST, both))) == {story.headline, later.headline}
    assert headlines(client.get(LIST, {**both, "q": "steers"})) == [story.headline]
    assert headlines(client.get(LIST, {"chair_year": "2022", "tag": "asean"})) == []


def test_date_range_includes_both_ends(client, story, other):
    day = timezone.localdate(story.publish_at).isoformat()
    assert headlines(client.get(LIST, {"from": day, "to": day})) == [story.headline]


def test_chair_year_choices_read_year_and_chair_with_their_stories(client, story):
    html = client.get(LIST).content.decode()
    assert '<option value="2020">2020 — Viet Nam (1)</option>' in html


def test_form_fields_have_labels(client, story):
    html = client.get(LIST).content.decode()
    for field in ("q", "chair_year", "section", "from", "to"):
        assert f'<label for="id_{field}">' in html
        assert f'id="id_{field}"' in html


def test_active_filters_are_shown_with_remove_links_that_keep_the_others(client, story):
    html = client.get(LIST, {"chair_year": "2020", "tag": "asean", "page": "1"}).content.decode()
    assert "2020 — Viet Nam" in html.split('class="active-filters"')[1]
    assert 'href="/news/?tag=asean" aria-label="Remove filter ASEAN chair year: 2020 — Viet Nam"' in html
    assert 'href="/news/?chair_year=2020" aria-label="Remove filter Tag: ASEAN"' in html


def test_slug_filters_stay_in_the_form_when_it_is_resubmitted(client, story):
    html = client.get(LIST, {"tag": "asean"}).content.decode()
    assert '<input type="hidden" name="tag" value="asean">' in html


def test_filtered_list_canonical_keeps_only_valid_filters(client, story):
    html = client.get(LIST, {"tag": "asean", "utm_source": "x"}).content.decode()
    assert '<link rel="canonical" href="http://testserver/news/?tag=asean">' in html


def test_pagination_keeps_the_filters(client, filing):
    for i in range(25):
        file_story(filing, headline=f"Story {i}", slug=f"story-p{i}")
    first = client.get(LIST, {"tag": "asean"})
    assert len(first.context["page_obj"]) == 20
    assert 'href="?tag=asean&amp;page=2"' in first.content.decode()
    second = client.get(LIST, {"tag": "asean", "page": "2"})
    assert len(second.context["page_obj"]) == 5
    assert 'href="?tag=asean&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"chair_year": "abc"}, "Choose a chair year from the list."),
        ({"chair_year": "99999999999999999999"}, "Choose a chair year from the list."),
        ({"chair_year": "1999"}, "Choose a chair year from the list."),
        ({"resolution": "<script>alert(1)</script>"}, "There is no resolution at that address."),
        ({"ambassador": "nobody"}, "There is no ambassador at that address."),
        ({"tag": "nope"}, "There is no tag at that address."),
        ({"author": "nobody"}, "There is no author at that address."),
        ({"section": "nope"}, "There is no section at that address."),
        ({"from": "2020-13-40"}, "Enter a valid date."),
        ({"to": "yesterday"}, "Enter a valid date."),
        ({"from": "2021-01-01", "to": "2020-01-01"}, "The end date is before the start date."),
    ],
)
def test_invalid_filters_explain_themselves_and_show_nothing(client, story, params, message):
    response = client.get(LIST, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "No stories are shown" in html
    assert headlines(response) == []
    assert "<script>alert(1)" not in html


def test_an_invalid_filter_has_a_remove_link_keeping_the_valid_ones(client, story):
    html = client.get(LIST, {"tag": "asean", "chair_year": "abc"}).content.decode()
    assert '<a href="/news/?tag=asean">Remove this filter</a>' in html


@pytest.mark.parametrize("page", ["0", "abc", "9999", "-1", "1.5"])
def test_bad_page_numbers_are_404(client, story, page):
    assert client.get(LIST, {"page": page}).status_code == 404


def test_very_long_words_with_nul_bytes_are_handled(client, story):
    response = client.get(LIST + "?q=steers%00" + "y" * 5000)
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_nul_byte_in_a_slug_filter_is_dropped(client, story):
    response = client.get(LIST + "?tag=asean%00")
    assert headlines(response) == [story.headline]


def test_unknown_parameters_are_ignored(client, story):
    assert headlines(client.get(LIST, {"colour": "blue"})) == [story.headline]


@given(
    params=st.dictionaries(
        st.sampled_from(["chair_year", "resolution", "ambassador", "section", "tag", "author", "from", "to", "q", "page"]),
        st.text(max_size=60),
        max_size=5,
    )
)
def test_no_query_string_makes_the_list_fail(client, story, params):
    response = client.get(LIST, params)
    assert response.status_code in (200, 404)
    if response.status_code == 404:
        assert "page" in params


def test_list_filtered_by_chair_year_announces_that_years_feed(client, story):
    html = client.get(LIST, {"chair_year": "2020"}).content.decode()
    assert 'type="application/rss+xml" title="The Diplomatic Desk: ASEAN chair year 2020 — Viet Nam (RSS)" href="/feeds/chair/2020/"' in html


@pytest.mark.parametrize("typed", ["+2020", " 2020", "02020"])
def test_a_chair_year_typed_oddly_is_written_back_in_its_plain_form(client, story, typed):
    response = client.get(LIST, {"chair_year": typed, "tag": "asean"})
    html = response.content.decode()
    assert response.status_code == 200
    assert headlines(response) == [story.headline]
    assert 'href="/feeds/chair/2020/"' in html
    assert '<link rel="canonical" href="http://testserver/news/?chair_year=2020&amp;tag=asean">' in html
