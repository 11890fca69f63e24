"""The demo round's data and PDFs, and the synthetic benchmark PDFs.

The demo is what a newcomer sees first, so the checks are about what they
would notice: the dossiers open with an outline, the Chinese renders (the font
is embedded and covers every character), the text names the applicant and its
numbers, the planted conflict is findable in the text, the scores tell the
intended story on the real ``ai-demo`` form, and rebuilding the demo produces
the very same files.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from decimal import Decimal
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from pypdf.generic import DictionaryObject, IndirectObject

from forms.loader import load_builtin
from reviewer.demo_data import (
    DEMO_ASSIGNMENTS,
    DEMO_CONTROVERSIAL,
    DEMO_DECLARED_CONFLICT,
    DEMO_DOSSIERS,
    DEMO_EXPERTS,
    DEMO_PLANTED_CONFLICT,
    DEMO_REVIEWS,
    DEMO_ROUND,
    DemoDossier,
    demo_comment,
    demo_overall_comment,
    demo_recommendation,
    demo_review_values,
    demo_scores,
)
from reviewer.demo_pdfs import write_dossier_pdfs, write_synthetic_pdf
from reviewer.fonts import FONT_FILE, FONT_NAME, FONT_NAME_BOLD, register_reportlab_font

EXPERTS = {e.name: e for e in DEMO_EXPERTS}
DOSSIERS = {d.number: d for d in DEMO_DOSSIERS}
PLANTED_NUMBER, PLANTED_EXPERT = DEMO_PLANTED_CONFLICT
PLANTED_ORG = EXPERTS[PLANTED_EXPERT].organisation
CHAPTERS = ("一、申报单位基本情况", "二、项目概述", "三、技术方案", "四、经济社会效益", "五、实施计划")


@pytest.fixture(scope="module")
def planted_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path]]:
    """The planted-conflict dossier's PDFs, built once for the module (the slow part)."""
    return write_dossier_pdfs(DOSSIERS[PLANTED_NUMBER], tmp_path_factory.mktemp("planted"))


@pytest.fixture(scope="module")
def planted_text(planted_files: list[tuple[str, Path]]) -> dict[str, list[str]]:
    return {kind: [page.extract_text() for page in pypdf.PdfReader(path).pages] for kind, path in planted_files}


# ---------------------------------------------------------------------------
# fonts
# ---------------------------------------------------------------------------


def test_font_registration_is_idempotent_and_maps_bold() -> None:
    from reportlab.lib.fonts import tt2ps
    from reportlab.pdfbase import pdfmetrics

    assert FONT_FILE.is_file()
    assert register_reportlab_font() == FONT_NAME
    assert register_reportlab_font() == FONT_NAME
    assert FONT_NAME_BOLD in pdfmetrics.getRegisteredFontNames()
    assert tt2ps(FONT_NAME, 1, 0) == FONT_NAME_BOLD
    # The bold name is the same face: embedding it does not double the file size.
    assert pdfmetrics.getFont(FONT_NAME_BOLD).face is pdfmetrics.getFont(FONT_NAME).face


# ---------------------------------------------------------------------------
# demo data
# ---------------------------------------------------------------------------


def test_round_and_roster_shape() -> None:
    assert DEMO_ROUND.form_id == "ai-demo"
    assert DEMO_ROUND.rule == "trimmed"
    assert DEMO_ROUND.per_dossier == 3
    assert len(DEMO_DOSSIERS) == 12
    assert len(DOSSIERS) == 12, "dossier numbers must be unique"
    assert [d.number for d in DEMO_DOSSIERS] == [f"AI-2026-{i:03d}" for i in range(1, 13)]
    assert len(DEMO_EXPERTS) == 5 and len(EXPERTS) == 5
    assert len({e.organisation for e in DEMO_EXPERTS}) == 5
    assert len({d.applicant for d in DEMO_DOSSIERS}) == 12
    for d in DEMO_DOSSIERS:
        f = d.figures
        assert f["项目总投资（万元）"] > f["其中设备购置（万元）"] + f["其中研发投入（万元）"], d.number
        assert f["研发人员（人）"] < f["职工总数（人）"], d.number
        assert d.technologies and d.kpis and d.sites and d.partners and d.support_letters, d.number
        assert len(d.credit_code) == 18


def _dossier_strings(d: DemoDossier) -> list[str]:
    texts = [d.title, d.applicant, d.summary, d.contact, d.address, d.scenario, d.short_name, d.legal_rep]
    texts += [*d.partners, *d.support_letters, *d.pain_points, *d.data_sources, *d.sites, *d.qualifications]
    texts += [part for tech in d.technologies for part in tech]
    texts += [part for kpi in d.kpis for part in kpi]
    return texts


def test_only_the_planted_dossier_names_an_experts_organisation() -> None:
    hits = {
        (d.number, e.name)
        for d in DEMO_DOSSIERS
        for e in DEMO_EXPERTS
        if any(e.organisation in text for text in _dossier_strings(d))
    }
    assert hits == {DEMO_PLANTED_CONFLICT}
    planted = DOSSIERS[PLANTED_NUMBER]
    assert PLANTED_ORG in planted.partners and PLANTED_ORG in planted.support_letters


def test_conflicts_and_assignment_are_consistent() -> None:
    number, expert, kind, reason = DEMO_DECLARED_CONFLICT
    assert kind in {"same_org", "cooperation", "relative", "competitor", "other"}
    assert number in DOSSIERS and expert in EXPERTS and reason
    assert (number, expert) != DEMO_PLANTED_CONFLICT
    # Declared conflicts are invisible in the text: that is why they are declared.
    assert not any(EXPERTS[expert].organisation in t for t in _dossier_strings(DOSSIERS[number]))
    assert DEMO_PLANTED_CONFLICT not in DEMO_ASSIGNMENTS
    assert (number, expert) in DEMO_ASSIGNMENTS
    review_pairs = [(r.dossier_number, r.expert_name) for r in DEMO_REVIEWS]
    assert len(review_pairs) == len(set(review_pairs))
    assert (number, expert) not in review_pairs
    assert set(review_pairs) == set(DEMO_ASSIGNMENTS) - {(number, expert)}
    for d in DEMO_DOSSIERS:
        assert sum(1 for n, _ in review_pairs if n == d.number) == DEMO_ROUND.per_dossier
    load = [sum(1 for _, e in review_pairs if e == name) for name in EXPERTS]
    assert max(load) - min(load) <= 1
    statuses = [r.status for r in DEMO_REVIEWS]
    assert set(statuses) <= {"submitted", "draft", "not_started"}
    assert statuses.count("draft") >= 2 and statuses.count("submitted") >= 30
    assert all(r.status == "submitted" for r in DEMO_REVIEWS if r.dossier_number == DEMO_CONTROVERSIAL[0])


def test_scores_on_the_real_form_tell_the_intended_story() -> None:
    form = load_builtin(DEMO_ROUND.form_id)
    totals: dict[str, dict[str, Decimal]] = {}
    for review in DEMO_REVIEWS:
        values = demo_review_values(form, review.dossier_number, review.expert_name)
        assert set(values.scores) == {c.key for c in form.criteria}
        for key, value in values.scores.items():
            criterion = form.criterion(key)
            assert criterion.allows(value), (review, key, value)
            if criterion.needs_comment(value):
                assert values.comments.get(key), (review, key, value)
        assert values.vetoes == {v.key: False for v in form.vetoes}
        assert values.recommendation in {r.key for r in form.recommendations}
        assert values.overall_comment
        totals.setdefault(review.dossier_number, {})[review.expert_name] = form.total(values.scores)

    controversial, outlier = DEMO_CONTROVERSIAL
    harsh = "周正平"
    for number, by_expert in totals.items():
        spread = max(by_expert.values()) - min(by_expert.values())
        if number == controversial:
            others = [t for e, t in by_expert.items() if e != outlier]
            assert spread > DEMO_ROUND.spread_limit + 10
            assert all(t - by_expert[outlier] > DEMO_ROUND.spread_limit for t in others)
        else:
            assert spread < DEMO_ROUND.spread_limit, (number, by_expert)
            if harsh in by_expert:
                assert by_expert[harsh] == min(by_expert.values()), (number, by_expert)
                others = [t for e, t in by_expert.items() if e != harsh]
                assert statistics.mean(others) - by_expert[harsh] >= 5
    ranked = sorted(totals, key=lambda n: -statistics.mean(totals[n].values()))
    assert ranked[0] == "AI-2026-001" and ranked[-1] == "AI-2026-012"
    # A rerun gives the same scores.
    again = demo_review_values(form, controversial, outlier)
    assert again == demo_review_values(form, controversial, outlier)


@pytest.mark.parametrize(
    ("maximum", "step", "weights"),
    [
        (Decimal(20), Decimal(1), None),
        ({"a": Decimal(30), "b": Decimal(25), "c": Decimal(20), "d": Decimal(15), "e": Decimal(10)}, Decimal("0.5"),
         None),
        (Decimal(10), Decimal("0.5"), {"a": Decimal(40), "b": Decimal(30), "c": Decimal(10), "d": Decimal(10),
                                       "e": Decimal(10)}),
    ],
)
def test_demo_scores_are_on_grid_and_follow_quality(
    maximum: Decimal | dict[str, Decimal], step: Decimal, weights: dict[str, Decimal] | None
) -> None:
    keys = ["a", "b", "c", "d", "e"]
    maxima = maximum if isinstance(maximum, dict) else dict.fromkeys(keys, maximum)
    weight = weights or maxima
    scale = sum(weight.values())
    for review in DEMO_REVIEWS:
        scores = demo_scores(review.dossier_number, review.expert_name, keys, maximum, step, weights=weights)
        for key, value in scores.items():
            assert 0 <= value <= maxima[key] and value % step == 0
        total = sum(scores[k] / maxima[k] * weight[k] for k in keys) / scale * 100
        assert 40 <= total <= 95
    assert demo_scores("AI-2026-001", "李明哲", [], Decimal(10), Decimal(1)) == {}


def test_comments_name_the_dossier_and_recommendations_follow_quality() -> None:
    top = demo_comment("AI-2026-001", "赵雅琴", "innovation", "top")
    bottom = demo_comment("AI-2026-012", "周正平", "benefits", "bottom")
    assert top != bottom and top and bottom
    d1, d12 = DOSSIERS["AI-2026-001"], DOSSIERS["AI-2026-012"]
    assert any(t[0] in top for t in d1.technologies) or d1.scenario in top or str(d1.figures["发明专利（项）"]) in top
    assert "效益" in bottom or "产值" in bottom
    choices = ["recommend", "conditional", "not_recommended"]
    assert demo_recommendation("AI-2026-001", "赵雅琴", choices) == "recommend"
    assert demo_recommendation(*DEMO_CONTROVERSIAL, choices) == "not_recommended"
    assert "合规" in demo_overall_comment(*DEMO_CONTROVERSIAL)
    with pytest.raises(ValueError):
        demo_recommendation("AI-2026-001", "赵雅琴", [])


# ---------------------------------------------------------------------------
# dossier PDFs
# ---------------------------------------------------------------------------


def _outline_titles(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))  # type: ignore[attr-defined]

    walk(reader.outline)
    return found


def test_dossier_pdfs_are_real_documents(
    planted_files: list[tuple[str, Path]], planted_text: dict[str, list[str]]
) -> None:
    assert [kind for kind, _ in planted_files] == ["申报书", "附件"]
    form_path, attachment_path = (path for _, path in planted_files)
    assert form_path.parent == attachment_path.parent
    assert not [p for p in form_path.parent.iterdir() if p.name.startswith(".")], "temp files left behind"
    dossier = DOSSIERS[PLANTED_NUMBER]

    form_pages = planted_text["申报书"]
    assert 8 <= len(form_pages) <= 20
    assert len(planted_text["附件"]) >= 4
    whole = "".join(form_pages)
    assert dossier.applicant in form_pages[0] and dossier.title in form_pages[0]
    assert dossier.credit_code in whole
    assert f"{dossier.figures['项目总投资（万元）']:,.2f}" in whole  # "2,420.00"
    assert re.search(rf"第 3 页\s*/\s*共 {len(form_pages)} 页", form_pages[2])
    for chapter in CHAPTERS:
        assert chapter in whole
    # Real prose, not filler: the technical chapter alone runs to thousands of characters.
    start, end = whole.rindex("三、技术方案"), whole.rindex("四、经济社会效益")
    assert end - start > 3000

    reader = pypdf.PdfReader(form_path)
    outline = _outline_titles(reader)
    titles = [title for title, _ in outline]
    for chapter in CHAPTERS:
        assert chapter in titles
    assert any(title.startswith("（一）") for title in titles)
    for title, page in outline:
        if title in CHAPTERS:
            assert title in form_pages[page], f"outline entry {title} points at page {page + 1}"
    assert reader.metadata is not None and reader.metadata.title and dossier.title in reader.metadata.title


def test_planted_conflict_is_in_the_text(planted_text: dict[str, list[str]]) -> None:
    attachment = "".join(planted_text["附件"])
    assert PLANTED_ORG in attachment
    assert "支持函" in attachment and "合作协议" in attachment
    assert PLANTED_ORG in "".join(planted_text["申报书"])


def test_other_dossiers_name_no_experts_organisation(tmp_path: Path) -> None:
    files = write_dossier_pdfs(DOSSIERS["AI-2026-001"], tmp_path)
    text = "".join(page.extract_text() for _, path in files for page in pypdf.PdfReader(path).pages)
    assert DOSSIERS["AI-2026-001"].applicant in text
    for expert in DEMO_EXPERTS:
        assert expert.organisation not in text
        assert expert.name not in text


def test_dossier_pdfs_are_byte_identical_on_rebuild(planted_files: list[tuple[str, Path]], tmp_path: Path) -> None:
    again = write_dossier_pdfs(DOSSIERS[PLANTED_NUMBER], tmp_path)
    assert [p.name for _, p in again] == [p.name for _, p in planted_files]
    for (_, first), (_, second) in zip(planted_files, again):
        assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    # Overwriting in place gives the same bytes too.
    write_dossier_pdfs(DOSSIERS[PLANTED_NUMBER], tmp_path)
    assert [p.read_bytes() for _, p in again] == [p.read_bytes() for _, p in planted_files]


def _fonts_in(resources: object, seen: set[int]) -> list[DictionaryObject]:
    """Every font dictionary reachable from a resource dictionary, forms included."""
    if isinstance(resources, IndirectObject):
        resources = resources.get_object()
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return []
    seen.add(id(resources))
    fonts = [f.get_object() for f in resources.get("/Font", DictionaryObject()).get_object().values()]
    for xobject in resources.get("/XObject", DictionaryObject()).get_object().values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            fonts += _fonts_in(xobject["/Resources"], seen)
    return fonts


def test_every_font_is_embedded_and_covers_the_text(
    planted_files: list[tuple[str, Path]], planted_text: dict[str, list[str]]
) -> None:
    from reportlab.pdfbase import pdfmetrics

    for _, path in planted_files:
        reader = pypdf.PdfReader(path)
        fonts: list[DictionaryObject] = []
        seen: set[int] = set()
        for page in reader.pages:
            fonts += _fonts_in(page.get("/Resources"), seen)
        assert fonts
        for font in fonts:
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, f"{path.name}: font {font.get('/BaseFont')} has no descriptor"
            assert "/FontFile2" in descriptor.get_object(), f"{path.name}: {font.get('/BaseFont')} not embedded"
    # Every character the reader gets back has a glyph in the font (no tofu boxes).
    cmap = pdfmetrics.getFont(register_reportlab_font()).face.charToGlyph
    text = "".join("".join(pages) for pages in planted_text.values())
    missing = {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}
    assert not missing


def test_pages_render_with_ink(planted_files: list[tuple[str, Path]]) -> None:
    """The cover and a prose page render to something that is neither blank nor a black box."""
    pdf = pypdfium2.PdfDocument(str(planted_files[0][1]))
    try:
        for index in (0, 6):
            bitmap = pdf[index].render(scale=40 / 72, grayscale=True)
            pixels = bytes(bitmap.buffer)
            rows = [pixels[r * bitmap.stride: r * bitmap.stride + bitmap.width] for r in range(bitmap.height)]
            dark = sum(sum(1 for px in row if px < 128) for row in rows) / (bitmap.width * bitmap.height)
            assert 0.005 < dark < 0.2, (index, dark)
    finally:
        pdf.close()


# ---------------------------------------------------------------------------
# synthetic PDFs
# ---------------------------------------------------------------------------


def test_synthetic_pdf_has_the_requested_pages_and_is_deterministic(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    write_synthetic_pdf(first, 37, seed=5)
    write_synthetic_pdf(second, 37, seed=5)
    write_synthetic_pdf(other, 37, seed=6)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    reader = pypdf.PdfReader(first)
    assert len(reader.pages) == 37
    text = reader.pages[36].extract_text()
    assert "第 37 页 / 共 37 页" in text
    assert sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") > 500
    assert len(pypdf.PdfReader(tmp_path / "c.pdf").pages) == 37
    write_synthetic_pdf(tmp_path / "one.pdf", 1, seed=0)
    assert len(pypdf.PdfReader(tmp_path / "one.pdf").pages) == 1
    with pytest.raises(ValueError):
        write_synthetic_pdf(tmp_path / "none.pdf", 0, seed=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf", "c.pdf", "one.pdf"]


def test_synthetic_pdf_is_fast(tmp_path: Path) -> None:
    import time

    started = time.perf_counter()
    write_synthetic_pdf(tmp_path / "big.pdf", 300, seed=1)
    elapsed = time.perf_counter() - started
    assert len(pypdf.PdfReader(tmp_path / "big.pdf").pages) == 300
    assert elapsed < 4.0, f"300 pages took {elapsed:.1f}s"
