from importlib import import_module

from django.db import migrations, models

# SQLite adds a NOT NULL column by rebuilding the table, which drops the full-text triggers on it
# (0010_sqlite_fulltext): put them back, in both directions. The FTS table's rows are untouched by the rebuild.
fulltext = import_module("articles.migrations.0010_sqlite_fulltext")


def restore_fulltext_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in fulltext.DROP:
        if statement.startswith("DROP TRIGGER"):
            schema_editor.execute(statement)
    for statement in fulltext.CREATE:
        if statement.startswith("CREATE TRIGGER"):
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0011_chair_index_covers_facets"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="hero_decorative",
            field=models.BooleanField(
                default=False,
                db_default=False,
                help_text="Only for a photo that shows nothing a reader needs: it then has no description and screen "
                "readers skip it. Otherwise a story with a photo needs a description to be submitted or published.",
                verbose_name="decorative photo",
            ),
        ),
        migrations.RunPython(restore_fulltext_triggers, restore_fulltext_triggers, elidable=False),
    ]
