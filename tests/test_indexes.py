"""The indexes behind every list filter and the published() rule.

They are partial on "not in the trash", the condition published() always adds, so counting a filtered list reads
the index alone instead of a table row per story. With a few test rows the PostgreSQL planner rightly prefers
other plans, so there the test checks the definitions; SQLite's planner shows its choice even on small tables.
"""

import pytest
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory, ChairYearFactory, SectionFactory

pytestmark = pytest.mark.django_db

INDEXES = {
    "article_live_idx": "(status, publish_at)",
    "article_chair_live_idx": "(chair_year_id, status, publish_at, section_id, id) INCLUDE (embargo_until, expire_at)",
    "article_section_live_idx": "(section_id, status, publish_at)",
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's catalogue")
def test_postgresql_indexes_cover_the_published_rule():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article'")
        found = dict(cursor.fetchall())
    for name, columns in INDEXES.items():
        assert found[name].endswith(f"USING btree {columns} WHERE (deleted_at IS NULL)")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner uses them on a few rows")
@pytest.mark.parametrize("field", ["chair_year", "section"])
def test_a_filtered_list_is_found_through_its_index(field):
    value = {"chair_year": ChairYearFactory, "section": SectionFactory}[field]()
    ArticleFactory.create_batch(3, **{field: value})
    shown = Article.objects.published().filter(**{field: value}).order_by().values("publish_at").explain()
    assert f"INDEX article_{field.split('_')[0]}_live_idx ({field}_id=? AND status=? AND publish_at<?)" in shown


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner uses them on a few rows")
def test_the_newest_visible_stories_come_from_the_live_index():
    ArticleFactory.create_batch(3)
    assert "article_live_idx" in Article.objects.published().order_by("-publish_at")[:20].explain()



@pytest.mark.parametrize("field, index", [("embargo_until", "article_embargo_idx"), ("expire_at", "article_expiry_idx")])
def test_the_next_embargo_end_and_expiry_have_small_partial_indexes(field, index):
    """The page cache's schedule asks for them after every purge; only the few stories with one are indexed."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s", [index])
            assert cursor.fetchone()[0].endswith(f'("{field}") WHERE "{field}" IS NOT NULL')
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
            assert cursor.fetchone()[0].endswith(f"USING btree ({field}) WHERE ({field} IS NOT NULL)")
