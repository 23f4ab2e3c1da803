"""What a management command writes to the database and the media folder, recorded once and restored quickly."""

import datetime as dt
import io
import json
import shutil
from collections import defaultdict

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.test import override_settings


def rows(queryset):
    """The rows as the serializers see them, by model and primary key (many-to-many links ride with their model)."""
    return {(row["model"], row["pk"]): row for row in serializers.serialize("python", queryset.order_by("pk"))}


def all_rows():
    found = {}
    for model in apps.get_models():
        if not model._meta.proxy and model._meta.managed:
            found |= rows(model._base_manager.all())
    return found


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; a restored row must equal the recorded one."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class CommandSnapshot:
    """The rows a command created or changed, what those rows were before it ran, and the files it wrote."""

    def __init__(self, fixture, before, media):
        self.fixture, self.before, self.media = fixture, before, media

    @classmethod
    def record(cls, folder, command):
        """Run `command` in a transaction that is rolled back at once, keeping what it wrote."""
        media = folder / "media"
        with override_settings(MEDIA_ROOT=media), transaction.atomic():
            before = all_rows()
            call_command(command, stdout=io.StringIO())
            after = all_rows()
            transaction.set_rollback(True)
        if before.keys() - after.keys():
            return cls(None, {}, media)  # it deleted rows: not something a fixture file replays
        written = [row for key, row in after.items() if before.get(key) != row]
        fixture = folder / f"{command}.json"
        fixture.write_text(json.dumps(written, cls=ExactJSONEncoder))
        return cls(fixture, {(row["model"], row["pk"]): before.get((row["model"], row["pk"])) for row in written}, media)

    def restore(self, media_root):
        """Load the rows and copy the files. False, with nothing changed, when the database is not as it was when
        the command ran (a test's own rows in the way): the caller then runs the command itself."""
        if self.fixture is None or not self.matches_database():
            return False
        try:
            with transaction.atomic():
                call_command("loaddata", str(self.fixture), verbosity=0)
        except IntegrityError:
            return False
        if self.media.exists():
            shutil.copytree(self.media, media_root, dirs_exist_ok=True)
        return True

    def matches_database(self):
        keys = defaultdict(list)
        for label, pk in self.before:
            keys[label].append(pk)
        now = {}
        for label, pks in keys.items():
            now |= rows(apps.get_model(label)._base_manager.filter(pk__in=pks))
        return all(now.get(key) == row for key, row in self.before.items())
