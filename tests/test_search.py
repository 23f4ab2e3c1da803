"""articles/search.py on whichever database the suite runs on (SQLite and PostgreSQL in CI)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import search_articles
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def search(query):
    return list(search_articles(Article.objects.published(), query).values_list("headline", flat=True))


def test_a_headline_match_ranks_above_a_body_only_match():
    ArticleFactory(headline="Talks in Geneva", body="<p>The cooperation agenda was long.</p>")
    ArticleFactory(headline="Cooperation with ASEAN approved", body="<p>Adopted without a vote.</p>")
    assert search("cooperation") == ["Cooperation with ASEAN approved", "Talks in Geneva"]


def test_a_standfirst_match_ranks_between_headline_and_body():
    ArticleFactory(headline="Body only", body="<p>Mekong water talks.</p>", publish_at=timezone.now())
    ArticleFactory(headline="Standfirst", standfirst="Mekong water talks resume.")
    ArticleFactory(headline="Mekong water talks", publish_at=timezone.now() - dt.timedelta(days=3))
    assert search("mekong") == ["Mekong water talks", "Standfirst", "Body only"]


def test_every_word_must_match():
    ArticleFactory(headline="Viet Nam chairs ASEAN")
    ArticleFactory(headline="Viet Nam at the Security Council")
    assert search("viet nam asean") == ["Viet Nam chairs ASEAN"]


def test_drafts_and_scheduled_stories_are_never_found():
    ArticleFactory(headline="Secret draft on cooperation", status=Article.Status.DRAFT)
    ArticleFactory(headline="Embargoed cooperation story", publish_at=timezone.now() + dt.timedelta(days=1))
    ArticleFactory(headline="Public cooperation story")
    assert search("cooperation") == ["Public cooperation story"]


@pytest.mark.parametrize("query", ["", "   ", None])
def test_an_empty_query_finds_nothing(query):
    ArticleFactory(headline="Anything")
    assert search(query) == []


@pytest.mark.parametrize(
    "query", ['"unbalanced', "a & b | !c", "-", "' OR 1=1 --", "(((", "x" * 5000, "résolution 77/12", "\x00"]
)
def test_odd_input_never_breaks_search(query):
    ArticleFactory(headline="Resolution 77/12 adopted")
    assert isinstance(search(query), list)


@on_postgresql
def test_postgresql_stems_words():
    ArticleFactory(headline="Ambassadors negotiated the resolutions")
    assert search("negotiating resolution") == ["Ambassadors negotiated the resolutions"]


@on_postgresql
def test_postgresql_search_uses_the_gin_index():
    """Without the index every story is scanned."""
    ArticleFactory(headline="Cooperation")
    queryset = search_articles(Article.objects.all(), "cooperation")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: make the planner show its options
        plan = queryset.explain()
    assert "article_search_idx" in plan
