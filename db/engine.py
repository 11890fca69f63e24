"""Opening a workspace database: pragmas, migrations, backups.

The database is opened, checked and brought up to date here, once, before any
session exists. Every failure is a ``DatabaseProblem`` naming the file and what is
wrong, and leaves the file as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.revision import HEAD_REVISION as HEAD_REVISION
from db.revision import read_revision

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: Up to this size every open reads the whole file (``PRAGMA quick_check``); above it,
#: only when a migration is about to change the file. The full check reads every page: on
#: a provincial workspace (600 MB, mostly the text index) that was a second at every start.
FULL_CHECK_LIMIT = 64 * 1024 * 1024


class DatabaseProblem(Exception):
    """The workspace database cannot be used; the message says why, in words."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The head of the migration scripts (read from them; ``HEAD_REVISION`` is its copy)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; FULL sync so a confirmed score
    # survives a power cut; WAL so the reader of a long query never blocks a save.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def sqlite_connection(session: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection, inside the session's transaction: for readers
    written in plain SQL (:mod:`reviewer.overview`) that also run before SQLAlchemy is loaded.
    Pending changes are flushed first, as an ORM query would (autoflush), so the reader sees them."""
    session.flush()
    driver = session.connection().connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        raise TypeError(f"not a sqlite3 connection: {type(driver).__name__}")
    return driver


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 10})
    event.listen(engine, "connect", _on_connect)
    return engine


def _check_sqlite_file(path: Path, *, full: bool) -> None:
    """Refuse a file that is not an intact SQLite database, without changing it.

    ``full`` reads every page (``PRAGMA quick_check``); otherwise the header and the
    schema are read, which is what a damaged or foreign file fails first.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseProblem(path, f"无法读取数据库文件 (cannot read the database file): {exc.strerror}") from exc
    if header and header != b"SQLite format 3\x00":
        raise DatabaseProblem(path, "不是工作区数据库，或文件已损坏 (not a workspace database, or the file is damaged)")
    if not header:
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if full:
                result = conn.execute("PRAGMA quick_check").fetchone()
            else:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                result = ("ok",)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(path, f"数据库文件已损坏 (the database file is damaged): {exc}") from exc
    if result is None or result[0] != "ok":
        detail = result[0] if result else "?"
        raise DatabaseProblem(path, f"数据库文件已损坏 (the database file is damaged): {detail}")


def backup_database(path: Path, backup_dir: Path, label: str) -> Path:
    """Copy the database into ``backup_dir``, consistent even while others write; returns the copy.

    The quick way (a third of the time on a provincial workspace of 600 MB): fold the
    write-ahead log into the file, hold a read transaction that sees the file alone, and
    copy the file. While that transaction lasts no checkpoint may write to the file
    (SQLite's WAL read-lock 0), so the copy is exactly one committed state. If another
    connection has committed in between (the log is not empty), SQLite's online backup
    API copies instead. Either way the copy is written under a temporary name, made
    durable, then renamed: no half-written backup is ever left under a backup's name.
    """
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{path.stem}-{stamp}-{label}.sqlite"
    partial = target.with_name(f".{target.name}.part")
    try:
        src = sqlite3.connect(path, isolation_level=None)
        try:
            if not _copy_quiet_file(src, path, partial):
                partial.unlink(missing_ok=True)
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            _fsync(partial)
        finally:
            src.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _copy_quiet_file(src: sqlite3.Connection, path: Path, out: Path) -> bool:
    """Copy ``path`` to ``out`` if, under a read transaction, the file alone is the database.

    Returns False (copying nothing) when the write-ahead log still holds frames.
    """
    # No waiting: if a reader still holds an older snapshot, the log stays and the backup API copies.
    waited = src.execute("PRAGMA busy_timeout").fetchone()[0]
    src.execute("PRAGMA busy_timeout=0")
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    src.execute(f"PRAGMA busy_timeout={int(waited)}")
    src.execute("BEGIN")
    try:
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read snapshot starts here
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return False
        shutil.copyfile(path, out)
        return True
    finally:
        src.execute("ROLLBACK")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_database(path: Path, backup_dir: Path) -> Engine:
    """Open (creating if absent) and migrate the database at ``path``.

    A database at an older revision is backed up first; one made by a newer
    version of the app, or not ours at all, is refused untouched.
    """
    size = path.stat().st_size if path.exists() else 0
    if size:
        _check_sqlite_file(path, full=size <= FULL_CHECK_LIMIT)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables, current = read_revision(conn)
        finally:
            conn.close()
        if current is None and tables:
            raise DatabaseProblem(path, "不是本软件的工作区数据库 (not a Reviewer Workstation database)")
        if current == HEAD_REVISION:
            return make_engine(path)
        if size > FULL_CHECK_LIMIT:
            _check_sqlite_file(path, full=True)  # before a migration writes to it
        if current is not None:
            from alembic.script import ScriptDirectory

            script = ScriptDirectory.from_config(_alembic_config())
            try:
                script.get_revision(current)
            except Exception as exc:  # alembic raises several kinds for an unknown id
                raise DatabaseProblem(
                    path,
                    f"此工作区由更新版本的软件创建（数据库版本 {current}），请升级软件后再打开 "
                    f"(this workspace was made by a newer version of the app, schema {current}; "
                    "please upgrade the app)",
                ) from exc
            if current != script.get_current_head():
                backup_database(path, backup_dir, f"before-upgrade-from-{current}")

    engine = make_engine(path)
    upgrade(engine)
    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic migrations up to ``revision`` on ``engine``."""
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
