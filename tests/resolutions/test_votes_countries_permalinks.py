"""The vote on a resolution page, country pages, symbol permalinks and the series CSV."""

import csv
import io

import pytest
from django.core.management import call_command

from resolutions.models import Vote
from tests.factories import ArticleFactory, CountryFactory, ResolutionFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_a_recorded_vote_shows_the_totals_and_every_members_vote_asean_first(client, recorded_vote):
    page = html(client, recorded_vote.get_absolute_url())
    assert "<dt>In favour</dt><dd>2</dd>" in page and "<dt>Non-voting</dt><dd>1</dd>" in page
    rows = [line for line in page.splitlines() if '<th scope="row"><a href="/countries/' in line]
    names = [row.split('">', 2)[2].split("</a>")[0] for row in rows]
    # Members of ASEAN on 1 December 2024 first (Timor-Leste joined in 2025), then the others, by name.
    assert names == ["Singapore", "Viet Nam", "Alpha Republic", "Gamma (State of)", "Kingdom of Beta", "Timor-Leste"]
    assert rows[0].count('<span class="badge">ASEAN</span>') == 1
    assert "ASEAN" not in rows[-1]
    assert '<td class="vote vote-non-voting">Non-voting</td>' in page
    assert 'data-filter-table="vote-table"' in page and "js/vote-table.js" in page


def test_a_resolution_adopted_without_a_vote_says_so_plainly(client, demo):
    page = html(client, "/resolutions/asean-un-cooperation-2022/")
    assert "<strong>Adopted without a vote</strong> (by consensus): no member state's vote was recorded" in page
    assert "vote-table" not in page
    assert "The UN Digital Library's vote note: “Adopted without vote, 39th plenary meeting”." in page


def test_every_resolution_page_with_a_symbol_links_its_official_document(client):
    ResolutionFactory(slug="with-symbol", symbol="A/RES/99/3")
    ResolutionFactory(slug="no-symbol")
    assert '<a href="https://docs.un.org/en/A/RES/99/3" rel="noopener">A/RES/99/3 on the UN documents site</a>' in html(
        client, "/resolutions/with-symbol/"
    )
    assert "UN documents site" not in html(client, "/resolutions/no-symbol/")  # no symbol, no address to guess


def test_the_resolution_page_with_votes_runs_a_fixed_number_of_queries(client, recorded_vote, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(recorded_vote.get_absolute_url())
    CountryFactory.create_batch(20)
    for country in CountryFactory.create_batch(20):
        Vote.objects.create(resolution=recorded_vote, country=country, vote="yes")
    with django_assert_max_num_queries(12):
        client.get(recorded_vote.get_absolute_url())


def test_a_country_page_lists_its_votes_on_the_series(client, recorded_vote, demo):
    series = SeriesFactory(title="A made-up series", slug="made-up")
    recorded_vote.series = series
    recorded_vote.save()
    ResolutionFactory(series=series, year=2022, symbol="A/RES/99/4", adoption_method="without-vote")
    page = html(client, "/countries/vnm/")
    assert "<h1>Viet Nam (Vietnam)</h1>" in page
    assert "Votes on “A made-up series”" in page and "<strong>Yes</strong>" in page
    assert "No vote: adopted without a vote" in page
    assert "Votes on “Cooperation between the United Nations and the Association of Southeast Asian Nations”" in page


def test_a_country_is_found_by_either_code_in_any_case_at_one_address(client, asean_members):
    assert client.get("/countries/VN/")["Location"] == "/countries/vnm/"
    assert client.get("/countries/VNM/")["Location"] == "/countries/vnm/"
    assert client.get("/countries/vnm/").status_code == 200
    for bad in ("/countries/zz/", "/countries/v1m/", "/countries/vietnam/"):
        assert client.get(bad).status_code == 404


def test_a_country_page_runs_a_fixed_number_of_queries(client, recorded_vote, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/countries/vnm/")
    series = SeriesFactory()
    for year in range(2000, 2020, 2):
        ResolutionFactory(series=series, year=year)
    with django_assert_max_num_queries(8):
        client.get("/countries/vnm/")


@pytest.mark.parametrize("path", ["/A/RES/77/12", "/A/RES/77/12/", "/a/res/77/12", "/a/Res/77/12/", "/A/77/L.12/Rev.1"])
def test_a_symbol_as_an_address_redirects_to_the_resolution(client, demo, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == "/resolutions/asean-un-cooperation-2022/"


def test_a_draft_symbol_finds_the_text_adopted_from_its_revision(client, demo):
    assert client.get("/A/77/L.12")["Location"] == "/resolutions/asean-un-cooperation-2022/"
    assert client.get("/A/71/L.76/")["Location"] == "/resolutions/asean-fiftieth-anniversary-2017/"


def test_an_unknown_symbol_is_a_404_that_offers_search(client, demo):
    page = html(client, "/a/res/99/99", status=404)
    assert "<h1>No resolution A/RES/99/99 on record</h1>" in page
    assert 'action="/search/"' in page and 'value="A/RES/99/99"' in page


def test_the_symbol_route_shadows_no_other_address(client, demo):
    story = ArticleFactory(slug="vote-2020")
    assert client.get("/news/vote-2020")["Location"] == "/news/vote-2020/"  # as APPEND_SLASH would
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/chair/2020")["Location"] == "/chair/2020/"
    assert client.get("/no/such/page/").status_code == 404
    assert client.get("/resolutions/series/asean-un-cooperation/").status_code == 200
    assert client.get("/feeds/chair/2020/").status_code == 200


def test_the_series_downloads_as_csv_with_every_edition(client, demo):
    response = client.get("/resolutions/series/asean-un-cooperation/editions.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="asean-un-cooperation-editions.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["year"] for row in rows] == [str(year) for year in range(2002, 2023, 2)]
    edition_2022 = rows[-1]
    assert edition_2022["symbol"] == "A/RES/77/12" and edition_2022["co_sponsors"] == "115"
    assert edition_2022["adoption_method"] == "Without a vote (by consensus)"
    assert edition_2022["document_url"] == "https://docs.un.org/en/A/RES/77/12"
    assert edition_2022["page_url"] == "http://testserver/resolutions/asean-un-cooperation-2022/"
    assert "https://press.un.org/en/2022/ga12474.doc.htm" in edition_2022["sources"]
    assert rows[9]["symbol"] == "" and rows[9]["co_sponsors"] == "110"  # 2020: symbol not confirmed
    assert client.get("/resolutions/series/no-such-series/editions.csv").status_code == 404


def test_the_csv_never_hands_a_spreadsheet_a_formula(client):
    series = SeriesFactory(slug="formulas")
    ResolutionFactory(series=series, title='=HYPERLINK("http://example.org")', summary="")
    rows = list(csv.reader(io.StringIO(client.get("/resolutions/series/formulas/editions.csv").content.decode())))
    assert rows[1][3] == "'=HYPERLINK(\"http://example.org\")"


def test_the_demo_loads_with_the_importers_twice_without_change(demo):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "(0 records created or changed)" in out.getvalue()


def test_country_pages_are_in_the_sitemap(client, asean_members):
    assert "http://testserver/countries/vnm/" in client.get("/sitemap.xml").content.decode()
