import datetime as dt
import io

import pytest
from django.core.management import call_command

from articles.models import Article
from resolutions.models import Ambassador, ChairYear, Country, Resolution, Tenure

pytestmark = pytest.mark.django_db

SLUG = "the-united-nations-approves-a-resolution-on-cooperation-with-asean"


def dump():
    out = io.StringIO()
    call_command("dumpdata", "articles", "resolutions", stdout=out)
    return out.getvalue()


def test_load_demo_twice_changes_nothing(demo):
    before = dump()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "(0 records created or changed)" in out.getvalue()
    assert dump() == before


def test_demo_has_the_asean_members_and_chair_years(demo):
    assert Country.objects.filter(asean_joined_year__isnull=False).count() == 11
    assert ChairYear.objects.count() == 27
    chair = ChairYear.objects.get(year=2020)
    assert str(chair) == "2020 — Viet Nam"
    assert chair.theme == "Cohesive and Responsive"
    assert ChairYear.objects.get(year=2024).theme == ""  # not sourced, left blank
    viet_nam = Country.objects.get(iso_alpha2="VN")
    assert (viet_nam.common_name, viet_nam.iso_alpha3, viet_nam.iso_numeric) == ("Vietnam", "VNM", "704")
    assert viet_nam.asean_joined_on is None and viet_nam.asean_joined_year == 1995


def test_demo_series_editions_and_records(demo):
    editions = Resolution.objects.filter(series__slug="asean-un-cooperation")
    assert sorted(editions.values_list("year", flat=True)) == list(range(2002, 2023, 2))
    r2020 = Resolution.objects.for_detail().get(series__slug="asean-un-cooperation", year=2020)
    assert r2020.adopted_on == dt.date(2020, 11, 23)
    assert r2020.symbol == ""  # not confirmed by the sources
    assert r2020.session == 75 and r2020.co_sponsor_count == 110
    assert r2020.introduced_by.full_name == "Dang Dinh Quy"
    assert r2020.cosponsor_record.summary == "a record at the time, since surpassed in 2022"
    r2022 = Resolution.objects.for_detail().get(symbol="A/RES/77/12")
    assert r2022.cosponsor_record.summary == "the most co-sponsors of any edition"
    assert r2022.draft_symbol == "A/77/L.12/Rev.1"
    assert Resolution.objects.get(year=2010).adopted_on is None
    assert all(r.sources for r in Resolution.objects.all())


def test_demo_ambassadors_and_dated_tenures(demo):
    quy = Ambassador.objects.get(slug="dang-dinh-quy")
    assert quy.native_name == "Đặng Đình Quý"
    assert Tenure.objects.held_on(dt.date(2020, 11, 23)).get().ambassador == quy
    assert Tenure.objects.held_on(dt.date(2022, 3, 1)).get().ambassador.slug == "dang-hoang-giang"
    assert Ambassador.objects.get(slug="sovann-ke").tenures.get().started_on is None


def test_demo_story_is_published_and_linked(demo):
    article = Article.objects.published().get(slug=SLUG)
    assert article.headline == "The United Nations approves a Resolution on Cooperation with ASEAN"
    assert article.hero_caption == "Ambassador Dang Dinh Quy introduces the Resolution to the United Nations"
    assert article.credit_line == "Design by NewsLax"
    assert article.source_url.startswith("https://www.newslax.com/")
    assert article.hero_image and article.hero_image.width == 1600
    assert str(article.chair_year) == "2020 — Viet Nam"
    assert list(article.ambassadors.values_list("slug", flat=True)) == ["dang-dinh-quy"]
    assert "Design by NewsLax" not in article.body
    assert article.updated_at == article.publish_at  # loading is not an editorial update
    assert article.body_html.count("<p>") >= 6
