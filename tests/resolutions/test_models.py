import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from resolutions.models import Resolution, Tenure, normalise_symbol
from tests.factories import CountryFactory, ResolutionFactory, SeriesFactory, TenureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    """A series like the ASEAN one: early editions without a known count, then 110 and 115."""
    series = SeriesFactory()
    for year in (2002, 2004, 2018):
        ResolutionFactory(series=series, year=year)
    ResolutionFactory(series=series, year=2020, co_sponsor_count=110, slug="ed-2020")
    ResolutionFactory(series=series, year=2022, co_sponsor_count=115, slug="ed-2022")
    return series


def record(slug):
    return Resolution.objects.for_detail().get(slug=slug).cosponsor_record


def test_2020_was_a_record_at_the_time_since_surpassed(series):
    rec = record("ed-2020")
    assert rec.count == 110
    assert rec.record_at_time and not rec.series_max
    assert rec.surpassed_by.year == 2022
    assert rec.summary == "a record at the time, since surpassed in 2022"
    assert rec.basis == "Compared with the 2 editions of the series with a known co-sponsor count (2020–2022)."


def test_2022_has_the_most_cosponsors_of_any_edition(series):
    rec = record("ed-2022")
    assert rec.summary == "the most co-sponsors of any edition"
    assert rec.surpassed_by is None


def test_a_later_lower_edition_is_no_record(series):
    ResolutionFactory(series=series, year=2024, co_sponsor_count=100, slug="ed-2024")
    assert record("ed-2024").summary == ""
    assert record("ed-2022").summary == "the most co-sponsors of any edition"


def test_editions_without_a_count_have_no_record(series):
    assert Resolution.objects.for_detail().get(series=series, year=2018).cosponsor_record is None


def test_a_lone_known_count_claims_nothing():
    lone = ResolutionFactory(series=SeriesFactory(), co_sponsor_count=50)
    assert lone.cosponsor_record.summary == ""


def test_listed_cosponsors_count_when_no_total_is_given():
    resolution = ResolutionFactory()
    resolution.co_sponsors.set([CountryFactory(), CountryFactory()])
    assert Resolution.objects.for_listing().get(pk=resolution.pk).cosponsors_total == 2


def test_record_costs_no_queries_after_for_detail(series, django_assert_num_queries):
    resolution = Resolution.objects.for_detail().get(slug="ed-2020")
    with django_assert_num_queries(0):
        assert resolution.cosponsor_record.surpassed_by.year == 2022


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("a/res/77/12", "A/RES/77/12"),
        (" A/RES/77/ 12 ", "A/RES/77/12"),
        ("a/77/l.12/rev.1", "A/77/L.12/Rev.1"),
        ("", ""),
    ],
)
def test_symbols_are_normalised(typed, stored):
    assert normalise_symbol(typed) == stored


def test_symbol_is_unique_when_set():
    ResolutionFactory(symbol="a/res/77/12")
    ResolutionFactory(symbol="")
    ResolutionFactory(symbol="")  # blank symbols may repeat
    with pytest.raises(IntegrityError):
        ResolutionFactory(symbol="A/RES/77/12")


def test_clean_explains_duplicate_and_malformed_symbols():
    ResolutionFactory(symbol="A/RES/77/12")
    with pytest.raises(ValidationError) as exc:
        Resolution(title="x", slug="x", year=2022, symbol="a/res/77/12").full_clean()
    assert "already has the symbol A/RES/77/12" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        Resolution(title="x", slug="y", year=2022, symbol="hello world!").full_clean()
    assert "does not look like a UN symbol" in str(exc.value)


def test_find_symbol_in_any_case():
    resolution = ResolutionFactory(symbol="A/RES/77/12", draft_symbol="A/77/L.12/Rev.1")
    assert list(Resolution.objects.find_symbol("a/res/77/12")) == [resolution]
    assert list(Resolution.objects.find_symbol("a/77/l.12/REV.1")) == [resolution]
    assert not Resolution.objects.find_symbol("").exists()


def test_adoption_date_sets_the_year():
    resolution = ResolutionFactory(year=1999, adopted_on=dt.date(2020, 11, 23))
    assert resolution.year == 2020


def test_vote_counts_need_a_recorded_vote():
    resolution = ResolutionFactory.build(adoption_method=Resolution.Method.WITHOUT_VOTE, votes_yes=120)
    with pytest.raises(ValidationError):
        resolution.full_clean()


def test_who_held_the_post_on_a_date():
    quy = TenureFactory(started_on=dt.date(2018, 7, 12), ended_on=dt.date(2022, 2, 15))
    giang = TenureFactory(started_on=dt.date(2022, 2, 17), ended_on=None)
    assert list(Tenure.objects.held_on(dt.date(2020, 11, 23))) == [quy]
    assert list(Tenure.objects.held_on(dt.date(2026, 1, 1))) == [giang]
    assert not Tenure.objects.held_on(dt.date(2022, 2, 16)).exists()


def test_tenure_cannot_end_before_it_starts():
    tenure = TenureFactory.build(started_on=dt.date(2020, 1, 1), ended_on=dt.date(2019, 1, 1))
    with pytest.raises(ValidationError):
        tenure.clean()


def test_asean_membership_is_dated():
    timor = CountryFactory(asean_joined_year=2025, asean_joined_on=dt.date(2025, 10, 26))
    viet_nam = CountryFactory(asean_joined_year=1995)
    assert not timor.was_asean_member_on(dt.date(2020, 11, 23))
    assert timor.was_asean_member_on(dt.date(2025, 10, 26))
    assert viet_nam.was_asean_member_on(dt.date(2020, 11, 23))
    assert not CountryFactory().is_asean_member
