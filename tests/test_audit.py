"""The audit log is a hash chain: alterations and removals are found and named."""

from __future__ import annotations

import sqlite3

from reviewer import audit
from reviewer.workspace import Workspace


def _fill(ws: Workspace, n: int) -> None:
    with ws.session() as s:
        for i in range(n):
            audit.record(s, "score.set", actor="王教授", round_uid="r1", detail={"value": str(i), "criterion": "创新性"})


def _raw(ws: Workspace) -> sqlite3.Connection:
    return sqlite3.connect(ws.db_path)


def test_intact_log_verifies(workspace: Workspace) -> None:
    _fill(workspace, 5)
    with workspace.session() as s:
        report = audit.verify(s)
    assert report.ok and report.entries == 5


def test_altered_entry_is_named(workspace: Workspace) -> None:
    _fill(workspace, 5)
    conn = _raw(workspace)
    conn.execute("UPDATE audit_log SET detail = '{\"value\": \"9\", \"criterion\": \"创新性\"}' WHERE id = 3")
    conn.commit()
    conn.close()
    with workspace.session() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_bad == 3 and "3" in report.problem


def test_removed_entry_is_named(workspace: Workspace) -> None:
    _fill(workspace, 5)
    conn = _raw(workspace)
    conn.execute("DELETE FROM audit_log WHERE id = 2")
    conn.commit()
    conn.close()
    with workspace.session() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_bad == 2 and "removed" in report.problem


def test_rewritten_chain_link_is_found(workspace: Workspace) -> None:
    _fill(workspace, 4)
    conn = _raw(workspace)
    conn.execute("UPDATE audit_log SET prev_hash = ? WHERE id = 4", ("f" * 64,))
    conn.commit()
    conn.close()
    with workspace.session() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_bad == 4


def test_entries_roll_back_with_the_change(workspace: Workspace) -> None:
    _fill(workspace, 2)
    try:
        with workspace.session() as s:
            audit.record(s, "x")
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    with workspace.session() as s:
        assert audit.verify(s).entries == 2
