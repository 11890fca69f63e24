"""The schema revision a database file is at, read without SQLAlchemy or Alembic.

The GUI reads a workspace that is already current straight from the file to paint
its first screen while the database layer is still loading
(:mod:`reviewer.overview`); :func:`db.engine.open_database` uses the same check to
skip Alembic when there is nothing to migrate.
"""

from __future__ import annotations

import sqlite3

#: The newest migration. A database already there opens without loading Alembic at all
#: (importing it and reading the migration scripts is a good part of a start-up); a test
#: keeps this equal to the head of ``migrations/versions``.
HEAD_REVISION = "0003"


def read_revision(conn: sqlite3.Connection) -> tuple[bool, str | None]:
    """(whether the database has any table, the Alembic revision it records or None)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    current = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        current = row[0] if row else None
    return bool(tables), current
