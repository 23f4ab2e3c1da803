import json
import re

import pytest
from django.db.models import Prefetch
from django.template.loader import render_to_string

from articles.models import Article
from resolutions.models import Resolution
from tests.factories import ArticleFactory, CountryFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_the_2020_edition_shows_its_record_and_who_introduced_it(client, demo):
    html = page(client, "/resolutions/asean-un-cooperation-2020/")
    assert "<strong>110</strong> — a record at the time, since surpassed in 2022" in html
    assert "Compared with the 2 editions of the series with a known co-sponsor count (2020–2022)." in html
    assert '<time datetime="2020-11-23">23 November 2020</time>' in html
    assert '<a href="/ambassadors/dang-dinh-quy/">Dang Dinh Quy</a>' in html
    assert "on behalf of ASEAN, as ASEAN Chair 2020" in html
    assert '<a href="/chair/2020/">2020</a>: Viet Nam' in html
    assert "General Assembly, 75th session" in html
    assert "Without a vote (by consensus)" in html


def test_the_2022_edition_has_the_most_cosponsors(client, demo):
    html = page(client, "/resolutions/asean-un-cooperation-2022/")
    assert "A/RES/77/12" in html
    assert "A/77/L.12/Rev.1" in html
    assert "<strong>115</strong> — the most co-sponsors of any edition" in html
    assert '<a href="https://docs.un.org/en/A/RES/77/12" rel="noopener">' in html
    assert "39th plenary meeting" in html


def test_the_chart_draws_a_bar_per_known_count_and_the_table_lists_every_edition(client, demo):
    html = page(client, "/resolutions/asean-un-cooperation-2020/")
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert svg.count('class="chart-bar"') == 2  # 2020 and 2022: the only known counts
    assert svg.count("not recorded</text>") == 9
    assert '<g class="chart-row is-current">' in svg and ">2020</text>" in svg
    table = re.search(r"<table.*?</table>", html, re.DOTALL).group(0)
    assert table.count('<th scope="row">') == 11
    assert "2020 <span class=\"this-edition\">(this edition)</span>" in table
    assert '<a href="/resolutions/asean-un-cooperation-2002/">2002</a>' in table


def test_previous_and_next_editions_are_linked(client, demo):
    html = page(client, "/resolutions/asean-un-cooperation-2020/")
    assert '<a href="/resolutions/asean-un-cooperation-2018/" rel="prev">Previous edition: 2018</a>' in html
    assert '<a href="/resolutions/asean-un-cooperation-2022/" rel="next">Next edition: 2022</a>' in html
    first = page(client, "/resolutions/asean-un-cooperation-2002/")
    assert 'rel="prev"' not in first and "Next edition: 2004" in first


def test_unknown_facts_say_not_recorded_and_nothing_is_invented(client):
    resolution = ResolutionFactory(year=2018)
    html = page(client, resolution.get_absolute_url())
    assert "UN symbol not recorded" in html
    assert "2018 <span class=\"not-recorded\">(exact date not recorded)</span>" in html
    assert html.count('<span class="not-recorded">not recorded</span>') == 3  # symbol, how adopted, co-sponsors
    for absent in ("Draft symbol", "Introduced by", "Meeting", "ASEAN chair year", "Official document", "<svg"):
        assert absent not in html.split('<main id="main"', 1)[1]  # the page's own content, not the site chrome


def test_a_recorded_vote_shows_its_tally(client):
    resolution = ResolutionFactory(adoption_method=Resolution.Method.RECORDED_VOTE, votes_yes=150, votes_no=3, votes_abstain=7)
    html = page(client, resolution.get_absolute_url())
    assert "Recorded vote: 150 in favour, 3 against, 7 abstentions" in html


def test_named_cosponsors_are_listed_with_what_is_missing(client):
    resolution = ResolutionFactory(co_sponsor_count=5)
    resolution.co_sponsors.set([CountryFactory(name="Cambodia"), CountryFactory(name="Malaysia")])
    html = page(client, resolution.get_absolute_url())
    assert "<dd>Cambodia, Malaysia <span" in html
    assert "(2 of 5; the others are not recorded)" in html


def test_sources_are_listed_and_urls_linked(client):
    resolution = ResolutionFactory(sources="https://press.un.org/en/2020/ga12290.doc.htm\nA/RES/77/12, preamble")
    html = page(client, resolution.get_absolute_url())
    assert '<a href="https://press.un.org/en/2020/ga12290.doc.htm" rel="noopener">' in html
    assert "<li>A/RES/77/12, preamble</li>" in html


def test_only_published_stories_appear_on_the_resolution_page(client, hidden_stories):
    resolution = ResolutionFactory()
    hidden_stories(resolution=resolution)
    ArticleFactory(headline="Published story").resolutions.add(resolution)
    html = page(client, resolution.get_absolute_url())
    assert "Published story" in html
    for hidden in ("Draft story", "Story in review", "Scheduled story"):
        assert hidden not in html


def test_many_stories_are_capped_with_a_link_to_the_filtered_news_list(client):
    resolution = ResolutionFactory(slug="busy-resolution")
    for story in ArticleFactory.create_batch(11):
        story.resolutions.add(resolution)
    html = page(client, resolution.get_absolute_url())
    assert html.count('<article class="card">') == 10
    assert '<a href="/news/?resolution=busy-resolution">' in html


def test_json_ld_describes_the_resolution_as_legislation(client, demo):
    data = json_ld(page(client, "/resolutions/asean-un-cooperation-2022/"))
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "A/RES/77/12"
    assert data["legislationDate"] == "2022-11-21"
    assert data["legislationType"] == "resolution"
    assert data["legislationPassedBy"]["name"] == "United Nations General Assembly"
    assert data["url"] == "http://testserver/resolutions/asean-un-cooperation-2022/"
    assert data["isPartOf"]["url"] == "http://testserver/resolutions/series/asean-un-cooperation/"


def test_json_ld_leaves_out_what_is_not_recorded(client):
    data = json_ld(page(client, ResolutionFactory(year=2018).get_absolute_url()))
    assert "legislationIdentifier" not in data and "legislationDate" not in data and "isPartOf" not in data


def test_a_hostile_title_cannot_break_out_of_the_json_ld(client):
    title = "</script><script>alert(1)</script> & <!--"
    html = page(client, ResolutionFactory(title=title).get_absolute_url())
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"] == title


@pytest.mark.parametrize(
    "url",
    [
        "/resolutions/no-such-resolution/",
        "/resolutions/series/no-such-series/",
        "/resolutions/%3Cscript%3E/",
        "/resolutions/../admin/",
        "/resolutions/" + "a" * 500 + "/",
    ],
)
def test_unknown_or_hostile_resolution_urls_are_404(client, url):
    assert client.get(url).status_code == 404


def test_the_list_groups_resolutions_by_year_with_their_facts(client, demo):
    html = page(client, "/resolutions/")
    assert '<h2 id="year-2022">2022</h2>' in html and '<h2 id="year-2002">2002</h2>' in html
    assert html.index("year-2022") < html.index("year-2017") < html.index("year-2002")
    assert "A/RES/71/317" in html and "67" in html
    assert '<a href="/resolutions/series/asean-un-cooperation/">all editions</a>' in html
    assert '<a href="/resolutions/asean-un-cooperation-2020/">' in html


def test_the_list_is_paginated_and_bad_pages_are_404(client):
    ResolutionFactory.create_batch(51)
    assert "Page 1 of 2" in page(client, "/resolutions/")
    assert "Page 2 of 2" in page(client, "/resolutions/?page=2")
    for bad in ("3", "0", "abc", "99999999999999999999999"):
        assert client.get(f"/resolutions/?page={bad}").status_code == 404


def test_the_series_page_shows_every_edition_and_the_chart(client, demo):
    html = page(client, "/resolutions/series/asean-un-cooperation/")
    assert "A biennial sub-item" in html
    assert "Cooperation between the United Nations and regional and other organizations" in html
    assert "<dd>2002</dd>" in html and "every 2 years" in html
    table = re.search(r"<table.*?</table>", html, re.DOTALL).group(0)
    assert table.count('<th scope="row">') == 11
    assert "<td>A/RES/77/12</td>" in table and "<td>115</td>" in table
    assert html.count('class="chart-bar"') == 2


def test_fact_box_shows_the_facts_without_a_query(demo, django_assert_num_queries):
    resolution = Resolution.objects.for_detail().get(slug="asean-un-cooperation-2020")
    with django_assert_num_queries(0):
        html = render_to_string("resolutions/_fact_box.html", {"resolution": resolution})
    assert "<strong>110</strong> — a record at the time, since surpassed in 2022" in html
    assert "Compared with the 2 editions" in html
    assert '<time datetime="2020-11-23">23 November 2020</time>' in html
    assert '<a href="/ambassadors/dang-dinh-quy/">Dang Dinh Quy</a>' in html
    assert '<a href="/chair/2020/">2020</a>: Viet Nam' in html
    assert '<a href="/resolutions/asean-un-cooperation-2020/">The full record of this resolution</a>' in html
    assert "General Assembly, 75th session" in html
    assert "Southeast Asian Nations (2020)</h2>" in html


def test_fact_box_costs_no_query_when_prefetched_through_an_article(demo, django_assert_num_queries):
    """How an article page can load its fact boxes: for_detail() nested in a Prefetch keeps them query-free."""
    article = (
        Article.objects.published()
        .prefetch_related(Prefetch("resolutions", queryset=Resolution.objects.for_detail()))
        .get(slug="the-united-nations-approves-a-resolution-on-cooperation-with-asean")
    )
    with django_assert_num_queries(0):
        html = "".join(
            render_to_string("resolutions/_fact_box.html", {"resolution": resolution})
            for resolution in article.resolutions.all()
        )
    assert "a record at the time, since surpassed in 2022" in html


def test_fact_box_names_a_resolution_by_its_symbol(demo):
    resolution = Resolution.objects.for_detail().get(slug="asean-un-cooperation-2022")
    html = render_to_string("resolutions/_fact_box.html", {"resolution": resolution})
    assert "The resolution</span> A/RES/77/12</h2>" in html
    assert "the most co-sponsors of any edition" in html


@pytest.mark.parametrize("size", [{"editions": 3, "cosponsors": 2, "stories": 1}, {"editions": 20, "cosponsors": 30, "stories": 15}])
def test_resolution_page_queries_do_not_grow_with_the_record(client, make_record, django_assert_max_num_queries, size):
    resolution = make_record(**size)
    with django_assert_max_num_queries(5):
        html = page(client, resolution.get_absolute_url())
    assert html.count('<th scope="row">') == size["editions"]


@pytest.mark.parametrize("size", [{"editions": 3, "cosponsors": 2, "stories": 1}, {"editions": 20, "cosponsors": 30, "stories": 15}])
def test_series_and_list_queries_do_not_grow(client, make_record, django_assert_max_num_queries, size):
    resolution = make_record(**size)
    with django_assert_max_num_queries(2):
        html = page(client, resolution.series.get_absolute_url())
    assert html.count('<th scope="row">') == size["editions"]
    with django_assert_max_num_queries(2):
        html = page(client, "/resolutions/")
    assert html.count('<li>\n        <h3>') == size["editions"]


@pytest.mark.parametrize(
    "url",
    [
        "/resolutions/",
        "/resolutions/asean-un-cooperation-2020/",
        "/resolutions/series/asean-un-cooperation/",
        "/ambassadors/dang-dinh-quy/",
        "/chair/2020/",
    ],
)
def test_record_pages_need_no_inline_script_or_style(client, demo, url):
    """The coming Content-Security-Policy blocks inline code and style attributes; JSON-LD is data, not code."""
    html = page(client, url)
    assert not re.search(r"\sstyle=", html)
    assert "<style" not in html
    for script in re.findall(r"<script[^>]*>", html):
        assert script == '<script type="application/ld+json">'
