"""The viewer's toolbar icons, drawn with QPainter.

Freedesktop icon themes are absent on Windows and on many Linux installs (this
machine has none), and the style's standard pixmaps have no zoom or sidebar
icons; drawn icons look the same everywhere and follow the palette's text colour.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QApplication

_SIZE = 20


def _pixmap(kind: str, color: QColor, scale: int) -> QPixmap:
    pixmap = QPixmap(_SIZE * scale, _SIZE * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    pen = QPen(color, 1.7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    path = QPainterPath()
    if kind == "up":
        path.moveTo(5, 12.5)
        path.lineTo(10, 7.5)
        path.lineTo(15, 12.5)
    elif kind == "down":
        path.moveTo(5, 7.5)
        path.lineTo(10, 12.5)
        path.lineTo(15, 7.5)
    elif kind in ("zoom-in", "zoom-out"):
        painter.drawEllipse(QPointF(8.5, 8.5), 5.2, 5.2)
        path.moveTo(12.4, 12.4)
        path.lineTo(16.5, 16.5)
        path.moveTo(6, 8.5)
        path.lineTo(11, 8.5)
        if kind == "zoom-in":
            path.moveTo(8.5, 6)
            path.lineTo(8.5, 11)
    elif kind == "fit-width":
        painter.drawRoundedRect(QRectF(3.5, 3.5, 13, 13), 1.5, 1.5)
        path.moveTo(6, 10)
        path.lineTo(14, 10)
        path.moveTo(8, 8)
        path.lineTo(6, 10)
        path.lineTo(8, 12)
        path.moveTo(12, 8)
        path.lineTo(14, 10)
        path.lineTo(12, 12)
    elif kind == "sidebar":
        painter.drawRoundedRect(QRectF(2.5, 4, 15, 12), 1.5, 1.5)
        path.moveTo(7.5, 4)
        path.lineTo(7.5, 16)
    else:
        raise ValueError(f"unknown icon {kind!r}")
    painter.drawPath(path)
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return pixmap


def icon(kind: str) -> QIcon:
    """An icon: ``up``, ``down``, ``zoom-in``, ``zoom-out``, ``fit-width`` or ``sidebar``."""
    palette = QApplication.palette()
    result = QIcon()
    for scale in (1, 2):
        result.addPixmap(_pixmap(kind, palette.color(palette.ColorGroup.Active, palette.ColorRole.WindowText), scale),
                         QIcon.Mode.Normal)
        result.addPixmap(_pixmap(kind, palette.color(palette.ColorGroup.Disabled, palette.ColorRole.WindowText), scale),
                         QIcon.Mode.Disabled)
    return result
