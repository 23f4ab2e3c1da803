"""PostgreSQL full-text search: a stored, weighted search document with a GIN index (articles/search.py).

The document is a generated column, so PostgreSQL keeps it current on every insert and update (the admin,
services, bulk loads alike) and ranking reads it instead of re-parsing every matching story. It is not a model
field: SQLite has no tsvector, so this migration does nothing there and leaves the model state untouched
(`makemigrations` stays quiet). A plain index for the section filter in publish order is added everywhere.
"""

from django.db import migrations

SEARCH_DOCUMENT = """
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE articles_article ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({SEARCH_DOCUMENT}) STORED"
        )
        schema_editor.execute("CREATE INDEX article_search_idx ON articles_article USING gin (search_document)")
    # /news/?section=...: one section's visible stories, newest first, without sorting them all.
    schema_editor.execute(
        "CREATE INDEX article_section_visible_idx ON articles_article (section_id, status, publish_at)"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS article_section_visible_idx")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")
        schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_editorial_roles")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
