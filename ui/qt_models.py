"""Item models as thin adapters over plain Python rows.

The rows are whatever a core function returned (frozen dataclasses, dicts);
the model only knows how to turn a row into a cell through :class:`Column`
definitions. It never queries the database and never changes the rows: a desk
loads new rows and calls :meth:`RowTableModel.set_rows`.

Numbers are right-aligned and sort as numbers (the proxy sorts on :data:`SORT_ROLE`);
:data:`ROW_ROLE` returns the row object itself, so views and proxies can reach it.
Column titles are callables, evaluated at display time, so a language change
only needs :meth:`RowTableModel.retranslate`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

R = TypeVar("R")

#: The raw value of a cell, for sorting (numbers as numbers, text folded).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row object a cell belongs to.
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_NUMBER_TYPES = (int, float, Decimal)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT_VALUE = int(_RIGHT.value)
_LEFT_VALUE = int(_LEFT.value)

# Roles as plain ints: a view asks for eight roles of every cell it sizes or paints, and
# looking the enum members up on each call was most of the time data() took.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_SORT = int(SORT_ROLE)
_ROW = int(ROW_ROLE)
#: The roles :class:`RowTableModel` answers; the others (font, background, check state,
#: size hint…) are None without looking at the row.
_SERVED_ROLES = frozenset((_DISPLAY, _ALIGNMENT, _TOOLTIP, _DECORATION, _FOREGROUND, _SORT, _ROW))

AnyIndex = QModelIndex | QPersistentModelIndex


class GroupTreeModel(QAbstractItemModel):
    """A two-level tree: groups at the top, their items below them.

    An index's internal id is 0 for a group and the group's row + 1 for an item.
    Subclasses give :meth:`group_count`, :meth:`item_count` and ``columnCount``;
    ``index``, ``parent`` and ``rowCount`` follow from those.
    """

    def group_count(self) -> int:
        raise NotImplementedError

    def item_count(self, group: int) -> int:
        raise NotImplementedError

    def _group_of(self, parent: AnyIndex) -> int | None:
        """The group row ``parent`` is, if it is a group's index."""
        if parent.isValid() and parent.internalId() == 0 and parent.column() == 0 \
                and 0 <= parent.row() < self.group_count():
            return parent.row()
        return None

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if row < 0 or not 0 <= column < self.columnCount(parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < self.group_count() else QModelIndex()
        group = self._group_of(parent)
        if group is not None and row < self.item_count(group):
            return self.createIndex(row, column, group + 1)
        return QModelIndex()

    def parent(self, child: AnyIndex | None = None) -> Any:  # type: ignore[override]
        if child is None:  # QObject.parent()
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return self.group_count()
        group = self._group_of(parent)
        return self.item_count(group) if group is not None else 0


@dataclass(frozen=True)
class Column(Generic[R]):
    """How one column shows a row.

    Attributes:
        key: stable name (for saved header state and tests).
        title: returns the header text in the current language.
        value: the cell's raw value for a row (a number stays a number).
        decimals: fixed decimals for non-integer numbers (habit: numbers right-aligned, fixed decimals).
        tooltip: optional tooltip for a row.
        decoration: optional icon/colour for a row (``Qt.DecorationRole``).
        foreground: optional text colour for a row.
        description: optional header tooltip in the current language (what a short title means).
    """

    key: str
    title: Callable[[], str]
    value: Callable[[R], Any]
    decimals: int = 2
    tooltip: Callable[[R], str | None] | None = None
    decoration: Callable[[R], Any] | None = None
    foreground: Callable[[R], Any] | None = None
    description: Callable[[], str] | None = None

    def display(self, row: R) -> str:
        value = self.value(row)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else ""
        if isinstance(value, int):
            return str(value)
        if isinstance(value, (float, Decimal)):
            return f"{value:.{self.decimals}f}"
        return str(value)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of rows, one :class:`Column` per column."""

    def __init__(self, columns: Sequence[Column[R]], rows: Sequence[R] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = list(rows)
        self._sort_by: tuple[int, Qt.SortOrder] | None = None

    # --- the adapter's API -------------------------------------------------------------------

    @property
    def columns(self) -> list[Column[R]]:
        return list(self._columns)

    def rows(self) -> list[R]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace all rows (a reset: views keep no stale index)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        if self._sort_by is not None:  # new rows keep the order the user chose
            self.sort(*self._sort_by)

    def row_at(self, index: AnyIndex) -> R | None:
        if not index.isValid() or index.model() is not self:
            return None
        number = index.row()
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def column_index(self, key: str) -> int:
        for i, column in enumerate(self._columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def retranslate(self) -> None:
        """Headers and cells may read translated text: ask views to repaint them."""
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows and self._columns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves (one Python sort on precomputed keys).

        A proxy that sorts calls ``data(SORT_ROLE)`` twice per comparison and sorts
        again on every filter change: 200 ms for 2,000 rows. Empty values go last.
        """
        if not 0 <= column < len(self._columns):
            return
        self._sort_by = (column, order)
        col = self._columns[column]

        def key(row: R) -> tuple[int, Any]:
            value = col.value(row)
            if value is None:
                return (1, 0)
            if isinstance(value, str):
                return (0, value.casefold())
            if isinstance(value, Decimal):
                return (0, float(value))
            return (0, value)

        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        keyed = sorted(((key(r), i) for i, r in enumerate(old)), key=lambda t: t[0][1] if t[0][0] == 0 else 0)
        present = [t for t in keyed if t[0][0] == 0]
        missing = [t for t in keyed if t[0][0] == 1]
        if order == Qt.SortOrder.DescendingOrder:
            present.reverse()
        new_order = [i for _k, i in present + missing]
        self._rows = [old[i] for i in new_order]
        where = {old_i: new_i for new_i, old_i in enumerate(new_order)}
        for index in self.persistentIndexList():
            if index.isValid():
                self.changePersistentIndex(index, self.index(where[index.row()], index.column()))
        self.layoutChanged.emit()

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role not in _SERVED_ROLES:
            return None
        row = self.row_at(index)
        column_number = index.column()
        if row is None or not 0 <= column_number < len(self._columns):
            return None
        column = self._columns[column_number]
        if role == _DISPLAY:
            return column.display(row)
        if role == _ALIGNMENT:
            value = column.value(row)
            numeric = isinstance(value, _NUMBER_TYPES) and not isinstance(value, bool)
            return _RIGHT_VALUE if numeric else _LEFT_VALUE
        if role == _SORT:
            value = column.value(row)
            if isinstance(value, Decimal):
                return float(value)
            if isinstance(value, str):
                return value.casefold()
            return value
        if role == _ROW:
            return row
        if role == _TOOLTIP and column.tooltip is not None:
            return column.tooltip(row)
        if role == _DECORATION and column.decoration is not None:
            return column.decoration(row)
        if role == _FOREGROUND and column.foreground is not None:
            return column.foreground(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].title()
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter.value)
            description = self._columns[section].description
            if role == Qt.ItemDataRole.ToolTipRole and description is not None:
                return description()
        vertical = orientation == Qt.Orientation.Vertical
        if vertical and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return section + 1
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def setup_row_table(view: QTableView, *, alternating: bool = True) -> None:
    """The read-only, one-row-at-a-time table every desk shows: whole rows selected, no
    editing, no wrapping, no row numbers, compact rows."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
