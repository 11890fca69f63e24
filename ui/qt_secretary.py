"""The secretary's desk: one place to run a committee round, in the order the work is done.

1 设置 Setup — create a round with the wizard (File ▸ New round…), see its form and rules.
2 申报材料 Dossiers — import from a folder or a manifest; text indexing for search.
3 专家与回避 Experts & conflicts — the roster, likely conflicts with evidence, full-text search.
4 分配 Assignment — automatic assignment and the dossiers × experts matrix.
5 评审包与回传 Bundles & returns — export bundles, merge returns, the status board, paper entry.

The step list shows for the selected round what is done (✓) and what is next (→),
and a banner says what to do now. Every panel reads plain rows through the core
and writes through the worker; after a change it announces the topic, and the desk
reloads what is visible (other panels reload when they are next shown).

The desk is registered for secretaries and for a workspace nobody has used yet:
creating the first round makes the workspace a secretary's.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QFont, QIcon, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from forms import Form
from reviewer import dossiers, returns, roster, rounds
from ui import messages
from ui.i18n import pick
from ui.qt_assign import AssignPanel
from ui.qt_conflicts import ConflictsPanel, SearchPanel, detection_is_current
from ui.qt_desk import NO_ROUND, ROLE_SECRETARY, AppContext, Desk, Topic
from ui.qt_import import (
    STATE_COLOURS,
    DossierImportPanel,
    Operator,
    RosterPanel,
    SecretaryPanel,
    number_icon,
    state_icon,
)
from ui.qt_returns import BundlesPanel, PaperPanel, ReturnsPanel, StatusBoardPanel, is_return_file
from ui.qt_round_wizard import RoundWizard, form_preview_html
from ui.qt_rounds import STATUS_COLOURS, rule_name, status_name

if TYPE_CHECKING:
    from ui.qt_mainwindow import MainWindow

AnyIndex = QModelIndex | QPersistentModelIndex

STEPS = ("setup", "dossiers", "experts", "assign", "exchange")
TITLE_ROLE = Qt.ItemDataRole.UserRole + 20
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 21

#: Topics after which the desk's data may be stale.
RELEVANT_TOPICS = {Topic.ROUNDS, Topic.DOSSIERS, Topic.EXPERTS, Topic.ASSIGNMENTS, Topic.CONFLICTS, Topic.REVIEWS,
                   Topic.DECISIONS, Topic.ROLE, Topic.ALL}


# --- where the round stands ----------------------------------------------------------------------


@dataclass(frozen=True)
class Workflow:
    """The counts that decide which steps are done (read in one go, plain values)."""

    has_round: bool = False
    dossiers: int = 0
    files: int = 0
    unindexed: int = 0
    experts: int = 0
    suspected: int = 0
    detection_current: bool = False
    per_dossier: int = 0
    assignments: int = 0
    short: int = 0
    #: Experts with at least one assignment, how many were sent a bundle, how many are complete.
    working: int = 0
    sent: int = 0
    complete: int = 0

    def done(self, step: str) -> bool:
        if not self.has_round:
            return False
        if step == "setup":
            return True
        if step == "dossiers":
            return self.dossiers > 0 and self.unindexed == 0
        if step == "experts":
            return self.experts > 0 and self.detection_current and self.suspected == 0
        if step == "assign":
            return self.assignments > 0 and self.short == 0
        return self.working > 0 and self.complete == self.working

    def next_step(self) -> str | None:
        return next((s for s in STEPS if not self.done(s)), None)


def read_workflow(desk: SecretaryDesk) -> Workflow:
    ctx = desk.ctx
    round_id = ctx.round_id
    if ctx.workspace is None or round_id == NO_ROUND:
        return Workflow()
    with ctx.session() as s:
        row = rounds.round_row(s, round_id)
        if row is None:
            return Workflow()
        dossier_rows = rounds.dossier_rows(s, round_id)
        indexed = [f.indexed for _n, f in dossiers.iter_round_files(s, round_id)]
        suspected = sum(1 for c in roster.list_conflicts(s, round_id) if c.status == "suspected")
        board = returns.status_board(s, round_id)
    per_dossier = int(row["per_dossier"])
    experts = int(row["experts"])
    wanted = min(per_dossier, experts)
    working = [b for b in board if b["assigned"]]
    return Workflow(
        has_round=True, dossiers=len(dossier_rows), files=len(indexed),
        unindexed=indexed.count(False), experts=experts, suspected=suspected,
        detection_current=experts > 0 and detection_is_current(ctx, round_id), per_dossier=per_dossier,
        assignments=int(row["assignments"]), short=sum(1 for d in dossier_rows if len(d.experts) < wanted),
        working=len(working), sent=sum(1 for b in working if b["bundle_sent_at"]),
        complete=sum(1 for b in working if not b["missing"]),
    )


class StepDelegate(QStyledItemDelegate):
    """A step of the list: its badge, its title in bold and a one-line summary in grey below."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        icon = QIcon(opt.icon)  # a copy: the option's field is a reference
        opt.text = ""
        opt.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(10, 6, -8, -6)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        icon.paint(painter, QRect(rect.left(), rect.top() + 2, 22, 22),
                   mode=icon.Mode.Normal if enabled else icon.Mode.Disabled)
        text_left = rect.left() + 32
        title_font = QFont(opt.font)
        title_font.setBold(True)
        title_font.setPointSizeF(opt.font.pointSizeF() * 1.08)
        palette = opt.palette
        colour = palette.color(palette.ColorGroup.Normal if enabled else palette.ColorGroup.Disabled,
                               palette.ColorRole.HighlightedText if selected else palette.ColorRole.Text)
        painter.save()
        painter.setFont(title_font)
        painter.setPen(colour)
        title_height = painter.fontMetrics().height()
        painter.drawText(QRect(text_left, rect.top(), rect.right() - text_left, title_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(index.data(TITLE_ROLE)))
        painter.setFont(opt.font)
        summary_colour = colour if selected else palette.color(palette.ColorGroup.Disabled, palette.ColorRole.Text)
        painter.setPen(summary_colour)
        summary = str(index.data(SUMMARY_ROLE) or "")
        summary_rect = QRect(text_left, rect.top() + title_height + 2, rect.right() - text_left,
                             rect.bottom() - rect.top() - title_height - 2)
        painter.drawText(summary_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                           | Qt.TextFlag.TextWordWrap), summary)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        line = option.fontMetrics.height()
        return QSize(160, int(line * 3.6) + 14)


# --- step 1: the round itself --------------------------------------------------------------------


class RoundSetupPage(SecretaryPanel):
    """Step 1: the round's settings and form; or, without a round, the way to create one."""

    def __init__(self, create: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.create_action = create
        self._row: dict[str, object] | None = None
        self._form: Form | None = None

        # Without a round: a short explanation and one big button, in the middle of the page.
        self.welcome_title = QLabel()
        self.welcome_title.setObjectName("setupWelcome")
        self.welcome_title.setFont(_scaled_font(self.welcome_title.font(), 1.5, bold=True))
        self.welcome_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro.setMinimumWidth(260)
        self.intro.setMaximumWidth(600)
        self.create_button = QPushButton()
        self.create_button.setObjectName("createRound")
        self.create_button.setIcon(state_icon("next"))
        self.create_button.setIconSize(QSize(22, 22))
        self.create_button.setMinimumHeight(44)
        self.create_button.setFont(_scaled_font(self.create_button.font(), 1.15, bold=True))
        self.create_button.clicked.connect(create.trigger)
        welcome = QWidget()
        welcome_layout = QVBoxLayout(welcome)
        welcome_layout.addStretch(2)
        welcome_layout.addWidget(self.welcome_title)
        welcome_layout.addSpacing(8)
        intro_row = QHBoxLayout()
        intro_row.addStretch(1)
        intro_row.addWidget(self.intro, 6)
        intro_row.addStretch(1)
        welcome_layout.addLayout(intro_row)
        welcome_layout.addSpacing(16)
        welcome_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignHCenter)
        welcome_layout.addStretch(3)

        # With a round: its name, its settings and the form it pinned.
        self.heading = QLabel()
        self.heading.setObjectName("setupHeading")
        self.heading.setFont(_scaled_font(self.heading.font(), 1.3, bold=True))
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newRound")
        self.new_button.clicked.connect(create.trigger)
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("form", "rule", "spread", "per_dossier", "deadline", "status"):
            name, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self._fact_labels[key] = (name, value)
            self.facts.addRow(name, value)
        self.preview = QTextBrowser()
        self.preview.setObjectName("setupFormPreview")
        self.preview.setOpenLinks(False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(top)
        details_layout.addLayout(self.facts)
        details_layout.addWidget(self.preview, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(welcome)
        self.stack.addWidget(details)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.retranslate()

    def retranslate(self) -> None:
        names = {"form": self.tr("Scoring form:"), "rule": self.tr("Aggregation rule:"),
                 "spread": self.tr("Disagreement limit:"), "per_dossier": self.tr("Reviewers per dossier:"),
                 "deadline": self.tr("Deadline:"), "status": self.tr("Status:")}
        for key, (label, _value) in self._fact_labels.items():
            label.setText(names[key])
        self.welcome_title.setText(self.tr("Set up a round"))
        self.intro.setText(self.tr(
            "<p>A round is one committee's review of one programme's applications. The wizard asks for a "
            "name, the scoring form, how the experts' totals are combined, how many experts score each "
            "dossier and the deadline.</p><p>Then follow the steps on the left: dossiers, experts and "
            "conflicts, assignment, bundles and returns.</p>"))
        self.create_button.setText(self.tr("Create a round…"))
        self.new_button.setText(self.tr("New round…"))
        self._show()

    def reload(self) -> None:
        self._row = None
        self._form = None
        if self.has_round():
            try:
                with self.ctx.session() as s:
                    self._row = rounds.round_row(s, self.round_id)
                    self._form = rounds.round_form(rounds.get_round(s, self.round_id))
            except Exception as exc:  # the boundary: keep the desk usable
                messages.show_status_error(exc, context="round setup")
        self._show()

    def _show(self) -> None:
        r = self._row
        self.stack.setCurrentIndex(0 if r is None else 1)
        if r is None:
            return
        self.heading.setText(str(r["name"]))
        form = self._form
        form_title = pick(form.title.zh, form.title.en) if form is not None else ""
        spread = r["spread_limit"]
        values = {
            "form": f"{html.escape(form_title or str(r['form']))} "
                    f"<span style='color:#777'>({html.escape(str(r['form']))} v{r['form_version']})</span>",
            "rule": html.escape(rule_name(str(r["rule"]))),
            "spread": (self.tr("{points} points").format(points=f"{float(str(spread)):g}") if spread is not None
                       else self.tr("none")),
            "per_dossier": str(r["per_dossier"]),
            "deadline": str(r["deadline"] or self.tr("none")),
            "status": f'<span style="color:{STATUS_COLOURS.get(str(r["status"]), "#9e9e9e")}">●</span> '
                      f"{html.escape(status_name(str(r['status'])))}",
        }
        for key, (_label, value) in self._fact_labels.items():
            value.setText(values[key])
        self.preview.setHtml(form_preview_html(form) if form is not None else "")


def _scaled_font(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    scaled.setBold(bold)
    return scaled


# --- the desk ------------------------------------------------------------------------------------


class SecretaryDesk(Desk):
    """The secretary's desk (see the module docstring)."""

    desk_id = "secretary"
    #: Its reload reads the round's whole workflow (every dossier, the returns' status board):
    #: a third of a second at 2,000 dossiers, put off until the tab is shown.
    lazy = True

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.operator = Operator(settings)
        self.workflow = Workflow()
        self.wizard: RoundWizard | None = None
        self._stale: set[SecretaryPanel] = set()

        self.new_round_action = QAction(self)
        self.new_round_action.setObjectName("newRoundAction")
        self.new_round_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_round_action.setIcon(state_icon("next"))
        self.new_round_action.triggered.connect(self.new_round)
        self.import_returns_action = QAction(self)
        self.import_returns_action.setObjectName("importReturnsAction")
        self.import_returns_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.import_returns_action.triggered.connect(self._import_returns)

        self.steps = QListWidget()
        self.steps.setObjectName("secretarySteps")
        self.steps.setItemDelegate(StepDelegate(self.steps))
        self.steps.setFixedWidth(214)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setFrameShape(QFrame.Shape.NoFrame)
        self.steps.setSpacing(1)
        self.steps.setWordWrap(True)
        for _key in STEPS:
            self.steps.addItem(QListWidgetItem())
        self.steps.currentRowChanged.connect(self._step_selected)

        self.banner = QLabel()
        self.banner.setObjectName("nextBanner")
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setWordWrap(True)
        self.banner.setMargin(8)
        self.banner.setAutoFillBackground(True)
        self.banner.setStyleSheet("QLabel#nextBanner { background: #e3f2fd; border: 1px solid #bbdefb; "
                                  "border-radius: 4px; }")

        self.setup_page = RoundSetupPage(self.new_round_action)
        self.dossier_panel = DossierImportPanel()
        self.roster_panel = RosterPanel()
        self.conflicts_panel = ConflictsPanel()
        self.search_panel = SearchPanel()
        self.assign_panel = AssignPanel()
        self.bundles_panel = BundlesPanel()
        self.returns_panel = ReturnsPanel()
        self.board_panel = StatusBoardPanel()
        self.paper_panel = PaperPanel()
        self.panels: list[SecretaryPanel] = [
            self.setup_page, self.dossier_panel, self.roster_panel, self.conflicts_panel, self.search_panel,
            self.assign_panel, self.bundles_panel, self.returns_panel, self.board_panel, self.paper_panel,
        ]
        self.experts_tabs = QTabWidget()
        self.experts_tabs.setObjectName("expertsTabs")
        for panel in (self.roster_panel, self.conflicts_panel, self.search_panel):
            self.experts_tabs.addTab(panel, "")
        self.exchange_tabs = QTabWidget()
        self.exchange_tabs.setObjectName("exchangeTabs")
        for panel in (self.bundles_panel, self.returns_panel, self.board_panel, self.paper_panel):
            self.exchange_tabs.addTab(panel, "")
        self.experts_tabs.currentChanged.connect(lambda _i: self._refresh_visible())
        self.exchange_tabs.currentChanged.connect(lambda _i: self._refresh_visible())

        self.pages = QStackedWidget()
        self.pages.setObjectName("secretaryPages")
        for page in (self.setup_page, self.dossier_panel, self.experts_tabs, self.assign_panel, self.exchange_tabs):
            self.pages.addWidget(page)

        self.page_title = QLabel()
        self.page_title.setObjectName("stepTitle")
        font = QFont(self.page_title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.page_title.setFont(font)
        right = QVBoxLayout()
        right.addWidget(self.page_title)
        right.addWidget(self.banner)
        right.addWidget(self.pages, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)

        self.roster_panel.imported.connect(self._roster_imported)
        self.dossier_panel.indexed.connect(self._text_indexed)
        self.conflicts_panel.detected.connect(self._conflicts_detected)
        self.steps.setCurrentRow(0)
        self.retranslate()

    # --- Desk -------------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Secretary's desk")

    def set_context(self, ctx: AppContext) -> None:
        super().set_context(ctx)
        for panel in self.panels:
            panel.bind(self.ctx, self.operator)

    def file_actions(self) -> Sequence[QAction]:
        return (self.new_round_action, self.import_returns_action)

    def can_drop(self, paths: Sequence[Path]) -> bool:
        return self.ctx.round_id != NO_ROUND and any(is_return_file(p) for p in paths)

    def drop_files(self, paths: Sequence[Path]) -> None:
        self.show_step("exchange")
        self.exchange_tabs.setCurrentWidget(self.returns_panel)
        self.returns_panel.start_import([p for p in paths if is_return_file(p)])

    def retranslate(self) -> None:
        self.new_round_action.setText(self.tr("New &round…"))
        self.new_round_action.setStatusTip(self.tr("Create a committee round: name, scoring form, rules, deadline"))
        self.import_returns_action.setText(self.tr("Import re&turns…"))
        self.import_returns_action.setStatusTip(self.tr("Merge return files sent back by the experts"))
        for i, text in enumerate((self.tr("Roster"), self.tr("Likely conflicts"), self.tr("Full-text search"))):
            self.experts_tabs.setTabText(i, text)
        for i, text in enumerate((self.tr("Bundles"), self.tr("Returns"), self.tr("Status board"),
                                  self.tr("Paper entry"))):
            self.exchange_tabs.setTabText(i, text)
        self._show_workflow()

    def step_title(self, step: str) -> str:
        return {
            "setup": self.tr("1 Setup"),
            "dossiers": self.tr("2 Dossiers"),
            "experts": self.tr("3 Experts & conflicts"),
            "assign": self.tr("4 Assignment"),
            "exchange": self.tr("5 Bundles & returns"),
        }[step]

    def on_round_changed(self, round_id: int) -> None:
        self._reload(jump=True)

    def on_data_changed(self, topic: str) -> None:
        if topic in RELEVANT_TOPICS:
            self._reload(jump=False)

    def reload(self) -> None:
        self._reload(jump=True)

    def about_to_close(self) -> None:
        for panel in self.panels:
            panel.about_to_close()

    # --- reading ----------------------------------------------------------------------------------

    def _reload(self, *, jump: bool) -> None:
        if self._ctx is None:
            return
        try:
            self.workflow = read_workflow(self)
        except Exception as exc:  # the boundary: keep the desk usable
            messages.show_status_error(exc, context="secretary desk")
            self.workflow = Workflow()
        self._stale = set(self.panels)
        self._show_workflow()
        if jump:
            self.show_step(self.workflow.next_step() or "exchange")
        self._refresh_visible()

    def _refresh_visible(self) -> None:
        panel = self.visible_panel()
        if panel is not None and panel in self._stale:
            self._stale.discard(panel)
            panel.reload()

    def visible_panel(self) -> SecretaryPanel | None:
        page = self.pages.currentWidget()
        if isinstance(page, QTabWidget):
            page = page.currentWidget()
        return page if isinstance(page, SecretaryPanel) else None

    def show_step(self, step: str) -> None:
        self.steps.setCurrentRow(STEPS.index(step))

    def current_step(self) -> str:
        return STEPS[max(0, self.steps.currentRow())]

    def _step_selected(self, row: int) -> None:
        if 0 <= row < len(STEPS):
            self.pages.setCurrentIndex(row)
            self.page_title.setText(self.step_title(STEPS[row]))
            self._refresh_visible()

    def _show_workflow(self) -> None:
        w = self.workflow
        next_step = w.next_step()
        for i, step in enumerate(STEPS):
            item = self.steps.item(i)
            done = w.done(step)
            item.setData(TITLE_ROLE, self.step_title(step))
            item.setData(SUMMARY_ROLE, self._step_summary(step))
            if done:
                item.setIcon(state_icon("ok"))
            else:
                item.setIcon(number_icon(i + 1, "next" if step == next_step else "todo"))
            enabled = w.has_round or step == "setup"
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled if enabled else Qt.ItemFlag.NoItemFlags
            item.setFlags(flags)
            item.setToolTip(self._step_summary(step))
        if self.steps.currentRow() >= 0:
            self.page_title.setText(self.step_title(STEPS[self.steps.currentRow()]))
        self.banner.setText(f'<span style="color:{STATE_COLOURS["next"]}">➜</span> '
                            + html.escape(self.next_text()))

    def _step_summary(self, step: str) -> str:
        w = self.workflow
        if not w.has_round:
            return self.tr("Create a round first") if step == "setup" else ""
        if step == "setup":
            return self.tr("Round created")
        if step == "dossiers":
            if not w.dossiers:
                return self.tr("No dossiers yet")
            text = self.tr("{n} dossiers, {files} files").format(n=w.dossiers, files=w.files)
            return text + (" · " + self.tr("{n} to index").format(n=w.unindexed) if w.unindexed else "")
        if step == "experts":
            if not w.experts:
                return self.tr("No experts yet")
            text = self.tr("{n} experts").format(n=w.experts)
            if w.suspected:
                return text + " · " + self.tr("{n} conflicts to decide").format(n=w.suspected)
            if not w.detection_current:
                return text + " · " + self.tr("conflicts not checked")
            return text + " · " + self.tr("conflicts checked")
        if step == "assign":
            if not w.assignments:
                return self.tr("Nothing assigned yet")
            text = self.tr("{n} assignments").format(n=w.assignments)
            return text + (" · " + self.tr("{n} dossiers short").format(n=w.short) if w.short else "")
        if not w.working:
            return self.tr("Nothing to send yet")
        return self.tr("sent {sent}/{n} · complete {done}/{n}").format(sent=w.sent, done=w.complete, n=w.working)

    def next_text(self) -> str:
        """What to do now, in one sentence (the banner)."""
        w = self.workflow
        step = w.next_step()
        if not w.has_round:
            return self.tr("Next: create a round (File ▸ New round…).")
        if step == "dossiers":
            if not w.dossiers:
                return self.tr("Next: import the dossiers, from a folder or a manifest.")
            return self.tr("Next: index the text of {n} files for search and conflict detection.").format(
                n=w.unindexed)
        if step == "experts":
            if not w.experts:
                return self.tr("Next: import the expert roster.")
            if w.suspected:
                return self.tr("Next: decide the {n} likely conflicts (confirm or dismiss each).").format(
                    n=w.suspected)
            return self.tr("Next: look for conflicts of interest (Find conflicts).")
        if step == "assign":
            if not w.assignments:
                return self.tr("Next: assign the dossiers to the experts.")
            return self.tr("Next: {n} dossiers still need experts.").format(n=w.short)
        if step == "exchange":
            if w.sent < w.working:
                return self.tr("Next: export the bundles for the experts ({sent} of {n} sent).").format(
                    sent=w.sent, n=w.working)
            return self.tr("Next: merge the returns as they arrive ({done} of {n} experts complete).").format(
                done=w.complete, n=w.working)
        return self.tr("Every expert's reviews are in: the round is ready for reconciliation.")

    # --- actions ----------------------------------------------------------------------------------

    def new_round(self) -> RoundWizard:
        """File ▸ New round…: the wizard, window-modal; the new round is selected when it exists."""
        wizard = RoundWizard(self.ctx, self.operator.actor(), self.window())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.created.connect(self._round_created)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _round_created(self, round_id: int) -> None:
        if self.ctx.role != ROLE_SECRETARY:
            self.ctx.notify(Topic.ROLE)  # a new workspace has just become a secretary's
        self.ctx.notify(Topic.ROUNDS)
        self.ctx.set_round(round_id)
        self.show_step("dossiers")
        messages.status(self.tr("The round was created. Next: import the dossiers."))

    def _import_returns(self) -> None:
        if self.ctx.round_id == NO_ROUND:
            messages.info(self, self.tr("Select a round first."))
            return
        self.bring_to_front()  # File ▸ Import returns works from any tab; the results show here
        self.show_step("exchange")
        self.exchange_tabs.setCurrentWidget(self.returns_panel)
        self.returns_panel.import_returns()

    def _roster_imported(self) -> None:
        if self.workflow.dossiers:
            self.conflicts_panel.detect()

    def _text_indexed(self) -> None:
        if self.workflow.experts:
            self.conflicts_panel.detect()

    def _conflicts_detected(self, suspected: int) -> None:
        if suspected and self.current_step() == "experts":
            self.experts_tabs.setCurrentWidget(self.conflicts_panel)


def register(window: MainWindow) -> None:
    """The secretary's desk: for secretaries, and for a new workspace (to create the first round)."""
    window.register_desk(SecretaryDesk, roles=(ROLE_SECRETARY, None))
