"""The workspace database: migrations keep data, bad databases are refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from db import engine as engine_module
from db.engine import current_revision, head_revision, make_engine, upgrade
from reviewer.errors import WorkspaceError
from reviewer.workspace import DB_NAME, Workspace


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _first_migration_workspace(root: Path) -> Path:
    """A workspace database as the first release made it, with a round of data."""
    root.mkdir(parents=True)
    db_path = root / DB_NAME
    engine = make_engine(db_path)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO rounds (id, uid, name, programme, form_id, form_version, form_hash, form_source, rule,"
            " spread_limit, per_dossier, status, created_at)"
            " VALUES (1, 'u1', '2025年度示范项目评审', '示范', 'ai-demo', 1, 'h', 'id = \"x\"', 'median', '12.5', 3,"
            " 'review', '2025-05-01 08:00:00')"))
        conn.execute(text(
            "INSERT INTO dossiers (id, round_id, number, title, applicant, category, level, created_at)"
            " VALUES (1, 1, 'AI-2025-001', '智能质检平台', '济南某某科技有限公司', '智能制造', '市级', '2025-05-01 08:00:00')"))
        conn.execute(text(
            "INSERT INTO dossier_files (id, dossier_id, position, role, name, sha256, size, pages)"
            " VALUES (1, 1, 0, '申报书', 'a.pdf', :h, 1234, 17)"), {"h": "ab" * 32})
        conn.execute(text(
            "INSERT INTO experts (id, round_id, name, organisation, field, email)"
            " VALUES (1, 1, '王教授', '山东某大学', '人工智能', 'w@example.cn')"))
        conn.execute(text(
            "INSERT INTO reviews (id, round_id, dossier_id, expert_id, version, status, current, form_hash,"
            " recommendation, comment, vetoes, total, reopen_reason, origin, entered_by, created_at, updated_at)"
            " VALUES (1, 1, 1, 1, 1, 'draft', 1, 'h', NULL, '技术路线清晰', '{}', '87.5', '', 'expert', '',"
            " '2025-05-02 08:00:00', '2025-05-02 08:00:00')"))
        conn.execute(text(
            "INSERT INTO scores (id, review_id, position, criterion, value, comment)"
            " VALUES (1, 1, 0, 'innovation', '8.5', '国内领先')"))
    engine.dispose()
    return root


def test_upgrade_from_first_migration_keeps_everything(tmp_path: Path) -> None:
    root = _first_migration_workspace(tmp_path / "old")
    with Workspace.open(root) as ws:
        assert current_revision(ws.engine) == head_revision()
        with ws.engine.connect() as conn:
            rnd = conn.execute(text("SELECT name, rule, spread_limit, trim_threshold FROM rounds")).one()
            assert tuple(rnd) == ("2025年度示范项目评审", "median", "12.5", 5)
            f = conn.execute(text("SELECT name, sha256, pages, indexed FROM dossier_files")).one()
            assert tuple(f) == ("a.pdf", "ab" * 32, 17, 0)
            assert conn.execute(text("SELECT comment, total FROM reviews")).one() == ("技术路线清晰", "87.5")
            assert conn.execute(text("SELECT value, comment FROM scores")).one() == ("8.5", "国内领先")
            assert conn.execute(text("SELECT organisation FROM experts")).scalar() == "山东某大学"
            # The new tables of 0002 exist and work.
            conn.execute(text("INSERT INTO page_text (sha256, page, text) VALUES ('x', 1, '人工智能创新应用')"))
            hits = conn.execute(text("SELECT page FROM page_text WHERE page_text MATCH '创新应'")).all()
            assert hits == [(1,)]
    backups = list((root / "backups").glob("*before-upgrade-from-0001*.sqlite"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT title FROM dossiers").fetchone() == ("智能质检平台",)
    finally:
        conn.close()


def test_opening_a_current_workspace_takes_no_backup(tmp_path: Path) -> None:
    Workspace.open(tmp_path / "ws").close()
    Workspace.open(tmp_path / "ws").close()
    assert not list((tmp_path / "ws" / "backups").glob("*.sqlite"))


def test_newer_workspace_is_refused_untouched(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    Workspace.open(root).close()
    db_path = root / DB_NAME
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _digest(db_path)
    with pytest.raises(WorkspaceError) as err:
        Workspace.open(root)
    assert "newer version" in str(err.value) and DB_NAME in str(err.value)
    assert _digest(db_path) == before


@pytest.mark.parametrize(
    "content, words",
    [
        (b"this is not a database at all, just text" * 10, "damaged"),
        (b"SQLite format 3\x00" + b"\x00" * 80 + b"garbage" * 200, "damaged"),
    ],
)
def test_corrupt_database_is_refused_untouched(tmp_path: Path, content: bytes, words: str) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / DB_NAME).write_bytes(content)
    with pytest.raises(WorkspaceError) as err:
        Workspace.open(root)
    assert words in str(err.value) and DB_NAME in str(err.value)
    assert (root / DB_NAME).read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    conn = sqlite3.connect(root / DB_NAME)
    conn.execute("CREATE TABLE other_app (x)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceError, match="not a Reviewer Workstation database"):
        Workspace.open(root)


def test_pragmas_are_set(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_a_file_instead_of_a_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(WorkspaceError, match="not a folder"):
        Workspace.open(path)


def test_content_store_is_addressed_by_hash(workspace: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF-1.4 test")
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    stored = workspace.store_file(src, digest)
    assert stored == workspace.file_path(digest) and stored.read_bytes() == src.read_bytes()
    assert workspace.store_file(src, digest) == stored


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from db.engine import HEAD_REVISION

    assert HEAD_REVISION == head_revision()


def test_opening_a_workspace_at_head_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    Workspace.open(tmp_path / "ws").close()
    code = ("import sys; from pathlib import Path; from reviewer.workspace import Workspace; "
            f"Workspace.open(Path({str(tmp_path / 'ws')!r})).close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"


def test_a_large_workspace_damaged_deep_inside_is_checked_in_full_before_a_migration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import db.engine

    root = _first_migration_workspace(tmp_path / "old")
    db_path = root / DB_NAME
    original = db_path.read_bytes()
    page = 4096
    # Damage the first page past the schema whose damage the structural check does not see.
    for number in range(len(original) // page - 1, 1, -1):
        data = bytearray(original)
        data[number * page: number * page + 64] = b"\xff" * 64
        db_path.write_bytes(bytes(data))
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                break
        except sqlite3.DatabaseError:
            continue
        finally:
            conn.close()
    else:
        pytest.fail("no page found whose damage only the full check sees")
    before = _digest(db_path)
    monkeypatch.setattr(db.engine, "FULL_CHECK_LIMIT", 1)  # "large": only the structural check at open
    with pytest.raises(WorkspaceError):
        Workspace.open(root)
    assert _digest(db_path) == before


# --------------------------------------------------------------------------- backups


def _settings_db(path: Path, rows: int) -> sqlite3.Connection:
    """A WAL database with ``rows`` committed rows, the connection left open."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
    for k in range(rows):
        conn.execute("INSERT INTO t VALUES (?, ?)", (k, f"值{k}"))
    return conn


def _rows(path: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return conn.execute("SELECT k, v FROM t ORDER BY k").fetchall()
    finally:
        conn.close()


def test_a_backup_of_a_quiet_database_is_a_copy_of_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.sqlite"
    writer = _settings_db(path, 500)  # committed, still in the log: the backup folds it in first
    assert (tmp_path / "w.sqlite-wal").stat().st_size > 0
    quick: list[bool] = []
    copy = engine_module._copy_quiet_file
    monkeypatch.setattr(engine_module, "_copy_quiet_file", lambda *a: quick.append(copy(*a)) or quick[-1])
    backup = engine_module.backup_database(path, tmp_path / "backups", "test")
    writer.close()
    assert quick == [True]
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [backup.name]
    assert _rows(backup) == [(k, f"值{k}") for k in range(500)]


def test_a_backup_while_a_reader_holds_an_old_snapshot_has_every_commit(tmp_path: Path) -> None:
    """The log cannot be folded in while a reader needs it: the online backup API copies instead,
    and the backup still holds everything committed, the commits only in the log included."""
    path = tmp_path / "w.sqlite"
    writer = _settings_db(path, 10)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM t").fetchone()
    writer.execute("INSERT INTO t VALUES (10, '只在日志里')")
    backup = engine_module.backup_database(path, tmp_path / "backups", "test")
    reader.execute("ROLLBACK")
    reader.close()
    writer.close()
    assert _rows(backup)[-1] == (10, "只在日志里") and len(_rows(backup)) == 11


def test_a_failed_backup_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.sqlite"
    _settings_db(path, 10).close()

    def full_disk(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(engine_module.shutil, "copyfile", full_disk)
    with pytest.raises(OSError):
        engine_module.backup_database(path, tmp_path / "backups", "test")
    assert list((tmp_path / "backups").iterdir()) == []
    assert _rows(path) == [(k, f"值{k}") for k in range(10)]
