"""The wizard that sets up a round: name, scoring form, rules, deadline.

A round pins its form (by content hash) for good, so the form page shows what the
experts will score — criteria, weights, veto items, award tiers — before the
secretary commits to it. A form file with a mistake is explained with the
loader's own message (file and line) and the wizard stays on the page.

Finishing creates the round in the worker; a workspace nobody has used yet
becomes a secretary's workspace at that moment.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from forms import Form
from forms.loader import FormError, builtin_form_ids, load_builtin, load_form_file
from reviewer import rounds
from reviewer.errors import StateError
from reviewer.workspace import get_setting, set_setting
from ui import messages
from ui.i18n import current_language, pick
from ui.qt_desk import AppContext
from ui.qt_import import FileDialogs, state_icon
from ui.qt_worker import IsCancelled, Operation, Progress

FORM_FILTERS = "TOML (*.toml);;All files (*)"
#: Default disagreement limit, as a share of the form's highest total.
DEFAULT_SPREAD_SHARE = Decimal("0.15")


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral() else str(value.normalize())


def _preview_labels() -> dict[str, str]:
    """The preview's words in the current language (literal calls, so that lupdate finds them)."""
    return {
        "version": QCoreApplication.translate("FormPreview", "Version {version}"),
        "criteria": QCoreApplication.translate("FormPreview", "{n} criteria"),
        "scale": QCoreApplication.translate("FormPreview", "highest total {scale} points"),
        "criterion": QCoreApplication.translate("FormPreview", "Criterion"),
        "range": QCoreApplication.translate("FormPreview", "Range"),
        "weight": QCoreApplication.translate("FormPreview", "Weight"),
        "step": QCoreApplication.translate("FormPreview", " step {step}"),
        "total": QCoreApplication.translate("FormPreview", "Total"),
        "tiers": QCoreApplication.translate("FormPreview", "Award tiers"),
        "tier": QCoreApplication.translate("FormPreview", "Tier"),
        "amount": QCoreApplication.translate("FormPreview", "Award (10,000 yuan)"),
        "places": QCoreApplication.translate("FormPreview", "Places"),
        "minimum": QCoreApplication.translate("FormPreview", "Minimum total"),
        "no_limit": QCoreApplication.translate("FormPreview", "no limit"),
        "recommendation": QCoreApplication.translate("FormPreview", "Recommendation"),
        "vetoes": QCoreApplication.translate("FormPreview", "Veto items"),
        "vetoes_note": QCoreApplication.translate("FormPreview", "(any “yes” disqualifies the application)"),
    }


def form_preview_html(form: Form) -> str:
    """What a form asks of the experts and what it awards, as HTML for a text browser."""
    lang = "en" if current_language() == "en" else "zh"
    other = "zh" if lang == "en" else "en"
    esc = html.escape
    label = {k: esc(v) for k, v in _preview_labels().items()}
    header_bg = "#e8eaf6"
    table = "cellspacing='0' cellpadding='4' style='border-collapse:collapse; border:1px solid #c5cae9'"
    parts = [f"<h3 style='margin-bottom:0'>{esc(form.title.get(lang))}</h3>"]
    if form.title.get(other) != form.title.get(lang):
        parts.append(f"<p style='color:#666; margin-top:2px'>{esc(form.title.get(other))}</p>")
    facts = [
        label["version"].format(version=form.version),
        label["criteria"].format(n=len(form.criteria)),
        label["scale"].format(scale=_fmt(form.scale)),
    ]
    if form.programme.get(lang):
        facts.insert(0, esc(form.programme.get(lang)))
    parts.append(f"<p>{' · '.join(facts)}</p>")
    parts.append(f"<table width='100%' {table}>")
    parts.append(f"<tr style='background:{header_bg}'><th align='left' width='72%'>{label['criterion']}</th>"
                 f"<th align='right' width='16%'>{label['range']}</th>"
                 f"<th align='right' width='12%'>{label['weight']}</th></tr>")
    sections = {key: s for s in form.sections for key in s.criteria}
    current_section = None
    for number, c in enumerate(form.criteria, start=1):
        section = sections.get(c.key)
        if section is not None and section is not current_section:
            current_section = section
            parts.append(f"<tr><td colspan='3' style='background:#f5f5f5'><b>{esc(section.title.get(lang))}</b>"
                         "</td></tr>")
        second = c.title.get(other)
        name = esc(c.title.get(lang)) + (f"<br><span style='color:#777'>{esc(second)}</span>"
                                         if second != c.title.get(lang) else "")
        step = label["step"].format(step=_fmt(c.step)) if c.step != 1 else ""
        parts.append(f"<tr><td>{number}. {name}</td>"
                     f"<td align='right'>{_fmt(c.min)}–{_fmt(c.max)}{step}</td>"
                     f"<td align='right'><b>{_fmt(c.effective_weight)}</b></td></tr>")
    parts.append(f"<tr style='background:{header_bg}'><td><b>{label['total']}</b></td><td></td>"
                 f"<td align='right'><b>{_fmt(form.scale)}</b></td></tr></table>")
    if form.tiers:
        parts.append(f"<p style='margin-bottom:2px'><b>{label['tiers']}</b></p><table {table}>")
        parts.append(f"<tr style='background:{header_bg}'><th align='left'>{label['tier']}</th>"
                     f"<th align='right'>{label['amount']}</th><th align='right'>{label['places']}</th>"
                     f"<th align='right'>{label['minimum']}</th></tr>")
        for tier in form.tiers:
            amount = _fmt(tier.amount) if tier.amount is not None else "—"
            quota = str(tier.quota) if tier.quota is not None else label["no_limit"]
            minimum = _fmt(tier.min_score) if tier.min_score is not None else "—"
            parts.append(f"<tr><td>{esc(tier.title.get(lang))}</td><td align='right'>{amount}</td>"
                         f"<td align='right'>{quota}</td><td align='right'>{minimum}</td></tr>")
        parts.append("</table>")
    if form.recommendations:
        choices = esc(" / ".join(c.title.get(lang) for c in form.recommendations))
        parts.append(f"<p><b>{label['recommendation']}</b>: {choices}</p>")
    if form.vetoes:
        parts.append(f"<p style='margin-bottom:0'><b>{label['vetoes']}</b> {label['vetoes_note']}</p>"
                     "<ol style='margin-top:2px'>")
        parts += [f"<li>{esc(v.question.get(lang))}</li>" for v in form.vetoes]
        parts.append("</ol>")
    return "".join(parts)


# --- pages --------------------------------------------------------------------------------------


class NamePage(QWizardPage):
    """The round's name (what the experts and the sheets will show)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("roundName")
        self.name_edit.setMaxLength(200)
        self.registerField("name*", self.name_edit)
        self.name_label = QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        layout = QFormLayout(self)
        layout.addRow(self.name_label, self.name_edit)
        layout.addRow("", self.hint)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Name the round"))
        self.setSubTitle(self.tr("A round is one committee's review of one programme's applications."))
        self.name_label.setText(self.tr("Round name:"))
        self.name_edit.setPlaceholderText(self.tr("e.g. 2026年度人工智能与实体经济深度融合创新项目评审"))
        self.hint.setText(self.tr("The name appears on every bundle, every return file and every printed sheet."))


class FormPage(QWizardPage):
    """The scoring form: a built-in programme form, or a TOML file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forms: dict[str, Form] = {}
        self.form: Form | None = None
        self._file_form: Form | None = None
        self.builtin_radio = QRadioButton()
        self.builtin_radio.setObjectName("builtinForm")
        self.file_radio = QRadioButton()
        self.file_radio.setObjectName("fileForm")
        self.group = QButtonGroup(self)
        self.group.addButton(self.builtin_radio)
        self.group.addButton(self.file_radio)
        self.builtin_radio.setChecked(True)
        self.list = QListWidget()
        self.list.setObjectName("builtinForms")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        for form_id in builtin_form_ids():
            try:
                form = load_builtin(form_id)
            except FormError as exc:  # a broken installation: say so, keep the others
                messages.log_exception(exc, "built-in form")
                continue
            self.forms[form_id] = form
            item = QListWidgetItem(f"{form.title.zh}\n{form.title.en}")
            item.setData(Qt.ItemDataRole.UserRole, form_id)
            item.setToolTip(f"{form_id} v{form.version}")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("formPath")
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("QLabel { color: #b71c1c; }")
        self.error_label.setVisible(False)
        self.preview = QTextBrowser()
        self.preview.setObjectName("formPreview")
        self.preview.setOpenLinks(False)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.builtin_radio)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.file_radio)
        left_layout.addLayout(file_row)
        left_layout.addWidget(self.error_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # QWizard leaves a page at its preferred height unless it asks for more.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        self.list.currentRowChanged.connect(lambda _r: self._choose(builtin=True))
        self.builtin_radio.toggled.connect(lambda on: self._update())
        self.path_edit.textChanged.connect(lambda _t: self._path_changed())
        self.path_edit.editingFinished.connect(self._load_file)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Choose the scoring form"))
        self.setSubTitle(self.tr("The round keeps this exact form; every review is scored and signed against it."))
        self.builtin_radio.setText(self.tr("A built-in programme form"))
        self.file_radio.setText(self.tr("A form file (TOML)"))
        self.path_edit.setPlaceholderText(self.tr("Path of a .toml form file"))
        self.browse_button.setText(self.tr("Browse…"))
        self._show_preview()

    def _choose(self, *, builtin: bool) -> None:
        if builtin and not self.builtin_radio.isChecked():
            self.builtin_radio.setChecked(True)
        self._update()

    def _path_changed(self) -> None:
        self._file_form = None
        if self.path_edit.text().strip() and not self.file_radio.isChecked():
            self.file_radio.setChecked(True)
        self.error_label.setVisible(False)
        self._update()

    def _browse(self) -> None:
        path = FileDialogs.open_file(self, self.tr("Choose a form file"), FORM_FILTERS)
        if path is not None:
            self.file_radio.setChecked(True)
            self.path_edit.setText(str(path))
            self._load_file()

    def _load_file(self) -> bool:
        """Load the file named in the box; show the loader's message (file and line) on failure."""
        text = self.path_edit.text().strip()
        if not text:
            return False
        try:
            self._file_form = load_form_file(Path(text))
        except FormError as exc:
            self._file_form = None
            self.error_label.setText(str(exc))
            self.error_label.setVisible(True)
            self._update()
            return False
        self.error_label.setVisible(False)
        self._update()
        return True

    def _update(self) -> None:
        if self.builtin_radio.isChecked():
            item = self.list.currentItem()
            self.form = self.forms.get(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
        else:
            self.form = self._file_form
        self.list.setEnabled(self.builtin_radio.isChecked())
        self._show_preview()
        self.completeChanged.emit()

    def _show_preview(self) -> None:
        if self.form is not None:
            self.preview.setHtml(form_preview_html(self.form))
        elif self.file_radio.isChecked():
            waiting = html.escape(self.tr("The form is shown here once the file has been read."))
            self.preview.setHtml(f"<p style='color:#777'>{waiting}</p>")
        else:
            self.preview.clear()

    def isComplete(self) -> bool:
        if self.builtin_radio.isChecked():
            return self.form is not None
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        if self.builtin_radio.isChecked():
            return self.form is not None
        return self._load_file()


RULE_ORDER = ("mean", "trimmed", "median", "zscore")


def rule_explanation(rule: str) -> str:
    texts = {
        "mean": QCoreApplication.translate("RulesPage", "The average of the experts' totals."),
        "trimmed": QCoreApplication.translate(
            "RulesPage",
            "Drops the highest and the lowest total when a dossier has at least 5 reviews, then averages."),
        "median": QCoreApplication.translate("RulesPage", "The middle total: one extreme score has no pull."),
        "zscore": QCoreApplication.translate(
            "RulesPage", "Evens out experts who score everyone high or low before averaging (standard scores)."),
    }
    return texts.get(rule, "")


class RulesPage(QWizardPage):
    """How totals are combined, when disagreement is flagged, how many experts, by when."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule_group = QButtonGroup(self)
        self.rule_radios: dict[str, QRadioButton] = {}
        self.rule_notes: dict[str, QLabel] = {}
        rules_grid = QGridLayout()
        rules_grid.setColumnStretch(1, 1)
        rules_grid.setHorizontalSpacing(16)
        for row, rule in enumerate(RULE_ORDER):
            radio = QRadioButton()
            radio.setObjectName(f"rule_{rule}")
            note = QLabel()
            note.setWordWrap(True)
            note.setStyleSheet("QLabel { color: #616161; }")
            self.rule_group.addButton(radio)
            self.rule_radios[rule] = radio
            self.rule_notes[rule] = note
            rules_grid.addWidget(radio, row, 0)
            rules_grid.addWidget(note, row, 1)
        self.rule_radios["mean"].setChecked(True)
        self.rules_label = QLabel()

        self.spread_check = QCheckBox()
        self.spread_check.setObjectName("spreadOn")
        self.spread_check.setChecked(True)
        self.spread_spin = QDoubleSpinBox()
        self.spread_spin.setObjectName("spreadLimit")
        self.spread_spin.setRange(0.5, 10000)
        self.spread_spin.setDecimals(1)
        self.spread_spin.setSingleStep(0.5)
        self.spread_spin.setValue(15)
        self.spread_spin.valueChanged.connect(lambda _v: setattr(self, "_spread_touched", True))
        self.spread_check.toggled.connect(self.spread_spin.setEnabled)
        self._spread_touched = False
        self.spread_unit = QLabel()
        spread_row = QHBoxLayout()
        spread_row.addWidget(self.spread_check)
        spread_row.addWidget(self.spread_spin)
        spread_row.addWidget(self.spread_unit)
        spread_row.addStretch(1)

        self.k_spin = QSpinBox()
        self.k_spin.setObjectName("reviewersPerDossier")
        self.k_spin.setRange(1, 50)
        self.k_spin.setValue(3)
        self.k_label = QLabel()
        self.k_unit = QLabel()
        k_row = QHBoxLayout()
        k_row.addWidget(self.k_spin)
        k_row.addWidget(self.k_unit)
        k_row.addStretch(1)

        self.deadline_check = QCheckBox()
        self.deadline_check.setObjectName("deadlineOn")
        self.deadline_check.setChecked(True)
        self.deadline_edit = QDateEdit()
        self.deadline_edit.setObjectName("deadline")
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("yyyy-MM-dd")
        self.deadline_edit.setDate(QDate.currentDate().addDays(21))
        self.deadline_check.toggled.connect(self.deadline_edit.setEnabled)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline_check)
        deadline_row.addWidget(self.deadline_edit)
        deadline_row.addStretch(1)

        self.spread_label = QLabel()
        self.deadline_label = QLabel()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.spread_label, spread_row)
        form.addRow(self.k_label, k_row)
        form.addRow(self.deadline_label, deadline_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rules_label)
        layout.addLayout(rules_grid)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Rules of the round"))
        self.setSubTitle(self.tr("How the experts' totals become one score, and what the experts are asked."))
        self.rules_label.setText(self.tr("<b>Aggregation rule</b> (the committee can compare all four later):"))
        for rule, radio in self.rule_radios.items():
            zh, en = rounds.RULE_NAMES[rule]
            radio.setText(pick(zh, en))
            self.rule_notes[rule].setText(rule_explanation(rule))
        self.spread_label.setText(self.tr("Disagreement limit:"))
        self.spread_check.setText(self.tr("flag dossiers whose totals differ by more than"))
        self.spread_unit.setText(self.tr("points"))
        self.k_label.setText(self.tr("Reviewers per dossier:"))
        self.k_unit.setText(self.tr("experts score each dossier"))
        self.deadline_label.setText(self.tr("Deadline:"))
        self.deadline_check.setText(self.tr("returns are due by"))

    def initializePage(self) -> None:
        wizard = self.wizard()
        form = wizard.form_page.form if isinstance(wizard, RoundWizard) else None
        if form is not None and not self._spread_touched and form.scale > 0:
            value = (form.scale * DEFAULT_SPREAD_SHARE * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
            self.spread_spin.blockSignals(True)
            self.spread_spin.setValue(float(value))
            self.spread_spin.blockSignals(False)
            self.spread_spin.setMaximum(float(form.scale))

    def rule(self) -> str:
        return next(rule for rule, radio in self.rule_radios.items() if radio.isChecked())

    def spread_limit(self) -> Decimal | None:
        if not self.spread_check.isChecked():
            return None
        return Decimal(str(round(self.spread_spin.value(), 1)))

    def deadline(self) -> dt.date | None:
        if not self.deadline_check.isChecked():
            return None
        d = self.deadline_edit.date()
        return dt.date(d.year(), d.month(), d.day())


class SummaryPage(QWizardPage):
    """Everything chosen, once more, before the round is created."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("roundSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Create the round"))
        self.setSubTitle(self.tr("Check the settings; Finish creates the round."))
        self.note.setText(self.tr("The scoring form cannot be changed once the round exists. The rule, the "
                                  "disagreement limit and the number of reviewers can still be discussed by the "
                                  "committee later."))

    def initializePage(self) -> None:
        wizard = self.wizard()
        if not isinstance(wizard, RoundWizard):
            return
        rules = wizard.rules_page
        form = wizard.form_page.form
        zh, en = rounds.RULE_NAMES[rules.rule()]
        limit = rules.spread_limit()
        deadline = rules.deadline()
        rows = [
            (self.tr("Round"), html.escape(wizard.round_name())),
            (self.tr("Scoring form"), html.escape(f"{pick(form.title.zh, form.title.en)} (v{form.version})")
             if form is not None else "—"),
            (self.tr("Aggregation rule"), html.escape(pick(zh, en))),
            (self.tr("Disagreement limit"),
             self.tr("{points} points").format(points=_fmt(limit)) if limit is not None else self.tr("none")),
            (self.tr("Reviewers per dossier"), str(rules.k_spin.value())),
            (self.tr("Deadline"), deadline.isoformat() if deadline is not None else self.tr("none")),
        ]
        body = "".join(f"<tr><td style='color:#555; padding-right:16px'>{name}</td><td><b>{value}</b></td></tr>"
                       for name, value in rows)
        self.summary.setText(f"<table cellpadding='4'>{body}</table>")


class RoundWizard(QWizard):
    """File ▸ New round…: name, form, rules, deadline; Finish creates the round in the worker.

    Signals:
        created(int): the new round's id (the wizard then closes).
    """

    created = Signal(int)

    def __init__(self, ctx: AppContext, actor: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundWizard")
        self.ctx = ctx
        self.actor = actor
        self.op: Operation[int] | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setWindowIcon(state_icon("next"))
        self.name_page = NamePage()
        self.form_page = FormPage()
        self.rules_page = RulesPage()
        self.summary_page = SummaryPage()
        for page in (self.name_page, self.form_page, self.rules_page, self.summary_page):
            self.addPage(page)
        self.resize(1020, 700)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New round"))
        for page in (self.name_page, self.form_page, self.rules_page, self.summary_page):
            page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def round_name(self) -> str:
        return str(self.field("name") or "").strip()

    def accept(self) -> None:
        """Create the round off the GUI thread; close only once it exists (a failure keeps the wizard open)."""
        if self.op is not None and self.op.is_running:
            return
        form = self.form_page.form
        if form is None:
            return
        ws = self.ctx.require_workspace()
        name = self.round_name()
        rule = self.rules_page.rule()
        spread = self.rules_page.spread_limit()
        k = self.rules_page.k_spin.value()
        deadline = self.rules_page.deadline()
        actor = self.actor

        def work(progress: Progress, cancelled: IsCancelled) -> int:
            with ws.session() as s:
                role = get_setting(s, "role")
                if role == "expert":
                    raise StateError("专家的工作区不能创建评审轮次 (an expert's workspace cannot create rounds)")
                rnd = rounds.create_round(s, name=name, form=form, rule=rule, spread_limit=spread, per_dossier=k,
                                          deadline=deadline, actor=actor)
                if role is None:
                    set_setting(s, "role", "secretary")
                return rnd.id

        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.op = (Operation(work, parent=self).with_progress(self, self.tr("Creating the round…"), cancellable=False)
                   .success(self._created).failure(self._failed).run_in_background())

    def _created(self, round_id: int) -> None:
        self.created.emit(round_id)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        messages.show_error(self, exc, context="create round")
