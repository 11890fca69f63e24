#!/usr/bin/env python3
"""Refresh the Chinese translation of the user interface.

    .venv/bin/python ui/i18n/update.py          # lupdate + lrelease, list what is untranslated
    .venv/bin/python ui/i18n/update.py --check  # change nothing; exit 1 if the catalogue is stale

What it does, in order:

1. ``pyside6-lupdate`` scans every ``*.py`` under ``ui/`` for ``self.tr("…")``,
   ``QCoreApplication.translate("context", "…")`` and ``QT_TRANSLATE_NOOP("context", "…")``
   and merges the strings into ``reviewer_zh_CN.ts``: new strings arrive as
   ``type="unfinished"``, translations already there are kept, strings no longer in
   the code are dropped (``-no-obsolete``). Source locations are not written
   (``-locations none``), so the file changes only when strings change and several
   engineers can add strings without conflicting line numbers.
2. ``pyside6-lrelease`` compiles ``reviewer_zh_CN.ts`` into ``reviewer_zh_CN.qm``,
   the file the application loads (shipped as package data).
3. It prints every string that still has no Chinese. Fill those in (a text editor
   or ``pyside6-linguist ui/i18n/reviewer_zh_CN.ts``: remove ``type="unfinished"``)
   and run the script again.

Running it twice in a row changes nothing (the second run rewrites identical files).
lupdate takes Python ``#:`` comments for translator notes; they are removed from the
catalogue, since in this code base ``#:`` documents attributes. To tell translators
which meaning is wanted, use ``tr()``'s disambiguation argument: ``self.tr("Open", "verb")``.
The shell's tests run ``--check``, so a forgotten run or a missing translation fails.
"""

from __future__ import annotations

import argparse
import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
UI_DIR = HERE.parent
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A PySide6 tool from the same environment as this Python (the venv's bin)."""
    candidates = [Path(sys.executable).parent / name, Path(sys.executable).parent / f"{name}.exe"]
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found next to {sys.executable} nor on PATH (install PySide6)")
    return found


def sources() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


#: lupdate reads every ``#:`` comment in Python as a note for translators and attaches it to
#: the next string, so ordinary attribute documentation would leak into the catalogue.
_EXTRACOMMENT = re.compile(r"[ \t]*<extracomment>.*?</extracomment>\n", re.DOTALL)


def run_lupdate(ts_file: Path) -> None:
    files = [str(p) for p in sources()]
    subprocess.run(
        [tool("pyside6-lupdate"), *files, "-locations", "none", "-no-obsolete", "-target-language",
         ts_file.stem.split("_", 1)[1], "-silent", "-ts", str(ts_file)],
        check=True,
    )
    text = ts_file.read_text(encoding="utf-8")
    stripped = _EXTRACOMMENT.sub("", text)
    if stripped != text:
        ts_file.write_text(stripped, encoding="utf-8")


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True)


def unfinished(ts_file: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                missing.append((name, message.findtext("source") or ""))
                continue
            empty = not (translation.text or "").strip() and not translation.findall("numerusform")
            if empty or translation.get("type") in ("unfinished", "vanished", "obsolete"):
                missing.append((name, message.findtext("source") or ""))
    return missing


def check() -> list[str]:
    """Problems that a run of this script would fix or report; empty when all is current."""
    problems = []
    for language in LANGUAGES:
        ts_file = HERE / f"reviewer_{language}.ts"
        qm_file = HERE / f"reviewer_{language}.qm"
        if not ts_file.exists() or not qm_file.exists():
            problems.append(f"{ts_file.name} or {qm_file.name} is missing")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            fresh_ts = Path(tmp) / ts_file.name
            shutil.copyfile(ts_file, fresh_ts)
            run_lupdate(fresh_ts)
            if not filecmp.cmp(ts_file, fresh_ts, shallow=False):
                problems.append(f"{ts_file.name} does not match the strings in ui/ (run ui/i18n/update.py)")
            fresh_qm = Path(tmp) / qm_file.name
            run_lrelease(ts_file, fresh_qm)
            if not filecmp.cmp(qm_file, fresh_qm, shallow=False):
                problems.append(f"{qm_file.name} is older than {ts_file.name} (run ui/i18n/update.py)")
            problems += [f"untranslated [{ctx}] {src!r}" for ctx, src in unfinished(fresh_ts)]
    return problems


def update() -> int:
    status = 0
    for language in LANGUAGES:
        ts_file = HERE / f"reviewer_{language}.ts"
        run_lupdate(ts_file)
        run_lrelease(ts_file, HERE / f"reviewer_{language}.qm")
        missing = unfinished(ts_file)
        for ctx, src in missing:
            print(f"untranslated [{ctx}] {src!r}")
        print(f"{ts_file.name}: {len(missing)} string(s) still need a translation")
        status = status or (1 if missing else 0)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    return update()


if __name__ == "__main__":
    sys.exit(main())
