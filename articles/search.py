"""Story search with one interface on every database.

Placeholder implementation (case-insensitive containment); the PostgreSQL full-text version with weights
and ranking replaces the body of `search_articles` without changing its signature.
"""

from django.db.models import Q


def search_articles(queryset, query):
    """Filter `queryset` (already `published()`) to stories matching `query`, best matches first."""
    query = (query or "").strip()
    if not query:
        return queryset.none()
    condition = Q()
    for word in query.split()[:10]:
        condition &= Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
    return queryset.filter(condition)
