"""The user-interface language: Simplified Chinese by default, English on request.

Source strings in ``ui/`` are English (``self.tr("Open workspace…")``); the Chinese
lives in ``reviewer_zh_CN.ts`` next to this file and ships compiled as
``reviewer_zh_CN.qm``. English needs no catalogue: removing the translators shows
the source strings. Qt's own ``qtbase_zh_CN.qm`` (standard buttons, file dialogs)
is loaded alongside when PySide6 ships it.

Switching installs or removes ``QTranslator`` objects on the application; Qt then
sends ``QEvent.LanguageChange`` to every widget, and each one re-sets its texts in
``changeEvent`` (the retranslateUi pattern). Nothing has to be rebuilt.

After adding or changing a ``tr()`` string anywhere in ``ui/``, run
``.venv/bin/python ui/i18n/update.py``, fill in the new Chinese in
``reviewer_zh_CN.ts`` (a text editor or ``pyside6-linguist``), and run it again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

I18N_DIR = Path(__file__).resolve().parent

#: Language code → the name shown in the View ▸ Language menu (always in that language).
LANGUAGES: dict[str, str] = {"zh_CN": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"
SETTINGS_KEY = "ui/language"

log = logging.getLogger(__name__)

# Translators must stay referenced while installed: Qt does not own them.
_installed: list[QTranslator] = []
_current: str = "en"


def catalogue_path(language: str) -> Path:
    """The compiled catalogue of the application's own strings for ``language``."""
    return I18N_DIR / f"reviewer_{language}.qm"


def saved_language(settings: QSettings | None = None) -> str:
    """The language the user chose last time, or the default (Chinese)."""
    value = (settings or QSettings()).value(SETTINGS_KEY, DEFAULT_LANGUAGE)
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _current


def install_language(language: str) -> None:
    """Make ``language`` the language of every widget, now.

    Args:
        language: a key of :data:`LANGUAGES`.

    Raises:
        ValueError: for a language the application does not have.
    """
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language() needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{language}", qt_dir), (f"reviewer_{language}", str(I18N_DIR))):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
            else:
                log.warning("translation catalogue %s not found in %s", name, folder)
    QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
    _current = language
    if not _installed:
        # Removing translators alone does not always post LanguageChange (nothing was
        # installed before, e.g. the first switch to English): post it ourselves.
        from PySide6.QtCore import QEvent

        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))


def set_language(language: str, settings: QSettings | None = None) -> None:
    """Switch the language at runtime and remember the choice."""
    install_language(language)
    (settings or QSettings()).setValue(SETTINGS_KEY, language)


def pick(zh: str, en: str) -> str:
    """Domain text that comes in both languages (form titles, status names): the current one."""
    return en if _current == "en" and en else zh
