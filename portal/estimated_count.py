"""Counting the rows of a big table's admin list without reading the table (issue 16).

`SELECT COUNT(*)` reads every row PostgreSQL cannot skip: on a table that grows per member per period (pay periods,
audit entries, ...) that is a sequential scan on every page of the list. The whole table's size is taken from the
planner's statistics instead (`pg_class.reltuples`, kept by ANALYZE and autovacuum), a filtered list's from the
plan's row estimate; either is counted exactly when it is small enough to count cheaply, and always exactly on
other databases.
"""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_BELOW = 10_000  # an estimate under this is replaced by the exact count (an index range or a small table)


def estimated_count(queryset) -> int:
    """The number of rows of `queryset`, estimated by PostgreSQL's planner when it is large."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or queryset.query.is_empty():
        return queryset.count()
    if not queryset.query.has_filters():
        estimate = _table_rows(connection, queryset.model._meta.db_table)
    else:
        estimate = _planned_rows(queryset)
    return estimate if estimate >= EXACT_BELOW else queryset.count()


def _table_rows(connection, table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
                       [connection.ops.quote_name(table)])
        row = cursor.fetchone()
    return max(row[0], 0) if row else 0  # -1: never analysed, so counted exactly


def _planned_rows(queryset) -> int:
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """The admin's paginator for big tables: the page count comes from `estimated_count`."""

    @cached_property
    def count(self):
        return estimated_count(self.object_list)
