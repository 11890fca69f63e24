"""Where the expert was in each dossier file, and the private notes pinned to its pages.

Both live only in the expert's own workspace: they are never put in a bundle, a
return or the audit log. A note is a thought while reading ("第12页的数据与附件3不符"),
not part of the review; recording even its existence in the audit chain would
tell a reader of the log which pages an expert had doubts about.

Pages are 0-based everywhere in this module, as in PDFium and QtPdf; user
interfaces add one when they show a page number.

Functions take a session and never commit (see :mod:`reviewer.workspace`).
:class:`ReadingStore` wraps them, one short session per call, for the viewer
widget, which must not hold a session nor touch the database while painting.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from collections.abc import Iterable
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Note, ReaderState, Setting, utcnow
from reviewer import pdfinfo
from reviewer.errors import NotFound, ValidationError
from reviewer.workspace import Workspace

__all__ = [
    "MAX_NOTE_CHARS",
    "ZOOM_FIT_PAGE",
    "ZOOM_FIT_WIDTH",
    "NoteItem",
    "ReadingPosition",
    "ReadingStore",
    "add_note",
    "delete_note",
    "get_position",
    "get_state",
    "normalise_zoom",
    "notes",
    "set_position",
    "update_note",
]

#: Zoom that fits the page width to the window (the default: dossiers are read, not inspected).
ZOOM_FIT_WIDTH: Final = "fit-width"
#: Zoom that shows a whole page.
ZOOM_FIT_PAGE: Final = "fit-page"
#: Custom zoom factors outside this range are refused (1 = actual size).
MIN_ZOOM: Final = Decimal("0.1")
MAX_ZOOM: Final = Decimal("8")
#: A note is a remark, not a report: longer text is refused rather than silently cut.
MAX_NOTE_CHARS: Final = 20_000
#: Dossiers have at most a few thousand pages (reviewer.pdfinfo.MAX_PAGES is 10,000).
MAX_PAGE_INDEX: Final = 100_000

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ReadingPosition:
    """The last page read in a file and the zoom it was read at."""

    page: int = 0
    zoom: str = ZOOM_FIT_WIDTH


@dataclass(frozen=True)
class NoteItem:
    """A private note as plain data (no ORM object leaves a session)."""

    id: int
    sha256: str
    page: int
    text: str
    created_at: dt.datetime
    updated_at: dt.datetime


def _check_sha(sha256: str) -> str:
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValidationError(f"文件标识无效：{sha256!r} (not a sha256 hex digest)")
    return sha256


def _check_page(page: int) -> int:
    if isinstance(page, bool) or not isinstance(page, int) or not 0 <= page <= MAX_PAGE_INDEX:
        raise ValidationError(f"页码无效：{page!r} (invalid page index)")
    return page


def _check_text(text: str) -> str:
    cleaned = text.strip() if isinstance(text, str) else ""
    if not cleaned:
        raise ValidationError("批注内容为空 / the note is empty")
    if len(cleaned) > MAX_NOTE_CHARS:
        raise ValidationError(
            f"批注过长（{len(cleaned)}字，最多{MAX_NOTE_CHARS}字）/ the note is too long "
            f"({len(cleaned)} characters, at most {MAX_NOTE_CHARS})"
        )
    return cleaned


def normalise_zoom(zoom: str | float | Decimal) -> str:
    """The stored form of a zoom: ``fit-width``, ``fit-page`` or a factor such as ``1.25``.

    Factors are kept as short exact text (two decimals are finer than any zoom step) so
    that the same zoom always stores the same string.

    Raises:
        ValidationError: an unknown keyword, a non-number or a factor out of range.
    """
    if isinstance(zoom, str) and zoom in (ZOOM_FIT_WIDTH, ZOOM_FIT_PAGE):
        return zoom
    if isinstance(zoom, bool):
        raise ValidationError(f"缩放比例无效：{zoom!r} (invalid zoom)")
    try:
        if isinstance(zoom, float) and not math.isfinite(zoom):
            raise InvalidOperation
        factor = Decimal(str(zoom)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"缩放比例无效：{zoom!r} (invalid zoom)") from None
    if not MIN_ZOOM <= factor <= MAX_ZOOM:
        raise ValidationError(f"缩放比例超出范围：{zoom} (zoom out of range {MIN_ZOOM}–{MAX_ZOOM})")
    return format(factor.normalize(), "f")


def get_state(session: Session, sha256: str) -> ReadingPosition:
    """Where to reopen ``sha256``: the saved position, or the first page at fit-width."""
    row = session.get(ReaderState, _check_sha(sha256))
    if row is None:
        return ReadingPosition()
    try:
        zoom = normalise_zoom(row.zoom)
    except ValidationError:
        zoom = ZOOM_FIT_WIDTH
    return ReadingPosition(page=max(0, row.page), zoom=zoom)


def get_position(session: Session, sha256: str) -> int:
    """The last page read in ``sha256`` (0 if never opened)."""
    return get_state(session, sha256).page


def set_position(session: Session, sha256: str, page: int, zoom: str | float | Decimal = ZOOM_FIT_WIDTH) -> None:
    """Remember the page and zoom of ``sha256``; writes nothing when both are unchanged."""
    _check_sha(sha256)
    _check_page(page)
    stored_zoom = normalise_zoom(zoom)
    row = session.get(ReaderState, sha256)
    if row is None:
        session.add(ReaderState(sha256=sha256, page=page, zoom=stored_zoom, updated_at=utcnow()))
    elif row.page != page or row.zoom != stored_zoom:
        row.page = page
        row.zoom = stored_zoom
        row.updated_at = utcnow()


def _item(row: Note) -> NoteItem:
    return NoteItem(id=row.id, sha256=row.sha256, page=row.page, text=row.text,
                    created_at=row.created_at, updated_at=row.updated_at)


def notes(session: Session, sha256: str) -> list[NoteItem]:
    """The notes of ``sha256`` in reading order (page, then the order they were written)."""
    rows = session.scalars(
        select(Note).where(Note.sha256 == _check_sha(sha256)).order_by(Note.page, Note.created_at, Note.id)
    )
    return [_item(row) for row in rows]


def add_note(session: Session, sha256: str, page: int, text: str) -> NoteItem:
    """Pin a new note to ``page`` of ``sha256``."""
    now = utcnow()
    row = Note(sha256=_check_sha(sha256), page=_check_page(page), text=_check_text(text),
               created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return _item(row)


def _get_note(session: Session, note_id: int) -> Note:
    row = session.get(Note, note_id)
    if row is None:
        raise NotFound(f"找不到批注 #{note_id}（可能已被删除）/ note #{note_id} not found (deleted?)")
    return row


def update_note(session: Session, note_id: int, text: str) -> NoteItem:
    """Replace the text of a note (its page stays)."""
    cleaned = _check_text(text)
    row = _get_note(session, note_id)
    if row.text != cleaned:
        row.text = cleaned
        row.updated_at = utcnow()
        session.flush()
    return _item(row)


def delete_note(session: Session, note_id: int) -> None:
    """Delete a note for good (there is no trash: notes are private scratch)."""
    session.delete(_get_note(session, note_id))


class ReadingStore:
    """The viewer's access to positions and notes: one short session per call.

    The viewer calls these from the GUI thread for single-row reads and writes,
    each a millisecond or two; it never calls them while painting. Errors are
    the typed errors of this module (:class:`ValidationError`, :class:`NotFound`)
    or the workspace's own; the viewer reports them at its boundary.
    """

    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def position(self, sha256: str) -> ReadingPosition:
        with self._ws.session() as s:
            return get_state(s, sha256)

    def save_position(self, sha256: str, page: int, zoom: str | float | Decimal = ZOOM_FIT_WIDTH) -> None:
        with self._ws.session() as s:
            set_position(s, sha256, page, zoom)

    def notes(self, sha256: str) -> list[NoteItem]:
        with self._ws.session() as s:
            return notes(s, sha256)

    def add_note(self, sha256: str, page: int, text: str) -> NoteItem:
        with self._ws.session() as s:
            return add_note(s, sha256, page, text)

    def update_note(self, note_id: int, text: str) -> NoteItem:
        with self._ws.session() as s:
            return update_note(s, note_id, text)

    def delete_note(self, note_id: int) -> None:
        with self._ws.session() as s:
            delete_note(s, note_id)


# --- which stored files a viewer may open directly -------------------------------------------
#
# QtPdf runs inside the GUI process and can loop on some damaged files that PDFium's page
# tree accepts, so a file is opened without a fresh check only when pdfinfo's guarded
# workers have loaded every page of it before. The verdict is kept per content hash.

_READABLE_PREFIX = "pdf.readable."


def is_readable(session: Session, sha256: str) -> bool:
    """Whether every page of this stored file has been loaded in a guarded worker without trouble."""
    row = session.get(Setting, _READABLE_PREFIX + _check_sha(sha256))
    return row is not None and row.value == "ok"


def record_readability(session: Session, sha256: str, problem: str | None) -> None:
    """Remember the outcome of a full check ("ok", or the problem in words)."""
    key = _READABLE_PREFIX + _check_sha(sha256)
    row = session.get(Setting, key)
    value = "ok" if problem is None else problem
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def check_stored_files(ws: Workspace, sha256s: Iterable[str]) -> dict[str, str | None]:
    """Load every page of each stored file not checked yet (in pdfinfo's guarded workers)
    and record the verdict; returns {sha256: None if readable, else the problem}."""
    results: dict[str, str | None] = {}
    with ws.session() as s:
        todo = [sha for sha in dict.fromkeys(sha256s)
                if s.get(Setting, _READABLE_PREFIX + _check_sha(sha)) is None]
    for sha in todo:
        try:
            pdfinfo.check_readable(ws.file_path(sha))
            results[sha] = None
        except pdfinfo.PdfRejected as exc:
            results[sha] = exc.message
        except OSError as exc:
            results[sha] = f"无法读取文件 (cannot read the file): {exc.strerror}"
    with ws.session() as s:
        for sha, problem in results.items():
            record_readability(s, sha, problem)
    return results
