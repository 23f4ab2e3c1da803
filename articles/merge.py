"""Two people edited the same story: a three-way merge of the saved story ("theirs") and the form ("yours")
against the revision the form was opened from (the base).

A field only they changed keeps their value, a field only you changed takes yours, and only a field both of you
changed differently is a conflict, for the editor to settle field by field. Links (bylines, tags, resolutions,
ambassadors) merge as sets: their additions and removals and yours all apply, so they never conflict.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

from .models import Article
from .services.revisions import SNAPSHOT_FIELDS, SNAPSHOT_M2M, _display

CHOICES = ("theirs", "yours")


def _comparable(name, value):
    """Values as the form can hold them: a publish time to the second (the form has no microseconds)."""
    if name == "publish_at" and value:
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        return value.replace(microsecond=0)
    if name in SNAPSHOT_M2M:
        return frozenset(value or ())
    return "" if value is None else value


def form_snapshot(cleaned_data, names):
    """The form's values in the shape of a revision snapshot (`article_snapshot`), labels included."""
    data, labels = {}, {}
    for name in names:
        value = cleaned_data.get(name)
        if name in SNAPSHOT_M2M:
            related = sorted(value or (), key=lambda obj: obj.pk)
            data[name] = [obj.pk for obj in related]
            labels[name] = [str(obj) for obj in related]
        elif name == "hero_image":
            data[name] = getattr(value, "name", "") or ""
        elif name == "publish_at":
            data[name] = value.isoformat() if value else None
        elif Article._meta.get_field(name).is_relation:
            data[name] = value.pk if value is not None else None
            labels[name] = str(value) if value is not None else ""
        else:
            data[name] = value
    data["_labels"] = labels
    return data


@dataclass
class Merge:
    theirs_kept: list = field(default_factory=list)  # fields only they changed: their value stays
    links_merged: dict = field(default_factory=dict)  # link fields both changed: the merged ids
    conflicts: list = field(default_factory=list)  # fields both changed differently, with both values to show


def three_way(base, theirs, yours, names):
    """Compare three snapshots over `names` (the fields the form edits)."""
    merge = Merge()
    for name in names:
        now, mine = _comparable(name, theirs.get(name)), _comparable(name, yours.get(name))
        was = _comparable(name, base[name]) if name in base else now  # a field newer than the base revision
        if now in (was, mine):
            continue  # they did not change it, or both of you made the same change
        if mine == was:
            merge.theirs_kept.append(name)
        elif name in SNAPSHOT_M2M:
            merge.links_merged[name] = sorted((now - (was - mine)) | (mine - was))
        else:
            merge.conflicts.append(
                {"name": name, "label": label(name), "theirs": shown(theirs, name), "yours": shown(yours, name)}
            )
    return merge


def shown(snapshot, name):
    """A snapshot's value as an editor reads it: a local time, yes or no, else as in the revision history."""
    value = snapshot.get(name)
    if name == "publish_at" and value:
        return date_format(timezone.localtime(datetime.datetime.fromisoformat(value)), "DATETIME_FORMAT")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return _display(snapshot, name)


def label(name):
    return str(Article._meta.get_field(name).verbose_name).capitalize()


MERGED_FIELDS = (*SNAPSHOT_FIELDS, *SNAPSHOT_M2M)
