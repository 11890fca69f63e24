"""Pausing the cyclic garbage collector around bulk work, and bringing it back."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer import sheets, sheets_data
from reviewer.gcpause import collector_paused
from reviewer.workspace import Workspace
from sheets_helpers import build_committee


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


def test_the_collector_is_off_inside_and_back_after_even_on_error() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_uses_bring_it_back_only_at_the_end() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_threads_bring_it_back_when_the_last_one_ends() -> None:
    inside, release = threading.Event(), threading.Event()

    def worker() -> None:
        with collector_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(10)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the worker is still inside
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_sheets_are_laid_out_and_the_round_read_with_the_collector_paused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[tuple[str, bool]] = []
    build = sheets._SheetDoc.build
    read = sheets_data._read_round_data

    def spy_build(self: object, *a: object, **k: object) -> object:
        seen.append(("build", gc.isenabled()))
        return build(self, *a, **k)

    def spy_read(*a: object) -> object:
        seen.append(("read", gc.isenabled()))
        return read(*a)

    monkeypatch.setattr(sheets._SheetDoc, "build", spy_build)
    monkeypatch.setattr(sheets_data, "_read_round_data", spy_read)
    ws = Workspace.open(tmp_path / "ws")
    try:
        committee = build_committee(ws, dossiers=2)
        with ws.session() as s:
            sheets.generate_dossier_summaries(s, committee.round_id)
    finally:
        ws.close()
    assert seen == [("read", False), ("build", False)]
    assert gc.isenabled()


def test_a_round_is_reconciled_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reviewer import committee

    seen: list[bool] = []
    reconcile = committee.reconcile
    monkeypatch.setattr(committee, "reconcile", lambda data: seen.append(gc.isenabled()) or reconcile(data))
    ws = Workspace.open(tmp_path / "ws")
    try:
        c = build_committee(ws, dossiers=2)  # decides, which reconciles too
        seen.clear()
        with ws.session() as s:
            assert len(committee.reconcile_round(s, c.round_id).dossiers) == 2
            committee.score_matrix(s, c.round_id, c.numbers[0])
    finally:
        ws.close()
    assert seen == [False, False] and gc.isenabled()
