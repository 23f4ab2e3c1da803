"""Ask one object the question a `Q` asks the database, so a rule is written once and holds for both.

`ArticleQuerySet.published_q()` is the visibility rule; `Article.is_published` is `matches(story, that Q)`,
not a second spelling of it that could drift. Only the lookups the rules use are understood, on the object's
own fields; anything else is an error, never a silent False.
"""

import operator

from django.db.models import Q

LOOKUPS = {
    "exact": operator.eq,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
    "in": lambda value, options: value in options,
    "isnull": lambda value, expected: (value is None) == expected,
}


def matches(obj, q):
    """True when `obj` would be in `Model.objects.filter(q)`, decided from its attributes without a query."""
    results = (_holds(obj, child) for child in q.children)
    result = all(results) if q.connector == Q.AND else any(results)
    return not result if q.negated else result


def _holds(obj, child):
    if isinstance(child, Q):
        return matches(obj, child)
    lookup, expected = child
    name, _, op = lookup.rpartition("__")
    if op not in LOOKUPS:
        name, op = lookup, "exact"
    if "__" in name:
        raise ValueError(f"matches() reads the object's own fields only, not {lookup!r}")
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    if op == "isnull":
        return LOOKUPS[op](value, expected)
    if value is None:
        return False  # SQL: a comparison with NULL is never true
    return LOOKUPS[op](value, expected)
