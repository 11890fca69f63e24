"""The dossier viewer: pages, zoom, find, outline, thumbnails, positions, notes, passwords, bad files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reviewer.demo_pdfs import write_synthetic_pdf
from reviewer.fonts import register_reportlab_font
from reviewer.reading import ReadingPosition, ReadingStore
from reviewer.workspace import Workspace
from ui import i18n, messages
from ui.qt_pdf_notes import NoteDialog, NotesPanel
from ui.qt_pdf_pageview import PdfPageView, ZoomMode
from ui.qt_pdf_thumbs import MARGIN_ROWS, ThumbnailView
from ui.qt_pdfviewer import DossierViewer, PasswordDialog, ViewerFile

pytestmark = pytest.mark.qt

WAIT_MS = 10_000
PAGES = 12
#: Pages (0-based) of the test document that contain 关键技术.
KEY_PAGES = [2, 5, 8, 11]
CORPUS_ROOT = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdf"
CORPUS_FILES = (sorted(str(p.relative_to(CORPUS_ROOT)) for p in CORPUS_ROOT.glob("*/*.pdf"))
                if CORPUS_ROOT.is_dir() else ["absent"])
#: Known passwords of the corpus's encrypted files (see its README).
CORPUS_PASSWORDS = {"pypdf__encrypted-file.pdf": "test",
                    "sample-files__005-libreoffice-writer-password_libreoffice-writer-password.pdf": "openpassword"}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_chinese_pdf(path: Path) -> Path:
    """Twelve A4 pages of Chinese text with a two-level outline.

    Page ``p`` (1-based) starts with "第p页 项目申报书"; pages 3, 6, 9 and 12 contain
    关键技术 once. Outline: 第一章 → p1 (child 小节一 → p2), 第二章 → p4 (child 小节二 → p5),
    第三章 → p8. Destinations are /XYZ, as word processors write them.
    """
    font = register_reportlab_font()
    canvas = Canvas(str(path), pagesize=A4)
    chapters = {1: "第一章 概述", 4: "第二章 技术方案", 8: "第三章 预期成效"}
    sections = {2: "小节一", 5: "小节二"}
    for page in range(1, PAGES + 1):
        canvas.setFont(font, 20)
        canvas.drawString(72, 770, f"第{page}页 项目申报书")
        canvas.setFont(font, 12)
        for line in range(30):
            extra = "关键技术突破" if page % 3 == 0 and line == 5 else ""
            canvas.drawString(72, 730 - 20 * line, f"人工智能融合应用示范项目 段落{line} 技术创新点{extra}")
        key = f"p{page}"
        canvas.bookmarkPage(key, fit="XYZ", left=0, top=842)
        if page in chapters:
            canvas.addOutlineEntry(chapters[page], key, level=0)
        elif page in sections:
            canvas.addOutlineEntry(sections[page], key, level=1)
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("viewer-pdfs")
    write_chinese_pdf(folder / "chinese.pdf")
    write_synthetic_pdf(folder / "long.pdf", 200, seed=7)
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    writer = PdfWriter(clone_from=PdfReader(folder / "chinese.pdf"))
    writer.encrypt(user_password="s3cret", owner_password="owner-pw", algorithm="AES-256")
    with open(folder / "locked.pdf", "wb") as out:
        writer.write(out)
    return folder


def vfile(label: str, path: Path, verified: bool = True) -> ViewerFile:
    """A file as the desk passes it: from the workspace store, already checked at import."""
    return ViewerFile(label, path, _sha(path) if path.exists() else "0" * 64, verified)


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    """The application's default language, whatever an earlier test switched to."""
    i18n.install_language("zh_CN")


@pytest.fixture
def viewer(qtbot: QtBot) -> Iterator[DossierViewer]:
    widget = DossierViewer()
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.set_files([])


def open_files(qtbot: QtBot, viewer: DossierViewer, files: list[ViewerFile],
               store: ReadingStore | None = None, current: int = 0) -> None:
    """Show ``files`` and wait until the first page is painted."""
    with qtbot.waitSignal(viewer.firstPagePainted, timeout=WAIT_MS):
        viewer.set_files(files, store, current)


def page_view(viewer: DossierViewer) -> PdfPageView:
    view = viewer.findChild(PdfPageView, "pageView")
    assert view is not None
    return view


def dark_pixels(viewer: DossierViewer) -> int:
    """Dark pixels on the visible page: > 0 only once its text is rendered, not a blank page."""
    view = page_view(viewer)
    image = view.viewport().grab().toImage()
    page = view.page_rect(view.current_page()).intersected(view.viewport().rect())
    count = 0
    for y in range(page.top() + 2, page.bottom() - 2, 3):
        for x in range(page.left() + 2, page.right() - 2, 3):
            if QColor(image.pixel(x, y)).lightness() < 100:
                count += 1
    return count


# --- opening and pages -------------------------------------------------------------------------


def test_opens_chinese_file_and_paints_text(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    files = [vfile("申报书", pdf_dir / "chinese.pdf"), vfile("附件1", pdf_dir / "long.pdf")]
    seen: list[tuple[object, ...]] = []
    viewer.fileChanged.connect(lambda sha: seen.append(("file", sha)))
    viewer.pageChanged.connect(lambda page, count: seen.append(("page", page, count)))
    open_files(qtbot, viewer, files)
    assert seen == [("file", files[0].sha256), ("page", 0, PAGES)]
    assert viewer.page_count() == PAGES
    assert viewer.current_page() == 0
    assert viewer.current_file() == files[0]
    assert viewer.error_message() is None
    assert dark_pixels(viewer) > 200


def test_page_navigation_and_signals(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    with qtbot.waitSignal(viewer.pageChanged, timeout=WAIT_MS) as blocker:
        viewer.next_page()
    assert blocker.args == [1, PAGES]
    with qtbot.waitSignal(viewer.pageChanged, timeout=WAIT_MS) as blocker:
        viewer.go_to(6)
    assert blocker.args == [6, PAGES]
    viewer.previous_page()
    assert viewer.current_page() == 5
    viewer.go_to(99)
    assert viewer.current_page() == PAGES - 1
    viewer.next_page()
    assert viewer.current_page() == PAGES - 1
    viewer.go_to(-5)
    assert viewer.current_page() == 0
    viewer.previous_page()
    assert viewer.current_page() == 0
    viewer.last_page()
    assert viewer.current_page() == PAGES - 1
    viewer.first_page()
    assert viewer.current_page() == 0


def test_scrolling_moves_the_current_page(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    view = page_view(viewer)
    top_of_page_4 = view.page_rect(4).top() + view.verticalScrollBar().value()
    with qtbot.waitSignal(viewer.pageChanged, timeout=WAIT_MS) as blocker:
        view.verticalScrollBar().setValue(top_of_page_4 + 20)
    assert blocker.args == [4, PAGES]
    qtbot.waitUntil(lambda: dark_pixels(viewer) > 200, timeout=WAIT_MS)


def test_keyboard_shortcuts(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    view = page_view(viewer)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert viewer.current_page() == 1
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert viewer.current_page() == PAGES - 1
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert viewer.current_page() == PAGES - 2
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert viewer.current_page() == 0

    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    spin = viewer.findChild(QWidget, "pageSpin")
    assert spin is not None and spin.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "7")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert viewer.current_page() == 6

    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is viewer.findChild(QLineEdit, "findEdit")


def test_shortcuts_stay_inside_the_viewer(qtbot: QtBot, pdf_dir: Path) -> None:
    """Embedded in a form, the viewer's keys do not steal the form's; its slots still work."""
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    field = QLineEdit()
    viewer = DossierViewer()
    layout.addWidget(field)
    layout.addWidget(viewer)
    host.resize(900, 800)
    host.show()
    qtbot.waitExposed(host)
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(field, Qt.Key.Key_PageDown)
    qtbot.keyClick(field, Qt.Key.Key_F3)
    assert viewer.current_page() == 0
    assert field.hasFocus()
    viewer.next_page()
    assert viewer.current_page() == 1
    assert field.hasFocus()
    viewer.set_files([])


def test_chinese_page_indicator_and_language_switch(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    try:
        open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
        viewer.go_to(4)
        spin = viewer.findChild(QWidget, "pageSpin")
        assert spin is not None
        assert spin.text() == "第 5 页 / 共 12 页"  # type: ignore[attr-defined]
        hit_label_tip = viewer.findChild(QLineEdit, "findEdit")
        assert hit_label_tip is not None and hit_label_tip.placeholderText() == "在文件中查找 (Ctrl+F)"
    finally:
        i18n.install_language("en")
    # Switching the language at run time re-labels the open viewer.
    qtbot.waitUntil(lambda: spin.text() == "Page 5 of 12", timeout=WAIT_MS)  # type: ignore[attr-defined]


# --- zoom --------------------------------------------------------------------------------------


def test_zoom_fit_width_and_position_kept(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    view = page_view(viewer)
    assert viewer.zoom_spec() == "fit-width"
    rect = view.page_rect(0)
    assert abs(view.viewport().width() - rect.width() - 2 * 12) <= 2

    viewer.go_to(6)
    fit = viewer.zoom_factor()
    with qtbot.waitSignal(view.zoomChanged, timeout=WAIT_MS):
        viewer.zoom_in()
    assert view.zoom_mode() is ZoomMode.CUSTOM
    assert viewer.zoom_factor() > fit
    assert viewer.current_page() == 6
    viewer.zoom_out()
    viewer.zoom_out()
    assert viewer.zoom_factor() < fit
    assert viewer.current_page() == 6
    viewer.set_zoom(1.0)
    assert viewer.zoom_spec() == "1"
    assert abs(view.page_rect(6).width() - A4[0] * view.logicalDpiX() / 72) <= 1

    viewer.fit_page()
    assert viewer.zoom_spec() == "fit-page"
    assert view.page_rect(6).height() <= view.viewport().height()
    assert viewer.current_page() == 6

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_spec() == "fit-width"
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_mode() is ZoomMode.CUSTOM
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_factor() == pytest.approx(fit, rel=0.35)


def test_resize_keeps_the_page(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    viewer.go_to(7)
    viewer.resize(600, 700)
    qtbot.waitUntil(lambda: page_view(viewer).viewport().width() < 500, timeout=WAIT_MS)
    assert viewer.current_page() == 7
    assert page_view(viewer).page_rect(7).top() <= 12
    viewer.resize(1300, 800)
    qtbot.waitUntil(lambda: page_view(viewer).viewport().width() > 900, timeout=WAIT_MS)
    assert viewer.current_page() == 7


# --- find --------------------------------------------------------------------------------------


def test_find_chinese_text(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    with qtbot.waitSignal(viewer.searchFinished, timeout=WAIT_MS) as blocker:
        viewer.find("关键技术")
    assert blocker.args == [len(KEY_PAGES)]
    assert viewer.hit_count() == len(KEY_PAGES)
    assert viewer.current_hit() == (KEY_PAGES[0], 0)
    assert viewer.current_page() == KEY_PAGES[0]
    hit_label = viewer.findChild(QWidget, "hitLabel")
    assert hit_label is not None and hit_label.text() == "第 1 处 / 共 4 处"  # type: ignore[attr-defined]

    viewer.find_next()
    assert viewer.current_hit() == (KEY_PAGES[1], 0)
    view = page_view(viewer)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F3)
    assert viewer.current_page() == KEY_PAGES[2]
    qtbot.keyClick(view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert viewer.current_page() == KEY_PAGES[1]
    viewer.find_previous()
    viewer.find_previous()
    assert viewer.current_hit() == (KEY_PAGES[-1], 0)  # wraps around


def test_find_starts_at_the_current_page_and_highlights(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    viewer.go_to(7)
    with qtbot.waitSignal(viewer.searchFinished, timeout=WAIT_MS):
        viewer.find("关键技术")
    assert viewer.current_hit() == (8, 0)
    # The hit is drawn: orange pixels of the current-hit highlight appear on the page.
    view = page_view(viewer)
    image = view.viewport().grab().toImage()
    orange = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
                 if (c := QColor(image.pixel(x, y))).red() > 200 and 90 < c.green() < 200 and c.blue() < 120)
    assert orange > 20


def test_find_without_hits_and_clear(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    with qtbot.waitSignal(viewer.searchFinished, timeout=WAIT_MS) as blocker:
        viewer.find("量子纠缠")
    assert blocker.args == [0]
    assert viewer.current_hit() is None
    assert viewer.current_page() == 0
    viewer.clear_find()
    assert viewer.hit_count() == 0


def test_find_by_typing(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    edit = viewer.findChild(QLineEdit, "findEdit")
    assert edit is not None
    edit.setFocus()
    typed = QInputMethodEvent()  # what a Chinese input method sends when a word is committed
    typed.setCommitString("关键技术")
    with qtbot.waitSignal(viewer.searchFinished, timeout=WAIT_MS):
        QApplication.sendEvent(edit, typed)
    assert viewer.current_page() == KEY_PAGES[0]
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert viewer.current_page() == KEY_PAGES[1]
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert viewer.current_page() == KEY_PAGES[0]
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == ""


# --- side panel --------------------------------------------------------------------------------


def test_outline_is_populated_and_jumps(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    from PySide6.QtWidgets import QTreeView

    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    tree = viewer.findChild(QTreeView, "outline")
    assert tree is not None
    model = tree.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=WAIT_MS)  # read just after the first paint
    titles = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert titles == ["第一章 概述", "第二章 技术方案", "第三章 预期成效"]
    assert model.index(0, 0, model.index(1, 0)).data() == "小节二"
    assert tree.isVisible()  # the outline tab is chosen for a file that has one
    with qtbot.waitSignal(viewer.pageChanged, timeout=WAIT_MS) as blocker:
        tree.clicked.emit(model.index(2, 0))
    assert blocker.args == [7, PAGES]
    tree.clicked.emit(model.index(0, 0, model.index(1, 0)))
    assert viewer.current_page() == 4


def test_thumbnails_render_lazily(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path, qtmodeltester: object) -> None:
    open_files(qtbot, viewer, [vfile("附件", pdf_dir / "long.pdf")])
    thumbs = viewer.findChild(ThumbnailView, "thumbnails")
    assert thumbs is not None
    side = thumbs.parentWidget()
    while side is not None and side.objectName() != "sidePanel":
        side = side.parentWidget()
    model = thumbs.thumbnail_model()
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=WAIT_MS)  # given the pages after the first paint
    assert not thumbs.isVisible() and not thumbs.requested  # the file has an outline: its tab is shown instead
    side.setCurrentWidget(thumbs)  # type: ignore[union-attr]
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(thumbs.requested) and thumbs.requested <= set(model.pictures()), timeout=WAIT_MS)
    visible = thumbs.visible_rows()
    assert 0 < len(visible) < 15
    assert len(thumbs.requested) <= len(visible) + 2 * MARGIN_ROWS
    assert max(thumbs.requested) < visible.stop + MARGIN_ROWS

    thumbs.scrollToBottom()
    qtbot.waitUntil(lambda: 199 in model.pictures(), timeout=WAIT_MS)
    assert len(thumbs.requested) <= 2 * (len(visible) + 2 * MARGIN_ROWS)

    with qtbot.waitSignal(viewer.pageChanged, timeout=WAIT_MS) as blocker:
        thumbs.clicked.emit(model.index(190, 0))
    assert blocker.args == [190, 200]
    viewer.go_to(3)
    assert thumbs.currentIndex().row() == 3


# --- reading positions -------------------------------------------------------------------------


def test_reopens_at_the_last_page_read(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path,
                                       workspace: Workspace) -> None:
    store = ReadingStore(workspace)
    files = [vfile("申报书", pdf_dir / "chinese.pdf"), vfile("附件1", pdf_dir / "long.pdf")]
    open_files(qtbot, viewer, files, store)
    viewer.go_to(8)
    viewer.fit_page()
    assert store.position(files[0].sha256) == ReadingPosition()  # debounced: not yet written
    qtbot.waitUntil(lambda: store.position(files[0].sha256) == ReadingPosition(8, "fit-page"), timeout=1500)

    with qtbot.waitSignal(viewer.firstPagePainted, timeout=WAIT_MS):
        viewer.set_current_file(1)
    viewer.go_to(120)
    viewer.set_zoom(1.5)
    with qtbot.waitSignal(viewer.firstPagePainted, timeout=WAIT_MS):
        viewer.set_current_file(0)  # switching files saves at once
    assert store.position(files[1].sha256) == ReadingPosition(120, "1.5")
    assert viewer.current_page() == 8

    viewer.go_to(3)
    viewer.hide()  # hiding (closing the window) saves at once
    assert store.position(files[0].sha256).page == 3

    again = DossierViewer()
    qtbot.addWidget(again)
    again.resize(1000, 800)
    again.show()
    open_files(qtbot, again, files, store, current=1)
    assert again.current_page() == 120
    assert again.zoom_spec() == "1.5"
    assert dark_pixels(again) > 200
    again.set_current_file(0)
    assert again.current_page() == 3
    assert again.zoom_spec() == "fit-page"
    again.set_files([])


def test_without_store_positions_live_in_memory(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    files = [vfile("申报书", pdf_dir / "chinese.pdf"), vfile("附件1", pdf_dir / "long.pdf")]
    open_files(qtbot, viewer, files)
    viewer.go_to(5)
    viewer.set_current_file(1)
    assert viewer.current_page() == 0
    viewer.set_current_file(0)
    assert viewer.current_page() == 5
    notes = viewer.findChild(NotesPanel, "notes")
    assert notes is not None and not notes.add_button.isEnabled()


# --- notes -------------------------------------------------------------------------------------


def test_notes_add_edit_jump_delete(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path, workspace: Workspace,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    store = ReadingStore(workspace)
    chinese = vfile("申报书", pdf_dir / "chinese.pdf")
    open_files(qtbot, viewer, [chinese], store)
    panel = viewer.findChild(NotesPanel, "notes")
    assert panel is not None
    answers: list[str | None] = [None, "预算表与附件3不一致", "预算表与附件3的合计不一致"]
    prompts: list[tuple[str, str]] = []

    def fake_ask(cls: type, parent: QWidget | None, title: str, prompt: str, text: str = "") -> str | None:
        prompts.append((prompt, text))
        return answers.pop(0)

    monkeypatch.setattr(NoteDialog, "ask", classmethod(fake_ask))
    viewer.go_to(4)
    panel.add_button.click()  # cancelled
    assert store.notes(chinese.sha256) == []
    panel.add_button.click()
    [note] = store.notes(chinese.sha256)
    assert (note.page, note.text) == (4, "预算表与附件3不一致")
    assert "5" in prompts[-1][0]
    assert panel.list.count() == 1 and "预算表" in panel.list.item(0).text()
    assert panel.page_counts() == {4: 1}

    panel.list.setCurrentRow(0)
    panel.edit_button.click()
    assert prompts[-1][1] == "预算表与附件3不一致"
    assert [n.text for n in store.notes(chinese.sha256)] == ["预算表与附件3的合计不一致"]

    viewer.go_to(0)
    with qtbot.waitSignal(viewer.pageChanged, timeout=WAIT_MS) as blocker:
        panel.list.itemActivated.emit(panel.list.item(0))
    assert blocker.args == [4, PAGES]

    # The page carries a marker; clicking it shows the note in the panel.
    view = page_view(viewer)
    panel.list.setCurrentRow(-1)
    marker = view.page_rect(4).topRight() + QPoint(-8 - 9, 8 + 9)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=marker)
    assert panel.isVisible() and panel.list.currentRow() == 0

    monkeypatch.setattr(messages.MessageBox, "ask", classmethod(lambda cls, parent, title, text: False))
    panel.delete_button.click()
    assert len(store.notes(chinese.sha256)) == 1
    monkeypatch.setattr(messages.MessageBox, "ask", classmethod(lambda cls, parent, title, text: True))
    panel.delete_button.click()
    assert store.notes(chinese.sha256) == []
    assert panel.list.count() == 0 and panel.page_counts() == {}


def test_note_error_is_shown_not_raised(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path, workspace: Workspace,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store = ReadingStore(workspace)
    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")], store)
    panel = viewer.findChild(NotesPanel, "notes")
    assert panel is not None
    shown: list[str] = []
    monkeypatch.setattr(messages.MessageBox, "error", classmethod(lambda cls, parent, title, text: shown.append(text)))
    monkeypatch.setattr(NoteDialog, "ask", classmethod(lambda cls, parent, title, prompt, text="": "x" * 30_000))
    panel.add_button.click()
    assert shown and "批注过长" in shown[0]
    assert panel.list.count() == 0


# --- passwords and bad files -------------------------------------------------------------------


def test_password_retry_then_open(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bool]] = []
    answers = ["wrong", "s3cret"]

    def fake_ask(cls: type, parent: QWidget | None, label: str, wrong: bool) -> str | None:
        calls.append((label, wrong))
        return answers.pop(0)

    monkeypatch.setattr(PasswordDialog, "ask", classmethod(fake_ask))
    files = [vfile("附件2", pdf_dir / "locked.pdf"), vfile("申报书", pdf_dir / "chinese.pdf")]
    open_files(qtbot, viewer, files)
    assert calls == [("附件2", False), ("附件2", True)]
    assert viewer.page_count() == PAGES
    assert dark_pixels(viewer) > 200
    viewer.set_current_file(1)
    viewer.set_current_file(0)
    assert len(calls) == 2  # the document stays open
    viewer.set_files(files)  # reopened: the password is remembered for this session
    assert len(calls) == 2 and viewer.page_count() == PAGES


def test_password_cancel_then_retry(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    answers: list[str | None] = [None]
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(lambda cls, parent, label, wrong: answers.pop(0)))
    with qtbot.waitSignal(viewer.documentError, timeout=WAIT_MS) as blocker:
        viewer.set_files([vfile("附件2", pdf_dir / "locked.pdf")])
    assert blocker.args == ["附件2：此文件受密码保护，需要密码才能打开。"]
    assert viewer.page_count() == 0
    button = viewer.findChild(QWidget, "passwordButton")
    assert button is not None and button.isVisible()
    answers.append("s3cret")
    with qtbot.waitSignal(viewer.firstPagePainted, timeout=WAIT_MS):
        button.click()  # type: ignore[attr-defined]
    assert viewer.page_count() == PAGES and viewer.error_message() is None


def test_damaged_and_missing_files_show_a_message(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    """Files said to be verified go straight to QtPdf, whose errors get a plain message."""
    errors: list[str] = []
    viewer.documentError.connect(errors.append)
    files = [vfile("附件3", pdf_dir / "garbage.pdf"), vfile("附件4", pdf_dir / "missing.pdf"),
             vfile("申报书", pdf_dir / "chinese.pdf")]
    viewer.set_files(files)
    assert errors == ["附件3：文件已损坏或不是 PDF 文件。"]
    assert viewer.page_count() == 0
    error_text = viewer.findChild(QWidget, "errorText")
    assert error_text is not None and error_text.isVisible()
    viewer.next_page()  # harmless without pages
    viewer.find("关键技术")
    assert viewer.hit_count() == 0
    viewer.set_current_file(1)
    assert errors[-1].startswith("附件4：找不到文件或无法读取：")
    with qtbot.waitSignal(viewer.firstPagePainted, timeout=WAIT_MS):
        viewer.set_current_file(2)
    assert viewer.page_count() == PAGES


def test_unverified_files_are_checked_in_isolation_first(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    """A file not from the store is read by pdfinfo's worker process before QtPdf opens it."""
    files = [vfile("附件3", pdf_dir / "garbage.pdf", verified=False),
             vfile("附件4", pdf_dir / "missing.pdf", verified=False),
             vfile("申报书", pdf_dir / "chinese.pdf", verified=False)]
    with qtbot.waitSignal(viewer.documentError, timeout=WAIT_MS) as blocker:
        viewer.set_files(files)
    assert blocker.args[0].startswith("附件3：文件已损坏")
    assert viewer.document() is None
    with qtbot.waitSignal(viewer.documentError, timeout=WAIT_MS) as blocker:
        viewer.set_current_file(1)
    assert blocker.args[0].startswith("附件4：找不到文件或无法读取：")
    with qtbot.waitSignal(viewer.firstPagePainted, timeout=WAIT_MS):
        viewer.set_current_file(2)
    assert viewer.page_count() == PAGES and dark_pixels(viewer) > 200


def test_unverified_encrypted_file_asks_for_the_password(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    answers = ["nope", "s3cret"]

    def fake_ask(cls: type, parent: QWidget | None, label: str, wrong: bool) -> str | None:
        calls.append(wrong)
        return answers.pop(0)

    monkeypatch.setattr(PasswordDialog, "ask", classmethod(fake_ask))
    open_files(qtbot, viewer, [vfile("附件2", pdf_dir / "locked.pdf", verified=False)])
    assert calls == [False, True]
    assert viewer.page_count() == PAGES


def test_no_files(viewer: DossierViewer) -> None:
    viewer.set_files([])
    assert viewer.current_file() is None
    assert viewer.page_count() == 0
    viewer.next_page()
    viewer.zoom_in()
    viewer.find("x")


@pytest.fixture(scope="module")
def corpus_viewer(qapp: QApplication) -> Iterator[DossierViewer]:
    """One viewer for the whole corpus: ~120 files stay fast."""
    widget = DossierViewer()
    widget.resize(900, 700)
    widget.show()
    yield widget
    widget.set_files([])
    widget.close()
    widget.deleteLater()


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_opens_or_explains(name: str, corpus_dir: Path, corpus_viewer: DossierViewer, qtbot: QtBot,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = corpus_dir / name
    password = CORPUS_PASSWORDS.get(path.name)
    asked: list[bool] = []

    def fake_ask(cls: type, parent: QWidget | None, label: str, wrong: bool) -> str | None:
        asked.append(wrong)
        return password if not wrong else None

    monkeypatch.setattr(PasswordDialog, "ask", classmethod(fake_ask))
    viewer = corpus_viewer
    errors: list[str] = []
    viewer.documentError.connect(errors.append)
    painted: list[str] = []
    viewer.firstPagePainted.connect(painted.append)
    try:
        viewer.set_files([ViewerFile("附件", path, _sha(path))])  # not verified: checked in isolation first
        qtbot.waitUntil(lambda: bool(painted or errors), timeout=WAIT_MS)
        if viewer.page_count() > 0:
            thumbs = viewer.findChild(ThumbnailView, "thumbnails")
            assert thumbs is not None
            viewer.last_page()
            qtbot.waitUntil(lambda: thumbs.requested <= set(thumbs.thumbnail_model().pictures()), timeout=WAIT_MS)
            assert not errors and viewer.error_message() is None
        else:
            assert errors and errors[0].startswith("附件：") and len(errors[0]) > 5
            assert viewer.error_message()
        if password is not None:
            assert viewer.page_count() > 0
    finally:
        viewer.documentError.disconnect(errors.append)
        viewer.firstPagePainted.disconnect(painted.append)


def test_outline_follows_the_page_being_read(qtbot: QtBot, viewer: DossierViewer, pdf_dir: Path) -> None:
    from PySide6.QtWidgets import QTreeView

    open_files(qtbot, viewer, [vfile("申报书", pdf_dir / "chinese.pdf")])
    tree = viewer.findChild(QTreeView, "outline")
    assert tree is not None
    qtbot.waitUntil(lambda: tree.model().rowCount() > 0, timeout=WAIT_MS)
    assert tree.currentIndex().data() == "第一章 概述"
    viewer.go_to(5)
    assert tree.currentIndex().data() == "小节二"
    viewer.go_to(10)
    assert tree.currentIndex().data() == "第三章 预期成效"
    assert viewer.current_page() == 10  # selecting the section did not jump


def test_closing_while_pages_render_is_safe(qtbot: QtBot, pdf_dir: Path) -> None:
    """Render threads stop before their documents go, whatever order Qt destroys things in."""
    for _ in range(3):
        viewer = DossierViewer()
        viewer.resize(900, 700)
        viewer.show()
        open_files(qtbot, viewer, [vfile("附件", pdf_dir / "long.pdf"), vfile("申报书", pdf_dir / "chinese.pdf")])
        for page in range(0, 200, 7):
            viewer.go_to(page)
            QApplication.processEvents()
        viewer.set_current_file(1)
        viewer.zoom_in()
        viewer.close()
        viewer.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not shiboken6.isValid(viewer)
