"""The plug-in point for desks: what a desk is, and the context it works in.

A *desk* is one tab of the main window, the place for one job: the overview, the
expert's workstation, the secretary's desk, reconciliation, sheets. The shell
(:mod:`ui.qt_mainwindow`) owns the window, the menus, the rounds list and the
status bar; desks own everything inside their tab.

Adding a desk:

1. Write ``ui/qt_<name>.py`` with a :class:`Desk` subclass::

       class SheetsDesk(Desk):
           desk_id = "sheets"                      # stable: remembers the last open tab

           def __init__(self, parent: QWidget | None = None) -> None:
               super().__init__(parent)
               ...build widgets, no database access yet...
               self.retranslate()

           def title(self) -> str:
               return self.tr("Sheets")

           def retranslate(self) -> None:          # every visible string, again
               self.print_button.setText(self.tr("Print…"))

           def reload(self) -> None:               # (re)read what the desk shows
               ws = self.ctx.workspace
               ...

       def register(window: MainWindow) -> None:
           window.register_desk(SheetsDesk, roles=("secretary",))

2. Append ``"ui.qt_<name>"`` to :data:`ui.qt_mainwindow.DESK_MODULES`; the order
   there is the order of the tabs.
3. Run ``.venv/bin/python ui/i18n/update.py`` and translate the new strings.

Life of a desk: the window creates it with no arguments (``factory()``), calls
:meth:`Desk.set_context` once, then :meth:`Desk.reload`. A desk lives in one
workspace: when the user opens another, every desk gets :meth:`Desk.about_to_close`
and is thrown away, and new ones are made. When the workspace's role changes (a
new workspace becomes a secretary's when its first round is created, or an
expert's when a bundle is imported; announce it with ``ctx.notify(Topic.ROLE)``),
desks for the new role are added and those no longer applicable are closed.

Window hooks (optional): :meth:`Desk.file_actions` lists actions for the File
menu (present while the desk exists); :meth:`Desk.can_drop` / :meth:`Desk.drop_files`
take files dropped anywhere on the window (the window shows the desk first).

Data: a desk reads through core functions on the GUI thread for quick reads
(``with ctx.workspace.session() as s: rows = rounds.dossier_rows(s, rid)``) and
hands plain rows to its item models (:mod:`ui.qt_models`); anything slow or any
write goes through :class:`ui.qt_worker.Operation`. After a change, it calls
``ctx.notify(topic)`` so that other desks refresh; every desk hears it in
:meth:`Desk.on_data_changed`. Errors go to :mod:`ui.messages`.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QWidget

from reviewer import overview
from reviewer.errors import WorkspaceError

if TYPE_CHECKING:  # the database layer may load after the first paint (see ui.app.quick_start)
    from sqlalchemy.orm import Session

    from reviewer.workspace import Workspace

#: ``AppContext.round_id`` when no round is selected (database ids start at 1).
NO_ROUND = 0

ROLE_SECRETARY = "secretary"
ROLE_EXPERT = "expert"
#: Roles a desk can be registered for; ``None`` is a workspace nobody has used yet.
ALL_ROLES: tuple[str | None, ...] = (ROLE_SECRETARY, ROLE_EXPERT, None)


class Topic:
    """Conventional topics for :attr:`AppContext.dataChanged`. Desks may add their own."""

    ROUNDS = "rounds"
    DOSSIERS = "dossiers"
    EXPERTS = "experts"
    ASSIGNMENTS = "assignments"
    CONFLICTS = "conflicts"
    REVIEWS = "reviews"
    DECISIONS = "decisions"
    #: The workspace's role changed: the window re-evaluates which desks to show.
    ROLE = "role"
    #: Everything may have changed (the demo was built, a backup was restored…).
    ALL = "all"


class AppContext(QObject):
    """What every desk shares: the open workspace, the selected round, change notices.

    Lives on the GUI thread. Workers receive what they need from it (the
    ``Workspace`` object, ids) before they start, never the context itself.

    Signals:
        workspaceChanged: another workspace was opened (or the workspace was closed).
        roundChanged(int): the selected round's id, or :data:`NO_ROUND`.
        dataChanged(str): a topic (see :class:`Topic`) whose data changed.
    """

    workspaceChanged = Signal()
    roundChanged = Signal(int)
    dataChanged = Signal(str)

    def __init__(self, workspace: Workspace | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._opening: Path | None = None
        self._round_id = NO_ROUND
        self._role = workspace.role if workspace is not None else None

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    # --- a workspace being opened ----------------------------------------------------------------
    #
    # At start-up the window is shown before the database layer has loaded: the context then
    # names the workspace folder being opened (``opening``), the rounds pane and the overview
    # read it through :meth:`read` (plain sqlite3, read-only), and every other desk waits until
    # :meth:`finish_opening` hands over the opened Workspace.

    @property
    def opening(self) -> Path | None:
        """The folder of the workspace being opened (not yet :attr:`workspace`), or None."""
        return self._opening

    @property
    def root(self) -> Path | None:
        """The folder of the workspace shown: the open one, or the one being opened."""
        return self._workspace.root if self._workspace is not None else self._opening

    def begin_opening(self, root: Path, role: str | None) -> None:
        """Show the workspace in ``root`` (already readable as it is, see
        :func:`reviewer.overview.open_current`) before it is opened; ``role`` as read there."""
        if self._workspace is not None:
            raise RuntimeError("begin_opening: a workspace is already open")
        self._opening = root
        self._role = role

    def finish_opening(self, workspace: Workspace | None) -> bool:
        """The workspace begun with :meth:`begin_opening` is open (None: it could not be).

        Returns False, closing ``workspace``, if the user has opened another one meanwhile.
        A workspace that failed to open leaves the context with none (``workspaceChanged``).
        """
        if self._opening is None or self._workspace is not None:
            if workspace is not None:
                workspace.close()
            return False
        if workspace is None:
            self.set_workspace(None)
            return True
        self._opening = None
        self._workspace = workspace
        role, self._role = self._role, workspace.role
        if role != self._role:
            self.notify(Topic.ROLE)
        return True

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A quick read in plain SQL (:mod:`reviewer.overview`): on the open workspace's session,
        or on a read-only connection to the workspace being opened."""
        if self._workspace is not None:
            with self._workspace.sqlite() as conn:
                yield conn
            return
        conn = overview.open_current(self._opening) if self._opening is not None else None
        if conn is None:
            raise WorkspaceError("没有打开的工作区 (no workspace is open)")
        try:
            yield conn
        finally:
            conn.close()

    def require_workspace(self) -> Workspace:
        if self._workspace is None:
            raise WorkspaceError("没有打开的工作区 (no workspace is open)")
        return self._workspace

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work on the GUI thread (quick reads; writes go to a worker)."""
        with self.require_workspace().session() as s:
            yield s

    @property
    def round_id(self) -> int:
        return self._round_id

    @property
    def role(self) -> str | None:
        """The workspace's role as last read ("secretary", "expert" or None)."""
        return self._role

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Switch to ``workspace``, closing the previous one. Resets the round selection.

        Windows call :meth:`ui.qt_mainwindow.MainWindow.open_workspace` instead, which
        lets the desks of the old workspace close first.
        """
        old = self._workspace
        self._workspace = workspace
        self._opening = None
        self._role = workspace.role if workspace is not None else None
        if old is not None and old is not workspace:
            old.close()
        # The round goes first: listeners of workspaceChanged (the rounds list) pick a new one.
        self.set_round(NO_ROUND)
        self.workspaceChanged.emit()

    def set_round(self, round_id: int) -> None:
        if round_id != self._round_id:
            self._round_id = round_id
            self.roundChanged.emit(round_id)

    def notify(self, topic: str) -> None:
        """Announce that ``topic``'s data changed (the role is re-read for ROLE and ALL)."""
        if topic in (Topic.ROLE, Topic.ALL) and self._workspace is not None:
            self._role = self._workspace.role
        self.dataChanged.emit(topic)

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None


class Desk(QWidget):
    """Base class of a desk (one tab of the main window). See the module docstring.

    Subclasses implement :meth:`title` and :meth:`retranslate`, and usually
    :meth:`reload`; they may override the ``on_…`` hooks.
    """

    #: Stable identifier (used to remember the open tab); defaults to the class name.
    desk_id: str = ""

    #: A lazy desk that is not the tab in front does not reload: it notes that it must
    #: and reloads when its tab is selected. For desks whose reload is expensive on a
    #: large round (reconciliation, sheets): with 2,000 dossiers their reloads took
    #: 26 of the 31 s the window needed to open.
    lazy: bool = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        original = cls.__dict__.get("reload")
        if original is None or not cls.lazy:
            return

        @functools.wraps(original)
        def reload(self: Desk) -> None:
            host = self._tab_host
            if host is not None and host.currentWidget() is not self:
                self._reload_pending = True
                return
            self._reload_pending = False
            original(self)

        cls.reload = reload  # type: ignore[method-assign]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx: AppContext | None = None
        #: The tab widget the desk lives in (set by the window); None for a desk on its own.
        self._tab_host: QTabWidget | None = None
        self._reload_pending = False

    @property
    def ctx(self) -> AppContext:
        if self._ctx is None:
            raise RuntimeError(f"{type(self).__name__} used before set_context()")
        return self._ctx

    def key(self) -> str:
        return self.desk_id or type(self).__name__

    # --- what subclasses provide ---------------------------------------------------------------

    def title(self) -> str:
        """The tab's title in the current language."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every visible string again (called on every language change)."""

    def reload(self) -> None:
        """Read what the desk shows from the workspace (after set_context and on changes)."""

    def reload_if_pending(self) -> None:
        """Run a reload that was put off while the desk's tab was not in front."""
        if self._reload_pending:
            self.reload()

    def bring_to_front(self) -> None:
        """Show the desk's tab (for a File-menu action of a desk that may be behind another),
        so that a lazy desk has read what it acts on."""
        if self._tab_host is not None:
            self._tab_host.setCurrentWidget(self)
        self.reload_if_pending()

    def on_round_changed(self, round_id: int) -> None:
        """The selected round changed; by default, reload."""
        self.reload()

    def on_data_changed(self, topic: str) -> None:
        """Some data changed (see :class:`Topic`); by default nothing happens."""

    def about_to_close(self) -> None:
        """The desk is about to be discarded: save what must be saved, stop timers."""

    # --- what a desk may add to the window (optional) --------------------------------------------

    def file_actions(self) -> Sequence[QAction]:
        """Actions the window shows in its File menu while the desk exists (e.g. "New round…").

        Called after :meth:`set_context` and again when the desk is discarded (the
        window then removes them), so return the same objects each time. Shortcuts of
        these actions work whichever desk is shown.
        """
        return ()

    def can_drop(self, paths: Sequence[Path]) -> bool:
        """Whether the desk takes these files dropped on the window (e.g. return files)."""
        return False

    def drop_files(self, paths: Sequence[Path]) -> None:
        """Files dropped on the window that :meth:`can_drop` accepted; the desk is already shown."""

    # --- wiring (the window calls these) --------------------------------------------------------

    def set_context(self, ctx: AppContext) -> None:
        """Attach the desk to the context. Overrides must call ``super().set_context(ctx)``."""
        self._ctx = ctx
        ctx.roundChanged.connect(self.on_round_changed)
        ctx.dataChanged.connect(self.on_data_changed)

    def detach(self) -> None:
        """Stop listening to the context (before the window deletes the desk)."""
        if self._ctx is not None:
            self._ctx.roundChanged.disconnect(self.on_round_changed)
            self._ctx.dataChanged.disconnect(self.on_data_changed)
            self._ctx = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


DeskFactory = Callable[[], Desk]


@dataclass(frozen=True)
class DeskSpec:
    """A registered desk: how to make it and for which workspace roles it appears."""

    factory: DeskFactory
    roles: frozenset[str | None]

    @classmethod
    def make(cls, factory: DeskFactory, roles: Collection[str | None]) -> DeskSpec:
        unknown = set(roles) - set(ALL_ROLES)
        if unknown:
            raise ValueError(f"unknown roles {sorted(map(str, unknown))}; use {ALL_ROLES}")
        return cls(factory, frozenset(roles))

    def applies_to(self, role: str | None) -> bool:
        return role in self.roles
