"""What the story form's script sends, checked before it is stored: anything else is a 400, never a 500.

The payload is JSON: {"fields": [[name, value], ...], "labels": {name: {value: label}}}. `fields` are the form's
named controls in order (a multiple select gives one pair per chosen value); `labels` name the chosen options of
the autocomplete selects, whose options are not in the page until chosen, so a restore can show them.
"""

import json
import re

from django.core.exceptions import ValidationError

MAX_BYTES = 1024 * 1024  # a long story with every field, several times over
MAX_FIELDS = 1000
MAX_NAME = 200
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value):
    """Text as the databases can store it: no NUL (PostgreSQL refuses it in JSON), no lone surrogate (not UTF-8)."""
    return LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def _name(value):
    if not isinstance(value, str) or not value or len(value) > MAX_NAME:
        raise ValidationError("A field name must be a short non-empty string.")
    return clean_text(value)


def clean_payload(body):
    """The stored form of `body` (bytes), or ValidationError saying what is wrong with it."""
    if len(body) > MAX_BYTES:
        raise ValidationError(f"Autosave holds at most {MAX_BYTES // 1024} KB.", code="too_large")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ValidationError("Not JSON.") from error
    if not isinstance(data, dict):
        raise ValidationError("Expected an object with “fields”.")
    fields, labels = data.get("fields"), data.get("labels", {})
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS:
        raise ValidationError(f"“fields” must be a list of at most {MAX_FIELDS} [name, value] pairs.")
    if not isinstance(labels, dict) or len(labels) > MAX_FIELDS:
        raise ValidationError("“labels” must be an object.")
    cleaned_fields = []
    for pair in fields:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str)):
            raise ValidationError("Each field must be a [name, value] pair of strings.")
        cleaned_fields.append([_name(pair[0]), clean_text(pair[1])])
    cleaned_labels = {}
    for name, options in labels.items():
        if not isinstance(options, dict) or not all(isinstance(label, str) for label in options.values()):
            raise ValidationError("Each label must map option values to strings.")
        cleaned_labels[_name(name)] = {clean_text(value): clean_text(label) for value, label in options.items()}
    return {"fields": cleaned_fields, "labels": cleaned_labels}
