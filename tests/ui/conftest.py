"""Fixtures shared by the Qt tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ui import i18n


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> Iterator[None]:
    """Every test starts (and leaves the application) in the default language."""
    i18n.install_language("zh_CN")
    yield
    i18n.install_language("zh_CN")


@pytest.fixture
def settings(tmp_path: Path, qapp: QApplication) -> Iterator[QSettings]:
    """QSettings in INI files under tmp_path: nothing reaches the real user configuration."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    s = QSettings()
    s.clear()
    yield s
    s.clear()
    s.sync()
