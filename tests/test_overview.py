"""The overview's plain-SQL readers and the GUI's quick way in: ``reviewer.overview``, ``gui_request``."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Round
from db.revision import HEAD_REVISION
from reviewer import overview, rounds
from reviewer.cli import build_parser, gui_request
from reviewer.paths import DB_NAME
from reviewer.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]


def test_round_rows_carry_the_stored_values_in_their_python_form(demo_copy: Workspace) -> None:
    with demo_copy.session() as s:
        rnd = s.scalars(select(Round)).one()
        rnd.deadline = dt.date(2026, 12, 31)
        rnd.spread_limit = Decimal("12.5")
    with demo_copy.session() as s:
        rnd = s.scalars(select(Round)).one()
        row = rounds.round_row(s, rnd.id)
        assert row is not None
        assert row["created_at"] == rnd.created_at.isoformat() and row["created_at"].endswith("+00:00")
        assert (row["deadline"], row["spread_limit"]) == ("2026-12-31", 12.5)
        assert (row["uid"], row["form_hash"], row["rule"], row["status"]) == (rnd.uid, rnd.form_hash, rnd.rule,
                                                                                rnd.status)
        assert row["dossiers"] == len(rnd.dossiers) and row["experts"] == len(rnd.experts)


def test_each_dossier_lists_its_experts_in_name_order(demo_copy: Workspace) -> None:
    from db.models import Assignment, Dossier, Expert

    with demo_copy.session() as s:
        rid = s.scalars(select(Round.id)).one()
        rows = rounds.dossier_rows(s, rid)
        expected = {
            d.number: tuple(sorted(
                s.scalars(select(Expert.name).join(Assignment, Assignment.expert_id == Expert.id)
                          .where(Assignment.dossier_id == d.id)).all()))
            for d in s.scalars(select(Dossier).where(Dossier.round_id == rid))
        }
    assert rows and {r.number: r.experts for r in rows} == expected
    assert any(len(r.experts) > 1 for r in rows)


def test_open_current_reads_only_a_database_that_needs_nothing_first(demo_root: Path, tmp_path: Path) -> None:
    conn = overview.open_current(demo_root)
    assert conn is not None
    try:
        assert overview.workspace_role(conn) == "secretary"
        assert overview.list_rounds(conn)
        with pytest.raises(sqlite3.OperationalError):  # read-only
            conn.execute("DELETE FROM settings")
    finally:
        conn.close()

    assert overview.open_current(tmp_path / "missing") is None
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / DB_NAME).write_bytes(b"not a database at all, just text" * 4)
    assert overview.open_current(tmp_path / "foreign") is None
    other = tmp_path / "other"
    other.mkdir()
    sqlite3.connect(other / DB_NAME).execute("CREATE TABLE t (x)").connection.commit()
    assert overview.open_current(other) is None  # a SQLite file, but not ours

    older = tmp_path / "older"
    shutil.copytree(demo_root, older)
    with sqlite3.connect(older / DB_NAME) as db:
        db.execute("UPDATE alembic_version SET version_num = '0002'")
    assert HEAD_REVISION != "0002"
    assert overview.open_current(older) is None  # it must be migrated first


def test_the_gui_arguments_are_read_as_the_parser_reads_them(tmp_path: Path) -> None:
    ws = str(tmp_path / "w")
    accepted = [[], ["gui"], ["gui", "--demo"], ["--workspace", ws], [f"--workspace={ws}", "gui"],
                ["--workspace", ws, "gui", "--demo"], ["--workspace", "a", "--workspace", ws]]
    for argv in accepted:
        quick = gui_request(argv)
        args = build_parser().parse_args(argv)
        assert quick == (args.workspace, bool(getattr(args, "demo", False))), argv
    for argv in (["--demo"], ["gui", "--workspace", ws], ["--workspace"], ["--work", ws], ["-h"],
                 ["round", "list"], ["gui", "--demo", "x"], ["--workspace=", "gui"]):
        assert gui_request(argv) is None, argv


def test_opening_the_gui_reads_its_arguments_without_the_database_layer() -> None:
    code = (
        "import sys\n"
        "import ui.launch\n"
        "seen = []\n"
        "ui.launch._launch_gui = lambda ws, demo: seen.append((str(ws), demo)) or 0\n"
        "assert ui.launch.main(['--workspace', 'W', 'gui']) == 0 and seen == [('W', False)], seen\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'argparse'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_plain_sql_readers_see_what_the_session_has_not_flushed_yet(demo_copy: Workspace) -> None:
    from db.models import Dossier

    with demo_copy.session() as s:
        rid = s.scalars(select(Round.id)).one()
        before = len(rounds.dossier_rows(s, rid))
        s.add(Dossier(round_id=rid, number="ZZ-9999", title="补充申报", applicant="某单位", category=""))
        # as an ORM query would see it, after an autoflush
        assert rounds.round_row(s, rid)["dossiers"] == before + 1  # type: ignore[index]
        assert rounds.dossier_rows(s, rid)[-1].number == "ZZ-9999"
