"""The official sheets of the full round: every 评审意见汇总表 and the 评审结果汇总表.

ours: ``sheets.generate_dossier_summaries`` (all dossiers, one PDF) and
``sheets.generate_result_sheet`` in one session, as the GUI's print action calls them.

baseline: reportlab's platypus writing a minimal table document of the same number
of pages: on every page one 20-row, 6-column grid table of short Chinese text in the
same bundled TrueType font (Chinese needs it; the font is embedded and subset just
as the sheets' is). It is the cost of "reportlab lays out and writes that many
table pages", without anything the sheets add (their data, codes, QR codes,
signature lines, headers and footers).
"""

from __future__ import annotations

import io
import time

from bench.harness import Result
from bench.measures import Context


def minimal_table_document(pages: int) -> tuple[float, int]:
    """(seconds, pages written) for the baseline document."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

    from reviewer.fonts import register_reportlab_font

    font = register_reportlab_font()
    written = 0

    def count(_canvas: object, _doc: object) -> None:
        nonlocal written
        written += 1

    t0 = time.perf_counter()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    style = TableStyle([("FONT", (0, 0), (-1, -1), font, 9), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    story = []
    for page in range(pages):
        rows = [[f"第{page + 1}页", "专家", "创新性", "先进性", "效益", "总分"]]
        rows += [[f"{r + 1}", f"评审专家{r + 1}", "8.5", "7.0", "9.0", f"{80 + r % 20}.50"] for r in range(19)]
        story.append(Table(rows, style=style))
        if page < pages - 1:
            story.append(PageBreak())
    doc.build(story, onFirstPage=count, onLaterPages=count)
    return time.perf_counter() - t0, written


def run(ctx: Context) -> list[Result]:
    import pypdfium2 as pdfium

    from reviewer import sheets
    from reviewer.workspace import Workspace

    full = ctx.data.full
    result = Result("sheets", f"sheets: {full.dossiers} 评审意见汇总表 + 评审结果汇总表", "ratio", 2.0, "s", [], [],
                    "minimal reportlab table document, same page count", {"dossiers": full.dossiers})
    pages = 0
    with Workspace.open(full.ws) as ws:
        for i in range(ctx.repeat):
            if i and ctx.over_budget(result):
                break
            if i % 2 == 1 and pages:
                seconds, _ = minimal_table_document(pages)
                result.base.append(seconds)
            with ws.session() as s:
                t0 = time.perf_counter()
                summaries = sheets.generate_dossier_summaries(s, full.round_id)
                mid = time.perf_counter()
                overview = sheets.generate_result_sheet(s, full.round_id)
                result.ours.append(time.perf_counter() - t0)
            summary_pages = len(pdfium.PdfDocument(summaries))
            result_pages = len(pdfium.PdfDocument(overview))
            pages = summary_pages + result_pages
            result.details.update(summary_pages=summary_pages, result_pages=result_pages,
                                  summaries_s=round(mid - t0, 2), result_s=round(result.ours[-1] - (mid - t0), 2),
                                  summary_bytes=len(summaries), result_bytes=len(overview))
            if i % 2 == 0:
                seconds, written = minimal_table_document(pages)
                result.base.append(seconds)
                result.details["baseline_pages"] = written
            ctx.log(f"  sheets [{i + 1}/{ctx.repeat}] ours {result.ours[-1]:.1f} s ({pages} pages), "
                    f"baseline {result.base[-1]:.1f} s")
    result.details["runs"] = len(result.ours)
    return [result]
