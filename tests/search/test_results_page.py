"""/search/: the record's sections and the stories on one page, as a new reader would try it."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article
from tests.factories import AmbassadorFactory, ArticleFactory, ChairYearFactory, CountryFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:results")


def section(html, key):
    """The text of one section of the page ("" when it is not shown)."""
    found = re.search(rf'<section aria-labelledby="{key}-heading".*?</section>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split()) if found else ""


def page(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def record(demo, aliases):
    """The demo record and its story."""


def test_asean_lists_the_resolutions_that_spell_it_out(client, record):
    resolutions = section(page(client, q="ASEAN"), "resolutions")
    assert resolutions.startswith("Resolutions 12 A/RES/77/12 Cooperation between the United Nations and the")
    assert "All 12 resolutions" in resolutions


@pytest.mark.parametrize("query", ["77/12", "A/RES/77/12", "a/res/77/12", "A/77/L.12", "res 77/12", "resolution 77/12"])
def test_a_resolution_is_found_by_its_symbol_in_full_or_in_part(client, record, query):
    resolutions = section(page(client, q=query), "resolutions")
    assert resolutions.startswith("Resolutions 1 A/RES/77/12 Cooperation between")


def test_a_fragment_matches_whole_parts_of_a_symbol_only(client, record):
    ResolutionFactory(symbol="A/RES/77/120", title="Another text", year=2022)
    resolutions = section(page(client, q="77/12"), "resolutions")
    assert "A/RES/77/120" not in resolutions


def test_cambodia_finds_its_ambassador_chair_years_and_the_country(client, record):
    html = page(client, q="Cambodia")
    assert section(html, "ambassadors") == "Ambassadors 1 Sovann Ke Cambodia"
    assert section(html, "chair-years").startswith("ASEAN chair years 3 2022: Cambodia ASEAN A.C.T.")
    assert section(html, "countries") == "Countries 1 Cambodia KHM · ASEAN member since 1999"
    assert '<a href="/countries/khm/">Cambodia</a>' in html


def test_a_year_offers_its_chair_year_and_resolutions(client, record):
    html = page(client, q="2022")
    assert section(html, "chair-years") == "ASEAN chair years 1 2022: Cambodia ASEAN A.C.T.: Addressing Challenges Together"
    assert '<a href="/chair/2022/">2022: Cambodia</a>' in html
    assert section(html, "resolutions").startswith("Resolutions 1 A/RES/77/12")


def test_vietnam_and_viet_nam_find_the_same_things(client, record):
    one, other = page(client, q="Vietnam"), page(client, q="Viet Nam")
    for key in ("resolutions", "ambassadors", "chair-years", "countries", "stories"):
        assert section(one, key) == section(other, key), key
        assert section(one, key), key  # and each finds something


def test_the_chair_year_theme_finds_the_year(client, record):
    assert section(page(client, q="cohesive responsive"), "chair-years").startswith("ASEAN chair years 1 2020: Viet Nam")


def test_stories_come_with_highlighted_passages_and_a_link_to_the_filtered_list(client, record):
    stories = page(client, q="co-sponsors record")
    assert "<mark>co</mark>-<mark>sponsors</mark>" in stories
    assert '<a href="/news/?q=co-sponsors+record">Filter them by chair year, section or resolution' in stories


def test_a_section_full_list_pages_through_every_match(client, record):
    html = page(client, q="ASEAN", show="resolutions")
    assert section(html, "section").startswith("Resolutions 12 ← All results for “ASEAN”")
    listed = re.search(r'<section aria-labelledby="section-heading".*?</section>', html, re.S).group(0)
    assert listed.count('<li><a href="/resolutions/') == 12
    assert 'id="stories-heading"' not in html


def test_an_unknown_section_shows_everything(client, record):
    html = page(client, q="ASEAN", show="<script>")
    assert 'id="resolutions-heading"' in html and "<script>" not in html.split("<main")[1]


@pytest.mark.parametrize(
    "query, suggestion",
    [("Cambodai", "Cambodia"), ("Sovan Kee", "Sovann Ke"), ("A/RES/77/21", "A/RES/77/12"), ("vietnm", "Vietnam")],
)
def test_near_misses_of_names_and_symbols_get_a_did_you_mean(client, record, query, suggestion):
    html = page(client, q=query)
    assert f'Did you mean <a href="/search/?q={suggestion.replace(" ", "%20")}">{suggestion}</a>?' in html
    assert section(page(client, q=suggestion), "stories") or "Nothing matches" not in page(client, q=suggestion)


@pytest.mark.parametrize("query", ["zzqxv", "Cambodia", "cooperation"])
def test_no_suggestion_for_what_is_found_or_near_nothing(client, record, query):
    assert "Did you mean" not in page(client, q=query)


def test_nothing_found_says_so(client, record):
    assert "Nothing matches “zzqxv”." in page(client, q="zzqxv")


def test_drafts_and_scheduled_stories_are_not_searched(client, record):
    ArticleFactory(headline="Mekong draft", status=Article.Status.DRAFT)
    ArticleFactory(headline="Mekong scheduled", publish_at=timezone.now() + dt.timedelta(hours=1))
    ArticleFactory(headline="Mekong trashed", deleted_at=timezone.now())
    html = page(client, q="mekong")
    assert "Nothing matches" in html and "Mekong draft" not in html and "Mekong scheduled" not in html


def test_the_page_and_the_404_page_name_their_two_search_landmarks_differently(client, record):
    for html in (page(client, q="ASEAN"), client.get("/no/such/page/").content.decode()):
        names = re.findall(r'role="search" aria-label="([^"]+)"', html)
        assert len(names) == 2 and len(set(names)) == 2


@pytest.mark.parametrize("size", [2, 12])
def test_the_results_page_runs_a_fixed_number_of_queries(client, aliases, django_assert_max_num_queries, size):
    country = CountryFactory(name="Mekongia", slug="mekongia", iso_alpha2="MK")
    for n in range(size):
        ResolutionFactory(title=f"Mekong resolution {n}", year=2000 + n)
        AmbassadorFactory(full_name=f"Mekong envoy {n}", country=country)
        ChairYearFactory(year=2000 + n, chair=country, theme="Mekong")
        ArticleFactory(headline=f"Mekong story {n}")
    with django_assert_max_num_queries(5):  # aliases, record sections, page ranked and counted, stories, bylines
        html = page(client, q="mekong")
    assert section(html, "stories").startswith(f"Stories {size} ")
    with django_assert_max_num_queries(3):  # aliases, the section counted, its page
        page(client, q="mekong", show="ambassadors", page=1)
    with django_assert_max_num_queries(4):  # nothing found: aliases, sections, stories, names for suggestions
        page(client, q="zzqxv")


@given(
    params=st.dictionaries(
        st.sampled_from(["q", "show", "page"]),
        st.one_of(st.text(max_size=80), st.sampled_from(['"unbalanced', "(((", "a & b | !c", "-x", "*", "NEAR(a b)",
                                                          "x" * 5000, "\x00", "😀", "مرحبا بالعالم", "77/12/", "/"])),
        max_size=3,
    )
)
def test_no_query_string_makes_the_search_fail(client, aliases, params):
    ArticleFactory(headline="Resolution 77/12 adopted")
    response = client.get(SEARCH, params)
    assert response.status_code in (200, 404)
    if response.status_code == 404:
        assert "page" in params
