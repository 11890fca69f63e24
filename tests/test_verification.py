"""Verification codes and ``reviewer verify``: sheets that match, sheets the records moved away
from (and what moved), altered files, typed codes, and return files."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from db.models import Expert, Review
from reviewer import crypto, sheets_data
from reviewer.cli import main
from reviewer.errors import ValidationError
from reviewer.exchange import return_json, write_return
from reviewer.sheets import generate_sheets, write_sheets
from reviewer.verification import (
    CODE_RE,
    check_sheet,
    code_of,
    find_manifest,
    normalise_code,
    verify_code,
    verify_file,
)
from reviewer.workspace import Workspace
from sheets_helpers import CONFLICTED, ROUND_NAME, SIGNER, Committee, build_committee, change_score


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Committee, Path]]:
    root = tmp_path_factory.mktemp("verify")
    ws = Workspace.open(root / "ws")
    committee = build_committee(ws, dossiers=3)
    try:
        yield ws, committee, root
    finally:
        ws.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[Workspace, Committee]]:
    ws = Workspace.open(tmp_path / "ws")
    committee = build_committee(ws, dossiers=3)
    try:
        yield ws, committee
    finally:
        ws.close()


def write_kinds(ws: Workspace, c: Committee, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    with ws.session() as s:
        for kind in ("result", "dossier", "review", "declaration"):
            path = folder / f"{kind}.pdf"
            path.write_bytes(generate_sheets(s, c.round_id, kind))
            out[kind] = path
    return out


# --------------------------------------------------------------------------- the code itself


def test_code_is_80_bits_of_crockford_base32_and_forgives_typing() -> None:
    covered = {"sheet": "review", "v": 1, "round": "r", "total": "78.75"}
    code = code_of(covered)
    assert CODE_RE.fullmatch(code)
    assert len(code.replace("-", "")) == 2 + 16
    assert code_of(dict(reversed(list(covered.items())))) == code  # canonical: key order does not matter
    assert code_of({**covered, "total": "78.76"}) != code
    body = code[3:].replace("-", "")
    assert normalise_code(code) == code
    assert normalise_code(" " + code.lower().replace("-", " ") + " ") == code
    assert normalise_code(body) == code
    typo = code.replace("0", "O").replace("1", "l")
    assert normalise_code(typo) == code
    assert normalise_code("RW-1234") is None
    assert normalise_code("RW-UUUU-UUUU-UUUU-UUUU") is None  # U is not in the alphabet
    assert normalise_code("hello world") is None


def test_the_embedded_data_is_found_in_the_raw_bytes(built: tuple[Workspace, Committee, Path]) -> None:
    ws, c, _ = built
    with ws.session() as s:
        data = generate_sheets(s, c.round_id, "dossier")
        sheets = sheets_data.dossier_sheets(s, c.round_id)
    doc = find_manifest(data)
    assert doc is not None and doc["round"]["uid"] == c.round_uid
    assert [e["ident"] for e in doc["sheets"]] == [x.ident() for x in sheets]
    assert [e["code"] for e in doc["sheets"]] == [code_of(x.covered()) for x in sheets]
    assert find_manifest(b"%PDF-1.4 nothing here") is None
    assert find_manifest(b'{"format":"reviewer-sheets","round":') is None  # truncated: ignored


# --------------------------------------------------------------------------- sheet PDFs


def test_every_kind_of_sheet_verifies_against_the_records(built: tuple[Workspace, Committee, Path]) -> None:
    ws, c, root = built
    files = write_kinds(ws, c, root / "pdf")
    for kind, path in files.items():
        report = verify_file(path, ws)
        assert report.kind == "sheets" and report.ok, (kind, report.lines())
        assert report.checks and all(ch.status == "match" and ch.kind == kind for ch in report.checks)
        assert report.details["draft"] is True


def test_a_changed_score_changes_the_codes_and_verify_says_what_changed(
        fresh: tuple[Workspace, Committee], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, c = fresh
    number = c.numbers[0]
    with ws.session() as s:
        before = next(x for x in sheets_data.review_sheets(s, c.round_id) if x.number == number)
    expert = before.expert
    old = next(line.value for line in before.criteria if line.key == "innovation")
    assert old is not None
    new = f"{Decimal(old) + (Decimal('0.5') if Decimal(old) < 10 else Decimal('-0.5')):.1f}"
    files = write_kinds(ws, c, tmp_path / "before")

    change_score(ws, c, number, expert, "innovation", new)

    expected = f"技术创新性与先进性 {old} → {new}"
    review = verify_file(files["review"], ws)
    by_ident = {(ch.ident["dossier"], ch.ident["expert"]): ch for ch in review.checks}
    outdated = by_ident[(number, expert)]
    assert outdated.status == "outdated" and outdated.current_code != outdated.code
    assert f"第 {number} 号 {expert} 的评分已变更：{expected}" in outdated.differences
    assert f"第 {number} 号 {expert} 的评审意见版本 1 → 2" in outdated.differences
    assert all(ch.status == "match" for key, ch in by_ident.items() if key != (number, expert))
    assert not review.ok

    dossier = verify_file(files["dossier"], ws)
    changed = next(ch for ch in dossier.checks if ch.ident["dossier"] == number)
    assert changed.status == "changed"
    assert f"第 {number} 号 {expert} 的评分已变更（第 1 版 → 第 2 版）：{expected}" in changed.differences
    assert any(d.startswith("评审委员会的决定已变更") for d in changed.differences)  # now stale
    for other in (ch for ch in dossier.checks if ch.ident["dossier"] != number):
        # the z-score aggregate of every dossier moves with any review of the round: said as such
        assert all("评分已变更" not in d for d in other.differences), other.differences
        assert other.status == "match" or any("标准分" in d for d in other.differences), other.differences

    result = verify_file(files["result"], ws)
    assert result.checks[0].status == "changed"
    assert f"第 {number} 号 {expert} 的评分已变更（第 1 版 → 第 2 版）：{expected}" in result.checks[0].differences

    assert verify_file(files["declaration"], ws).ok  # nothing it shows has changed

    assert main(["--workspace", str(ws.root), "verify", str(files["result"])]) == 1
    said = capsys.readouterr().out
    assert expected in said and "与当前记录不符" in said


def test_a_sheet_altered_after_printing_is_detected(built: tuple[Workspace, Committee, Path], tmp_path: Path) -> None:
    ws, c, _ = built
    with ws.session() as s:
        data = generate_sheets(s, c.round_id, "review", [c.numbers[0]])
    marker = b'"total":"'
    at = data.index(marker) + len(marker)
    digit = data[at:at + 1]
    forged = data[:at] + (b"1" if digit != b"1" else b"2") + data[at + 1:]  # same length: the PDF stays valid
    path = tmp_path / "forged.pdf"
    path.write_bytes(forged)
    report = verify_file(path, ws)
    assert not report.ok
    assert report.checks[0].status == "altered"


def test_typed_codes_are_looked_up_in_the_records(fresh: tuple[Workspace, Committee], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    ws, c = fresh
    written = write_sheets(ws, c.round_id, tmp_path / "out", split=False)
    result_code = next(w.codes[0] for w in written if w.kind == "result")
    with ws.session() as s:
        review = next(x for x in sheets_data.review_sheets(s, c.round_id) if x.expert == SIGNER)
    review_code = code_of(review.covered())

    report = verify_code(ws, review_code.lower().replace("-", " "))
    assert report.ok and report.checks[0].ident == review.ident()
    assert main(["--workspace", str(ws.root), "verify", result_code]) == 0
    assert "一致" in capsys.readouterr().out

    change_score(ws, c, review.number, SIGNER, "capacity", "10" if review.criteria[-1].value != "10.0" else "9")
    old_review = verify_code(ws, review_code)
    assert old_review.checks[0].status == "outdated"
    assert any("实施能力与保障" in d for d in old_review.checks[0].differences)
    old_result = verify_code(ws, result_code)
    assert old_result.checks[0].status == "changed"  # found in the record of what was printed
    assert old_result.checks[0].current_code not in (None, result_code)
    unknown = verify_code(ws, "RW-0000-0000-0000-0000")
    assert unknown.checks[0].status == "unknown" and not unknown.ok
    with pytest.raises(ValidationError):
        verify_code(ws, "not a code")
    assert main(["--workspace", str(ws.root), "verify", "nonsense-that-is-no-file"]) == 2


def test_a_pdf_without_embedded_data_is_checked_by_the_codes_in_its_text(
        built: tuple[Workspace, Committee, Path], tmp_path: Path) -> None:
    ws, c, _ = built
    with ws.session() as s:
        sheet = sheets_data.declaration_sheets(s, c.round_id, [CONFLICTED])[0]
    code = code_of(sheet.covered())
    path = tmp_path / "scanned.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, f"verification code {code}")
    canvas.save()
    report = verify_file(path, ws)
    assert report.kind == "sheets" and report.ok
    assert report.checks[0].kind == "declaration" and report.checks[0].ident == {"expert": CONFLICTED}


def test_verify_without_a_workspace_checks_the_file_alone(built: tuple[Workspace, Committee, Path],
                                                          tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    ws, c, root = built
    files = write_kinds(ws, c, root / "alone")
    nowhere = tmp_path / "no-workspace"
    assert main(["--workspace", str(nowhere), "verify", str(files["declaration"]), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {s["status"] for s in doc["sheets"]} == {"foreign"}
    assert not nowhere.exists()  # verifying never creates a workspace
    text = tmp_path / "notes.txt"
    text.write_text("just some text", encoding="utf-8")
    assert main(["--workspace", str(nowhere), "verify", str(text)]) == 2


# --------------------------------------------------------------------------- return files


def _return_file(ws: Workspace, c: Committee, path: Path, *, outer_key: Ed25519PrivateKey | None = None) -> None:
    key = c.keys[SIGNER]
    with ws.session() as s:
        expert = s.scalars(select(Expert).where(Expert.round_id == c.round_id, Expert.name == SIGNER)).one()
        payloads = [(json.loads(r.payload or "{}"), r.signature or "") for r in s.scalars(
            select(Review).where(Review.expert_id == expert.id, Review.status == "submitted"))]
        form_hash = expert.round.form_hash
        organisation = expert.organisation
    raw = return_json(round_uid=c.round_uid, round_name=ROUND_NAME, form_hash=form_hash, expert_name=SIGNER,
                      expert_organisation=organisation, expert_key=crypto.public_hex(key), signature_png=None,
                      reviews=payloads, declarations=[], exported_at="2026-03-20T08:00:00+00:00")
    write_return(path, raw, crypto.sign(outer_key or key, raw), dt.datetime(2026, 3, 20, tzinfo=dt.timezone.utc))


def test_a_return_file_says_whose_it_is_and_whether_it_is_intact(
        built: tuple[Workspace, Committee, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, c, _ = built
    good = tmp_path / "wang.rwreturn"
    _return_file(ws, c, good)
    report = verify_file(good, ws)
    assert report.kind == "return" and report.ok
    assert SIGNER in report.message and "所有签名均有效" in report.message
    assert report.details["workspace"]["key_matches"] is True
    assert "从未导入" in report.message

    bad = tmp_path / "forged.rwreturn"
    _return_file(ws, c, bad, outer_key=Ed25519PrivateKey.generate())
    forged = verify_file(bad, ws)
    assert forged.kind == "return" and not forged.ok
    assert "不完整" in forged.message
    assert main(["--workspace", str(ws.root), "verify", str(bad)]) == 1
    assert main(["--workspace", str(ws.root), "verify", str(good), "--json"]) == 0
    assert "wang.rwreturn" in capsys.readouterr().out


def test_edited_page_text_under_intact_embedded_data_is_detected(built: tuple[Workspace, Committee, Path]) -> None:
    ws, c, _ = built
    with ws.session() as s:
        sheet = sheets_data.review_sheets(s, c.round_id)[0]
        data = generate_sheets(s, c.round_id, "review", [f"{sheet.number}|{sheet.expert}"])
        entry = (find_manifest(data) or {})["sheets"][0]
        page = f"{sheet.number} {sheet.expert} {entry['code']} " + " ".join(
            line.value or "" for line in sheet.criteria)
        assert check_sheet(s, c.round_uid, entry, page_text=page + f" 总分 {sheet.total}").status == "match"
        edited = check_sheet(s, c.round_uid, entry, page_text=page + " 总分 99.99")
    assert edited.status == "altered" and sheet.total in edited.notes[0]


def test_a_forged_manifest_of_any_shape_gets_an_answer_not_a_crash(built: tuple[Workspace, Committee, Path]) -> None:
    ws, c, _ = built
    shapes = [{"sheet": "review", "v": 1, "round": c.round_uid, "dossier": "x", "scores": 5, "review": []},
              {"sheet": "dossier", "v": 1, "round": c.round_uid, "reviews": {"a": 1}, "flags": [1, 2]},
              {"sheet": "result", "v": 1, "round": c.round_uid, "rows": {"AI-2026-001": "x"}, "tiers": []}]
    idents = [{"dossier": c.numbers[0], "expert": SIGNER, "version": 1}, {"dossier": c.numbers[0]}, {}]
    with ws.session() as s:
        for covered, ident in zip(shapes, idents):
            kind = str(covered["sheet"])
            entry = {"kind": kind, "ident": ident, "code": code_of(covered), "covered": covered,
                     "first_page": 1, "pages": 1}
            check = check_sheet(s, c.round_uid, entry)
            assert check.status in ("changed", "missing", "outdated"), check
