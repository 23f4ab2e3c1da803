"""Story search with one interface on every database.

PostgreSQL: full-text search in English (stemming, stop words; `websearch_to_tsquery` syntax, so any input is
valid) over a stored search document weighted headline A > standfirst B > body C, ordered by `SearchRank`.
The document is a generated column with a GIN index (migration `0005_search_index`): matching uses the index
and ranking reads the stored vectors instead of re-parsing each story.

Other databases (SQLite in development and tests): every word must appear somewhere (case-insensitive), headline
matches first, then standfirst, then body. Same signature, same ordering intent.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import F, RawSQL

MAX_WORDS = 10
MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"


def search_articles(queryset, query):
    """Filter `queryset` (already `published()`) to stories matching `query`, best matches first."""
    # NUL cannot be sent to PostgreSQL; whitespace runs and very long input mean nothing to search.
    query = " ".join((query or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    if not query:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _full_text(queryset, query)
    return _contains_every_word(queryset, query)


def _full_text(queryset, query):
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVectorField,
    )

    table = connection.ops.quote_name(queryset.model._meta.db_table)
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    document = RawSQL(f"{table}.search_document", [], output_field=SearchVectorField())
    return (
        queryset.alias(document=document)
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .order_by("-rank", "-publish_at", "-id")
    )


def _contains_every_word(queryset, query):
    words = query.split()[:MAX_WORDS]
    condition = in_headline = in_standfirst = Q()
    for word in words:
        condition &= Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        in_headline &= Q(headline__icontains=word)
        in_standfirst &= Q(standfirst__icontains=word)
    relevance = Case(
        When(in_headline, then=Value(3)),
        When(in_standfirst, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.filter(condition).annotate(rank=relevance).order_by("-rank", "-publish_at", "-id")
