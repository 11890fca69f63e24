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


def test_one_line_cells_become_plain_text_and_long_ones_stay_paragraphs() -> None:
    from reportlab.platypus import Paragraph

    from reviewer.sheet_grid import Text
    from reviewer.sheets import _grid, _p, _Styles

    st = _Styles()
    long_text = "人工智能赋能制造业高质量发展" * 12
    grid = _grid([[_p("序号", st.head), _p("名称", st.head)],
                  [_p("1", st.cell_c), _p(long_text, st.cell)],
                  [_p("2", st.cell_c), _p("短名称  两个空格", st.cell)]], [40, 200])
    cells = [row.cells for row in grid.rows]
    assert [c.text for c in cells[0]] == ["序号", "名称"] and cells[1][0].text == "1" and cells[2][0].text == "2"
    assert all(isinstance(c, Text) for c in (*cells[0], cells[1][0], cells[2][0]))
    assert cells[1][0].style is st.cell_c and cells[0][1].style is st.head  # font, size, colour, alignment
    assert isinstance(cells[1][1], Paragraph)  # wraps: laid out as a paragraph
    assert not isinstance(cells[2][1], Text)  # a run of spaces: a paragraph would collapse it
    w, h = grid.wrap(240, 1000)
    assert w == 240 and h > 3 * st.cell.leading


# --------------------------------------------------------------------------- the grid itself


#: The frame of the small test pages: 260 pt wide, 360 pt high.
_ROOM = 360.0


def _grid_document(flowables: list[Any]) -> bytes:
    """``flowables`` laid out on small pages (300 x 400 pt) in a frame of 260 x ``_ROOM`` pt."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(300, _ROOM + 40))
    frame = Frame(20, 20, 260, _ROOM, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(frames=[frame])])
    doc.build(flowables)
    return buffer.getvalue()


def _page_texts(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return [squash(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def _bitmaps(data: bytes, dpi: int = 100) -> list[Any]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def _numbered_grid(count: int, **kwargs: Any) -> Any:
    """A header row ("编号 名称") and ``count`` rows "N号 第N行"."""
    from reviewer.sheets import _grid, _p, _Styles

    st = _Styles()
    rows = [[_p("编号", st.head), _p("名称", st.head)]]
    rows += [[_p(f"{i}号", st.cell_c), _p(f"第{i}行", st.cell)] for i in range(1, count + 1)]
    return _grid(rows, [60, 200], **kwargs)


def test_a_grid_longer_than_a_page_breaks_between_rows_with_the_header_row_repeated() -> None:
    pages = _page_texts(_grid_document([_numbered_grid(60)]))
    assert len(pages) >= 3
    seen = []
    for text in pages:
        assert text.startswith("编号名称")  # the header row heads every page
        seen += [int(n) for n in re.findall(r"(\d+)号第\1行", text)]  # each row whole, both cells
    assert seen == list(range(1, 61))  # every row once, in order


def test_a_grid_row_taller_than_a_page_continues_on_the_next() -> None:
    from reviewer.sheets import _grid, _p, _Styles

    st = _Styles()
    long_text = "".join(f"第{i}句需要完整打印。" for i in range(1, 200))
    grid = _grid([[_p("项", st.head), _p("内容", st.head)], [_p("甲", st.cell_c), _p(long_text, st.cell)],
                  [_p("乙", st.cell_c), _p("末行", st.cell)]], [40, 220])
    assert len(grid.rows) > 3  # the long row became several, each shorter than a page
    pages = _page_texts(_grid_document([grid]))
    assert len(pages) >= 3 and all(text.startswith("项内容") for text in pages)
    rest = iter("".join(pages))
    assert all(ch in rest for ch in long_text + "乙末行")  # nothing lost at the breaks, in order


def test_a_grid_that_cannot_break_after_its_header_moves_to_the_next_page() -> None:
    from reportlab.platypus import Spacer

    grid = _numbered_grid(3)
    grid.wrap(260, 1000)
    header, first = grid._heights[0], grid._heights[1]
    assert grid.split(260, header + first - 1) == []  # the header alone would be left: no split
    top, rest = grid.split(260, header + first + 1)
    assert [len(top.rows), len(rest.rows)] == [2, 3]
    assert rest.rows[0] is grid.rows[0]  # the header row again
    # on a page: placed where only the header and no row would fit, the whole grid goes over
    pages = _page_texts(_grid_document([Spacer(0, _ROOM - header - first / 2), grid]))
    assert len(pages) == 2 and "编号" not in pages[0] and pages[1].startswith("编号名称1号")


def test_nosplit_rows_stay_on_one_page() -> None:
    from reportlab.platypus import Spacer

    kept = _numbered_grid(10, extra=[("NOSPLIT", (0, 3), (0, 4))])
    free = _numbered_grid(10)
    kept.wrap(260, 1000)
    room = sum(kept._heights[:4]) + kept._heights[4] / 2  # the header and rows 1 to 3, half of row 4
    assert [len(part.rows) for part in free.split(260, room)] == [4, 8]  # the break after row 3 ...
    top, rest = kept.split(260, room)
    assert [len(top.rows), len(rest.rows)] == [3, 9]  # ... moves up: rows 3 and 4 stay together
    assert rest.rows[1] is kept.rows[3]
    pages = _page_texts(_grid_document([Spacer(0, _ROOM - room), kept]))
    assert pages[0].endswith("2号第2行") and pages[1].startswith("编号名称3号第3行4号第4行")


def test_a_labelled_box_never_leaves_its_label_alone_at_the_foot_of_a_page() -> None:
    from reportlab.platypus import Spacer

    from reviewer.sheets import _box, _Styles

    st = _Styles()
    box = _box(st, "处理情况", "\n".join(f"第{i}条处理意见。" for i in range(1, 9)), 260)
    box.wrap(260, 1000)
    label, first = box._heights[0], box._heights[1]
    # room for the label and half a line: the label does not stay behind alone
    assert box.split(260, label + first / 2) == []
    pages = _page_texts(_grid_document([Spacer(0, _ROOM - label - first / 2), box]))
    assert "处理情况" not in pages[0] and pages[1].startswith("处理情况第1条处理意见")
    # room for the label and three lines: it breaks there, the label repeated on top of the rest
    top, rest = box.split(260, label + 3 * first + 1)
    assert len(top.rows) == 4 and rest.rows[0] is box.rows[0]


def test_a_grid_draws_backgrounds_spans_and_rules_where_they_belong() -> None:
    """Rendered: the header row and the label cell are shaded, the rule between the spanned
    columns stops at the spanning row, and the box closes the grid."""
    from reviewer.sheets import _GREY, _grid, _HEAD_BG, _LABEL_BG, _p, _Styles

    st = _Styles()
    rows = [[_p("甲", st.head), _p("乙", st.head), _p("丙", st.head)],
            [_p("标签", st.label), _p("值", st.cell), _p("值", st.cell)],
            [_p("合并", st.label), _p("跨两列的值", st.cell), ""],
            [_p("小字", st.small_cell), _p("值", st.cell), _p("值", st.cell)]]
    grid = _grid(rows, [80, 80, 80], extra=[("SPAN", (1, 2), (2, 2)), ("BACKGROUND", (0, 1), (0, 1), _LABEL_BG)])
    scale = 4  # 288 dpi: a pixel is a quarter of a point
    page = _bitmaps(_grid_document([grid]), dpi=72 * scale)[0]
    tops = [20 + grid._tops[0] - y for y in grid._tops]  # the frame's top is 20 pt below the page's
    cols = [20 + x for x in grid._cols]

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        return page.getpixel((round(x * scale), round(y * scale)))

    def shade(colour: Any) -> tuple[int, ...]:
        return tuple(round(v * 255) for v in (colour.red, colour.green, colour.blue))

    def middle(r: int) -> float:
        return (tops[r] + tops[r + 1]) / 2

    assert pixel(cols[0] + 2, tops[0] + 2) == shade(_HEAD_BG) == pixel(cols[2] + 78, tops[0] + 2)
    assert pixel(cols[0] + 2, middle(1)) == shade(_LABEL_BG)
    assert pixel(cols[1] + 2, middle(1)) == (255, 255, 255) == pixel(cols[0] + 2, middle(2))
    for r in (0, 1, 3):  # the rule between the second and third columns runs through these rows ...
        assert max(pixel(cols[2], middle(r))) < 128, r
    assert min(pixel(cols[2], middle(2))) == 255  # ... but not through the spanning cell
    assert max(pixel(cols[3], middle(2))) < 128 and max(pixel(cols[1], middle(2))) < 128
    assert max(pixel(cols[0] + 40, tops[4])) < 128 and max(pixel(cols[0] + 40, tops[0])) < 128  # the box

    def inside(c: int, r: int) -> Any:  # a cell less its rules
        return page.crop((round((cols[c] + 1) * scale), round((tops[r] + 1) * scale),
                          round((cols[c + 1] - 1) * scale), round((tops[r + 1] - 1) * scale))).convert("L")

    # grey small print is drawn grey, black text black
    assert shade(_GREY)[0] - 2 <= inside(0, 3).getextrema()[0] < 200  # drawn, and never darker than grey
    assert inside(1, 3).getextrema()[0] < 40


def test_a_grid_draws_the_pages_reportlab_table_drew() -> None:
    """The grid replaced reportlab's Table: for the same cells and style commands it lays out and
    draws the same pages, pixel for pixel: page breaks (with and without header rows), rules at
    the breaks, spans, backgrounds, NOSPLIT, paddings, vertical alignment, rows of fixed height
    and GRID rules included."""
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    from reviewer.sheet_grid import Grid, Row, Text
    from reviewer.sheets import _esc, _Styles

    st = _Styles()
    widths = [36.0, 104.0, 60.0, 60.0]
    header = [("序号", st.head), ("名称", st.head), ("数量", st.head), ("备注", st.head)]
    body: list[list[Any]] = []
    spans: dict[int, tuple[int, int]] = {}
    valign = {16: "TOP", 17: "BOTTOM"}  # rows with a tall cell, the others at its top or foot
    for i in range(1, 41):
        if i % 7 == 0:
            spans[i] = (1, 3)
            body.append([(str(i), st.cell_c), Paragraph(_esc("跨列的长文本，" * (i // 3)), st.cell), "", ""])
        elif i % 11 == 0:  # a section row: small print across the row, over empty cells of the default leading
            spans[i] = (0, 3)
            body.append([(f"第{i // 11}部分", st.small_cell), "", "", ""])
        elif i in valign:
            body.append([(str(i), st.cell_c), Paragraph(_esc("多行文本" * 12), st.cell), (f"{i}", st.cell_r), ""])
        else:
            body.append([(str(i), st.cell_c), (f"第{i}项", st.cell), (f"{i * 1.5:.2f}", st.cell_r),
                         ("备注" * (i % 3), st.small_cell)])
    rows = [header, *body]
    backgrounds = [("BACKGROUND", 0, 0, -1, 0, colors.Color(0.9, 0.9, 0.9))]
    backgrounds += [("BACKGROUND", 0, r, 0, r, colors.Color(0.95, 0.95, 0.95)) for r in range(5, 41, 5)]
    backgrounds += [("BACKGROUND", 1, r, 1, r, colors.Color(0.8, 0.9, 1)) for r in spans]
    rules = [("BOX", 0, 0, -1, -1, 0.5, colors.black), ("LINEAFTER", 0, 0, -2, -1, 0.5, colors.black),
             ("LINEBELOW", 0, 0, -1, -2, 0.5, colors.black)]
    keep = [("NOSPLIT", 0, 12, 0, 13)]
    fixed = {20: 40.0}  # one row of fixed height
    tight = {9: (1.0, 1.5)}  # one row with its own padding

    table = Table([[cell if not isinstance(cell, tuple) else cell[0] for cell in row] for row in rows],
                  colWidths=widths, rowHeights=[fixed.get(r) for r in range(len(rows))], repeatRows=1,
                  splitByRow=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), st.cell.fontName), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    for r, (top, bottom) in tight.items():
        commands += [("TOPPADDING", (0, r), (-1, r), top), ("BOTTOMPADDING", (0, r), (-1, r), bottom)]
    commands += [("VALIGN", (0, r), (-1, r), how) for r, how in valign.items()]
    for r, (c0, c1) in spans.items():
        commands.append(("SPAN", (c0, r), (c1, r)))
    for op, sc, sr, ec, er, *args in backgrounds + rules + keep:
        commands.append((op, (sc, sr), (ec, er), *args))
    align = {0: "LEFT", 1: "CENTER", 2: "RIGHT"}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if isinstance(cell, tuple):
                style = cell[1]
                commands += [("FONT", (c, r), (c, r), style.fontName, style.fontSize, style.leading),
                             ("ALIGN", (c, r), (c, r), align[style.alignment]),
                             ("TEXTCOLOR", (c, r), (c, r), style.textColor)]
    table.setStyle(TableStyle(commands))

    def grid_cell(cell: Any) -> Any:
        if cell == "":
            return None
        if isinstance(cell, tuple):
            return Text(cell[0], stringWidth(cell[0], cell[1].fontName, cell[1].fontSize), cell[1])
        return cell

    grid = Grid([Row([grid_cell(cell) for cell in row], top=tight.get(r, (2.5, 3.0))[0],
                     bottom=tight.get(r, (2.5, 3.0))[1], valign=valign.get(r, "MIDDLE"), height=fixed.get(r),
                     spans=[spans[r]] if r in spans else ())
                 for r, row in enumerate(rows)], widths, header_rows=1, padding=(3, 3), backgrounds=backgrounds,
                rules=rules, keep=keep)
    # and a GRID-ruled list of rows of fixed height (the signature lines), itself longer than a page
    names = [[f"委员{i}", "单位" * (i % 4)] for i in range(24)]
    signatures = Table([["姓名", "工作单位"], *names], colWidths=[80, 180], repeatRows=1, hAlign="LEFT",
                       rowHeights=[None] + [30.0] * len(names))
    signatures.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                    ("FONT", (0, 0), (-1, -1), st.cell.fontName, 9, 12),
                                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    signature_grid = Grid([Row([Text(text, stringWidth(text, st.cell.fontName, 9), st.cell) for text in row], top=3,
                               bottom=3, height=None if r == 0 else 30.0)
                           for r, row in enumerate([["姓名", "工作单位"], *names])], [80, 180], header_rows=1,
                          rules=[("GRID", 0, 0, -1, -1, 0.5, colors.black)])
    # and a label/value block without header rows, its label column shaded, longer than a page
    pairs = [[f"标签{i}", "值" * (i % 9 + 1)] for i in range(30)]
    shaded = colors.Color(0.95, 0.95, 0.95)
    block_rules = [("BOX", 0, 0, -1, -1, 0.5, colors.black), ("LINEAFTER", 0, 0, -2, -1, 0.5, colors.black),
                   ("LINEBELOW", 0, 0, -1, -2, 0.5, colors.black)]
    block = Table(pairs, colWidths=[60, 200], hAlign="LEFT")
    block.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), st.cell.fontName, 9, 12),
                               ("BACKGROUND", (0, 0), (0, -1), shaded),
                               *[(op, (sc, sr), (ec, er), *args) for op, sc, sr, ec, er, *args in block_rules]]))
    block_grid = Grid([Row([Text(text, stringWidth(text, st.cell.fontName, 9), st.cell) for text in row], top=3,
                           bottom=3) for row in pairs], [60, 200],
                      backgrounds=[("BACKGROUND", 0, 0, 0, -1, shaded)], rules=block_rules)
    expected = _bitmaps(_grid_document([table, signatures, block]))
    drawn = _bitmaps(_grid_document([grid, signature_grid, block_grid]))
    assert len(expected) >= 6 and len(drawn) == len(expected)
    for k, (a, b) in enumerate(zip(expected, drawn)):
        assert a.tobytes() == b.tobytes(), f"page {k + 1} differs"


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
