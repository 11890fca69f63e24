"""Fresh process: scrolling and filtering the overview's dossier table of the full round.

``WORKSPACE``: the product's start (``ui.app.run``); once the main window is shown,
the overview desk's real table (``ui.qt_rounds.OverviewDesk``: ``RowTableModel``
behind the ``DossierFilter`` proxy, in the window's own size) is driven:

* scroll: one screen at a time from the top to the bottom of the list, each step a
  synchronous ``viewport().repaint()`` (every visible cell's ``data()`` for every role
  the delegate asks, plus the painting), timed per frame;
* data: the model alone, ``data()`` through the proxy for one screenful of rows x
  every column x the roles a view asks while painting, per screen;
* filter: typing into the filter box one keystroke at a time (and clearing it), each
  keystroke timed from ``setText`` (the desk's own filter slot runs) to the end of the
  repaint that follows;
* sort: clicking a column header (``sortByColumn``) then repainting, for the record.
"""

from __future__ import annotations

import sys
import time

from _common import STARTED, FirstPaint, install_watchdog, report  # noqa: I001 - sets sys.path first

#: What a user might type into the filter box, keystroke by keystroke.
QUERIES = ("SD-2026-1", "基于机器视觉", "济南", "有限公司")


def main(workspace: str) -> None:
    from pathlib import Path

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    import ui.app
    from ui.qt_mainwindow import MainWindow
    from ui.qt_rounds import OverviewDesk

    qapp = QApplication(sys.argv[:1])
    install_watchdog(240)
    out: dict[str, object] = {}
    held: dict[str, object] = {}
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.TextAlignmentRole,
             Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole,
             Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.SizeHintRole)

    def frame(action: object = None) -> float:
        t0 = time.perf_counter()
        if callable(action):
            action()
        held["table"].viewport().repaint()  # type: ignore[attr-defined]
        return 1000 * (time.perf_counter() - t0)

    def measure() -> None:
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow))
        desk = window.desk("overview")
        assert isinstance(desk, OverviewDesk)
        window.show_desk("overview")
        qapp.processEvents()
        table = held["table"] = desk.table
        proxy = desk.proxy
        rows = proxy.rowCount()
        columns = proxy.columnCount()
        bar = table.verticalScrollBar()
        visible = max(1, table.viewport().height() // max(1, table.verticalHeader().defaultSectionSize()))
        out.update(rows=rows, columns=columns, rows_per_screen=visible,
                   viewport=[table.viewport().width(), table.viewport().height()])

        scroll = [frame(lambda: bar.setValue(0))]
        value = 0
        while value < bar.maximum():
            value = min(bar.maximum(), value + bar.pageStep())
            scroll.append(frame(lambda v=value: bar.setValue(v)))
        data = []
        for top in range(0, rows, visible):
            t0 = time.perf_counter()
            for r in range(top, min(rows, top + visible)):
                for c in range(columns):
                    index = proxy.index(r, c)
                    for role in roles:
                        proxy.data(index, role)
            data.append(1000 * (time.perf_counter() - t0))
        bar.setValue(0)
        typing = []
        for query in QUERIES:
            for i in range(1, len(query) + 1):
                typing.append(frame(lambda q=query[:i]: desk.filter_edit.setText(q)))
            out.setdefault("matches", {})[query] = proxy.rowCount()  # type: ignore[index]
            typing.append(frame(lambda: desk.filter_edit.setText("")))
        sort = [frame(lambda c=c: table.sortByColumn(c, Qt.SortOrder.DescendingOrder)) for c in range(columns)]
        sort.append(frame(lambda: table.sortByColumn(0, Qt.SortOrder.AscendingOrder)))
        out.update(scroll_ms=scroll, data_ms=data, filter_ms=typing, sort_ms=sort)
        qapp.quit()

    FirstPaint(qapp, measure)
    code = ui.app.run(Path(workspace), False)
    report({"exit": code, **out})


if __name__ == "__main__":
    assert STARTED
    main(sys.argv[1])
