"""Screenshots of the expert's desk on a realistic workspace, to look at before calling it done.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/ui/screenshot_expert.py /tmp/expert-shots [en]

Builds a secretary's round with the demo's Chinese dossiers (generated PDFs), exports
the signed bundle, imports it into an expert's workspace, submits two reviews, leaves
one draft, declares one conflict, then opens the main window and saves:

- ``worklist.png``   the work list with statuses, progress and totals;
- ``desk.png``       a dossier on the desk: the PDF on the left, the form on the right,
                     some values typed and a required comment missing;
- ``desk-bottom.png`` the same form scrolled to the veto questions and the recommendation;
- ``submitted.png``  a signed review, read-only, with Reopen;
- ``conflict.png``   the conflict-of-interest dialog;
- ``setup.png``      the profile dialog with a signature drawn on the pad;
- ``submit.png``     the confirmation before signing;
- ``locked.png``     a dossier the expert withdrew from.

Not a test (pytest collects only ``test_*.py``); everything happens in the output folder.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from expert_workspace import build  # noqa: E402
from reviewer import keys, rounds, scoring  # noqa: E402
from reviewer.demo_data import demo_review_values  # noqa: E402


def pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    app = QApplication.instance()
    assert app is not None
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def grab(widget: QWidget, path: Path) -> None:
    pump(0.3)
    widget.grab().save(str(path))
    print("wrote", path)


def signature_strokes(width: float = 440, height: float = 150) -> list[list[tuple[float, float, float]]]:
    """A cursive-looking name: three loops and a flourish, with pen pressure rising and falling."""
    strokes = []
    for start, loops in ((40.0, 3), (190.0, 2), (300.0, 3)):
        points = []
        for i in range(loops * 24 + 1):
            t = i / 24
            x = start + t * 34 + 9 * math.sin(t * 2 * math.pi)
            y = height * 0.55 - 26 * math.cos(t * 2 * math.pi) * (0.7 + 0.3 * math.sin(t * 1.3))
            pressure = 0.35 + 0.5 * abs(math.sin(t * math.pi / 2))
            points.append((x, y, pressure))
        strokes.append(points)
    strokes.append([(30 + i * 4.2, height * 0.78 + 6 * math.sin(i / 9), 0.3 + i / 220) for i in range(95)])
    return strokes


def prepare(root: Path) -> object:
    setup = build(root, dossiers=6, realistic=True)
    ws = setup.expert
    numbers = setup.numbers
    with ws.session() as s:
        rnd = rounds.only_round(s)
        me = scoring.me(s, rnd)
        name = me.name
        form = rounds.round_form(rnd)
        for number in numbers:
            dossier = scoring.find_dossier(s, rnd, number)
            if number == numbers[3]:
                scoring.declare_conflict(s, rnd, dossier, me, "cooperation", "本人所在单位与申报单位2025年联合承担省重点研发计划项目")
            else:
                scoring.confirm_no_conflict(s, rnd, dossier, me)
    key = keys.load_key(ws)
    for number in numbers[:2]:
        with ws.session() as s:
            rnd = rounds.only_round(s)
            review_id = scoring.open_review(s, rnd, scoring.find_dossier(s, rnd, number), scoring.me(s, rnd)).id
        values = demo_review_values(form, number, name)
        changes = ([{"score": item} for item in values.scores.items()]
                   + [{"score_comment": item} for item in values.comments.items()]
                   + [{"veto": item} for item in values.vetoes.items()]
                   + [{"recommendation": values.recommendation}, {"comment": values.overall_comment}])
        for change in changes:
            with ws.session() as s:
                scoring.update_review(s, review_id, **change)
        with ws.session() as s:
            scoring.submit(s, ws, review_id, key)
    with ws.session() as s:
        rnd = rounds.only_round(s)
        draft = scoring.open_review(s, rnd, scoring.find_dossier(s, rnd, numbers[2]), scoring.me(s, rnd)).id
    for change in ({"score": ("scenario_value", 8)}, {"score": ("innovation", 9.5)},
                   {"score": ("autonomy", 7)}, {"score_comment": ("autonomy", "核心算法为自研，已取得发明专利2项。")}):
        value = change.get("score")
        if value is not None:
            from decimal import Decimal

            change = {"score": (value[0], Decimal(str(value[1])))}
        with ws.session() as s:
            scoring.update_review(s, draft, **change)
    return setup


def main(out: Path, language: str = "") -> None:
    out.mkdir(parents=True, exist_ok=True)
    root = out / "workspace"
    if root.exists():
        import shutil

        shutil.rmtree(root)
    from ui.app import create_application

    app = create_application()
    if language:
        from ui import i18n

        i18n.install_language(language)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(out / "settings"))
    settings = QSettings(str(out / "settings" / "window.ini"), QSettings.Format.IniFormat)
    settings.clear()
    setup = prepare(root)

    from ui.qt_desk import AppContext
    from ui.qt_expert import ExpertDesk
    from ui.qt_expert_dialogs import ConflictDialog, DossierInfo, SetupDialog, SubmitDialog, SubmitSummary
    from ui.qt_mainwindow import MainWindow

    ctx = AppContext(setup.expert)  # type: ignore[attr-defined]
    window = MainWindow(ctx, settings=settings)
    window.resize(1600, 1000)
    window.show()
    window.show_desk("expert")
    desk = window.desk("expert")
    assert isinstance(desk, ExpertDesk)
    pump(1.0)
    grab(window, out / "worklist.png")

    numbers = setup.numbers  # type: ignore[attr-defined]
    row = next(r for r in desk.rows() if r.number == numbers[2])
    desk.open_dossier(row.dossier_id)
    pump(2.5)
    panel = desk.panel
    edit = panel.cards["benefits"].score_edit
    edit.setFocus()
    edit.lineEdit().setText("8.5")
    edit.edited.emit()
    pump(1.5)
    panel.scroll.verticalScrollBar().setValue(0)
    panel.cards["innovation"].comment_edit.setFocus()
    pump(2.0)
    grab(window, out / "desk.png")
    panel.scroll.verticalScrollBar().setValue(panel.scroll.verticalScrollBar().maximum())
    grab(window, out / "desk-bottom.png")

    info = DossierInfo(row.number, row.title, row.applicant)
    dialog = ConflictDialog(info, window)
    dialog.declare_button.setChecked(True)
    dialog.kind_combo.setCurrentIndex(1)
    dialog.reason_edit.setPlainText("本人2024年曾为申报单位提供技术咨询服务。")
    dialog.show()
    grab(dialog, out / "conflict.png")
    dialog.close()

    setup_dialog = SetupDialog(desk.profile(), window)
    for stroke in signature_strokes():
        setup_dialog.pad.add_stroke(stroke)
    setup_dialog.change_passphrase.setChecked(True)
    setup_dialog.show()
    pump(0.3)
    setup_dialog.adjustSize()
    grab(setup_dialog, out / "setup.png")
    setup_dialog.close()

    summary = SubmitSummary(info, 1, "78.75", "100.00", "推荐", 0)
    submit = SubmitDialog(summary, True, window)
    submit.show()
    grab(submit, out / "submit.png")
    submit.close()

    submitted_row = next(r for r in desk.rows() if r.number == numbers[0])
    desk.open_dossier(submitted_row.dossier_id)
    pump(2.0)
    grab(window, out / "submitted.png")

    conflict_row = next(r for r in desk.rows() if r.number == numbers[3])
    desk.open_dossier(conflict_row.dossier_id)
    pump(1.0)
    grab(window, out / "locked.png")
    desk.show_list()
    pump(0.5)
    window.close()
    ctx.close()
    setup.close()  # type: ignore[attr-defined]
    app.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/expert-shots"), sys.argv[2] if len(sys.argv) > 2 else "")
