#!/usr/bin/env python3
"""The two quick-start commands, with nothing but python3 on the machine.

    python3 dev.py start   # create .venv, install, open the app on the demo round
    python3 dev.py test    # create .venv if needed, install, run the whole test suite

Anything after the command is passed on (to the app, or to pytest).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_env() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is required (this is {sys.version.split()[0]}).")
    if not PYTHON.exists():
        print(f"Creating the virtual environment in {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    if not STAMP.exists() or STAMP.read_text() != _requirements_digest():
        print("Installing the application and its test tools …", flush=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(_requirements_digest())


#: The application's own packages (an editable install leaves their bytecode to the first import).
PACKAGES = ("reviewer", "ui", "db", "forms")


def compile_bytecode() -> None:
    """Compile the application's bytecode, as pip does when it installs a wheel.

    An editable install compiles nothing: each start would then compile every module
    again wherever ``PYTHONDONTWRITEBYTECODE`` is set or the checkout is read-only
    (a quarter of a second). Up-to-date files are skipped, so this is quick.
    """
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", *(str(ROOT / p) for p in PACKAGES)], check=False,
                   stdout=subprocess.DEVNULL)


def start(extra: list[str]) -> int:
    ensure_env()
    compile_bytecode()
    workspace = ROOT / "demo-workspace"
    cmd = [str(BIN / "reviewer"), "--workspace", str(workspace), "gui", "--demo", *extra]
    return subprocess.call(cmd)


def test(extra: list[str]) -> int:
    ensure_env()
    compile_bytecode()  # the suite starts the application in subprocesses too
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT, env=env)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test"):
        print(__doc__)
        return 2
    command, extra = sys.argv[1], sys.argv[2:]
    return start(extra) if command == "start" else test(extra)


if __name__ == "__main__":
    sys.exit(main())
