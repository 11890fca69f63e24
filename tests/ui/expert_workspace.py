"""An expert's workspace made the way a real one is: a secretary's round, a signed bundle, an import.

Shared by ``test_expert_desk.py`` and the screenshot script ``screenshot_expert.py``
(not a test module itself). The secretary's side is written with the ORM (dossier
rows over real PDFs in the store), then ``bundle.export_bundles`` signs one bundle
per expert and ``bundle.import_bundle`` brings the expert's into a second workspace,
exactly as on the expert's laptop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from db.models import Assignment, Dossier, DossierFile, Expert
from forms.loader import load_builtin
from reviewer import rounds
from reviewer.bundle import export_bundles, import_bundle
from reviewer.demo_data import DEMO_DOSSIERS, DEMO_EXPERTS, DEMO_ROUND
from reportlab.pdfgen.canvas import Canvas

from reviewer.demo_pdfs import write_dossier_pdfs
from reviewer.fonts import register_reportlab_font
from reviewer.pdfinfo import sha256_file
from reviewer.workspace import Workspace, set_setting

EXPERT = DEMO_EXPERTS[0].name
OTHER = DEMO_EXPERTS[1].name


@dataclass
class ExpertSetup:
    secretary: Workspace
    expert: Workspace
    round_id: int
    round_uid: str
    numbers: list[str]
    bundle: Path
    other_bundle: Path

    def close(self) -> None:
        self.expert.close()
        self.secretary.close()


def _pages(path: Path) -> int:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def write_pdf(path: Path, pages: int, label: str) -> None:
    """A small PDF without an outline: "<label> 第 n 页" on each page (QtPdf warns on some outlines)."""
    font = register_reportlab_font()
    canvas = Canvas(str(path), pagesize=(595, 842), invariant=1)
    for n in range(1, pages + 1):
        canvas.setFont(font, 20)
        canvas.drawString(72, 760, f"{label} 第 {n} 页")
        canvas.setFont(font, 11)
        for line in range(30):
            canvas.drawString(72, 720 - line * 20, f"第 {n} 页第 {line + 1} 行：申报材料正文 application text")
        canvas.showPage()
    canvas.save()


def build(root: Path, *, dossiers: int = 3, realistic: bool = False, synthetic_pages: Sequence[int] = (3, 5),
          expert_dir: str = "expert") -> ExpertSetup:
    """A secretary's round on the ai-demo form with ``dossiers`` dossiers, all assigned to EXPERT.

    ``realistic`` writes the demo's Chinese application dossiers (reportlab, slower);
    otherwise each dossier gets short synthetic files of ``synthetic_pages`` pages.
    OTHER has the first dossier too, so a second bundle exists (for the "other expert" refusal).
    """
    pdf_dir = root / "pdfs"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    secretary = Workspace.open(root / "secretary")
    chosen = DEMO_DOSSIERS[:dossiers]
    with secretary.session() as s:
        set_setting(s, "role", "secretary")
        rnd = rounds.create_round(s, name=DEMO_ROUND.name, form=load_builtin("ai-demo"), rule="mean", per_dossier=1,
                                  actor="test")
        me = Expert(round_id=rnd.id, name=EXPERT, organisation=DEMO_EXPERTS[0].organisation,
                    field=DEMO_EXPERTS[0].field, email=DEMO_EXPERTS[0].email)
        other = Expert(round_id=rnd.id, name=OTHER, organisation=DEMO_EXPERTS[1].organisation,
                       field=DEMO_EXPERTS[1].field, email=DEMO_EXPERTS[1].email)
        s.add_all([me, other])
        s.flush()
        for i, demo in enumerate(chosen):
            if realistic:
                files = write_dossier_pdfs(demo, pdf_dir)
            else:
                files = []
                for j, pages in enumerate(synthetic_pages):
                    path = pdf_dir / f"{demo.number}-{j}.pdf"
                    write_pdf(path, pages, f"{demo.number} 文件{j + 1}")
                    files.append(("申报书" if j == 0 else "附件", path))
            dossier = Dossier(round_id=rnd.id, number=demo.number, title=demo.title, applicant=demo.applicant,
                              category=demo.category, level=demo.level)
            rows = []
            for position, (role, path) in enumerate(files):
                sha = sha256_file(path)
                secretary.store_file(path, sha)
                rows.append(DossierFile(position=position, role=role, name=path.name, sha256=sha,
                                        size=path.stat().st_size, pages=_pages(path)))
            dossier.files = rows
            s.add(dossier)
            s.flush()
            s.add(Assignment(round_id=rnd.id, dossier_id=dossier.id, expert_id=me.id, source="manual"))
            if i == 0:
                s.add(Assignment(round_id=rnd.id, dossier_id=dossier.id, expert_id=other.id, source="manual"))
        s.flush()
        round_id, round_uid = rnd.id, rnd.uid
    exported = export_bundles(secretary, round_id, root / "bundles")
    by_expert = {row["expert"]: Path(row["file"]) for row in exported}
    expert = Workspace.open(root / expert_dir)
    summary = import_bundle(expert, by_expert[EXPERT])
    return ExpertSetup(secretary, expert, summary.round_id, round_uid, [d.number for d in chosen],
                       by_expert[EXPERT], by_expert[OTHER])
