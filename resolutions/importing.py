"""Writing imported facts into the record without losing an editor's work.

Every field an import sets is noted in `Resolution.field_sources` with the value it set and where it came from.
On the next import a field is the import's to update only while it still holds that value (or is blank); a
value an editor typed, or changed since, is kept and the difference reported, unless the run says --overwrite.
A run is all or nothing: any problem and nothing is written.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import Resolution
from .undl import jsonable


@dataclass
class ImportReport:
    done: list = field(default_factory=list)  # one line per record: created, updated (fields), unchanged
    differences: list = field(default_factory=list)  # hand-entered values kept (or overwritten)
    problems: list = field(default_factory=list)  # anything that stops the run
    notes: list = field(default_factory=list)  # informative lines (skipped rows, ...)

    @property
    def ok(self):
        return not self.problems

    def lines(self):
        yield from self.done
        yield from self.notes
        if self.differences:
            yield "Differences with values entered by hand:"
            yield from (f"  {line}" for line in self.differences)
        if self.problems:
            yield "Problems (nothing was written):"
            yield from (f"  {line}" for line in self.problems)


class ImportAborted(Exception):
    """Raised inside the import's transaction so that nothing is written; carries the report."""

    def __init__(self, report):
        super().__init__("; ".join(report.problems))
        self.report = report


def blank(value):
    return value is None or value == ""


def set_field(obj, name, value, source, *, overwrite, differences, label):
    """Set one imported value under the rules above. Returns True when the row changed."""
    current = getattr(obj, name)
    stored = obj.field_sources.get(name)
    entry = {"value": jsonable(value), "source": source}
    if jsonable(current) == entry["value"]:
        if stored is not None and stored != entry:  # same value, newer provenance: keep the note true
            obj.field_sources[name] = entry
            return True
        return False
    import_owned = stored is not None and stored.get("value") == jsonable(current)
    if blank(current) or import_owned or overwrite:
        if overwrite and not (blank(current) or import_owned):
            differences.append(f"{label}: {name}: replaced the hand-entered “{current}” with “{value}” (--overwrite)")
        setattr(obj, name, value)
        obj.field_sources[name] = entry
        return True
    said_by = source.split(", MARC")[0].split(", voting record")[0]
    differences.append(
        f"{label}: {name}: kept the hand-entered “{current}”; {said_by} says “{value}” (run with --overwrite to take it)"
    )
    return False


def unique_slug(title, year, symbol=""):
    base = slugify(f"{title[:150]} {year}")[:200] or "resolution"
    candidates = [base, slugify(f"{base} {symbol}")[:200] if symbol else None]
    taken = set(Resolution.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    for candidate in candidates:
        if candidate and candidate not in taken:
            return candidate
    number = 2
    while f"{base}-{number}"[:200] in taken:
        number += 1
    return f"{base}-{number}"[:200]


def find_resolution(found, report):
    """The resolution a Library record describes: by record number, then symbol, then its draft's symbol."""
    symbol = found.symbol
    by_id = Resolution.objects.filter(undl_record_id=found.record_id).first() if found.record_id else None
    by_symbol = Resolution.objects.filter(symbol=symbol).first()
    if by_id and by_symbol and by_id.pk != by_symbol.pk:
        report.problems.append(
            f"{found.origin} {symbol}: Library record {found.record_id} is “{by_id}” here, but {symbol} is “{by_symbol}”"
        )
        return None, False
    existing = by_id or by_symbol
    draft = found.values.get("draft_symbol")
    if existing is None and draft:
        existing = Resolution.objects.filter(draft_symbol=draft, symbol="").first()
    if existing is not None:
        return existing, False
    values = found.values
    resolution = Resolution(
        title=values["title"], year=values["adopted_on"].year,
        slug=unique_slug(values["title"], values["adopted_on"].year, symbol),
    )
    return resolution, True


def apply_record(found, *, overwrite, report):
    resolution, created = find_resolution(found, report)
    if resolution is None:
        return
    label = found.symbol
    changed = []
    for name, value in found.values.items():
        if set_field(
            resolution, name, value, found.source(name),
            overwrite=overwrite, differences=report.differences, label=label,
        ):
            changed.append(name)
    if found.record_id and resolution.undl_record_id != found.record_id:
        if resolution.undl_record_id is None or overwrite:
            resolution.undl_record_id = found.record_id
            changed.append("undl_record_id")
        else:
            report.differences.append(
                f"{label}: kept Library record {resolution.undl_record_id}; this file is record {found.record_id}"
            )
    if found.record_id and resolution.undl_url not in resolution.sources:
        resolution.sources = "\n".join(line for line in (resolution.sources.strip(), resolution.undl_url) if line)
        changed.append("sources")
    if not (created or changed):
        report.done.append(f"{label}: unchanged")
        return
    try:
        resolution.full_clean()
    except ValidationError as error:
        messages = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items())
        report.problems.append(f"{found.origin} {label}: {messages}")
        return
    resolution.save()
    fields = ", ".join(sorted({name for name in changed if name != "field_sources"}))
    report.done.append(f"{label}: created" if created else f"{label}: updated ({fields})")


def import_library_records(records, *, overwrite=False, dry_run=False, report=None):
    """Create or update a resolution per Library record, in one transaction; ImportAborted if any problem."""
    report = report or ImportReport()
    seen = {}
    for found in records:
        if found.symbol in seen:
            report.problems.append(f"{found.origin}: {found.symbol} appears twice (also {seen[found.symbol]})")
        seen[found.symbol] = found.origin
    if report.problems:
        raise ImportAborted(report)
    try:
        with transaction.atomic():
            for found in records:
                apply_record(found, overwrite=overwrite, report=report)
            if report.problems:
                raise ImportAborted(report)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:  # another import or an editor wrote the same record meanwhile
        report.problems.append(f"The record changed while importing ({error.__class__.__name__}); run it again.")
        raise ImportAborted(report) from None
    return report
