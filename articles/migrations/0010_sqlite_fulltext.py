"""Full-text search of stories on SQLite: an FTS5 table, filled and kept in step by triggers (articles/search.py).

Triggers rather than signals or service hooks, so every write stays in step: saves, `update()`, `bulk_create()`,
raw inserts by `seed_bulk`, deletes. The body is indexed as the plain text readers see (`body_html` without its
tags), through the SQL function `articles_plain_text` that articles/search.py registers on every SQLite
connection. Headline, standfirst and body are separate columns, so a match can be ranked by where it is.

The table is not a model (the ORM joins it in articles/search.py), so `dumpdata`, `flush` and PostgreSQL never
see it. On PostgreSQL this migration does nothing: the stories' generated search document (`0005_search_index`)
does the same job there. `rebuild_search_index` refills the table from the stories.
"""

from django.db import migrations

TABLE = "articles_article_fts"
ROW = "new.id, new.headline, new.standfirst, articles_plain_text(new.body_html)"
CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(headline, standfirst, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON articles_article BEGIN "
    f"INSERT INTO {TABLE}(rowid, headline, standfirst, body) VALUES ({ROW}); END",
    # Only when the indexed text changes: the chair-year refile after every save and status changes leave it be.
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF id, headline, standfirst, body_html ON articles_article "
    "WHEN old.id IS NOT new.id OR old.headline IS NOT new.headline OR old.standfirst IS NOT new.standfirst "
    "OR old.body_html IS NOT new.body_html BEGIN "
    f"DELETE FROM {TABLE} WHERE rowid = old.id; "
    f"INSERT INTO {TABLE}(rowid, headline, standfirst, body) VALUES ({ROW}); END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON articles_article BEGIN "
    f"DELETE FROM {TABLE} WHERE rowid = old.id; END",
    f"INSERT INTO {TABLE}(rowid, headline, standfirst, body) "
    "SELECT id, headline, standfirst, articles_plain_text(body_html) FROM articles_article",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_factcheck_acknowledgements'),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
