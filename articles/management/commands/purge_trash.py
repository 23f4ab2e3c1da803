"""Empty the trash of old stories: run it daily from cron (or a scheduled job) on one server."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.services.workflow import article_purge_trash
from newsroom.actors import SYSTEM


class Command(BaseCommand):
    help = (
        "Delete for good the stories that have been in the trash for more than --days days (default 30), with "
        "their revisions and workflow log. Stories trashed more recently stay restorable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Keep trashed stories this many days (at least 1).")

    def handle(self, *args, days, **options):
        try:
            headlines = article_purge_trash(user=SYSTEM, days=days)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        for headline in headlines:
            self.stdout.write(f"Deleted: {headline}")
        self.stdout.write(f"{len(headlines)} {'story' if len(headlines) == 1 else 'stories'} deleted for good.")
