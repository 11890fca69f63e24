"""Fresh process: open a long dossier to its first page on screen.

``viewer WORKSPACE SHA256``: the product's ``DossierViewer`` (1280 x 800, shown,
empty), then ``set_files`` with the stored file (``verified=True``, as the API asks
for files of the workspace store) and the workspace's ``ReadingStore``; timed from
the start of ``set_files`` to the viewer's ``firstPagePainted`` signal. Before
that the rounds are listed once, as the running application has done long before
anyone opens a dossier (it configures SQLAlchemy's mappers).

``bare PDF WIDTH``: ``QPdfDocument.load`` of the same file and ``render`` of page 1
at the width the viewer drew it; timed from before ``load`` to after ``render``.

Both count only the work after the interpreter has started, imported Qt (and, for
the viewer, its module) and created the QApplication: the cost of opening a
dossier in an application that is already running. The whole-process times are
reported too.

Both show page 1: the dossier's saved reading position is reset first (the memory
measurement reads the same dossier in the same cached workspace and leaves its
position near the end, and reopening at page 975 loads a different page than the
baseline's).
"""

from __future__ import annotations

import sys
import time

from _common import STARTED, install_watchdog, peak_rss_mb, report  # noqa: I001 - sets sys.path first


def bare(pdf: str, width: int) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions

    app = QGuiApplication(sys.argv[:1])
    ready = time.monotonic()
    doc = QPdfDocument()
    error = doc.load(pdf)
    loaded = time.monotonic()
    points = doc.pagePointSize(0)
    size = QSize(width, round(width * points.height() / points.width()))
    image = doc.render(0, size, QPdfDocumentRenderOptions())
    done = time.monotonic()
    assert app is not None
    report({"ready": ready, "t0": ready, "loaded": loaded, "t1": done, "error": int(error.value),
            "pages": doc.pageCount(), "image": [image.width(), image.height()], "null": image.isNull(),
            "peak_rss_mb": peak_rss_mb()})


def viewer(workspace: str, sha256: str) -> None:
    from pathlib import Path

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reviewer import reading, rounds
    from reviewer.reading import ReadingStore
    from reviewer.workspace import Workspace
    from ui.qt_pdf_pageview import MARGIN, PdfPageView
    from ui.qt_pdfviewer import DossierViewer, ViewerFile

    app = QApplication(sys.argv[:1])
    install_watchdog()
    ws = Workspace.open(workspace)
    # In the running application the rounds list has queried the workspace long before a
    # dossier is opened, so SQLAlchemy's mappers are configured; do the same here.
    with ws.session() as s:
        rounds.list_rounds(s)
        reading.set_position(s, sha256, 0)
    widget = DossierViewer()
    widget.resize(1280, 800)
    widget.show()
    app.processEvents()
    marks: dict[str, float] = {}

    def painted(_sha: str) -> None:
        if "t1" not in marks:
            marks["t1"] = time.monotonic()
            QTimer.singleShot(0, app.quit)

    widget.firstPagePainted.connect(painted)
    widget.documentError.connect(lambda text: (marks.setdefault("error", text), app.quit()))  # type: ignore[func-returns-value]
    ready = time.monotonic()
    widget.set_files([ViewerFile("申报书", ws.file_path(sha256), sha256, verified=True)], ReadingStore(ws))
    returned = time.monotonic()
    if "t1" not in marks and "error" not in marks:
        app.exec()
    view = widget.findChild(PdfPageView)
    width = view.viewport().width() - 2 * MARGIN if view is not None else None
    report({"ready": ready, "t0": ready, "set_files_returned": returned, "t1": marks.get("t1"),
            "error": marks.get("error"), "pages": widget.page_count(), "page_width_px": width,
            "peak_rss_mb": peak_rss_mb()})


if __name__ == "__main__":
    assert STARTED
    if sys.argv[1] == "bare":
        bare(sys.argv[2], int(sys.argv[3]))
    else:
        viewer(sys.argv[2], sys.argv[3])
