"""The append-only, hash-chained audit log.

Each entry's hash covers the previous entry's hash and its own canonical content,
so an entry altered or removed behind the app's back (with any SQLite tool) breaks
the chain at that entry, and ``verify`` names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, utcnow
from reviewer.crypto import canonical_json, sha256_hex

GENESIS = "0" * 64


def _entry_hash(prev_hash: str, entry_id: int, at: str, actor: str, action: str, round_uid: str | None,
                detail: dict[str, Any]) -> str:
    body = {"id": entry_id, "at": at, "actor": actor, "action": action, "round": round_uid, "detail": detail}
    return sha256_hex(prev_hash.encode("ascii") + canonical_json(body))


def record(session: Session, action: str, *, actor: str = "", round_uid: str | None = None,
           detail: dict[str, Any] | None = None) -> AuditEntry:
    """Append an entry in the caller's transaction (it commits or rolls back with the change)."""
    detail = detail or {}
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = last.hash if last else GENESIS
    entry_id = (last.id + 1) if last else 1
    at = utcnow()
    entry = AuditEntry(
        id=entry_id, at=at, actor=actor, action=action, round_uid=round_uid, detail=detail, prev_hash=prev_hash,
        hash=_entry_hash(prev_hash, entry_id, at.isoformat(), actor, action, round_uid, detail),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries: int
    first_bad: int | None
    problem: str

    def __str__(self) -> str:
        if self.ok:
            return f"审计日志完整：{self.entries} 条记录 (audit log intact: {self.entries} entries)"
        return self.problem


def verify(session: Session) -> AuditReport:
    expected_prev = GENESIS
    expected_id = 1
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.id != expected_id:
            return AuditReport(False, count, expected_id,
                               f"审计日志第 {expected_id} 条记录已被删除 (audit entry {expected_id} was removed)")
        recomputed = _entry_hash(entry.prev_hash, entry.id, entry.at.isoformat(), entry.actor, entry.action,
                                 entry.round_uid, entry.detail)
        if entry.prev_hash != expected_prev:
            return AuditReport(False, count, entry.id,
                               f"审计日志第 {entry.id} 条记录之前的记录被改动或删除 "
                               f"(the entry before audit entry {entry.id} was altered or removed)")
        if recomputed != entry.hash:
            return AuditReport(False, count, entry.id,
                               f"审计日志第 {entry.id} 条记录被改动 (audit entry {entry.id} was altered)")
        expected_prev = entry.hash
        expected_id += 1
    return AuditReport(True, count, None, "")
