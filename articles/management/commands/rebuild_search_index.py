"""Refill the stories' full-text index from the stories themselves.

On SQLite the FTS5 index is kept in step by triggers; this repairs it after anything that went around them (a
restored table, a trigger dropped by hand, a copy of the database from an older version). On PostgreSQL the
search document is a generated column, always current: there is nothing to rebuild.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.search import rebuild_index


class Command(BaseCommand):
    help = "Refill the stories' full-text search index (SQLite); PostgreSQL keeps its own current."

    def handle(self, *args, **options):
        with transaction.atomic():
            indexed = rebuild_index()
        if indexed is None:
            self.stdout.write("PostgreSQL keeps the search document current itself: nothing to rebuild.")
        else:
            noun = "story" if indexed == 1 else "stories"
            self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} {noun} for full-text search."))
