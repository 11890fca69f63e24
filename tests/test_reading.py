"""Reading positions and private notes (no Qt)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Note, ReaderState
from reviewer import reading
from reviewer.errors import NotFound, ValidationError
from reviewer.reading import NoteItem, ReadingPosition, ReadingStore
from reviewer.workspace import Workspace

SHA_A = hashlib.sha256(b"a").hexdigest()
SHA_B = hashlib.sha256(b"b").hexdigest()


def test_unknown_file_opens_at_first_page_fit_width(workspace: Workspace) -> None:
    with workspace.session() as s:
        assert reading.get_position(s, SHA_A) == 0
        assert reading.get_state(s, SHA_A) == ReadingPosition(0, reading.ZOOM_FIT_WIDTH)


def test_position_round_trip_per_file(workspace: Workspace) -> None:
    with workspace.session() as s:
        reading.set_position(s, SHA_A, 41, "1.5")
        reading.set_position(s, SHA_B, 3, reading.ZOOM_FIT_PAGE)
    with workspace.session() as s:
        assert reading.get_state(s, SHA_A) == ReadingPosition(41, "1.5")
        assert reading.get_position(s, SHA_B) == 3
        assert reading.get_state(s, SHA_B).zoom == "fit-page"
    with workspace.session() as s:
        reading.set_position(s, SHA_A, 42)
    with workspace.session() as s:
        assert reading.get_state(s, SHA_A) == ReadingPosition(42, "fit-width")
        assert s.scalar(select(func.count()).select_from(ReaderState)) == 2


def test_unchanged_position_is_not_rewritten(workspace: Workspace) -> None:
    with workspace.session() as s:
        reading.set_position(s, SHA_A, 5, 1.25)
    with workspace.session() as s:
        before = s.get(ReaderState, SHA_A).updated_at
    with workspace.session() as s:
        reading.set_position(s, SHA_A, 5, Decimal("1.250"))
    with workspace.session() as s:
        row = s.get(ReaderState, SHA_A)
        assert (row.page, row.zoom, row.updated_at) == (5, "1.25", before)


@pytest.mark.parametrize(
    ("given", "stored"),
    [("fit-width", "fit-width"), ("fit-page", "fit-page"), (1, "1"), (1.0, "1"), ("0.5", "0.5"),
     (1.333333, "1.33"), (Decimal("2.50"), "2.5"), (8, "8"), ("0.1", "0.1")],
)
def test_zoom_is_normalised(given: object, stored: str) -> None:
    assert reading.normalise_zoom(given) == stored  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["fit", "", "abc", "0", "0.05", "9", "-1", float("nan"), float("inf"), True])
def test_bad_zoom_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError):
        reading.normalise_zoom(bad)  # type: ignore[arg-type]


def test_corrupt_stored_zoom_falls_back_to_fit_width(workspace: Workspace) -> None:
    with workspace.session() as s:
        s.add(ReaderState(sha256=SHA_A, page=7, zoom="garbage"))
    with workspace.session() as s:
        assert reading.get_state(s, SHA_A) == ReadingPosition(7, "fit-width")


@pytest.mark.parametrize("page", [-1, 1.5, "3", True, 10**7])
def test_bad_page_is_refused(workspace: Workspace, page: object) -> None:
    with workspace.session() as s, pytest.raises(ValidationError):
        reading.set_position(s, SHA_A, page)  # type: ignore[arg-type]
    with workspace.session() as s, pytest.raises(ValidationError):
        reading.add_note(s, SHA_A, page, "x")  # type: ignore[arg-type]


@pytest.mark.parametrize("sha", ["", "abc", SHA_A.upper(), SHA_A + "0", "g" * 64])
def test_bad_sha_is_refused(workspace: Workspace, sha: str) -> None:
    with workspace.session() as s, pytest.raises(ValidationError):
        reading.get_state(s, sha)
    with workspace.session() as s, pytest.raises(ValidationError):
        reading.notes(s, sha)


def test_notes_add_list_in_page_order_update_delete(workspace: Workspace) -> None:
    with workspace.session() as s:
        late = reading.add_note(s, SHA_A, 9, "  第十页的数据与附件3不符  ")
        early = reading.add_note(s, SHA_A, 2, "经费预算偏高")
        second_on_two = reading.add_note(s, SHA_A, 2, "再核对")
        reading.add_note(s, SHA_B, 0, "other file")
    assert isinstance(late, NoteItem)
    assert late.text == "第十页的数据与附件3不符"  # stripped
    assert late.created_at.tzinfo is not None
    with workspace.session() as s:
        listed = reading.notes(s, SHA_A)
    assert [n.id for n in listed] == [early.id, second_on_two.id, late.id]
    assert [n.page for n in listed] == [2, 2, 9]

    with workspace.session() as s:
        edited = reading.update_note(s, early.id, "经费预算明显偏高")
    assert edited.text == "经费预算明显偏高" and edited.page == 2
    assert edited.updated_at >= early.updated_at

    with workspace.session() as s:
        reading.delete_note(s, second_on_two.id)
    with workspace.session() as s:
        assert [n.text for n in reading.notes(s, SHA_A)] == ["经费预算明显偏高", "第十页的数据与附件3不符"]
        assert [n.text for n in reading.notes(s, SHA_B)] == ["other file"]


@pytest.mark.parametrize("text", ["", "   \n\t", "x" * (reading.MAX_NOTE_CHARS + 1)])
def test_empty_or_huge_note_is_refused(workspace: Workspace, text: str) -> None:
    with workspace.session() as s, pytest.raises(ValidationError):
        reading.add_note(s, SHA_A, 0, text)
    with workspace.session() as s:
        note = reading.add_note(s, SHA_A, 0, "ok")
    with workspace.session() as s, pytest.raises(ValidationError):
        reading.update_note(s, note.id, text)
    with workspace.session() as s:
        assert [n.text for n in reading.notes(s, SHA_A)] == ["ok"]


def test_missing_note_is_not_found(workspace: Workspace) -> None:
    with workspace.session() as s, pytest.raises(NotFound):
        reading.update_note(s, 12345, "x")
    with workspace.session() as s, pytest.raises(NotFound):
        reading.delete_note(s, 12345)


def test_notes_stay_out_of_the_audit_log(workspace: Workspace) -> None:
    """Private notes and positions leave no trace in the (shareable) audit chain."""
    with workspace.session() as s:
        note = reading.add_note(s, SHA_A, 1, "私人批注")
        reading.update_note(s, note.id, "私人批注二")
        reading.set_position(s, SHA_A, 4)
        reading.delete_note(s, note.id)
    with workspace.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_store_wraps_one_session_per_call(workspace: Workspace) -> None:
    store = ReadingStore(workspace)
    assert store.position(SHA_A) == ReadingPosition()
    store.save_position(SHA_A, 12, reading.ZOOM_FIT_PAGE)
    assert store.position(SHA_A) == ReadingPosition(12, "fit-page")
    note = store.add_note(SHA_A, 12, "看第12页")
    assert store.notes(SHA_A) == [note]
    assert store.update_note(note.id, "看第13页").text == "看第13页"
    store.delete_note(note.id)
    assert store.notes(SHA_A) == []
    with workspace.session() as s:
        assert s.scalar(select(func.count()).select_from(Note)) == 0


def test_store_failure_rolls_back(workspace: Workspace) -> None:
    store = ReadingStore(workspace)
    with pytest.raises(ValidationError):
        store.add_note(SHA_A, 0, " ")
    assert store.notes(SHA_A) == []


def test_timestamps_are_utc(workspace: Workspace) -> None:
    store = ReadingStore(workspace)
    note = store.add_note(SHA_A, 0, "x")
    assert note.created_at.utcoffset() == dt.timedelta(0)


def test_stored_files_are_checked_once_and_remembered(workspace: Workspace, tmp_path: Path) -> None:
    """Only files whose every page loaded in a guarded worker may skip the viewer's own check."""
    from reportlab.pdfgen import canvas

    good = tmp_path / "good.pdf"
    c = canvas.Canvas(str(good))
    for i in range(3):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()
    data = good.read_bytes()
    bad_data = data[: len(data) // 2]  # truncated: the page tree may open, the pages do not
    shas = {}
    for name, blob in (("good", data), ("bad", bad_data)):
        sha = hashlib.sha256(blob).hexdigest()
        workspace.store_bytes(blob, sha)
        shas[name] = sha
    results = reading.check_stored_files(workspace, shas.values())
    assert results[shas["good"]] is None and results[shas["bad"]]
    with workspace.session() as s:
        assert reading.is_readable(s, shas["good"])
        assert not reading.is_readable(s, shas["bad"])
        assert not reading.is_readable(s, "0" * 64)  # never checked
    assert reading.check_stored_files(workspace, shas.values()) == {}  # remembered: not checked again
