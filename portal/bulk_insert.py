"""Inserting many rows at once: PostgreSQL's COPY where the database is PostgreSQL, `bulk_create` elsewhere.

For the bulk loaders (an employer report of 100,000 pay periods and its audit entries, issue 16): building and
binding a model instance per row costs more than the database does. COPY streams plain rows instead. Like
`bulk_create`, it sends no signals and runs no `save()`: callers give final values (database defaults, such as
`db_default`, apply to the columns left out).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence

from django.db import connection, models
from psycopg import sql

BATCH_SIZE = 2000  # rows per INSERT where COPY is not available


def insert_rows(model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (sequences of values in the order of `fields`, model field names) into `model`'s table; returns
    how many. Plain Python values: Decimal, date, str, int, None, and for a JSON field the object to store. `rows`
    must not query the database while it is read (the connection is busy copying)."""
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return len(objects)
    model_fields = [model._meta.get_field(name) for name in fields]
    as_json = {i: field.encoder for i, field in enumerate(model_fields) if isinstance(field, models.JSONField)}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in model_fields))
    count = 0
    started = time.monotonic()
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            if as_json:
                row = [json.dumps(value, cls=as_json[i]) if i in as_json else value for i, value in enumerate(row)]
            copy.write_row(row)
            count += 1
        text = statement.as_string(cursor.cursor)
    if connection.queries_logged:  # counted like any other statement (query-count tests, the debug toolbar)
        connection.queries_log.append({"sql": text, "time": f"{time.monotonic() - started:.3f}"})
    return count
