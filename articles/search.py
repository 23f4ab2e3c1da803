"""Story search with one interface on every database.

PostgreSQL: full-text search in English (stemming, stop words, `websearch_to_tsquery` syntax, so any input is
valid), weighted headline A > standfirst B > body C, ordered by `SearchRank`. The WHERE clause uses exactly the
expression of the GIN index made by migration `articles.0003_search_index`, which is what lets it serve 100k
stories; change `search_vector()` and that migration together.

Other databases (SQLite in development and tests): every word must appear somewhere (case-insensitive), headline
matches first. Same signature, same ordering intent.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

MAX_WORDS = 10
MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"


def search_vector():
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


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
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    vector = search_vector()
    return (
        queryset.annotate(search_document=vector)
        .filter(search_document=search_query)
        .annotate(rank=SearchRank(vector, search_query))
        .order_by("-rank", "-publish_at", "-id")
    )


def _contains_every_word(queryset, query):
    words = query.split()[:MAX_WORDS]
    condition = Q()
    in_headline = Q()
    in_standfirst = Q()
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
