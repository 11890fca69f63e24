"""The committee's dialogs: recording a decision, finalising a round, reopening it,
and the report of "confirm all clean dossiers".

Each dialog has a classmethod (``ask`` / ``show_result``) that builds it, runs it
modally and returns plain values; tests replace these with ``monkeypatch``
(pytest-qt's ``note_dialogs``), and the desk never looks inside a dialog.

The rules that matter are enforced where the user acts, not only in the core: an
override cannot be accepted without a reason, nor a reopening; the core refuses
both as well (``committee.override``, ``committee.reopen_round``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reviewer.committee import DecisionRow
from ui.i18n import pick

#: A final score as typed: up to three digits, up to two decimals.
_SCORE_PATTERN = r"^\d{0,3}([.]\d{0,2})?$"


def split_bilingual(text: str) -> tuple[str, str]:
    """Split the core's "中文 / English" messages (flags, issues, stale reasons).

    The split is at the first " / " that has Chinese before it and a Latin letter,
    digit or quote after it; text without such a split is the same in both languages.
    """
    for match in re.finditer(r" / ", text):
        left, right = text[: match.start()], text[match.end():]
        if re.search(r"[\u3400-\u9fff]", left) and re.match(r"[A-Za-z0-9“\"'(]", right):
            return left, right
    return text, text


def bilingual(text: str) -> str:
    """The half of a "中文 / English" message in the current language."""
    zh, en = split_bilingual(text)
    return pick(zh, en)


@dataclass(frozen=True)
class TierChoice:
    """An award tier the committee may give (``key`` None: no tier)."""

    key: str | None
    title: str


@dataclass(frozen=True)
class DecisionRequest:
    """What the committee decided in the dialog.

    ``override`` False: confirm the computed rank and tier (the other fields but
    ``flag_resolution`` are then ignored). True: record ``rank`` (None: unranked),
    ``tier`` (None: no tier), ``final_score`` (None: the computed aggregate) with
    ``reason``.
    """

    override: bool
    rank: int | None
    tier: str | None
    final_score: Decimal | None
    reason: str
    flag_resolution: str


def rank_text(rank: int | None, tie: bool) -> str:
    """A rank as printed: "2=" when shared, "—" when there is none."""
    if rank is None:
        return "—"
    return f"{rank}=" if tie else str(rank)


class DecisionDialog(QDialog):
    """Confirm a dossier's computed rank and tier, or override them with a reason.

    OK stays disabled while an override has no reason, or a confirm has nothing to
    confirm (no submitted reviews). The dossier's flags and open issues are shown, with
    a field to say how they were settled (printed on the summary sheet).
    """

    def __init__(self, parent: QWidget | None, row: DecisionRow, tiers: Sequence[TierChoice],
                 dossier_count: int, rule_title: str, *, override: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.row = row
        self.setWindowTitle(self.tr("Decision on {number}").format(number=row.number))
        titles = {t.key: t.title for t in tiers}
        computed_tier = (titles.get(row.computed_tier, row.computed_tier) if row.computed_tier
                         else self.tr("none"))
        score = "—" if row.computed_score is None else f"{row.computed_score:.2f}"

        heading = QLabel(f"<b>{html.escape(row.number)}</b>　{html.escape(row.title)}"
                         f"<br><span style='color:#555'>{html.escape(row.applicant)}</span>")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        computed = QLabel(self.tr("Computed under {rule}: rank {rank}, tier {tier}, aggregate {score}").format(
            rule=rule_title, rank=rank_text(row.computed_rank, row.tie), tier=computed_tier, score=score))
        computed.setWordWrap(True)
        computed.setObjectName("computedResult")

        self.issues = QLabel()
        self.issues.setObjectName("decisionIssues")
        self.issues.setWordWrap(True)
        self.issues.setTextFormat(Qt.TextFormat.RichText)
        lines = [bilingual(f.reason) for f in row.flags]
        if row.tie and not any(f.kind == "tie" for f in row.flags):
            lines.insert(0, self.tr("Shares rank {rank} with another dossier.").format(rank=row.computed_rank))
        if row.stale:
            lines += [self.tr("Stale: {reason}").format(reason=bilingual(r)) for r in row.stale_reasons]
        self.issues.setText("".join(f"<p style='margin:2px 0'>⚑ {html.escape(line)}</p>" for line in lines))
        self.issues.setVisible(bool(lines))
        self.issues.setStyleSheet("QLabel { background: #fff4e5; border: 1px solid #f0c36d; padding: 6px; }")

        self.confirm_radio = QRadioButton(self.tr("Confirm the computed rank and tier"))
        self.override_radio = QRadioButton(self.tr("Override them (a reason is required)"))
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.confirm_radio)
        self.mode.addButton(self.override_radio)
        if row.reviews == 0:
            self.confirm_radio.setEnabled(False)
            self.confirm_radio.setToolTip(self.tr("There are no submitted reviews: nothing was computed to confirm."))
            override = True

        self.override_box = QGroupBox(self.tr("Decision"))
        self.rank_spin = QSpinBox()
        self.rank_spin.setObjectName("rankSpin")
        self.rank_spin.setRange(0, max(1, dossier_count))
        self.rank_spin.setSpecialValueText(self.tr("unranked"))
        self.rank_spin.setValue(row.rank if row.decided and row.rank else (row.computed_rank or 0))
        self.tier_combo = QComboBox()
        self.tier_combo.setObjectName("tierCombo")
        for choice in tiers:
            self.tier_combo.addItem(choice.title, choice.key)
        current_tier = row.tier if row.decided else row.computed_tier
        found = self.tier_combo.findData(current_tier)
        self.tier_combo.setCurrentIndex(found if found >= 0 else self.tier_combo.count() - 1)
        self.score_edit = QLineEdit()
        self.score_edit.setObjectName("finalScore")
        self.score_edit.setValidator(QRegularExpressionValidator(QRegularExpression(_SCORE_PATTERN), self.score_edit))
        self.score_edit.setPlaceholderText(self.tr("computed: {score}").format(score=score))
        self.score_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.score_edit.setMaximumWidth(120)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("overrideReason")
        self.reason_edit.setPlaceholderText(self.tr("Why the committee departs from the computed result"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.reason_edit.fontMetrics().lineSpacing() * 4 + 12)
        if row.overridden:
            self.reason_edit.setPlainText(row.reason)
        form = QFormLayout(self.override_box)
        form.addRow(self.tr("Rank:"), self.rank_spin)
        form.addRow(self.tr("Award tier:"), self.tier_combo)
        form.addRow(self.tr("Final score:"), self.score_edit)
        form.addRow(self.tr("Reason:"), self.reason_edit)

        self.resolution_edit = QPlainTextEdit()
        self.resolution_edit.setObjectName("flagResolution")
        self.resolution_edit.setTabChangesFocus(True)
        self.resolution_edit.setPlaceholderText(
            self.tr("How the committee settled the flags (printed on the summary sheet)"))
        self.resolution_edit.setFixedHeight(self.resolution_edit.fontMetrics().lineSpacing() * 3 + 12)
        self.resolution_edit.setPlainText(row.flag_resolution)
        self.resolution_label = QLabel(self.tr("Flag resolution:"))

        self.hint = QLabel()
        self.hint.setObjectName("decisionHint")
        self.hint.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(computed)
        layout.addWidget(self.issues)
        layout.addWidget(self.confirm_radio)
        layout.addWidget(self.override_radio)
        layout.addWidget(self.override_box)
        layout.addWidget(self.resolution_label)
        layout.addWidget(self.resolution_edit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.setMinimumWidth(520)

        (self.override_radio if override else self.confirm_radio).setChecked(True)
        self.mode.buttonToggled.connect(lambda *_: self._update())
        self.reason_edit.textChanged.connect(self._update)
        self.score_edit.textChanged.connect(self._update)
        self._update()

    @property
    def overriding(self) -> bool:
        return self.override_radio.isChecked()

    def _score(self) -> tuple[Decimal | None, bool]:
        text = self.score_edit.text().strip()
        if not text:
            return None, True
        try:
            return Decimal(text), not text.endswith(".")
        except InvalidOperation:
            return None, False

    def _update(self) -> None:
        overriding = self.overriding
        self.override_box.setEnabled(overriding)
        hint = ""
        if overriding and not self.reason_edit.toPlainText().strip():
            hint = self.tr("Type the reason for the override.")
        elif overriding and not self._score()[1]:
            hint = self.tr("The final score is not a number.")
        elif not overriding and self.row.reviews == 0:
            hint = self.tr("Nothing to confirm.")
        self.hint.setText(hint)
        self.ok_button.setEnabled(not hint)
        self.ok_button.setText(self.tr("Override") if overriding else self.tr("Confirm"))

    def request(self) -> DecisionRequest:
        """The decision as the dialog holds it now."""
        if not self.overriding:
            return DecisionRequest(False, None, None, None, "", self.resolution_edit.toPlainText().strip())
        rank = self.rank_spin.value() or None
        tier = self.tier_combo.currentData()
        return DecisionRequest(True, rank, tier if isinstance(tier, str) else None, self._score()[0],
                               self.reason_edit.toPlainText().strip(), self.resolution_edit.toPlainText().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, row: DecisionRow, tiers: Sequence[TierChoice], dossier_count: int,
            rule_title: str, *, override: bool = False) -> DecisionRequest | None:
        """Run the dialog; the decision, or None if the user cancelled."""
        dialog = cls(parent, row, tiers, dossier_count, rule_title, override=override)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.request()
        finally:
            dialog.deleteLater()


class FinaliseDialog(QDialog):
    """Finalising a round: either what still stands in the way, or the confirmation.

    With problems, the dialog lists them and can only be closed; without, it says
    what finalising means and asks.
    """

    def __init__(self, parent: QWidget | None, round_name: str, problems: Sequence[str]) -> None:
        super().__init__(parent)
        self.setObjectName("finaliseDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowTitle(self.tr("Finalise the round"))
        layout = QVBoxLayout(self)
        if problems:
            intro = QLabel(
                self.tr("The round \"{name}\" cannot be finalised yet. Still open:").format(name=round_name))
            intro.setWordWrap(True)
            listing = QTextBrowser()
            listing.setObjectName("finaliseProblems")
            listing.setHtml("<ul>" + "".join(f"<li>{html.escape(bilingual(p))}</li>" for p in problems) + "</ul>")
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
            layout.addWidget(intro)
            layout.addWidget(listing, 1)
            layout.addWidget(buttons)
            self.resize(620, 380)
        else:
            text = QLabel(self.tr(
                "Finalise the round \"{name}\"?\n\nEvery decision and review becomes read-only; the official "
                "sheets can then be printed. Reopening later needs a reason, which is kept in the audit log."
            ).format(name=round_name))
            text.setWordWrap(True)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            finalise = buttons.addButton(self.tr("Finalise"), QDialogButtonBox.ButtonRole.AcceptRole)
            finalise.setObjectName("finaliseButton")
            buttons.accepted.connect(self.accept)
            buttons.rejected.connect(self.reject)
            # Cancel is the default: Enter never locks a round by accident.
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
            layout.addWidget(text)
            layout.addWidget(buttons)
            self.setMinimumWidth(460)

    @classmethod
    def ask(cls, parent: QWidget | None, round_name: str, problems: Sequence[str]) -> bool:
        """Show the problems (returns False), or ask for confirmation (True to finalise)."""
        dialog = cls(parent, round_name, problems)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted and not problems
        finally:
            dialog.deleteLater()


class ReopenDialog(QDialog):
    """Reopening a finalised round: the reason is required (OK stays disabled without one)."""

    def __init__(self, parent: QWidget | None, round_name: str) -> None:
        super().__init__(parent)
        self.setObjectName("reopenDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowTitle(self.tr("Reopen the round"))
        text = QLabel(self.tr(
            "Reopen the finalised round \"{name}\"? Its decisions can then be changed again. "
            "The reason is kept in the audit log."
        ).format(name=round_name))
        text.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reopenReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(self.tr("Why the round is reopened"))
        self.reason_edit.setFixedHeight(self.reason_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(self.tr("Reopen"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, round_name: str) -> str | None:
        """The reason typed, or None if the user cancelled."""
        dialog = cls(parent, round_name)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.reason():
                return None
            return dialog.reason()
        finally:
            dialog.deleteLater()


class BulkResultDialog(QDialog):
    """What "confirm all clean dossiers" did: what it confirmed, what it left and why."""

    def __init__(self, parent: QWidget | None, confirmed: Sequence[str],
                 skipped: Sequence[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setObjectName("bulkResultDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowTitle(self.tr("Confirm all clean dossiers"))
        parts = []
        if confirmed:
            parts.append("<p>" + html.escape(self.tr("Confirmed {n}: {numbers}").format(
                n=len(confirmed), numbers=pick("、", ", ").join(confirmed))) + "</p>")
        else:
            parts.append("<p>" + html.escape(self.tr("No dossier was confirmed.")) + "</p>")
        if skipped:
            parts.append("<p><b>" + html.escape(self.tr("Left for the committee ({n}):").format(n=len(skipped)))
                         + "</b></p><table cellspacing='0' cellpadding='3'>")
            for number, reason in skipped:
                readable = self._readable(reason)
                parts.append(f"<tr><td valign='top'><b>{html.escape(number)}</b></td>"
                             f"<td>{html.escape(readable)}</td></tr>")
            parts.append("</table>")
        browser = QTextBrowser()
        browser.setObjectName("bulkResult")
        browser.setHtml("".join(parts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser, 1)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def _readable(self, reason: str) -> str:
        """A skip reason of ``committee.confirm_all`` ("a / b；c / d", perhaps "决定已过期：…")
        in the current language."""
        stale_prefix = "决定已过期："
        stale = reason.startswith(stale_prefix)
        body = reason[len(stale_prefix):] if stale else reason
        text = "；".join(bilingual(part) for part in re.split(r"；(?=\S)", body))
        return self.tr("Stale decision: {reasons}").format(reasons=text) if stale else text

    @classmethod
    def show_result(cls, parent: QWidget | None, confirmed: Sequence[str],
                    skipped: Sequence[tuple[str, str]]) -> None:
        dialog = cls(parent, confirmed, skipped)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


__all__ = [
    "BulkResultDialog",
    "DecisionDialog",
    "DecisionRequest",
    "FinaliseDialog",
    "ReopenDialog",
    "TierChoice",
    "bilingual",
    "rank_text",
    "split_bilingual",
]
