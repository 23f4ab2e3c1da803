"""import_undl: MARCXML files in, resolutions out, with every field's source; hand-entered values kept."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from resolutions.models import Resolution
from tests.factories import ResolutionFactory
from tests.resolutions.marc import collection, record

pytestmark = pytest.mark.django_db


def write(tmp_path, name, *records):
    path = tmp_path / name
    path.write_bytes(collection(*records))
    return path


def run(*args):
    out = io.StringIO()
    call_command("import_undl", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def fails(*args):
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_undl", *[str(a) for a in args], stdout=out)
    return out.getvalue(), str(raised.value)


def dump():
    out = io.StringIO()
    call_command("dumpdata", "resolutions", stdout=out)
    return out.getvalue()


def test_a_record_becomes_a_resolution_with_every_field_and_its_source(tmp_path):
    path = write(tmp_path, "one.xml", record(agenda={"b": "128", "c": "q"}))
    assert "A/RES/99/1: created" in run(path)
    resolution = Resolution.objects.get(symbol="A/RES/99/1")
    assert resolution.title == "Test resolution on cooperation"  # cataloguing punctuation dropped
    assert resolution.adopted_on == dt.date(2099, 11, 20) and resolution.year == 2099
    assert resolution.session == 99 and resolution.agenda_item == "128 (q)"
    assert resolution.draft_symbol == "A/99/L.1"
    assert resolution.adoption_method == Resolution.Method.WITHOUT_VOTE
    assert resolution.meeting == "40th plenary meeting"
    assert resolution.vote_note == "Adopted without vote, 40th plenary meeting"
    assert resolution.undl_record_id == 9000001
    assert resolution.undl_url == "https://digitallibrary.un.org/record/9000001"
    assert resolution.document_url == "https://docs.un.org/en/A/RES/99/1"
    assert "https://digitallibrary.un.org/record/9000001" in resolution.sources
    assert resolution.field_sources["adopted_on"] == {
        "value": "2099-11-20", "source": "UN Digital Library record 9000001, MARC 992$a"
    }
    assert resolution.field_sources["agenda_item"]["source"].endswith("MARC 991$b")


def test_a_recorded_vote_note_gives_the_method_and_the_tally(tmp_path):
    path = write(tmp_path, "vote.xml", record(note="Adopted 151-6-27, 42nd plenary meeting"))
    run(path)
    resolution = Resolution.objects.get(symbol="A/RES/99/1")
    assert resolution.adoption_method == Resolution.Method.RECORDED_VOTE
    assert (resolution.votes_yes, resolution.votes_no, resolution.votes_abstain) == (151, 6, 27)
    assert resolution.meeting == "42nd plenary meeting"


def test_running_it_twice_changes_nothing(tmp_path):
    path = write(tmp_path, "one.xml", record(), record(symbol="A/RES/99/2", record_id="9000002", draft="A/99/L.2"))
    run(path)
    before = dump()
    output = run(path)
    assert "A/RES/99/1: unchanged" in output and "A/RES/99/2: unchanged" in output
    assert dump() == before


def test_a_value_entered_by_hand_is_kept_and_the_difference_reported(tmp_path):
    ResolutionFactory(symbol="A/RES/99/1", title="Our own title", year=2099, meeting="a meeting we typed")
    path = write(tmp_path, "one.xml", record())
    output = run(path)
    resolution = Resolution.objects.get(symbol="A/RES/99/1")
    assert resolution.title == "Our own title" and resolution.meeting == "a meeting we typed"
    assert resolution.adopted_on == dt.date(2099, 11, 20)  # blank before: filled
    assert "title: kept the hand-entered “Our own title”; UN Digital Library record 9000001 says" in output
    assert "run with --overwrite" in output
    assert "title" not in resolution.field_sources  # still the editor's

    output = run(path, "--overwrite")
    resolution.refresh_from_db()
    assert resolution.title == "Test resolution on cooperation"
    assert "replaced the hand-entered “Our own title”" in output
    assert resolution.field_sources["title"]["source"] == "UN Digital Library record 9000001, MARC 245$a"


def test_an_imported_value_follows_the_library_until_an_editor_changes_it(tmp_path):
    run(write(tmp_path, "first.xml", record(note="Adopted without vote, 40th plenary meeting")))
    run(write(tmp_path, "second.xml", record(note="Adopted without vote, 41st plenary meeting")))
    resolution = Resolution.objects.get(symbol="A/RES/99/1")
    assert resolution.meeting == "41st plenary meeting"  # the import's own value, updated

    resolution.meeting = "41st plenary meeting (resumed)"  # an editor's correction
    resolution.save()
    output = run(write(tmp_path, "third.xml", record(note="Adopted without vote, 42nd plenary meeting")))
    resolution.refresh_from_db()
    assert resolution.meeting == "41st plenary meeting (resumed)"
    assert "meeting: kept the hand-entered “41st plenary meeting (resumed)”" in output


def test_a_resolution_entered_without_its_symbol_is_found_by_its_draft(tmp_path):
    existing = ResolutionFactory(title="Test resolution on cooperation", year=2099, draft_symbol="A/99/L.1")
    run(write(tmp_path, "one.xml", record()))
    existing.refresh_from_db()
    assert existing.symbol == "A/RES/99/1"
    assert Resolution.objects.count() == 1


def test_a_folder_is_read_file_by_file(tmp_path):
    write(tmp_path, "a.xml", record())
    write(tmp_path, "b.xml", record(symbol="A/RES/99/2", record_id="9000002", draft=None))
    (tmp_path / "notes.txt").write_text("not MARC")
    run(tmp_path)
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {"A/RES/99/1", "A/RES/99/2"}


def test_a_malformed_file_is_a_clear_line_and_nothing_is_written(tmp_path):
    good = write(tmp_path, "good.xml", record())
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<collection><record><datafield tag='191'>")
    output, error = fails(good, bad)
    assert "bad.xml: not well-formed XML (line 1" in output
    assert error == "1 problem; nothing was written."
    assert not Resolution.objects.exists()


@pytest.mark.parametrize(
    ("marc", "message"),
    [
        (record(symbol="A/99/L.1"), "A/99/L.1: not a resolution (a resolution's symbol has /RES/)"),
        (record(omit=("191",)), "no document symbol (MARC 191 $a)"),
        (record(omit=("245",)), "A/RES/99/1: no title (MARC 245 $a)"),
        (record(omit=("992",)), "A/RES/99/1: no adoption date (MARC 992 $a)"),
        (record(date="2099-13-45"), "is not a real day"),
        (record(date="sometime"), "is not YYYYMMDD"),
        (record(symbol="E/RES/99/1"), "only General Assembly (A/RES/) and Security Council (S/RES/) resolutions"),
    ],
)
def test_a_record_that_cannot_be_used_is_reported_and_nothing_is_written(tmp_path, marc, message):
    path = write(tmp_path, "mixed.xml", record(symbol="A/RES/99/7", record_id="9000007", draft=None), marc)
    output, error = fails(path)
    assert message in output
    assert "nothing was written" in error
    assert not Resolution.objects.exists()


def test_a_file_without_marc_records_is_a_problem(tmp_path):
    path = tmp_path / "page.xml"
    path.write_text("<html><body>Search results</body></html>")
    output, _ = fails(path)
    assert "page.xml: no MARC records in it" in output


def test_a_record_the_model_refuses_rolls_back_the_whole_run(tmp_path):
    ResolutionFactory(symbol="A/RES/99/2", year=2001)  # hand-entered year that the Library's date contradicts
    path = write(tmp_path, "two.xml", record(), record(symbol="A/RES/99/2", record_id="9000002", draft=None))
    output, _ = fails(path)
    assert "A/RES/99/2: year: The year must match the adoption date." in output
    assert not Resolution.objects.filter(symbol="A/RES/99/1").exists()


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    output = run(write(tmp_path, "one.xml", record()), "--dry-run")
    assert "A/RES/99/1: created" in output and "Dry run: nothing was written." in output
    assert not Resolution.objects.exists()


def test_without_files_or_a_symbol_it_says_what_to_give():
    with pytest.raises(CommandError, match="Give MARCXML files or folders, or --symbol"):
        call_command("import_undl", stdout=io.StringIO())


def test_load_demo_imports_the_hand_made_samples(demo):
    resolution = Resolution.objects.get(symbol="A/RES/77/12")
    assert resolution.field_sources["adopted_on"]["source"] == (
        "UN Digital Library MARCXML (undl-asean-records.xml, record 1), MARC 992$a"
    )
    assert resolution.vote_note == "Adopted without vote, 39th plenary meeting"
    assert resolution.undl_record_id is None  # the Library's record number is not sourced
    assert not Resolution.objects.get(year=2020, series__isnull=False).field_sources  # no symbol, no record


def test_a_record_written_meanwhile_by_someone_else_rolls_back_and_says_run_again(tmp_path, monkeypatch):
    path = write(tmp_path, "two.xml", record(), record(symbol="A/RES/99/2", record_id="9000002", draft=None))
    original = Resolution.save

    def racing_save(self, *args, **kwargs):
        if self.symbol == "A/RES/99/2":  # as if another import had just created it
            raise IntegrityError("duplicate key value violates unique constraint")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Resolution, "save", racing_save)
    output, _ = fails(path)
    assert "The record changed while importing (IntegrityError); run it again." in output
    assert not Resolution.objects.exists()
