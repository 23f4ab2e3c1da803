"""Several querysets answered by one query, for pages with a fixed query budget (search sections, list facets)."""

from django.core.exceptions import EmptyResultSet
from django.db import connection


def union_all(parts, columns):
    """Rows of `parts` (number, queryset) in one query: (number, *columns) per row, in each queryset's order.

    Each queryset selects `columns` by those names (`values()` with named expressions) and may be ordered and
    sliced: it becomes a subquery, which Django's own `union()` refuses on SQLite. A queryset that can match
    nothing (a filter on an empty list) is left out instead of being asked.
    """
    quote = connection.ops.quote_name
    names = ", ".join(map(quote, columns))
    statements, params = [], []
    for number, queryset in parts:
        try:
            sql, part_params = queryset.query.sql_with_params()
        except EmptyResultSet:
            continue
        statements.append(f"SELECT {int(number)}, {names} FROM ({sql}) AS {quote(f'part_{number}')}")
        params += part_params
    if not statements:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(statements), params)
        return cursor.fetchall()
