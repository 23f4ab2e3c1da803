"""Reading the Dag Hammarskjöld Library's General Assembly voting data (CSV) into per-country votes.

One row per member state per resolution adopted by a recorded vote: member code (ISO alpha-3) and name, vote
(Y, N, A; X or NV for non-voting), resolution symbol, date, draft symbol, and in some versions the modality and
the totals. Both published versions of the column names are read (`ms_code` or `ms_codes`, `total_yes` or
`yes`, ...). Rows for resolutions not on record are skipped and counted: the newsroom keeps the votes of the
resolutions it covers.
"""

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from newsroom.cache import content_changed

from .importing import ImportAborted, ImportReport, set_field
from .models import Country, Resolution, Vote, normalise_symbol
from .undl import parse_vote_note

COLUMNS = {
    "code": ("ms_code", "ms_codes"),
    "name": ("ms_name", "ms_names"),
    "vote": ("ms_vote", "ms_votes"),
    "resolution": ("resolution", "resolutions"),
    "date": ("date",),
    "session": ("session",),
    "draft": ("draft",),
    "modality": ("modality",),
    "yes": ("total_yes", "yes"),
    "no": ("total_no", "no"),
    "abstain": ("total_abstentions", "abstentions"),
    "non_voting": ("total_non_voting", "non-voting", "non_voting"),
    "link": ("undl_link",),
}
REQUIRED = ("code", "name", "vote", "resolution")
CHOICES = {
    "Y": Vote.Choice.YES,
    "N": Vote.Choice.NO,
    "A": Vote.Choice.ABSTAIN,
    "X": Vote.Choice.NON_VOTING,
    "NV": Vote.Choice.NON_VOTING,
}
TALLY = {
    "votes_yes": Vote.Choice.YES,
    "votes_no": Vote.Choice.NO,
    "votes_abstain": Vote.Choice.ABSTAIN,
    "votes_non_voting": Vote.Choice.NON_VOTING,
}
TOTAL_COLUMNS = {"yes": "votes_yes", "no": "votes_no", "abstain": "votes_abstain", "non_voting": "votes_non_voting"}
SOURCE = "UN General Assembly voting data (Dag Hammarskjöld Library)"
SMALL_WORDS = {"of", "the", "and", "de", "du", "d'", "for"}


@dataclass
class ResolutionVotes:
    symbol: str
    rows: dict = field(default_factory=dict)  # alpha-3 -> (choice, member name)
    first_line: int = 0
    totals: set = field(default_factory=set)  # the file's totals, as (yes, no, abstain, non-voting) tuples
    dates: set = field(default_factory=set)
    drafts: set = field(default_factory=set)
    sessions: set = field(default_factory=set)
    links: set = field(default_factory=set)

    def counts(self):
        tally = Counter(choice for choice, _ in self.rows.values())
        return {name: tally[choice] for name, choice in TALLY.items()}


def tidy_name(name):
    """Member names come in capitals ("LAO PEOPLE'S DEMOCRATIC REPUBLIC"); a new country gets a readable one."""
    name = " ".join(name.split())
    if not name.isupper():
        return name
    words = []
    for position, word in enumerate(name.lower().split(" ")):
        if position and word.strip("()\"',") in SMALL_WORDS:
            words.append(word)
        else:
            words.append(re.sub(r"^([(\"'“]*)(\w)", lambda m: m.group(1) + m.group(2).upper(), word))
    return " ".join(words)


def parse_day(text):
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_voting_csv(data, origin):
    """Rows grouped by resolution: ({symbol: ResolutionVotes}, problems, notes)."""
    problems, notes = [], []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [f"{origin}: not UTF-8 text (is it the Library's CSV?)"], notes
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = {name.strip().lower(): name for name in (reader.fieldnames or [])}
    columns = {
        key: next((headers[alias] for alias in aliases if alias in headers), None) for key, aliases in COLUMNS.items()
    }
    missing = [COLUMNS[key][0] for key in REQUIRED if columns[key] is None]
    if missing:
        return {}, [f"{origin}: missing the columns {', '.join(missing)} (is it the Library's General Assembly voting data?)"], notes
    groups = {}
    without_vote = 0
    try:
        for line, row in enumerate(reader, start=2):
            def cell(key, row=row):
                return (row.get(columns[key]) or "").strip() if columns[key] else ""

            if "without" in cell("modality").lower():
                without_vote += 1
                continue
            symbol = normalise_symbol(cell("resolution"))
            code = cell("code").upper()
            raw_vote = cell("vote").upper()
            where = f"{origin}, line {line}"
            if not symbol:
                problems.append(f"{where}: no resolution symbol")
                continue
            if not re.fullmatch(r"[A-Z]{3}", code):
                problems.append(f"{where}: member code “{cell('code')}” is not a three-letter code")
                continue
            if raw_vote not in CHOICES:
                problems.append(f"{where}: vote “{cell('vote')}” is not Y, N, A or X (non-voting)")
                continue
            group = groups.setdefault(symbol, ResolutionVotes(symbol=symbol, first_line=line))
            if code in group.rows:
                problems.append(f"{where}: a second row for {code} on {symbol}")
                continue
            group.rows[code] = (CHOICES[raw_vote], cell("name"))
            totals = tuple(cell(key) for key in TOTAL_COLUMNS)
            if any(totals):
                group.totals.add(totals)
            if cell("date"):
                day = parse_day(cell("date"))
                if day is None:
                    problems.append(f"{where}: date “{cell('date')}” is not YYYY-MM-DD")
                    continue
                group.dates.add(day)
            if cell("draft"):
                group.drafts.add(normalise_symbol(cell("draft")))
            if cell("session").isdigit():
                group.sessions.add(int(cell("session")))
            if cell("link"):
                group.links.add(cell("link"))
    except csv.Error as error:
        problems.append(f"{origin}: not a readable CSV file ({error})")
    if without_vote:
        notes.append(f"{origin}: {without_vote} rows of texts adopted without a vote have no per-country votes; skipped.")
    for group in groups.values():
        problems += check_group(group, origin)
    return groups, problems, notes


def check_group(group, origin):
    problems = []
    where = f"{origin} {group.symbol}"
    if len(group.totals) > 1:
        problems.append(f"{where}: the rows disagree on the totals")
    for totals in group.totals:
        try:
            stated = {TOTAL_COLUMNS[key]: int(value) for key, value in zip(TOTAL_COLUMNS, totals, strict=True) if value}
        except ValueError:
            problems.append(f"{where}: totals {totals} are not numbers")
            continue
        counted = group.counts()
        wrong = {name: (value, counted[name]) for name, value in stated.items() if counted[name] != value}
        if wrong:
            detail = ", ".join(f"{name.removeprefix('votes_')} {said} but {rows} rows" for name, (said, rows) in wrong.items())
            problems.append(f"{where}: the file's totals do not match its per-country rows ({detail})")
    for kind, values in (("dates", group.dates), ("draft symbols", group.drafts), ("sessions", group.sessions)):
        if len(values) > 1:
            problems.append(f"{where}: the rows give different {kind}")
    return problems


def country_for(code, name, report, created):
    country = Country.objects.filter(iso_alpha3=code).first() or created.get(code)
    if country is not None:
        return country
    display = tidy_name(name) or code
    if Country.objects.filter(name=display).exists():
        report.problems.append(f"{code}: a country named “{display}” is already on record with another code")
        return None
    slug = base = slugify(display) or code.lower()
    number = 2
    while Country.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    country = Country.objects.create(
        name=display, slug=slug, iso_alpha3=code, sources=f"{SOURCE}: member code {code}, “{name}”"
    )
    created[code] = country
    report.notes.append(f"Added the country {display} ({code}); its other codes are not recorded.")
    return country


def apply_group(group, resolution, *, overwrite, report, created_countries):
    label = group.symbol
    source = SOURCE + (f", voting record {sorted(group.links)[0]}" if group.links else "")
    counts = group.counts()
    values = {"adoption_method": Resolution.Method.RECORDED_VOTE, **counts}
    if len(group.dates) == 1:
        values["adopted_on"] = next(iter(group.dates))
    if len(group.drafts) == 1:
        values["draft_symbol"] = next(iter(group.drafts))
    if len(group.sessions) == 1:
        values["session"] = next(iter(group.sessions))
    changed = [
        name for name, value in values.items()
        if set_field(resolution, name, value, source, overwrite=overwrite, differences=report.differences, label=label)
    ]
    stated = parse_vote_note(resolution.vote_note)
    for name in TALLY:
        kept = getattr(resolution, name)
        if kept is not None and kept != counts[name]:
            report.problems.append(
                f"{label}: the record's {name.removeprefix('votes_')} count ({kept}, entered by hand) does not match "
                f"the {counts[name]} per-country rows: correct it, or run with --overwrite"
            )
        if name in stated and stated[name] != counts[name]:
            report.problems.append(
                f"{label}: the vote note “{resolution.vote_note}” says {stated[name]} "
                f"{name.removeprefix('votes_')} but the per-country rows count {counts[name]}"
            )
    if report.problems:
        return
    try:
        resolution.full_clean()
    except ValidationError as error:
        messages = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items())
        report.problems.append(f"{label}: {messages}")
        return
    if changed:
        resolution.save()
    countries = {}
    for code, (choice, name) in group.rows.items():
        country = country_for(code, name, report, created_countries)
        if country is not None:
            countries[code] = (country, choice, name)
    if report.problems:
        return
    stored = {(v.country_id, v.vote, v.member_name) for v in resolution.votes.all()}
    wanted = {(country.pk, choice, name) for country, choice, name in countries.values()}
    if stored == wanted:
        report.done.append(f"{label}: {len(wanted)} votes, unchanged")
        return
    resolution.votes.all().delete()
    Vote.objects.bulk_create(
        Vote(resolution=resolution, country=country, vote=choice, member_name=name)
        for country, choice, name in countries.values()
    )
    content_changed()  # bulk_create sends no signal
    tally = ", ".join(f"{counts[name]} {name.removeprefix('votes_').replace('_', '-')}" for name in TALLY)
    report.done.append(f"{label}: {len(wanted)} votes stored ({tally})")


def import_votes(groups, *, overwrite=False, dry_run=False, report=None):
    report = report or ImportReport()
    if report.problems:
        raise ImportAborted(report)
    resolutions = {r.symbol: r for r in Resolution.objects.filter(symbol__in=list(groups))}
    unknown = sorted(set(groups) - set(resolutions))
    if unknown:
        rows = sum(len(groups[symbol].rows) for symbol in unknown)
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        report.notes.append(f"Skipped {rows} rows for {len(unknown)} resolutions not on record: {shown}.")
    created_countries = {}
    try:
        with transaction.atomic():
            for symbol in sorted(resolutions):
                apply_group(
                    groups[symbol], resolutions[symbol],
                    overwrite=overwrite, report=report, created_countries=created_countries,
                )
                if report.problems:
                    raise ImportAborted(report)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:  # another import wrote the same votes or countries meanwhile
        report.problems.append(f"The record changed while importing ({error.__class__.__name__}); run it again.")
        raise ImportAborted(report) from None
    if not groups:
        report.notes.append("No recorded votes in the file.")
    return report
