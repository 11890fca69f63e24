"""A workspace: one folder with the database, the dossier file store, keys and backups.

A folder that does not exist yet becomes a new, empty workspace. Sessions are
made per user action by the caller (``with ws.session() as s:``); data functions
take the session as an argument and never commit on their own.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import DatabaseProblem, backup_database, open_database, session_factory, sqlite_connection
from db.models import Setting
from reviewer.errors import WorkspaceError
from reviewer.fileio import WriteFailed, atomic_writer
from reviewer.paths import DB_NAME as DB_NAME


class Workspace:
    """An open workspace. Create with :meth:`open`; close with :meth:`close`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db_path = root / DB_NAME
        self.store_dir = root / "store"
        self.backup_dir = root / "backups"
        self.keys_dir = root / "keys"
        self.engine = open_database(self.db_path, self.backup_dir)
        self._sessions = session_factory(self.engine)

    @classmethod
    def open(cls, root: Path | str) -> Workspace:
        root = Path(root).expanduser().resolve()
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{root} 不是文件夹 (not a folder)")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(f"无法创建工作区 {root}：{exc.strerror} (cannot create the workspace)") from exc
        try:
            return cls(root)
        except DatabaseProblem as exc:
            raise WorkspaceError(str(exc)) from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed if the block completes, rolled back otherwise."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def sqlite(self) -> Iterator[sqlite3.Connection]:
        """A unit of work for readers written in plain SQL (:mod:`reviewer.overview`): the
        sqlite3 connection of a :meth:`session`, inside its transaction."""
        with self.session() as s:
            yield sqlite_connection(s)

    # --- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.session() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.session() as s:
            set_setting(s, key, value)

    @property
    def role(self) -> str | None:
        """"secretary", "expert", or None for a workspace nobody has used yet."""
        return self.get_setting("role")

    # --- content-addressed store ------------------------------------------------------------

    def file_path(self, sha256: str) -> Path:
        return self.store_dir / sha256[:2] / f"{sha256}.pdf"

    def has_file(self, sha256: str) -> bool:
        return self.file_path(sha256).exists()

    def store_file(self, source: Path, sha256: str) -> Path:
        """Copy ``source`` into the store under its hash (no-op if already there)."""
        target = self.file_path(sha256)
        if target.exists():
            return target
        with atomic_writer(target) as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
        return target

    def store_bytes(self, data: bytes, sha256: str) -> Path:
        target = self.file_path(sha256)
        if not target.exists():
            with atomic_writer(target) as out:
                out.write(data)
        return target

    def backup(self, label: str) -> Path:
        try:
            return backup_database(self.db_path, self.backup_dir, label)
        except OSError as exc:
            raise WriteFailed(f"无法备份数据库：{exc} (cannot back up the database)") from exc


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def settings_with_prefix(session: Session, prefix: str) -> dict[str, str]:
    rows = session.scalars(select(Setting).where(Setting.key.startswith(prefix)))
    return {r.key: r.value for r in rows}
