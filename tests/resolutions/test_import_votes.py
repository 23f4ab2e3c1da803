"""import_votes: the Library's General Assembly voting data (CSV) becomes each country's vote on a resolution.

The voting data here is made up for the tests (tests/resolutions/conftest.py: A/RES/99/5 and invented states).
"""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from resolutions.models import Country, Resolution, Vote
from tests.factories import ResolutionFactory
from tests.voting_data import TEST_VOTES, voting_csv

pytestmark = pytest.mark.django_db


def run(tmp_path, data, *args, name="votes.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_votes", str(path), *args, stdout=out)
    return out.getvalue()


def fails(tmp_path, data, *args):
    with pytest.raises(CommandError, match="nothing was written") as raised:
        run(tmp_path, data, *args)
    return raised


def test_each_countrys_vote_and_the_tally_are_stored(recorded_vote):
    votes = {v.country.iso_alpha3: v.vote for v in recorded_vote.votes.select_related("country")}
    assert votes == {"VNM": "yes", "SGP": "abstain", "TLS": "no", "QMA": "yes", "QMB": "no", "QMC": "non-voting"}
    assert recorded_vote.adoption_method == Resolution.Method.RECORDED_VOTE
    assert (recorded_vote.votes_yes, recorded_vote.votes_no, recorded_vote.votes_abstain) == (2, 2, 1)
    assert recorded_vote.votes_non_voting == 1
    assert recorded_vote.adopted_on == dt.date(2024, 12, 1) and recorded_vote.draft_symbol == "A/99/L.5"
    assert recorded_vote.session == 99
    assert recorded_vote.field_sources["votes_yes"]["source"] == (
        "UN General Assembly voting data (Dag Hammarskjöld Library), voting record "
        "https://digitallibrary.un.org/record/9000005"
    )


def test_members_not_yet_on_record_are_added_with_readable_names(recorded_vote):
    gamma = Country.objects.get(iso_alpha3="QMC")
    assert gamma.name == "Gamma (State of)" and gamma.iso_alpha2 == "" and gamma.asean_joined_year is None
    assert Country.objects.get(iso_alpha3="QMB").name == "Kingdom of Beta"
    assert "member code QMC" in gamma.sources
    assert Vote.objects.get(country=gamma).member_name == "GAMMA (STATE OF)"


def test_running_it_twice_changes_nothing(recorded_vote, tmp_path):
    before = list(Vote.objects.order_by("pk").values_list("pk", "vote"))
    assert "A/RES/99/5: 6 votes, unchanged" in run(tmp_path, voting_csv())
    assert list(Vote.objects.order_by("pk").values_list("pk", "vote")) == before


def test_a_changed_vote_replaces_the_stored_ones(recorded_vote, tmp_path):
    rows = [(code, name, "Y" if code == "QMB" else vote) for code, name, vote in TEST_VOTES]
    run(tmp_path, voting_csv(rows, totals=(3, 1, 1, 1)))
    recorded_vote.refresh_from_db()
    assert Vote.objects.get(country__iso_alpha3="QMB").vote == "yes"
    assert (recorded_vote.votes_yes, recorded_vote.votes_no) == (3, 1)


def test_totals_that_do_not_match_the_rows_are_reported_and_nothing_is_written(asean_members, tmp_path):
    ResolutionFactory(symbol="A/RES/99/5", year=2024)
    raised = fails(tmp_path, voting_csv(totals=(3, 2, 1, 1)))
    assert raised.value.args[0] == "1 problem; nothing was written."
    assert not Vote.objects.exists()
    assert not Country.objects.filter(iso_alpha3="QMA").exists()


def test_totals_mismatch_is_explained(asean_members, tmp_path, capsys):
    ResolutionFactory(symbol="A/RES/99/5", year=2024)
    path = tmp_path / "votes.csv"
    path.write_bytes(voting_csv(totals=(3, 2, 1, 1)))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_votes", str(path), stdout=out)
    assert "A/RES/99/5: the file's totals do not match its per-country rows (yes 3 but 2 rows)" in out.getvalue()


def test_a_vote_note_that_disagrees_with_the_rows_is_reported(asean_members, tmp_path):
    ResolutionFactory(
        symbol="A/RES/99/5", year=2024, vote_note="Adopted 3-2-1, 50th plenary meeting",
        adoption_method=Resolution.Method.RECORDED_VOTE,
    )
    path = tmp_path / "votes.csv"
    path.write_bytes(voting_csv())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_votes", str(path), stdout=out)
    assert "the vote note “Adopted 3-2-1, 50th plenary meeting” says 3 yes but the per-country rows count 2" in (
        out.getvalue()
    )
    assert not Vote.objects.exists()


def test_a_tally_entered_by_hand_must_agree_unless_overwritten(asean_members, tmp_path):
    resolution = ResolutionFactory(
        symbol="A/RES/99/5", year=2024, adoption_method=Resolution.Method.RECORDED_VOTE, votes_yes=5, votes_no=2
    )
    path = tmp_path / "votes.csv"
    path.write_bytes(voting_csv())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_votes", str(path), stdout=out)
    assert "the record's yes count (5, entered by hand) does not match the 2 per-country rows" in out.getvalue()
    call_command("import_votes", str(path), "--overwrite", stdout=io.StringIO())
    resolution.refresh_from_db()
    assert resolution.votes_yes == 2 and resolution.votes.count() == 6


def test_rows_for_resolutions_not_on_record_are_skipped_and_counted(tmp_path):
    output = run(tmp_path, voting_csv(symbol="A/RES/99/404"))
    assert "Skipped 6 rows for 1 resolutions not on record: A/RES/99/404." in output
    assert not Vote.objects.exists() and not Country.objects.exists()


def test_the_first_published_column_names_are_read_too(asean_members, tmp_path):
    """Version 1 of the data: ms_codes, ms_votes with NV, a modality column, totals named yes/no/..."""
    resolution = ResolutionFactory(symbol="A/RES/99/5", year=2024)
    lines = ["undl_id,ms_codes,ms_names,ms_votes,resolutions,title,modality,date,yes,no,abstentions,non-voting"]
    lines += [
        "9000005,VNM,VIET NAM,Y,A/RES/99/5,Test,Recorded Vote,2024-12-01,1,0,0,1",
        "9000005,SGP,SINGAPORE,NV,A/RES/99/5,Test,Recorded Vote,2024-12-01,1,0,0,1",
        "9000006,VNM,VIET NAM,,A/RES/99/6,Other,Adopted without vote,2024-12-01,,,,",
    ]
    output = run(tmp_path, ("\n".join(lines) + "\n").encode())
    assert "1 rows of texts adopted without a vote have no per-country votes; skipped." in output
    assert dict(resolution.votes.values_list("country__iso_alpha3", "vote")) == {"VNM": "yes", "SGP": "non-voting"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("9000005,VNM,VIET NAM,MAYBE,2024-12-01,99,A/RES/99/5", "vote “MAYBE” is not Y, N, A or X (non-voting)"),
        ("9000005,VIETNAM,VIET NAM,Y,2024-12-01,99,A/RES/99/5", "member code “VIETNAM” is not a three-letter code"),
        ("9000005,VNM,VIET NAM,Y,2024-13-01,99,A/RES/99/5", "date “2024-13-01” is not YYYY-MM-DD"),
        ("9000005,VNM,VIET NAM,Y,2024-12-01,99,", "no resolution symbol"),
    ],
)
def test_a_bad_row_is_a_clear_line(asean_members, tmp_path, line, message):
    ResolutionFactory(symbol="A/RES/99/5", year=2024)
    path = tmp_path / "votes.csv"
    path.write_text("undl_id,ms_code,ms_name,ms_vote,date,session,resolution\n" + line + "\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_votes", str(path), stdout=out)
    assert f"votes.csv, line 2: {message}" in out.getvalue()


def test_a_file_that_is_not_the_voting_data_says_so(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,score\nx,1\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_votes", str(path), stdout=out)
    assert "missing the columns ms_code, ms_name, ms_vote, resolution" in out.getvalue()


def test_the_demo_vote_file_is_honest_and_empty(demo):
    assert not Vote.objects.exists()
    assert Resolution.objects.get(symbol="A/RES/77/12").adoption_method == Resolution.Method.WITHOUT_VOTE
