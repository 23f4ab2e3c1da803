"""Story search with one interface on both databases: `search_articles(queryset, query)` and `results_page()`.

The query is parsed once against the record (`resolutions.search.parse`): every term must match, each written
any of its ways (“ASEAN” or “Association of Southeast Asian Nations”; a symbol fragment or the full symbols it
names), each way as a phrase.

PostgreSQL: full-text search in English (stemming, stop words) over a stored search document weighted headline A >
standfirst B > body C, with a GIN index (migration `0005_search_index`), ordered by `SearchRank`.

SQLite: FTS5 with the Porter stemmer over headline, standfirst and the body's plain text (migration
`0010_sqlite_fulltext`), ranked by where the terms matched: headline, then standfirst, then body. Triggers keep
it in step with every write; `rebuild_search_index` refills it. The table holds every story, so the visibility
rule stays in the queryset it joins.

Both order best match first, then newest. Snippets come from the database's own highlighter, so they mark the
words that matched after stemming (“negotiating” marks “negotiated”), then are escaped with only `<mark>` added.
"""

import html
import re
from functools import reduce
from importlib import import_module
from operator import and_, or_

from django.db import connection, connections
from django.db.models import F, TextField, Value
from django.db.models.expressions import Func, RawSQL
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resolutions.search import MARK_END, MARK_START, SearchTerms, parse

from .models import Article

SEARCH_CONFIG = "english"
FTS_TABLE = "articles_article_fts"  # migration 0010_sqlite_fulltext
SNIPPET_WORDS = 24
PLAIN_TEXT_FUNCTION = "articles_plain_text"
# A tag, its attribute values quoted or not: the cleaned body's markup, read as word breaks.
TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


def search_articles(queryset, query):
    """Filter `queryset` (already `published()`) to stories matching `query` (text or `SearchTerms`), best first."""
    search = query if isinstance(query, SearchTerms) else parse(query)
    if not search:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _postgresql(queryset, search)
    return _sqlite(queryset, search)


def results_page(queryset, query, number, per_page):
    """Page `number` of `search_articles(queryset, query)` and the number of matches: (stories, total).

    Each story has its `snippet`: a passage of the standfirst (else the body) with the matching words in
    `<mark>`, or "" when only the headline matches. Two queries and the bylines: the page's ids with the total,
    counted in the pass that ranks the matches, then those stories with their passages. No stories past the
    last page.
    """
    search = query if isinstance(query, SearchTerms) else parse(query)
    if not search:
        return [], 0
    page = _ranked_ids(search_articles(queryset, search), (number - 1) * per_page, per_page)
    if not page:
        return [], 0
    ids = [pk for pk, _total in page]
    stories = {story.pk: story for story in _with_passages(queryset, search, ids)}
    for story in stories.values():
        story.snippet = _passage(story.in_standfirst, story.in_body)
    return [stories[pk] for pk in ids if pk in stories], page[0][1]


def _ranked_ids(ranked, start, size):
    """[(id, total)] for one page of `ranked`. The matches are ranked in a subquery of narrow rows (id, time, rank)
    and counted by a window over them: counted in the same pass, without the database carrying whole stories
    (search documents included) through the count."""
    sql, params = ranked.values("pk", "publish_at", "rank").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pk, COUNT(*) OVER () FROM ({sql}) AS ranked "
            "ORDER BY rank DESC, publish_at DESC, pk DESC LIMIT %s OFFSET %s",
            [*params, size, start],
        )
        return cursor.fetchall()


def _with_passages(queryset, search, ids):
    queryset = queryset.filter(pk__in=ids)
    if connection.vendor == "postgresql":
        # ts_headline reads its text as HTML: the plain-text standfirst goes in escaped, so “<b>” stays text.
        standfirst = reduce(lambda text, pair: Replace(text, Value(pair[0]), Value(pair[1])),
                            (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")), F("standfirst"))
        return queryset.annotate(in_standfirst=_headline(standfirst, search), in_body=_headline(F("body_html"), search))
    # The ids bound the index's side too: otherwise SQLite walks every match to find the page's twenty.
    table = connection.ops.quote_name(FTS_TABLE)
    return (
        _sqlite(queryset, search, ranked=False)
        .extra(where=[f"{table}.rowid IN ({', '.join(['%s'] * len(ids))})"], params=ids)
        .annotate(in_standfirst=_fts5_snippet(1), in_body=_fts5_snippet(2))
    )


def _passage(in_standfirst, in_body):
    if connection.vendor == "postgresql":  # passages of HTML: back to text before they are escaped again
        in_standfirst, in_body = html.unescape(in_standfirst or ""), html.unescape(in_body or "")
    passage = next((text for text in (in_standfirst, in_body) if MARK_START in (text or "")), "")
    return highlight(passage) if passage else ""


def highlight(text):
    """Text marked by the database, made safe: everything escaped, then each marked run wrapped in `<mark>`."""
    escaped = escape(" ".join(text.split()))
    marked = re.sub(f"{MARK_START}([^{MARK_START}{MARK_END}]*){MARK_END}", r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(MARK_START, "").replace(MARK_END, ""))


def plain_text(body_html):
    """The cleaned body as readers read it, for the SQLite index: tags are word breaks, entities are characters."""
    return " ".join(html.unescape(TAG.sub(" ", body_html or "")).split())


def register_sqlite_functions(sender, connection, **kwargs):
    """`connection_created` receiver: the index's triggers call `articles_plain_text()` on every SQLite write."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(PLAIN_TEXT_FUNCTION, 1, plain_text, deterministic=True)


def restore_triggers(sender, using, **kwargs):
    """`post_migrate` receiver. On SQLite, a migration that rebuilds the stories' table (adding a column with a
    default does) drops the index's triggers with it, and search would go stale without a word: put them back
    and refill the index."""
    database = connections[using]
    if database.vendor != "sqlite":
        return
    triggers = import_module("articles.migrations.0010_sqlite_fulltext").CREATE[1:4]
    with database.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", [f"{FTS_TABLE}%"])
        names = {name for (name,) in cursor.fetchall()}
        if FTS_TABLE not in names or {f"{FTS_TABLE}_{op}" for op in ("insert", "update", "delete")} <= names:
            return  # no index yet (migrated back before it), or the triggers are there
        for op in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{op}")
        for statement in triggers:
            cursor.execute(statement)
    rebuild_index(using)


def rebuild_index(using="default"):
    """Refill SQLite's index from the stories (the triggers keep it in step; this repairs it). Returns the number
    of stories indexed; PostgreSQL's generated document needs no rebuild (None)."""
    database = connections[using]
    if database.vendor != "sqlite":
        return None
    with database.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body) "
            f"SELECT id, headline, standfirst, {PLAIN_TEXT_FUNCTION}(body_html) FROM {Article._meta.db_table}"
        )
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        return cursor.fetchone()[0]


# PostgreSQL


def _tsquery(search):
    from django.contrib.postgres.search import SearchQuery

    def phrase(text):
        return SearchQuery(text, search_type="phrase", config=SEARCH_CONFIG)

    return reduce(and_, (reduce(or_, map(phrase, term.alternatives)) for term in search.terms))


def _postgresql(queryset, search):
    from django.contrib.postgres.search import SearchRank, SearchVectorField

    table = connection.ops.quote_name(Article._meta.db_table)
    query = _tsquery(search)
    document = RawSQL(f"{table}.search_document", [], output_field=SearchVectorField())
    return (
        queryset.alias(document=document)
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", "-publish_at", "-id")
    )


def _headline(text, search):
    options = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, MinWords=12, MaxFragments=1'
    return Func(
        Value(SEARCH_CONFIG),
        text,
        _tsquery(search),
        Value(options),
        function="ts_headline",
        output_field=TextField(),
    )


# SQLite


def fts5_query(search):
    """An FTS5 query in which every word is quoted: nothing the reader typed is read as FTS5 syntax."""

    def phrase(text):
        return '"' + text.replace('"', '""') + '"'

    return " AND ".join(f"({' OR '.join(map(phrase, term.alternatives))})" for term in search.terms)


def _sqlite(queryset, search, ranked=True):
    # The FTS5 table is no model (dumpdata and PostgreSQL must not see it), so `extra()` joins it: no other
    # queryset method joins a table without a relation. FTS5 uses its index only for a bare `MATCH` on its table.
    # The rank is where every term matched (headline 3, standfirst 2, else 1), then the newest first: two lookups
    # in the index, where BM25 would score every match of a common word one by one.
    table, query = connection.ops.quote_name(FTS_TABLE), fts5_query(search)
    joined = queryset.extra(
        tables=[FTS_TABLE],
        where=[f"{table}.rowid = {connection.ops.quote_name(Article._meta.db_table)}.id", f"{table} MATCH %s"],
        params=[query],
    )
    if not ranked:
        return joined
    in_column = f"{table}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)"
    return joined.extra(
        select={"rank": f"CASE WHEN {in_column} THEN 3 WHEN {in_column} THEN 2 ELSE 1 END"},
        select_params=[f"{{headline}} : ({query})", f"{{standfirst}} : ({query})"],
    ).order_by("-rank", "-publish_at", "-id")


def _fts5_snippet(column):
    table = connection.ops.quote_name(FTS_TABLE)
    return RawSQL(
        f"snippet({table}, %s, %s, %s, %s, %s)",
        [column, MARK_START, MARK_END, "…", SNIPPET_WORDS],
        output_field=TextField(),
    )
