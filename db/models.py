"""SQLAlchemy 2 models of a workspace.

One SQLite file per workspace. A secretary's workspace holds every round it runs;
an expert's workspace holds the rounds that arrived in bundles, with the same
``uid`` so that returns can be matched to the secretary's records.

Decimals (scores, totals, limits, amounts) are stored as text so that what was
typed is what is read back: SQLite has no decimal type and floats would turn
7.5 + 0.1 into 7.6000000000000005 on an official sheet.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class DecimalText(TypeDecorator[Decimal]):
    """A Decimal stored as its exact text."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes (SQLite stores naive ones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to UtcDateTime")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def new_uid() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map = {
        Decimal: DecimalText(),
        dt.datetime: UtcDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


# --- workspace -------------------------------------------------------------------------------


class Setting(Base):
    """Key/value facts about the workspace: its role, the expert's identity, UI state."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- rounds and what they contain ------------------------------------------------------------


class Round(Base):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable identity across workspaces (secretary's and experts').
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(String(200))
    programme: Mapped[str] = mapped_column(String(200), default="")
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[int] = mapped_column(Integer, default=1)
    form_hash: Mapped[str] = mapped_column(String(64))
    #: The TOML text of the form, so the round stays readable whatever happens to form files.
    form_source: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(20), default="mean")
    spread_limit: Mapped[Decimal | None] = mapped_column(default=None)
    per_dossier: Mapped[int] = mapped_column(Integer, default=3)
    trim_threshold: Mapped[int] = mapped_column(Integer, default=5)
    deadline: Mapped[dt.date | None] = mapped_column(default=None)
    #: "setup" → "review" → "finalised"
    status: Mapped[str] = mapped_column(String(20), default="setup")
    #: The secretary's Ed25519 public key (hex) that signed this round's bundles.
    secretary_key: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finalised_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    dossiers: Mapped[list[Dossier]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Dossier.number"
    )
    experts: Mapped[list[Expert]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Expert.name"
    )


class Dossier(Base):
    """One application (申报材料): a number, an applicant and one or more files."""

    __tablename__ = "dossiers"
    __table_args__ = (UniqueConstraint("round_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, default="")
    applicant: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[str] = mapped_column(String(100), default="")
    level: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    round: Mapped[Round] = relationship(back_populates="dossiers")
    files: Mapped[list[DossierFile]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="DossierFile.position"
    )


class DossierFile(Base):
    """A PDF of a dossier. The bytes live in the workspace's content-addressed store."""

    __tablename__ = "dossier_files"
    __table_args__ = (UniqueConstraint("dossier_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: 申报书 (application form), 附件 (attachment) …
    role: Mapped[str] = mapped_column(String(50), default="申报书")
    name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    #: Whether page texts are in the full-text index.
    indexed: Mapped[bool] = mapped_column(default=False)

    dossier: Mapped[Dossier] = relationship(back_populates="files")


class Expert(Base):
    __tablename__ = "experts"
    __table_args__ = (UniqueConstraint("round_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    field: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    #: Ed25519 public key (hex), pinned on the first accepted return.
    public_key: Mapped[str | None] = mapped_column(String(64), default=None)
    #: PNG of the handwritten signature, as it arrived in the expert's return.
    signature_png: Mapped[bytes | None] = mapped_column(default=None)
    bundle_sent_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    bundle_sha256: Mapped[str | None] = mapped_column(String(64), default=None)

    round: Mapped[Round] = relationship(back_populates="experts")


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("dossier_id", "expert_id"),
        # dossier_id and expert_id: the overview reads a round's assignments from the index alone
        Index("ix_assignments_round_id", "round_id", "dossier_id", "expert_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    #: "auto" (the assignment algorithm) or "manual".
    source: Mapped[str] = mapped_column(String(20), default="auto")
    #: When the expert confirmed having no conflict with this dossier (None: not yet).
    no_conflict_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    dossier: Mapped[Dossier] = relationship()
    expert: Mapped[Expert] = relationship()


class Conflict(Base):
    """A conflict of interest (回避) between an expert and a dossier.

    Declared by the expert, detected by the software (a suspicion with evidence),
    or recorded by the secretary. Only ``declared`` and ``confirmed`` ones block.
    """

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("dossier_id", "expert_id", "origin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    #: same_org 本单位 · cooperation 合作关系 · relative 亲属关系 · competitor 竞争关系 · other 其他
    kind: Mapped[str] = mapped_column(String(20), default="other")
    reason: Mapped[str] = mapped_column(Text, default="")
    #: "expert" (declared), "detected" (found by the software), "secretary"
    origin: Mapped[str] = mapped_column(String(20))
    #: "declared", "suspected", "confirmed", "dismissed"
    status: Mapped[str] = mapped_column(String(20))
    #: For detected conflicts: [{"file": name, "page": n, "line": text}, …]
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    declared_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    #: The expert's signature over the declaration, when it came in a return.
    signature: Mapped[str | None] = mapped_column(String(128), default=None)

    dossier: Mapped[Dossier] = relationship()
    expert: Mapped[Expert] = relationship()

    @property
    def blocking(self) -> bool:
        return self.status in ("declared", "confirmed")


# --- reviews ---------------------------------------------------------------------------------


class Review(Base):
    """One version of one expert's review of one dossier.

    Submitted versions are immutable; reopening creates version n+1 and marks the
    old one superseded, so the record keeps both.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("dossier_id", "expert_id", "version"),
        # status and dossier_id: the overview's counts of submitted reviews read the index alone
        Index("ix_reviews_current", "round_id", "current", "status", "dossier_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: "draft", "submitted", "superseded"
    status: Mapped[str] = mapped_column(String(20), default="draft")
    #: The newest version of this dossier × expert.
    current: Mapped[bool] = mapped_column(default=True)
    form_hash: Mapped[str] = mapped_column(String(64))
    recommendation: Mapped[str | None] = mapped_column(String(50), default=None)
    comment: Mapped[str] = mapped_column(Text, default="")
    #: {veto key: true/false}; a missing key is unanswered.
    vetoes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    total: Mapped[Decimal | None] = mapped_column(default=None)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
    #: "expert" (typed by the expert), "return" (merged from a return), "paper" (typed by the secretary)
    origin: Mapped[str] = mapped_column(String(20), default="expert")
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    #: Ed25519 signature (hex) over the canonical encoding (``payload``).
    signature: Mapped[str | None] = mapped_column(String(128), default=None)
    #: The exact canonical bytes that were signed, kept for audits and verification codes.
    payload: Mapped[str | None] = mapped_column(Text, default=None)

    scores: Mapped[list[Score]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="Score.position"
    )
    dossier: Mapped[Dossier] = relationship()
    expert: Mapped[Expert] = relationship()


class Score(Base):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("review_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    criterion: Mapped[str] = mapped_column(String(100))
    value: Mapped[Decimal | None] = mapped_column(default=None)
    comment: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="scores")


class PaperEntry(Base):
    """A second, independent typing of a paper score sheet, compared cell by cell."""

    __tablename__ = "paper_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    entered_by: Mapped[str] = mapped_column(String(100))
    #: {"scores": {key: "7.5"}, "comments": {key: text}, "vetoes": {...}, "recommendation": ..., "comment": ...}
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: "pending" (differences open), "matched"
    status: Mapped[str] = mapped_column(String(20), default="pending")


class Decision(Base):
    """The committee's decision on a dossier."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("round_id", "dossier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    final_score: Mapped[Decimal | None] = mapped_column(default=None)
    computed_rank: Mapped[int | None] = mapped_column(default=None)
    computed_tier: Mapped[str | None] = mapped_column(String(50), default=None)
    rank: Mapped[int | None] = mapped_column(default=None)
    tier: Mapped[str | None] = mapped_column(String(50), default=None)
    overridden: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    #: How the dossier's flags were resolved, shown on the 评审意见汇总表.
    flag_resolution: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    dossier: Mapped[Dossier] = relationship()


# --- exchange records ------------------------------------------------------------------------


class ReturnFile(Base):
    """A return file seen by the secretary's workspace, accepted or not."""

    __tablename__ = "return_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("experts.id", ondelete="SET NULL"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# --- the expert's own desk (never leaves this laptop) ----------------------------------------


class ReaderState(Base):
    """Where the reader was in a file, so a dossier reopens at the last page read."""

    __tablename__ = "reader_state"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    page: Mapped[int] = mapped_column(Integer, default=0)
    zoom: Mapped[str] = mapped_column(String(20), default="fit-width")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Note(Base):
    """A private note pinned to a page of a dossier file. Never exported."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    page: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# --- audit -----------------------------------------------------------------------------------


class AuditEntry(Base):
    """An append-only, hash-chained log entry.

    ``hash`` is sha256 over the previous entry's hash and this entry's canonical
    content, so altering or deleting any entry breaks the chain from that point.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(100))
    round_uid: Mapped[str | None] = mapped_column(String(32), default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
