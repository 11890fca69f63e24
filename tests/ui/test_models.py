"""The row table model sorts its own rows (the dossier filter relies on it)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester

from ui.qt_models import Column, RowTableModel


@dataclass(frozen=True)
class Row:
    name: str
    score: Decimal | None


def _model() -> RowTableModel[Row]:
    columns = [Column("name", lambda: "Name", lambda r: r.name), Column("score", lambda: "Score", lambda r: r.score)]
    rows = [Row("b", Decimal("7.5")), Row("A", None), Row("c", Decimal("9")), Row("d", Decimal("6"))]
    return RowTableModel(columns, rows)


def names(model: RowTableModel[Row]) -> list[str]:
    return [r.name for r in model.rows()]


def test_sort_orders_rows_with_empty_values_last(qtmodeltester: ModelTester) -> None:
    model = _model()
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["c", "b", "d", "A"]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert names(model) == ["d", "b", "c", "A"]
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert names(model) == ["A", "b", "c", "d"]  # case-insensitive


def test_persistent_indexes_follow_and_new_rows_keep_the_order() -> None:
    model = _model()
    held = QPersistentModelIndex(model.index(0, 0))  # "b"
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert held.row() == 1 and model.data(model.index(held.row(), 0)) == "b"
    model.set_rows([Row("x", Decimal(1)), Row("y", Decimal(3))])
    assert names(model) == ["y", "x"]
