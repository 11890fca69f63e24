"""What the first screen shows: the rounds, and the dossiers of one round, in plain SQL.

The rounds pane and the overview desk read through these functions, from the
workspace's session (:func:`db.engine.sqlite_connection`) like everything else,
or — while the GUI starts — from a read-only ``sqlite3`` connection of their own
(:func:`open_current`). Nothing here imports SQLAlchemy: importing it is a quarter
of a second, most of what a start took, and the window can be painted with the
round's 2,000 dossiers before it has loaded (``ui.app.run``).

``rounds.list_rounds`` and ``rounds.dossier_rows`` are these functions on a
session's connection, so the two ways of reading cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.revision import HEAD_REVISION, read_revision
from reviewer.paths import DB_NAME

RULE_NAMES = {
    "mean": ("算术平均", "mean"),
    "trimmed": ("去掉最高最低分平均", "trimmed mean"),
    "median": ("中位数", "median"),
    "zscore": ("标准分（z 分数）", "z-score"),
}
STATUS_NAMES = {"setup": ("筹备中", "setting up"), "review": ("评审中", "in review"), "finalised": ("已定稿", "finalised")}


@dataclass(frozen=True)
class DossierRow:
    """One dossier of a round as the overview table shows it: plain values, no ORM objects.

    Plain rows let the GUI keep them after the session that loaded them has closed,
    and let item models stay thin adapters that never touch the database.
    """

    id: int
    number: str
    title: str
    applicant: str
    category: str
    files: int
    pages: int
    experts: tuple[str, ...]
    submitted_reviews: int


def _counts(conn: sqlite3.Connection, table: str, round_id: int | None, where: str = "") -> dict[int, int]:
    sql = f"SELECT round_id, count(*) FROM {table} WHERE 1=1{where}"  # noqa: S608 - our own table names
    params: tuple[int, ...] = ()
    if round_id is not None:
        sql += " AND round_id = ?"
        params = (round_id,)
    return dict(conn.execute(sql + " GROUP BY round_id", params).fetchall())


def _utc_iso(stored: str) -> str:
    """A stored UTC timestamp (SQLAlchemy keeps them naive in SQLite) as an aware ISO string."""
    return dt.datetime.fromisoformat(stored).replace(tzinfo=dt.timezone.utc).isoformat()


def list_rounds(conn: sqlite3.Connection, round_id: int | None = None) -> list[dict[str, object]]:
    """One dict per round, oldest first, with its counts (only ``round_id``'s if given).

    The rows of ``reviewer round list --json`` and of the rounds pane.
    """
    counts_d = _counts(conn, "dossiers", round_id)
    counts_e = _counts(conn, "experts", round_id)
    counts_a = _counts(conn, "assignments", round_id)
    counts_r = _counts(conn, "reviews", round_id, " AND current = 1 AND status = 'submitted'")
    sql = ("SELECT id, uid, name, programme, form_id, form_version, form_hash, rule, spread_limit, per_dossier, "
           "deadline, status, created_at FROM rounds")
    params: tuple[int, ...] = ()
    if round_id is not None:
        sql += " WHERE id = ?"
        params = (round_id,)
    out: list[dict[str, object]] = []
    for (rid, uid, name, programme, form, form_version, form_hash, rule, spread_limit, per_dossier, deadline,
         status, created_at) in conn.execute(sql + " ORDER BY id", params):
        out.append(
            {
                "id": rid,
                "uid": uid,
                "name": name,
                "programme": programme,
                "form": form,
                "form_version": form_version,
                "form_hash": form_hash,
                "rule": rule,
                # stored as the Decimal's exact text
                "spread_limit": float(spread_limit) if spread_limit is not None else None,
                "per_dossier": per_dossier,
                "deadline": dt.date.fromisoformat(deadline).isoformat() if deadline else None,
                "status": status,
                "dossiers": counts_d.get(rid, 0),
                "experts": counts_e.get(rid, 0),
                "assignments": counts_a.get(rid, 0),
                "submitted_reviews": counts_r.get(rid, 0),
                "created_at": _utc_iso(created_at),
            }
        )
    return out


def dossier_rows(conn: sqlite3.Connection, round_id: int) -> list[DossierRow]:
    """The dossiers of a round, in number order, with their file, page, assignment and review counts.

    Five queries whatever the number of dossiers, each answered from an index where it
    can be, so the overview stays instant for rounds with thousands of applications.
    """
    files = {
        d: (n, int(p or 0))
        for d, n, p in conn.execute(
            "SELECT f.dossier_id, count(*), sum(f.pages) FROM dossier_files f "
            "JOIN dossiers d ON d.id = f.dossier_id WHERE d.round_id = ? GROUP BY f.dossier_id",
            (round_id,),
        )
    }
    # Each dossier's experts in name order. The names are sorted once here: letting SQLite sort
    # all of a round's 14,000 assignments by name took longer than everything else together.
    assigned: dict[int, list[int]] = {}
    for dossier_id, expert_id in conn.execute(
        "SELECT dossier_id, expert_id FROM assignments WHERE round_id = ?", (round_id,)
    ):
        assigned.setdefault(dossier_id, []).append(expert_id)
    # The round's own experts; an assignment to anyone else (odd data) is looked up by id. Asking
    # for "the experts of the round's assignments" in one query took 7 ms more on a provincial round.
    names: dict[int, str] = dict(conn.execute("SELECT id, name FROM experts WHERE round_id = ?", (round_id,)))
    strays = {e for ids in assigned.values() for e in ids} - names.keys()
    if strays:
        marks = ",".join("?" * len(strays))
        names.update(conn.execute(f"SELECT id, name FROM experts WHERE id IN ({marks})", tuple(strays)))  # noqa: S608
    rank = {expert_id: i for i, expert_id in enumerate(sorted(names, key=names.__getitem__))}
    experts = {d: tuple(names[e] for e in sorted(ids, key=rank.__getitem__)) for d, ids in assigned.items()}
    submitted = dict(
        conn.execute(
            "SELECT dossier_id, count(*) FROM reviews WHERE round_id = ? AND current = 1 AND status = 'submitted' "
            "GROUP BY dossier_id",
            (round_id,),
        ).fetchall()
    )
    rows = []
    for did, number, title, applicant, category in conn.execute(
        "SELECT id, number, title, applicant, category FROM dossiers WHERE round_id = ? ORDER BY number",
        (round_id,),
    ):
        n_files, n_pages = files.get(did, (0, 0))
        rows.append(DossierRow(did, number, title, applicant, category, n_files, n_pages,
                               experts.get(did, ()), submitted.get(did, 0)))
    return rows


def workspace_role(conn: sqlite3.Connection) -> str | None:
    """The workspace's role setting ("secretary", "expert"), None while nobody has used it."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'role'").fetchone()
    return row[0] if row else None


def open_current(root: Path) -> sqlite3.Connection | None:
    """A read-only connection to the workspace database in ``root`` when it can be read as it
    is: a SQLite file already at the newest schema. None for anything else — no database
    yet, one to migrate, a damaged or foreign file: :meth:`reviewer.workspace.Workspace.open`
    must deal with those first (and says what is wrong)."""
    path = root / DB_NAME
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        _tables, current = read_revision(conn)
    except sqlite3.Error:
        conn.close()
        return None
    if current != HEAD_REVISION:
        conn.close()
        return None
    return conn
