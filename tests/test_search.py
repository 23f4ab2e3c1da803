"""articles/search.py on whichever database the suite runs on (SQLite and PostgreSQL in CI)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import highlight, plain_text, results_page, search_articles
from tests.factories import ArticleFactory, ResolutionFactory

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


def test_words_are_stemmed():
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


on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")


def test_aliases_find_a_name_however_it_is_written(aliases):
    ArticleFactory(headline="Viet Nam takes the chair")
    ArticleFactory(headline="Vietnam hosts the summit")
    ArticleFactory(headline="The Association of Southeast Asian Nations meets")
    assert set(search("Vietnam")) == set(search("Viet Nam")) == {"Viet Nam takes the chair", "Vietnam hosts the summit"}
    assert search("ASEAN") == ["The Association of Southeast Asian Nations meets"]


def test_a_symbol_fragment_finds_stories_citing_the_full_symbol():
    ResolutionFactory(symbol="A/RES/77/12")
    ArticleFactory(headline="Adopted", body="<p>The Assembly adopted A/RES/77/12 without a vote.</p>")
    ArticleFactory(headline="Another", body="<p>It adopted A/RES/77/120 the next day.</p>")
    assert search("77/12") == search("res 77/12") == search("A/RES/77/12") == ["Adopted"]


def test_markup_and_link_addresses_are_not_searchable_words():
    ArticleFactory(headline="Plain", body='<p><strong>Bold</strong> <a href="https://example.org/x">link</a></p>')
    assert search("strong") == search("example") == search("href") == []
    assert search("bold link") == ["Plain"]


def snippets(ids, query):
    stories, _total = results_page(Article.objects.published().filter(pk__in=ids), query, 1, 20)
    return {story.pk: story.snippet for story in stories if story.snippet}


def test_a_page_of_results_comes_with_the_total_in_two_queries(django_assert_num_queries):
    for n in range(5):
        ArticleFactory(headline=f"Mekong {n}", publish_at=timezone.now() - dt.timedelta(hours=n + 1))
    with django_assert_num_queries(3):  # aliases, ids with the total, the page's stories with their passages
        stories, total = results_page(Article.objects.published(), "mekong", 2, 2)
    assert total == 5
    assert [story.headline for story in stories] == ["Mekong 2", "Mekong 3"]
    assert results_page(Article.objects.published(), "mekong", 4, 2) == ([], 0)


def test_snippets_mark_the_matching_words_escaped_from_the_standfirst_or_the_body():
    in_standfirst = ArticleFactory(standfirst="<script>alert(1)</script> Mekong water talks resume.")
    in_body = ArticleFactory(standfirst="Nothing here.", body="<p>Talks on the &amp; Mekong &lt;b&gt; river.</p>")
    found = snippets([in_standfirst.pk, in_body.pk], "mekong")
    assert "script&gt;alert(1)&lt;/script&gt; <mark>Mekong</mark> water talks resume" in found[in_standfirst.pk]
    assert "<script" not in found[in_standfirst.pk] and "</script" not in found[in_standfirst.pk]
    assert found[in_body.pk].startswith("Talks on the &amp; <mark>Mekong</mark> &lt;b&gt; river")


def test_snippets_mark_stemmed_matches_and_skip_stories_without_a_passage():
    story = ArticleFactory(headline="Negotiations", standfirst="They negotiated all night.")
    headline_only = ArticleFactory(headline="Negotiating", standfirst="Nothing to see.", body="")
    found = snippets([story.pk, headline_only.pk], "negotiating")
    assert list(found) == [story.pk]
    assert found[story.pk].startswith("They <mark>negotiated</mark> all night")


def test_highlight_adds_only_mark_elements():
    assert highlight("a \ue000<b>\ue001 & \ue000x") == "a <mark>&lt;b&gt;</mark> &amp; x"


def test_plain_text_reads_tags_as_word_breaks_and_entities_as_characters():
    assert plain_text('<ul><li>one</li><li>two</li></ul><p>A &amp; B <a title="x>y" href="/">z</a></p>') == (
        "one two A & B z"
    )


@on_sqlite
def test_the_sqlite_index_follows_saves_updates_bulk_inserts_and_deletes():
    story = ArticleFactory(headline="Mekong")
    story.headline = "Danube"
    story.save()
    assert search("mekong") == [] and search("danube") == ["Danube"]
    Article.objects.filter(pk=story.pk).update(headline="Rhine", body_html="<p>barges</p>")
    assert search("danube") == [] and search("rhine barges") == ["Rhine"]
    Article.objects.bulk_create([Article(headline="Volga", slug="volga", publish_at=timezone.now(), status="published")])
    assert search("volga") == ["Volga"]
    Article.objects.filter(headline="Volga").delete()
    assert search("volga") == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article_fts")
        assert cursor.fetchone()[0] == Article.objects.count()


def test_a_story_in_the_trash_is_not_found_and_comes_back_when_restored():
    story = ArticleFactory(headline="Mekong")
    Article.objects.filter(pk=story.pk).update(deleted_at=timezone.now())
    assert search("mekong") == []
    Article.objects.filter(pk=story.pk).update(deleted_at=None)
    assert search("mekong") == ["Mekong"]


def test_rebuild_search_index_repairs_an_index_that_went_astray():
    ArticleFactory(headline="Mekong")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_article_fts")
        assert search("mekong") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert search("mekong") == ["Mekong"]
    expected = "Indexed 1 story" if connection.vendor == "sqlite" else "nothing to rebuild"
    assert expected in out.getvalue()


@on_sqlite
def test_sqlite_search_reads_the_full_text_index():
    ArticleFactory(headline="Cooperation")
    plan = search_articles(Article.objects.published(), "cooperation").explain()
    assert "VIRTUAL TABLE INDEX" in plan and "SCAN articles_article " not in plan


@on_sqlite
def test_a_migration_that_rebuilds_the_stories_table_leaves_search_working():
    """SQLite rebuilds a table to add a column with a default, dropping its triggers; `migrate` puts them back."""
    from django.core.management.sql import emit_post_migrate_signal

    ArticleFactory(headline="Mekong")
    with connection.cursor() as cursor:
        for op in ("insert", "update", "delete"):  # as a table rebuild leaves them
            cursor.execute(f"DROP TRIGGER articles_article_fts_{op}")
        cursor.execute("DELETE FROM articles_article_fts")
    emit_post_migrate_signal(0, False, "default")  # what the end of every `migrate` sends
    ArticleFactory(headline="Mekong delta")
    assert sorted(search("mekong")) == ["Mekong", "Mekong delta"]
