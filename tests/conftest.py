"""Test configuration shared by every test.

Qt runs offscreen, and no test ever touches the real user folders: HOME, the XDG
folders and the default workspace all point into a per-session temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

_SANDBOX = Path(tempfile.mkdtemp(prefix="reviewer-tests-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["HOME"] = str(_SANDBOX / "home")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["XDG_CACHE_HOME"] = str(_SANDBOX / "cache")
os.environ["XDG_RUNTIME_DIR"] = str(_SANDBOX / "runtime")
os.environ["REVIEWER_WORKSPACE"] = str(_SANDBOX / "default-workspace")
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(_SANDBOX / "hypothesis")
for sub in ("home", "data", "config", "cache", "runtime"):
    (_SANDBOX / sub).mkdir(parents=True, exist_ok=True)
os.chmod(_SANDBOX / "runtime", 0o700)

import pytest  # noqa: E402

from reviewer.workspace import Workspace  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "ws")
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared PDF corpus (../shared/corpus/pdf) is not present")
    return CORPUS


@pytest.fixture(scope="session")
def demo_root() -> Path:
    """The demo round, built once per test session through the real services. Read-only:
    a test that changes anything uses ``demo_copy``."""
    from reviewer.demo import build_demo

    root = _SANDBOX / "demo-workspace"
    with Workspace.open(root) as ws:
        build_demo(ws)
    return root


@pytest.fixture
def demo_copy(demo_root: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A private, writable copy of the demo workspace (with its expert workspaces)."""
    import shutil

    target = tmp_path / "demo"
    shutil.copytree(demo_root, target)
    ws = Workspace.open(target)
    try:
        yield ws
    finally:
        ws.close()
