"""A GIN index over the weighted search document, on PostgreSQL only (articles/search.py uses the same expression).

Not in `Article.Meta.indexes`: SQLite has no GIN index, so the index is made by the schema editor of PostgreSQL
and this migration does nothing elsewhere. The model state is untouched, so `makemigrations` stays quiet.
Two more PostgreSQL/SQLite-neutral indexes serve the section and tag filters in publish order.
"""

from django.db import migrations

INDEX_NAME = "article_search_idx"
EXTRA_INDEXES = [
    # /news/?section=...: the section's published stories, newest first, without sorting them all.
    ("article_section_visible_idx", "articles_article", "section_id, status, publish_at"),
]


def search_index(apps):
    from django.contrib.postgres.indexes import GinIndex

    from articles.search import search_vector

    return GinIndex(search_vector(), name=INDEX_NAME)


def create_indexes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(Article, search_index(apps))
    for name, table, columns in EXTRA_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop_indexes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(Article, search_index(apps))
    for name, _table, _columns in EXTRA_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_image_dimensions")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
