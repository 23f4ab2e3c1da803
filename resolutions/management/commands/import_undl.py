"""python manage.py import_undl FILE_OR_DIR... | --symbol A/RES/77/12 [--overwrite] [--dry-run]"""

import contextlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from resolutions.importing import ImportAborted, ImportReport, import_library_records
from resolutions.models import normalise_symbol
from resolutions.undl import FetchError, LibraryClient, read_marcxml, search_total


class Command(BaseCommand):
    help = (
        "Create or update resolutions from UN Digital Library MARCXML (files, folders of .xml files, or one "
        "symbol fetched from the Library). Values entered by hand are kept unless --overwrite; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="MARCXML files, or folders whose .xml files are read")
        parser.add_argument("--symbol", action="append", default=[], help="Fetch this symbol from the Library")
        parser.add_argument("--overwrite", action="store_true", help="Replace values entered by hand")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing")

    def handle(self, *args, paths, symbol, overwrite, dry_run, **options):
        if not paths and not symbol:
            raise CommandError("Give MARCXML files or folders, or --symbol A/RES/77/12.")
        report = ImportReport()
        records = []
        for path in self.files(paths, report):
            found, problems = read_marcxml(path.read_bytes(), path.name)
            records += found
            report.problems += problems
        client = LibraryClient(
            url=settings.UNDL_API_URL, token=settings.UNDL_API_TOKEN, timeout=settings.UNDL_TIMEOUT
        )
        for wanted in symbol:
            records += self.fetch(client, normalise_symbol(wanted), report)
        if report.ok:
            with contextlib.suppress(ImportAborted):  # the report holds the problems
                import_library_records(records, overwrite=overwrite, dry_run=dry_run, report=report)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            count = len(report.problems)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''}; nothing was written.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

    def files(self, paths, report):
        for name in paths:
            path = Path(name)
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".xml" and p.is_file())
                if not found:
                    report.problems.append(f"{path}: no .xml files in this folder")
                yield from found
            elif path.is_file():
                yield path
            else:
                report.problems.append(f"{path}: no such file or folder")

    def fetch(self, client, wanted, report):
        try:
            data = client.fetch_symbol(wanted)
        except FetchError as error:
            report.problems.append(f"{wanted}: {error}")
            return []
        if search_total(data) == 0:
            report.problems.append(f"{wanted}: the UN Digital Library has no record with this symbol")
            return []
        found, problems = read_marcxml(data, f"the Library's answer for {wanted}")
        matching = [record for record in found if record.symbol == wanted]
        if not matching:
            report.problems += problems or [f"{wanted}: the Library's answer holds no record with this symbol"]
        return matching
