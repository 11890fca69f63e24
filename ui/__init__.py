"""The PySide6 application of the Reviewer Workstation.

Nothing outside this package imports Qt; this package imports the core
(``reviewer``, ``db``, ``forms``) and never the other way. Importing ``ui``
itself loads no Qt, so the console entry point (:mod:`ui.launch`) stays light
for command-line use.

Map of the shell:

- :mod:`ui.launch` — the ``reviewer`` console entry point (CLI, or the GUI without a command).
- :mod:`ui.app` — QApplication setup (names, bundled CJK font, language), :func:`ui.app.run`.
- :mod:`ui.qt_mainwindow` — the main window; :data:`ui.qt_mainwindow.DESK_MODULES` lists the desks.
- :mod:`ui.qt_desk` — **the plug-in point**: :class:`ui.qt_desk.Desk`, :class:`ui.qt_desk.AppContext`,
  :class:`ui.qt_desk.Topic`. Read its docstring before writing a desk.
- :mod:`ui.qt_worker` — the one way to run work off the GUI thread (:class:`ui.qt_worker.Operation`).
- :mod:`ui.messages` — the one boundary where errors become dialogs or status-bar text.
- :mod:`ui.qt_models` — item models as thin adapters over plain rows.
- :mod:`ui.qt_rounds` — the rounds list and the overview desk (an example desk).
- :mod:`ui.i18n` — languages; ``ui/i18n/update.py`` refreshes the Chinese catalogue.
"""
