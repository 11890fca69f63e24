"""The import direction ui → reviewer → db → forms is machine-checked.

Parses every module with ``ast`` (nothing is imported), so a forbidden import
fails here even if it sits in a branch that never runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: package -> top-level names it must never import
FORBIDDEN = {
    "forms": {"db", "reviewer", "ui", "PySide6", "shiboken6", "sqlalchemy", "alembic"},
    "db": {"reviewer", "ui", "PySide6", "shiboken6"},
    "reviewer": {"ui", "PySide6", "shiboken6"},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_direction(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no modules found in {package}/"
    offences = []
    for path in files:
        for line, name in _imports(path):
            if name.split(".")[0] in FORBIDDEN[package]:
                offences.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not offences, "\n".join(offences)


def test_forms_uses_stdlib_only() -> None:
    import sys

    allowed = set(sys.stdlib_module_names) | {"forms"}
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / "forms").rglob("*.py"))
        for line, name in _imports(path)
        if name.split(".")[0] not in allowed
    ]
    assert not offences, "\n".join(offences)


def test_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom PySide6.QtCore import QObject\n", encoding="utf-8")
    assert (2, "PySide6.QtCore") in _imports(bad)
