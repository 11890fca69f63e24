"""db.bulk writes exactly what the ORM would have written, and nothing when given nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import select

from db import bulk
from db.models import Assignment, Review, Score
from reviewer.workspace import Workspace

_COLUMNS = ("round_id", "dossier_id", "expert_id", "version", "status", "current", "form_hash", "recommendation",
            "comment", "vetoes", "total", "reopen_reason", "origin", "entered_by", "created_at", "updated_at",
            "submitted_at", "signature", "payload")


def _raw(ws: Workspace, sql: str, *args: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(ws.root / "workspace.sqlite")
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_bulk_rows_read_back_like_orm_rows(demo_copy: Workspace) -> None:
    with demo_copy.session() as s:
        orm = s.scalars(select(Review).where(Review.status == "submitted").order_by(Review.id)).first()
        assert orm is not None and orm.total is not None and orm.submitted_at is not None
        values = {c: getattr(orm, c) for c in _COLUMNS}
        values.update(version=orm.version + 10, current=False, total=Decimal("87.50"),
                      vetoes={"fraud": False, "duplicate": True})
        bulk.insert_rows(s, Review.__table__, _COLUMNS, [tuple(values[c] for c in _COLUMNS)])
        new_id = s.scalars(select(Review.id).where(Review.dossier_id == orm.dossier_id,
                                                   Review.expert_id == orm.expert_id,
                                                   Review.version == orm.version + 10)).one()
        bulk.insert_rows(s, Score.__table__, ("review_id", "position", "criterion", "value", "comment"),
                         [(new_id, 0, "x", Decimal("7.5"), "好"), (new_id, 1, "y", None, "")])
        orm_id = orm.id
    with demo_copy.session() as s:
        back = s.get(Review, new_id)
        assert back is not None
        assert back.total == Decimal("87.50") and str(back.total) == "87.50"
        assert back.vetoes == {"fraud": False, "duplicate": True}
        assert back.created_at == values["created_at"] and back.created_at.tzinfo is not None
        assert back.submitted_at == values["submitted_at"]
        assert back.current is False and back.payload == values["payload"]
        assert [(x.criterion, x.value, x.comment) for x in back.scores] == [("x", Decimal("7.5"), "好"),
                                                                            ("y", None, "")]
    # Stored in the same form as the ORM's own rows, so that SQL comparisons and sorting agree.
    (orm_row,) = _raw(demo_copy, "SELECT created_at, submitted_at, total, current FROM reviews WHERE id = ?", orm_id)
    (bulk_row,) = _raw(demo_copy, "SELECT created_at, submitted_at, total, current FROM reviews WHERE id = ?", new_id)
    assert len(bulk_row[0]) == len(orm_row[0]) and bulk_row[1] == orm_row[1]
    assert bulk_row[2] == "87.50" and bulk_row[3] == 0


def test_bulk_update_by_id(demo_copy: Workspace) -> None:
    at = dt.datetime(2026, 5, 10, 4, 53, tzinfo=dt.timezone.utc)
    with demo_copy.session() as s:
        ids = list(s.scalars(select(Assignment.id).order_by(Assignment.id).limit(3)))
        assert bulk.update_rows(s, Assignment.__table__, ("no_conflict_at",), [(i, at) for i in ids]) == 3
        assert bulk.update_rows(s, Assignment.__table__, ("no_conflict_at",), []) == 0
    with demo_copy.session() as s:
        assert [s.get(Assignment, i).no_conflict_at for i in ids] == [at] * 3  # type: ignore[union-attr]


def test_a_row_of_the_wrong_length_is_refused_before_anything_is_written(demo_copy: Workspace) -> None:
    before = _raw(demo_copy, "SELECT count(*) FROM scores")
    with pytest.raises(ValueError), demo_copy.session() as s:
        bulk.insert_rows(s, Score.__table__, ("review_id", "position", "criterion", "value", "comment"),
                         [(1, 0, "a", None, ""), (1, 1, "b")])
    assert _raw(demo_copy, "SELECT count(*) FROM scores") == before
