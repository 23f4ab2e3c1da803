"""Querysets compiled to SQL once, then run with new values: for the hottest pages, where building the SQL from
the ORM's expressions costs more than the database takes to answer it.

`compiled(build, **placeholders)` calls `build(**placeholders)` once per database vendor with stand-in values
(`Placeholder`s: distinctive integers, or `newsroom.cache.NOW` for the current time), compiles the queryset, and
remembers where each stand-in sits among the SQL's parameters. Each call then runs that SQL with the real values
and builds the model instances (and their `select_related` objects) with the ORM's own row-to-object code, so
`post_init` and everything that listens to it behaves as for any queryset. No `prefetch_related`: prefetch
separately.
"""

import itertools

from django.db import connection
from django.db.models.query import get_related_populators

from .cache import NOW

_numbers = itertools.count(1)


class Placeholder(int):
    """A stand-in integer no real query would contain."""

    def __new__(cls):
        return super().__new__(cls, -1_987_000_000 - next(_numbers))


class TextPlaceholder(str):
    """A stand-in string no real query would contain."""

    def __new__(cls):
        return super().__new__(cls, f"newsroom-placeholder-{next(_numbers)}")


class CompiledQuery:
    def __init__(self, build, **placeholders):
        self.build, self.placeholders, self.compiled = build, placeholders, {}

    def _compile(self):
        key = (connection.vendor, connection.alias)
        found = self.compiled.get(key)
        if found is None:
            queryset = self.build(**self.placeholders)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            marker = connection.ops.adapt_datetimefield_value(NOW)
            names = {id(value): name for name, value in self.placeholders.items()}
            by_value = {value: name for name, value in self.placeholders.items() if value is not NOW}
            slots = []
            for param in params:
                if param == marker or param is NOW:
                    slots.append(("value", names.get(id(NOW)) or "now"))
                elif isinstance(param, int | str) and not isinstance(param, bool) and param in by_value:
                    slots.append(("value", by_value[param]))
                else:
                    slots.append(("fixed", param))
            found = self.compiled[key] = (sql, slots, compiler)
        return found

    def __call__(self, **values):
        sql, slots, compiler = self._compile()
        adapt = connection.ops.adapt_datetimefield_value
        params = []
        for kind, item in slots:
            if kind == "fixed":
                params.append(item)
            else:
                value = values[item]
                params.append(adapt(value) if hasattr(value, "tzinfo") else value)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return list(self._instances(compiler, rows))

    @staticmethod
    def _instances(compiler, rows):
        """Django's ModelIterable, fed with rows we fetched ourselves."""
        db = compiler.using
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        model_cls = klass_info["model"]
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        related_populators = get_related_populators(klass_info, select, db)
        for row in compiler.results_iter(results=[rows] if rows else [], tuple_expected=False):
            obj = model_cls.from_db(db, init_list, row[start:end])
            for populator in related_populators:
                populator.populate(row, obj)
            for name, position in annotation_col_map.items():
                setattr(obj, name, row[position])
            yield obj


compiled = CompiledQuery
