"""The acronyms and spellings readers type most for the record's names. Editors add more in the admin.

Common usage, not sourced claims: ASEAN's and the UN's own names, and the countries' UN names against the names
readers know (the UN writes “Viet Nam” and “Lao People's Democratic Republic”)."""

from django.db import migrations

ALIASES = [
    ("ASEAN", "Association of Southeast Asian Nations"),
    ("UN", "United Nations"),
    ("UNGA", "General Assembly"),
    ("UNSC", "Security Council"),
    ("Vietnam", "Viet Nam"),
    ("Laos", "Lao People's Democratic Republic"),
    ("Lao PDR", "Lao People's Democratic Republic"),
    ("East Timor", "Timor-Leste"),
]


def seed(apps, schema_editor):
    Alias = apps.get_model("resolutions", "Alias")
    for name, means in ALIASES:
        if not Alias.objects.filter(name__iexact=name, means__iexact=means).exists():
            Alias.objects.create(name=name, means=means)


def unseed(apps, schema_editor):
    Alias = apps.get_model("resolutions", "Alias")
    for name, means in ALIASES:
        Alias.objects.filter(name=name, means=means).delete()


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0004_alias")]

    operations = [migrations.RunPython(seed, unseed)]
