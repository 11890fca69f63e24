"""The official sheets: content, page furniture, fonts, the DRAFT mark, big rounds and long text.

PDFs are read back with pypdf. Page numbering is per sheet ("第 x 页 共 y 页"
counts the pages of that sheet), so the embedded manifest says where each sheet
starts and how long it is, and every page is checked against it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject
from sqlalchemy import select

from db.models import AuditEntry, Round
from reviewer import sheets_data
from reviewer.cli import main
from reviewer.sheets import (
    DRAFT_MARK,
    SHEET_KINDS,
    generate_sheets,
    list_sheets,
    render_pdf,
    safe_name,
    write_sheets,
)
from reviewer.verification import MANIFEST_NAME, code_of, qr_text
from reviewer.workspace import Workspace
from sheets_helpers import CONFLICT_NUMBER, CONFLICTED, EXPERTS, ROUND_NAME, SIGNER, Committee, build_committee

PROGRAMME = "人工智能创新应用示范项目"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Committee]]:
    ws = Workspace.open(tmp_path_factory.mktemp("sheets") / "ws")
    committee = build_committee(ws, dossiers=4)
    try:
        yield ws, committee
    finally:
        ws.close()


def pdf(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def manifest(reader: PdfReader) -> dict[str, Any]:
    return json.loads(reader.attachments[MANIFEST_NAME][0])


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_page_numbers(reader: PdfReader) -> None:
    """Every page of every sheet says 第 k 页 共 n 页 for its place in its own sheet, and carries its code."""
    pages = texts(reader)
    doc = manifest(reader)
    covered = 0
    for entry in doc["sheets"]:
        first, count = entry["first_page"], entry["pages"]
        assert count >= 1
        for k in range(count):
            text = squash(pages[first - 1 + k])
            assert f"第{k + 1}页共{count}页" in text, (entry["kind"], entry["ident"], k)
            assert entry["code"] in text
        covered += count
    assert covered == len(pages)


# --------------------------------------------------------------------------- each kind


def test_review_sheet_shows_the_signed_review(built: tuple[Workspace, Committee]) -> None:
    ws, c = built
    with ws.session() as s:
        sheets = sheets_data.review_sheets(s, c.round_id)
        data = generate_sheets(s, c.round_id, "review", [f"{c.numbers[0]}|{sheets[0].expert}"])
    sheet = sheets[0]
    reader = pdf(data)
    text = squash("".join(texts(reader)))
    for needed in (PROGRAMME, ROUND_NAME, sheet.number, sheet.title, sheet.applicant, sheet.expert, sheet.organisation,
                   "专家评分表", "技术创新性与先进性", "否决项", "推荐意见", "专家综合意见", f"评审意见第{sheet.version}版",
                   "电子签名有效"):
        assert squash(needed) in text, needed
    for line in sheet.criteria:
        assert squash(f"{line.title}{line.max}{line.weight}{line.value}{line.points}") in text
    assert squash(f"总分（满分100）{sheet.total}") in text
    assert sheet.comment[:30] in text
    assert "2026年3月20日" in text  # the submission date next to the signature
    check_page_numbers(reader)
    entry = manifest(reader)["sheets"][0]
    assert entry["kind"] == "review" and entry["ident"] == sheet.ident()
    assert entry["code"] == code_of(sheet.covered())


def test_review_sheet_carries_the_handwritten_signature_image(built: tuple[Workspace, Committee]) -> None:
    ws, c = built
    with ws.session() as s:
        mine = [x for x in sheets_data.review_sheets(s, c.round_id) if x.expert == SIGNER]
        others = [x for x in sheets_data.review_sheets(s, c.round_id) if x.expert != SIGNER]
        signed = generate_sheets(s, c.round_id, "review", [f"{mine[0].number}|{SIGNER}"])
        unsigned = generate_sheets(s, c.round_id, "review", [f"{others[0].number}|{others[0].expert}"])

    def images(data: bytes) -> int:
        count = 0
        for page in pdf(data).pages:
            xobjects = page["/Resources"].get("/XObject") or {}
            count += sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
        return count

    assert images(signed) == 1
    assert images(unsigned) == 0


def test_declaration_sheet_lists_conflicts_or_none(built: tuple[Workspace, Committee]) -> None:
    ws, c = built
    with ws.session() as s:
        conflicted = generate_sheets(s, c.round_id, "declaration", [CONFLICTED])
        clean = generate_sheets(s, c.round_id, "declaration", [SIGNER])
    text = squash("".join(texts(pdf(conflicted))))
    assert "回避声明" in text and CONFLICTED in text
    assert CONFLICT_NUMBER in text and "合作关系" in text and "技术顾问" in text and "本人声明" in text
    clean_text = squash("".join(texts(pdf(clean))))
    assert "一、需要回避的申报序号申报编号项目名称申报单位回避类型理由声明时间无" in clean_text
    assert "确认不存在利害关系的申报" in clean_text
    check_page_numbers(pdf(conflicted))


def test_dossier_summary_shows_totals_rules_flags_decision_and_signature_lines(
        built: tuple[Workspace, Committee]) -> None:
    ws, c = built
    with ws.session() as s:
        sheet = sheets_data.dossier_sheets(s, c.round_id, [CONFLICT_NUMBER])[0]
        data = generate_sheets(s, c.round_id, "dossier", [CONFLICT_NUMBER])
    text = squash("".join(texts(pdf(data))))
    assert "评审意见汇总表" in text and CONFLICT_NUMBER in text
    for e in sheet.experts:
        assert e.expert in text and e.total is not None and e.total in text
    assert sheet.aggregate is not None and squash(f"汇总得分（算术平均）{sheet.aggregate}") in text
    assert "其他汇总规则（仅供参考）：去掉最高最低分平均" in text  # the other rules, in small print
    assert "回避" in text and "评审意见不足" in text  # the flags
    assert "经评审委员会讨论核实" in text  # how they were resolved
    assert "五、评审委员会决定" in text and "评审委员会主任" in text
    assert squash(f"回避专家（不参与本项评审）：{CONFLICTED}（合作关系）") in text
    for name, _ in sheet.panel:
        assert squash(f"评审专家{name}") in text
    assert CONFLICTED not in [n for n, _ in sheet.panel]
    check_page_numbers(pdf(data))


def test_result_sheet_ranks_totals_and_committee(built: tuple[Workspace, Committee]) -> None:
    ws, c = built
    with ws.session() as s:
        sheet = sheets_data.result_sheet(s, c.round_id)
        data = generate_sheets(s, c.round_id, "result")
    reader = pdf(data)
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = squash("".join(texts(reader)))
    for row in sheet.rows:
        assert squash(row.number) in text and squash(row.title) in text
    assert "按等级合计" in text and "示范项目" in text and "未获奖励" in text
    assert "汇总规则：算术平均（mean）" in text
    for name, _ in EXPERTS:
        assert squash(f"评审委员{name}") in text
    assert "评审委员会主任" in text and "日期：" in text
    # the first dossier was overridden to no award: its reason shows, and the totals follow the decision
    overridden = next(r for r in sheet.rows if r.number == c.numbers[0])
    assert overridden.tier is None and "委员会调整" in overridden.note
    awarded = sum(1 for r in sheet.rows if r.tier)
    tier = next(t for t in sheet.tiers if t.key == "demonstration")
    assert tier.count == awarded and tier.total == str(50 * awarded)
    check_page_numbers(reader)


def test_every_font_is_embedded(built: tuple[Workspace, Committee]) -> None:
    ws, c = built
    with ws.session() as s:
        files = [generate_sheets(s, c.round_id, kind) for kind, _, _ in SHEET_KINDS]

    def fonts(resources: DictionaryObject, seen: set[int]) -> Iterator[DictionaryObject]:
        for ref in (resources.get("/Font") or {}).values():
            yield ref.get_object()
        for ref in (resources.get("/XObject") or {}).values():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            obj = ref.get_object()
            if key in seen or obj.get("/Subtype") != "/Form" or "/Resources" not in obj:
                continue
            seen.add(key)
            yield from fonts(obj["/Resources"].get_object(), seen)

    for data in files:
        found = 0
        for page in pdf(data).pages:
            for font in fonts(page["/Resources"].get_object(), set()):
                found += 1
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, font.get("/BaseFont")
                assert "WenQuanYi" in str(font["/BaseFont"])
        assert found
    if shutil.which("pdffonts"):
        for data in files:
            out = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=False).stdout.decode()
            rows = [line for line in out.splitlines()[2:] if line.strip()]
            assert rows and all(" yes " in line.split("WinAnsi", 1)[-1] for line in rows), out


def test_every_page_carries_a_qr_code_that_reads_back_as_its_sheet(built: tuple[Workspace, Committee]) -> None:
    """Rendered as a printer would (pypdfium2, 150 dpi) and read by a QR decoder: the text is the
    sheet's ``qr_text``, Chinese included, on every page of every kind."""
    import pypdfium2 as pdfium
    import zxingcpp

    ws, c = built
    with ws.session() as s:
        files = {kind: generate_sheets(s, c.round_id, kind) for kind, _, _ in SHEET_KINDS}
        expected = {kind: {code_of(x.covered()): qr_text(x, code_of(x.covered()))
                           for x in sheets_data.sheets_of_kind(s, c.round_id, kind)} for kind in files}
    for kind, data in files.items():
        doc = manifest(pdf(data))
        document = pdfium.PdfDocument(data)
        for entry in doc["sheets"]:
            for k in range(entry["pages"]):
                image = document[entry["first_page"] - 1 + k].render(scale=150 / 72, grayscale=True).to_pil()
                found = [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
                assert found == [expected[kind][entry["code"]]], (kind, entry["ident"], k)
        document.close()


# --------------------------------------------------------------------------- the DRAFT mark


def test_draft_mark_until_the_round_is_finalised(built: tuple[Workspace, Committee], tmp_path: Path) -> None:
    ws, c = built
    with ws.session() as s:
        draft = generate_sheets(s, c.round_id, "result")
    assert all(DRAFT_MARK in t for t in texts(pdf(draft)))
    assert manifest(pdf(draft))["draft"] is True

    final_ws = Workspace.open(tmp_path / "final")
    try:
        final = build_committee(final_ws, dossiers=3, finalised=True)
        with final_ws.session() as s:
            clean = generate_sheets(s, final.round_id, "result")
            forced = generate_sheets(s, final.round_id, "result", draft=True)
            reviews = generate_sheets(s, final.round_id, "review")
    finally:
        final_ws.close()
    assert not any(DRAFT_MARK in t or "草稿" in t for t in texts(pdf(clean)))
    assert not any(DRAFT_MARK in t for t in texts(pdf(reviews)))
    assert manifest(pdf(clean))["draft"] is False
    assert all(DRAFT_MARK in t for t in texts(pdf(forced)))


# --------------------------------------------------------------------------- big rounds, long text


def _positions(reader: PdfReader) -> Iterator[tuple[int, float, float, str, float, float]]:
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        found: list[tuple[float, float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float,
                  found: list[tuple[float, float, str]] = found) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((x, y, text))

        page.extract_text(visitor_text=visit)
        for x, y, text in found:
            yield number, x, y, text, width, height


@pytest.mark.slow
def test_200_dossiers_and_a_300_character_title_stay_on_the_page(tmp_path: Path) -> None:
    title = ("面向城市治理的多模态大模型智能决策平台研发与示范应用" * 12)[:300]
    assert len(title) == 300
    ws = Workspace.open(tmp_path / "big")
    try:
        c = build_committee(ws, dossiers=200, long_title=title, decide=False)
        with ws.session() as s:
            result = generate_sheets(s, c.round_id, "result")
            dossier = generate_sheets(s, c.round_id, "dossier", [c.numbers[0]])
            review = generate_sheets(s, c.round_id, "review", [c.numbers[0]])
    finally:
        ws.close()
    reader = pdf(result)
    assert len(reader.pages) > 5
    check_page_numbers(reader)
    text = squash("".join(texts(reader)))
    assert all(n in text for n in c.numbers)  # all 200 rows, none lost at a page break
    for data in (dossier, review):
        assert squash(title) in squash("".join(texts(pdf(data))))  # the whole title, nothing clipped
    # in the ranking the title wraps inside its cell, line by line beside the other cells: every
    # character is there, in order, on the row's page
    page_of_row = next(t for t in texts(reader) if c.numbers[0] in t)
    rest = iter(squash(page_of_row))
    assert all(ch in rest for ch in title)
    for data in (result, dossier, review):
        for number, x, y, fragment, width, height in _positions(pdf(data)):
            assert -1 <= x <= width and -1 <= y <= height, (number, x, y, fragment)
    # the header row repeats on every page of the ranking table
    for page_text in texts(reader)[:-1]:
        assert "排名申报编号项目名称申报单位得分等级" in squash(page_text)
    # body text never runs into the footer: every row sits above the footer rule (31 mm)
    for number, x, y, fragment, width, height in _positions(reader):
        if re.fullmatch(r"AI-2026-\d{3}", fragment.strip()):
            assert y > 31 * 72 / 25.4, (number, fragment, y)


def test_a_long_comment_splits_across_pages(built: tuple[Workspace, Committee]) -> None:
    ws, c = built
    with ws.session() as s:
        sheet = sheets_data.review_sheets(s, c.round_id)[0]
    long_comment = "\n".join(f"第{i}点：" + "评审意见正文需要完整打印，不得被截断。" * 12 for i in range(1, 30))
    from dataclasses import replace

    rendered = render_pdf([replace(sheet, comment=long_comment)])
    reader = pdf(rendered.data)
    assert len(reader.pages) >= 3
    furniture = ("核验码", "核验本表", "生成时间", "草稿 DRAFT", f"{PROGRAMME} · ", "专家评分表", "专家综合意见")
    body = []
    for page_text in texts(reader):
        lines = [line for line in page_text.splitlines()
                 if not any(f in line for f in furniture) and not re.fullmatch(r"\s*(第|共) \d+ 页\s*", line)]
        body.append("".join(lines))
    text = squash("".join(body))
    assert squash(long_comment) in text  # every line, in order, across the page breaks
    check_page_numbers(reader)


def test_a_criterion_comment_longer_than_a_page_continues_on_the_next(built: tuple[Workspace, Committee]) -> None:
    ws, c = built
    with ws.session() as s:
        sheet = sheets_data.review_sheets(s, c.round_id)[0]
    from dataclasses import replace

    comment = "".join(f"第{i}句评语需要完整打印。" for i in range(1, 400))
    criteria = (replace(sheet.criteria[0], comment=comment), *sheet.criteria[1:])
    reader = pdf(render_pdf([replace(sheet, criteria=criteria)]).data)
    assert len(reader.pages) >= 3
    pages = texts(reader)
    assert squash(pages[1]).count("序号评分项满分权重得分折算分评语") == 1  # the header row repeats once per page
    rest = iter(squash("".join(pages)))
    assert all(ch in rest for ch in comment)
    for i in (1, 200, 399):
        assert f"第{i}句评语需要完整打印" in squash("".join(pages))
    check_page_numbers(reader)


# --------------------------------------------------------------------------- writing a folder, the command line


def test_write_sheets_writes_the_folder_and_records_the_codes(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    try:
        c = build_committee(ws, dossiers=3)
        out = tmp_path / "out"
        written = write_sheets(ws, c.round_id, out)
        names = sorted(str(w.file.relative_to(out)) for w in written)
        assert "评审结果汇总表（草稿）.pdf" in names and "专家评分表（草稿）.pdf" in names
        assert "回避声明（草稿）.pdf" in names and "评审意见汇总表（草稿）.pdf" in names
        assert f"按申报/{c.numbers[0]}（草稿）.pdf" in names and f"按专家/{SIGNER}（草稿）.pdf" in names
        assert not list(out.rglob("*.part"))
        per_dossier = PdfReader(out / "按申报" / f"{c.numbers[0]}（草稿）.pdf")
        kinds = [e["kind"] for e in manifest(per_dossier)["sheets"]]
        assert kinds[0] == "dossier" and set(kinds[1:]) == {"review"}
        with ws.session() as s:
            issued = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "sheets.issue")))
            entries = list_sheets(s, c.round_id)
        codes = {x["code"] for e in issued for x in e.detail["sheets"]}
        assert {code for w in written for code in w.codes} == codes
        assert len(entries) == sum(w.sheets for w in written if w.file.parent == out)
    finally:
        ws.close()


def test_cli_sheets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = Workspace.open(tmp_path / "ws")
    try:
        c = build_committee(ws, dossiers=2, finalised=True)
    finally:
        ws.close()
    out = tmp_path / "out"
    assert main(["--workspace", str(tmp_path / "ws"), "sheets", "--round", str(c.round_id), "--out", str(out),
                 "--no-split", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [Path(r["file"]).name for r in rows] == ["评审结果汇总表.pdf", "评审意见汇总表.pdf", "专家评分表.pdf", "回避声明.pdf"]
    assert not (out / "按申报").exists()
    assert main(["--workspace", str(tmp_path / "ws"), "sheets", "--round", str(c.round_id), "--out", str(out),
                 "--draft"]) == 0
    said = capsys.readouterr().out
    assert "草稿 DRAFT" in said
    assert (out / "评审结果汇总表（草稿）.pdf").is_file()
    assert all(DRAFT_MARK in t for t in texts(PdfReader(out / "评审结果汇总表（草稿）.pdf")))
    assert main(["--workspace", str(tmp_path / "ws"), "sheets", "--round", "99", "--out", str(out)]) == 2


def test_safe_name_keeps_names_inside_the_folder() -> None:
    assert safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_name("a:b*c?d") == "a_b_c_d"
    assert safe_name("...") == "_"
    assert len(safe_name("长" * 300)) == 80


def test_round_data_is_read_once_per_session_and_dropped_on_any_write(demo_copy: Workspace) -> None:
    from db.models import Review

    with demo_copy.session() as s:
        rid = s.scalars(select(Round.id)).one()
        first = {x.number: x for x in sheets_data.dossier_sheets(s, rid)}
        assert sheets_data._round_data(s, rid) is sheets_data._round_data(s, rid)
        number = next(n for n, x in first.items() if len(x.experts) >= 2)
        review = s.scalars(select(Review).join(Review.dossier).where(
            Review.current.is_(True), Review.status == "submitted", Review.dossier.has(number=number))).first()
        assert review is not None
        review.current = False
        review.status = "discarded"
        s.flush()
        again = {x.number: x for x in sheets_data.dossier_sheets(s, rid)}
        assert len(again[number].experts) == len(first[number].experts) - 1
        s.rollback()
        assert len({x.number: x for x in sheets_data.dossier_sheets(s, rid)}[number].experts) \
            == len(first[number].experts)


def test_one_line_cells_become_plain_strings_and_long_ones_stay_paragraphs() -> None:
    from reportlab.platypus import Paragraph

    from reviewer.sheets import _grid, _p, _Styles

    st = _Styles()
    long_text = "人工智能赋能制造业高质量发展" * 12
    table = _grid([[_p("序号", st.head), _p("名称", st.head)],
                   [_p("1", st.cell_c), _p(long_text, st.cell)],
                   [_p("2", st.cell_c), _p("短名称  两个空格", st.cell)]], [40, 200])
    cells = table._cellvalues
    assert cells[0] == ["序号", "名称"] and cells[1][0] == "1" and cells[2][0] == "2"
    assert isinstance(cells[1][1], Paragraph)  # wraps: laid out as a paragraph
    assert not isinstance(cells[2][1], str)  # a run of spaces: a paragraph would collapse it
    w, h = table.wrap(240, 1000)
    styles = table._cellStyles
    assert styles[1][0].alignment == "CENTER" and styles[0][1].alignment == "CENTER"
    assert styles[1][0].fontsize == st.cell_c.fontSize and styles[1][0].leading == st.cell_c.leading
    assert h > 3 * st.cell.leading


def test_dossier_summary_marks_a_review_whose_stored_payload_no_longer_matches_its_signature(
        demo_copy: Workspace) -> None:
    from db.models import Review

    with demo_copy.session() as s:
        review = s.scalars(select(Review).where(Review.current.is_(True), Review.status == "submitted",
                                                Review.signature.is_not(None))).first()
        assert review is not None and review.payload
        review.payload = review.payload.replace('"comment":"', '"comment":"（改）', 1)
        target = (review.dossier.number, review.expert.name)
        rid = review.round_id
    with demo_copy.session() as s:
        statuses = {(x.number, e.expert): e.signature_status
                    for x in sheets_data.dossier_sheets(s, rid) for e in x.experts}
    assert statuses[target] == "invalid"
    assert {v for k, v in statuses.items() if k != target} <= {"valid", "paper"}
    assert "valid" in statuses.values()
