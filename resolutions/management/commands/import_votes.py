"""python manage.py import_votes FILE.csv... [--overwrite] [--dry-run]"""

import contextlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolutions.importing import ImportAborted, ImportReport
from resolutions.voting_data import import_votes, read_voting_csv


class Command(BaseCommand):
    help = (
        "Store each member state's vote from the Library's General Assembly voting data (CSV). Rows for "
        "resolutions not on record are skipped; totals and per-country rows must agree. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="CSV files of the Library's General Assembly voting data")
        parser.add_argument("--overwrite", action="store_true", help="Replace vote counts entered by hand")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing")

    def handle(self, *args, paths, overwrite, dry_run, **options):
        report = ImportReport()
        groups = {}
        for name in paths:
            path = Path(name)
            if not path.is_file():
                report.problems.append(f"{path}: no such file")
                continue
            found, problems, notes = read_voting_csv(path.read_bytes(), path.name)
            report.problems += problems
            report.notes += notes
            for symbol, group in found.items():
                if symbol in groups:
                    report.problems.append(f"{path.name}: {symbol} is also in another file")
                groups[symbol] = group
        with contextlib.suppress(ImportAborted):  # the report holds the problems
            import_votes(groups, overwrite=overwrite, dry_run=dry_run, report=report)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            count = len(report.problems)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''}; nothing was written.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
