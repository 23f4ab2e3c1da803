"""Ambassador and ASEAN chair-year pages."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    ChairYearFactory,
    CountryFactory,
    ResolutionFactory,
    TenureFactory,
)

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 200, 200)).save(buffer, "PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")


def test_the_ambassador_page_shows_name_post_dates_and_resolutions(client, demo):
    html = page(client, "/ambassadors/dang-dinh-quy/")
    assert "<h1>Dang Dinh Quy</h1>" in html
    assert '<p class="native-name" lang="vi">Đặng Đình Quý</p>' in html
    assert "Viet Nam (Vietnam). Born 1961." in html
    assert (
        'from <time datetime="2018-07-12">12 July 2018</time> to <time datetime="2022-02-15">15 February 2022</time>'
        in html
    )
    assert "Permanent Representative of Viet Nam</strong>, United Nations, New York" in html
    assert '<a href="/resolutions/asean-un-cooperation-2020/">' in html
    assert "The United Nations approves a Resolution on Cooperation with ASEAN" in html
    assert "vnmission-newyork.mofa.gov.vn" in html


def test_unknown_tenure_dates_are_not_guessed(client, demo):
    html = page(client, "/ambassadors/sovann-ke/")
    assert '<span class="not-recorded">dates not recorded</span>' in html
    assert "Dates of tenure not confirmed." in html
    assert "A/RES/77/12: " in html


def test_an_open_tenure_gives_its_start_only(client):
    tenure = TenureFactory(started_on=dt.date(2022, 2, 17), ended_on=None)
    html = page(client, tenure.ambassador.get_absolute_url())
    assert 'from <time datetime="2022-02-17">17 February 2022</time>.' in html
    assert " to " not in html.split('class="tenure-list"')[1].split("</ul>")[0]


def test_a_native_name_outside_viet_nam_is_not_marked_vietnamese(client):
    ambassador = AmbassadorFactory(native_name="Sovann Ke (Khmer)", country=CountryFactory(name="Cambodia", iso_alpha2="KH"))
    html = page(client, ambassador.get_absolute_url())
    assert '<p class="native-name">Sovann Ke (Khmer)</p>' in html
    assert 'lang="vi"' not in html


def test_the_portrait_is_sized_described_and_served_as_renditions(client):
    ambassador = AmbassadorFactory(portrait=png(300, 400), portrait_alt="Head and shoulders, dark suit")
    html = page(client, ambassador.get_absolute_url())
    assert 'alt="Head and shoulders, dark suit"' in html
    assert 'width="300" height="400"' in html  # space reserved: no layout shift
    assert 'type="image/webp"' in html  # the top-of-page portrait comes as a WebP rendition with a JPEG fallback


def test_an_ambassador_without_a_portrait_has_no_image(client):
    html = page(client, AmbassadorFactory().get_absolute_url())
    assert "<img" not in html.split('<main id="main"', 1)[1]  # the site logo in the header is not a portrait


def test_only_published_stories_appear_on_the_ambassador_page(client, hidden_stories):
    ambassador = AmbassadorFactory()
    hidden_stories(ambassador=ambassador)
    ArticleFactory(headline="Published story").ambassadors.add(ambassador)
    html = page(client, ambassador.get_absolute_url())
    assert "Published story" in html
    for hidden in ("Draft story", "Story in review", "Scheduled story"):
        assert hidden not in html


def test_the_chair_year_page_shows_chair_theme_stories_and_resolutions(client, demo):
    html = page(client, "/chair/2020/")
    assert "<h1>2020: Viet Nam (Vietnam)</h1>" in html
    assert "Theme: “Cohesive and Responsive”" in html
    assert "The United Nations approves a Resolution on Cooperation with ASEAN" in html
    assert '<a href="/resolutions/asean-un-cooperation-2020/">' in html and "110 co-sponsors" in html
    assert '<a href="/chair/2019/" rel="prev">' in html and '<a href="/chair/2021/" rel="next">' in html


def test_a_blank_theme_says_not_recorded(client, demo):
    assert "Theme not recorded" in page(client, "/chair/2024/")


def test_year_links_stop_at_the_years_on_record(client, demo):
    assert 'rel="prev"' not in page(client, "/chair/2000/")
    assert 'rel="next"' not in page(client, "/chair/2026/")


def test_year_links_skip_years_not_on_record(client):
    ChairYearFactory(year=2010)
    ChairYearFactory(year=2015)
    assert '<a href="/chair/2010/" rel="prev">' in page(client, "/chair/2015/")


def test_the_chair_year_page_advertises_its_feed(client, demo):
    html = page(client, "/chair/2020/")
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feeds/chair/2020/"' in html


def test_only_published_stories_appear_on_the_chair_year_page(client, hidden_stories):
    chair_year = ChairYearFactory(year=2021)
    hidden_stories(chair_year=chair_year)
    ArticleFactory(headline="Published story", chair_year_override=chair_year)
    html = page(client, "/chair/2021/")
    assert "Published story" in html
    for hidden in ("Draft story", "Story in review", "Scheduled story"):
        assert hidden not in html


def test_a_busy_chair_year_links_to_the_full_story_list(client):
    chair_year = ChairYearFactory(year=2022)
    ArticleFactory.create_batch(12, chair_year_override=chair_year)
    assert "/news/?chair_year=2022" not in page(client, "/chair/2022/")
    ArticleFactory(chair_year_override=chair_year)
    html = page(client, "/chair/2022/")
    assert html.count('<article class="card">') == 12
    assert '<a href="/news/?chair_year=2022">' in html


@pytest.mark.parametrize(
    "url",
    [
        "/chair/1999/",
        "/chair/0/",
        "/chair/99999/",
        "/chair/32768/",
        "/chair/99999999999999999999/",
        "/chair/-1/",
        "/chair/2020abc/",
        "/ambassadors/no-such-person/",
        "/ambassadors/%00/",
    ],
)
def test_unknown_years_and_people_are_404(client, demo, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [{"editions": 2, "cosponsors": 2, "stories": 1}, {"editions": 15, "cosponsors": 30, "stories": 15}])
def test_ambassador_and_chair_pages_queries_do_not_grow(client, make_record, django_assert_max_num_queries, size):
    resolution = make_record(**size)
    ResolutionFactory.create_batch(size["editions"], chair_year=resolution.chair_year)
    with django_assert_max_num_queries(5):
        html = page(client, resolution.introduced_by.get_absolute_url())
    assert html.count('<article class="card">') == min(size["stories"], 10)
    assert html.count("dates not recorded") == 1
    with django_assert_max_num_queries(5):
        html = page(client, resolution.chair_year.get_absolute_url())
    assert html.count('<article class="card">') == min(size["stories"], 12)
