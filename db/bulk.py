"""Bulk writes for the few places that store tens of thousands of rows at once.

The ORM's unit of work costs tens of microseconds per object; merging a provincial
round's returns writes 14,000 reviews and 150,000 scores. These helpers hand plain
tuples to the driver's ``executemany`` in the caller's transaction, converting each
value with the column type's own bind processor, so what is stored is exactly what
the ORM would have stored (decimals as their text, UTC datetimes, JSON). Python-side
column defaults are not applied: callers give every column. Objects already loaded in
the session do not see these writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session


def _processors(s: Session, table: Table, columns: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    dialect = s.get_bind().dialect
    return [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]


def _convert(rows: Iterable[Sequence[Any]], procs: Sequence[Callable[[Any], Any] | None]) -> list[tuple[Any, ...]]:
    converting = [(i, p) for i, p in enumerate(procs) if p is not None]
    out: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(row)
        if len(values) != len(procs):
            raise ValueError(f"a row has {len(values)} values for {len(procs)} columns")
        for i, p in converting:
            values[i] = p(values[i])
        out.append(tuple(values))
    return out


def insert_rows(s: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERT ``rows`` (tuples in the order of ``columns``) into ``table``; returns how many."""
    data = _convert(rows, _processors(s, table, columns))
    if data:
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        s.connection().exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", data)
    return len(data)


def update_rows(s: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """UPDATE ``table`` by primary key ``id``: each row is (id, *values in the order of ``columns``)."""
    procs = [None, *_processors(s, table, columns)]
    data = _convert(rows, procs)
    if data:
        # The statement takes the values first and the id last.
        data = [(*row[1:], row[0]) for row in data]
        sets = ", ".join(f"{name} = ?" for name in columns)
        s.connection().exec_driver_sql(f"UPDATE {table.name} SET {sets} WHERE id = ?", data)
    return len(data)
