"""The fact check's rules, one at a time, against records built for each test and against the demo."""

import datetime as dt

import pytest

from articles.factcheck import CONTRADICTS, MATCHES, NOT_IN_RECORD, check_article, check_story
from articles.models import Article
from resolutions.models import Ambassador, Resolution, Tenure
from tests.factories import (
    AmbassadorFactory,
    ChairYearFactory,
    CountryFactory,
    ResolutionFactory,
    SeriesFactory,
    TenureFactory,
)

pytestmark = pytest.mark.django_db

SLUG = "the-united-nations-approves-a-resolution-on-cooperation-with-asean"
DAY_2020 = dt.date(2020, 11, 23)


def check(text, resolutions=(), ambassadors=(), day=DAY_2020):
    return check_story(
        headline="", standfirst="", body=text, resolutions=resolutions, ambassadors=ambassadors, day=day
    )


def only(findings, rule):
    chosen = [f for f in findings if f.rule == rule]
    assert len(chosen) == 1, findings
    return chosen[0]


@pytest.fixture
def edition_2020(demo):
    return Resolution.objects.for_detail().get(series__slug="asean-un-cooperation", year=2020)


@pytest.fixture
def edition_2022(demo):
    return Resolution.objects.for_detail().get(symbol="A/RES/77/12")


def test_the_demo_story_checks_clean(demo):
    findings = check_article(Article.objects.get(slug=SLUG))
    assert not [f for f in findings if f.verdict == CONTRADICTS], findings
    matched = {(f.rule, f.claim) for f in findings if f.verdict == MATCHES}
    assert {
        ("Co-sponsors", "110 co-sponsors"),
        ("How it was adopted", "by consensus"),
        ("Adoption date", "November 23"),
        ("Session", "75th United Nations General Assembly"),
        ("ASEAN chair", "Chair of ASEAN 2020: Vietnam"),
        ("Title on the story's date", "Ambassador Dang Dinh Quy"),
        ("Record", "record"),
    } <= matched


def test_the_demo_story_saying_120_cosponsors_contradicts_the_record(edition_2020):
    finding = only(check("It was passed with 120 co-sponsors.", [edition_2020]), "Co-sponsors")
    assert finding.verdict == CONTRADICTS
    assert finding.claim == "120 co-sponsors"
    assert finding.record.startswith("110 co-sponsors")
    assert finding.source == "https://press.un.org/en/2020/ga12290.doc.htm"


def test_unanimously_for_a_text_adopted_without_a_vote_is_flagged_as_imprecise(edition_2020):
    finding = only(check("The Assembly adopted the resolution unanimously.", [edition_2020]), "How it was adopted")
    assert finding.verdict == CONTRADICTS
    assert "adopted without a vote (by consensus)" in finding.record  # the record's adoption method, cited
    assert finding.note.startswith("Imprecise: “unanimously” describes a recorded vote with none against")


def test_unanimously_matches_a_recorded_vote_with_none_against_or_abstaining():
    unanimous = ResolutionFactory(adoption_method="recorded-vote", votes_yes=193, votes_no=0, votes_abstain=0)
    split = ResolutionFactory(adoption_method="recorded-vote", votes_yes=150, votes_no=0, votes_abstain=3)
    assert only(check("It was adopted unanimously.", [unanimous]), "How it was adopted").verdict == MATCHES
    assert only(check("It was adopted unanimously.", [split]), "How it was adopted").verdict == CONTRADICTS


def test_a_recorded_vote_is_compared_number_by_number(edition_2020):
    voted = ResolutionFactory(adoption_method="recorded-vote", votes_yes=120, votes_no=4, votes_abstain=50)
    text = "It was adopted by a recorded vote of 120 to 4, with 50 abstentions."
    assert only(check(text, [voted]), "How it was adopted").verdict == MATCHES
    wrong = "It was adopted by a recorded vote of 121 to 4, with 50 abstentions."
    assert only(check(wrong, [voted]), "How it was adopted").verdict == CONTRADICTS
    assert only(check(text, [edition_2020]), "How it was adopted").verdict == CONTRADICTS  # it had no vote
    assert only(check("It won 120 votes in favour.", [voted]), "How it was adopted").verdict == MATCHES


def test_by_consensus_contradicts_a_recorded_vote():
    voted = ResolutionFactory(adoption_method="recorded-vote", votes_yes=120, votes_no=4, votes_abstain=50)
    assert only(check("It was adopted by consensus.", [voted]), "How it was adopted").verdict == CONTRADICTS


def test_adoption_dates(edition_2022):
    assert only(check("It was adopted on 21 November 2022.", [edition_2022]), "Adoption date").verdict == MATCHES
    wrong = only(check("It was adopted on 22 November 2022.", [edition_2022]), "Adoption date")
    assert wrong.verdict == CONTRADICTS and wrong.record.endswith("adopted 21 November 2022")
    assert only(check("The Assembly passed it on November 21.", [edition_2022]), "Adoption date").verdict == MATCHES
    assert not check("The report is due on 30 June 2023.", [edition_2022])  # no adoption in that sentence


def test_an_unknown_adoption_date_is_not_in_the_record(demo):
    edition_2010 = Resolution.objects.get(year=2010)
    finding = only(check("It was adopted on 1 December 2010.", [edition_2010]), "Adoption date")
    assert finding.verdict == NOT_IN_RECORD and finding.record == "the adoption date is not recorded"


def test_session_numbers(edition_2022):
    assert only(check("At its 77th session the Assembly acted.", [edition_2022]), "Session").verdict == MATCHES
    finding = only(check("The 76th General Assembly adopted it.", [edition_2022]), "Session")
    assert finding.verdict == CONTRADICTS and finding.record == "A/RES/77/12: session 77"


def test_a_record_rests_on_the_editions_with_a_known_count(edition_2020):
    finding = only(check("It had a record 110 co-sponsors.", [edition_2020]), "Record")
    assert finding.verdict == MATCHES
    assert "a record at the time, since surpassed in 2022" in finding.record
    assert finding.note == "Compared with the 2 editions of the series with a known co-sponsor count (2020–2022)."


def test_most_ever_is_judged_on_the_story_date(edition_2020, edition_2022):
    finding = only(check("It drew the most ever co-sponsors.", [edition_2022], day=dt.date(2022, 11, 22)), "Record")
    assert finding.verdict == MATCHES
    # In 2020 no other edition had a known count: the record cannot say it was the most ever.
    early = only(check("It drew the most ever co-sponsors.", [edition_2020]), "Record")
    assert early.verdict == NOT_IN_RECORD and "no other edition had a known count by then" in early.record


def test_a_record_that_was_not_one_contradicts():
    series = SeriesFactory()
    ResolutionFactory(series=series, year=2018, co_sponsor_count=100)
    edition = ResolutionFactory(series=series, year=2020, co_sponsor_count=90)
    edition = Resolution.objects.for_detail().get(pk=edition.pk)
    assert only(check("It had a record number of co-sponsors.", [edition]), "Record").verdict == CONTRADICTS
    later = dt.date(2021, 1, 1)
    assert only(check("It had the most co-sponsors.", [edition], day=later), "Record").verdict == CONTRADICTS


def test_the_asean_chair_of_a_year():
    viet_nam = CountryFactory(name="Viet Nam", common_name="Vietnam", iso_alpha2="VN", iso_alpha3="VNM")
    cambodia = CountryFactory(name="Cambodia", iso_alpha2="KH", iso_alpha3="KHM")
    ChairYearFactory(year=2020, chair=viet_nam, sources="thestar.com.my, 2020-11-16")
    ChairYearFactory(year=2022, chair=cambodia)
    finding = only(check("Viet Nam, as ASEAN Chair in 2020, led the drafting."), "ASEAN chair")
    assert finding.verdict == MATCHES and finding.source == "thestar.com.my, 2020-11-16"
    assert only(check("Cambodia, the chair of ASEAN in 2020, spoke."), "ASEAN chair").verdict == CONTRADICTS
    # No year in the sentence: the story's year.
    assert only(check("Vietnam is ASEAN's chair this year.", day=DAY_2020), "ASEAN chair").verdict == MATCHES
    assert only(check("Vietnam is ASEAN's chair this year.", day=dt.date(2022, 3, 1)), "ASEAN chair").verdict == (
        CONTRADICTS
    )
    assert only(check("Vietnam, ASEAN Chair 1999, spoke."), "ASEAN chair").verdict == NOT_IN_RECORD


@pytest.fixture
def ambassador(db):
    person = AmbassadorFactory(full_name="Dang Dinh Quy", sources="https://example.org/quy")
    TenureFactory(ambassador=person, started_on=dt.date(2018, 7, 12), ended_on=dt.date(2022, 2, 15))
    return person


def test_an_ambassadors_title_on_the_story_date(ambassador):
    def verdict(text, day=DAY_2020):
        return only(check(text, ambassadors=[ambassador], day=day), "Title on the story's date")

    assert verdict("Permanent Representative Dang Dinh Quy spoke.").verdict == MATCHES
    assert verdict("Ambassador Dang Dinh Quy spoke.").verdict == MATCHES
    deputy = verdict("Deputy Permanent Representative Dang Dinh Quy spoke.")
    assert deputy.verdict == CONTRADICTS and "Permanent Representative of" in deputy.record
    later = verdict("Ambassador Dang Dinh Quy spoke.", day=dt.date(2023, 5, 1))
    assert later.verdict == CONTRADICTS and later.record.startswith("No post on record on 1 May 2023")
    head = verdict("Dang Dinh Quy, Head of the Delegation of Vietnam to the United Nations, spoke.")
    assert head.verdict == NOT_IN_RECORD and "no head-of-delegation post" in head.note
    assert not check("Former Ambassador Dang Dinh Quy spoke.", ambassadors=[ambassador], day=dt.date(2023, 5, 1))


def test_a_title_whose_dates_are_not_sourced_is_not_in_the_record(demo):
    ke = Ambassador.objects.get(slug="sovann-ke")
    assert Tenure.objects.filter(ambassador=ke, started_on__isnull=True).exists()
    finding = only(check("Ambassador Sovann Ke introduced it.", ambassadors=[ke]), "Title on the story's date")
    assert finding.verdict == NOT_IN_RECORD


def test_claims_about_records_the_story_does_not_link_are_not_in_the_record():
    finding = only(check("It had 110 co-sponsors and was adopted by consensus."), "Co-sponsors")
    assert finding.verdict == NOT_IN_RECORD and finding.record == "no co-sponsor count"


def test_the_body_is_read_as_readers_see_it(edition_2020):
    body = "<p>Adopted&nbsp;by consensus, with <strong>120</strong> co&#8209;sponsors &amp; more.</p>"
    findings = check(body, [edition_2020])  # tags, entities and a non-breaking hyphen, as the editor typed them
    assert only(findings, "How it was adopted").verdict == MATCHES
    assert only(findings, "Co-sponsors").verdict == CONTRADICTS


def test_one_claim_repeated_is_one_finding(edition_2020):
    findings = check("It had 110 co-sponsors. Again: 110 co-sponsors.", [edition_2020])
    assert len([f for f in findings if f.rule == "Co-sponsors"]) == 1


def test_a_finding_keeps_its_key_while_claim_and_record_stay(edition_2020):
    first = only(check("With 120 co-sponsors.", [edition_2020]), "Co-sponsors")
    again = only(check("Other words, and 120 co-sponsors.", [edition_2020]), "Co-sponsors")
    other = only(check("With 121 co-sponsors.", [edition_2020]), "Co-sponsors")
    assert first.key == again.key != other.key
