"""The exchange commands: names, exit codes and JSON exactly as DESIGN.md says."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import Assignment, ReturnFile, Review
from reviewer import keys
from reviewer.cli import main
from reviewer.workspace import Workspace
from test_exchange import LI, NUMBERS, WANG, expert_submit, make_secretary, rezip


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def secretary_dir(tmp_path: Path) -> Path:
    sec = make_secretary(tmp_path / "secretary")
    sec.ws.close()
    return tmp_path / "secretary"


def export_json(capsys: pytest.CaptureFixture[str], secretary_dir: Path, out: Path) -> list[dict[str, Any]]:
    code, stdout, _ = run(capsys, "--workspace", secretary_dir, "bundle", "export", "--round", "1", "--out", out,
                          "--json")
    assert code == 0
    rows: list[dict[str, Any]] = json.loads(stdout)
    return rows


def test_bundle_export_json_shape(capsys: pytest.CaptureFixture[str], secretary_dir: Path, tmp_path: Path) -> None:
    rows = export_json(capsys, secretary_dir, tmp_path / "out")
    assert [sorted(r) for r in rows] == [["dossiers", "expert", "file"]] * 2
    assert [(r["expert"], r["dossiers"]) for r in rows] == [(LI, NUMBERS[1:]), (WANG, NUMBERS[:3])]
    assert all(Path(r["file"]).parent == (tmp_path / "out").resolve() and Path(r["file"]).is_file() for r in rows)

    code, stdout, _ = run(capsys, "--workspace", secretary_dir, "bundle", "export", "--round", "1", "--out",
                          tmp_path / "again")
    assert code == 0 and WANG in stdout and "2" in stdout


def test_bundle_export_without_assignments_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sec = make_secretary(tmp_path / "sec", assign={WANG: [], LI: [], "张工程师": []})
    sec.ws.close()
    code, stdout, err = run(capsys, "--workspace", tmp_path / "sec", "bundle", "export", "--round", "1", "--out",
                            tmp_path / "out", "--json")
    assert code == 2 and stdout == "" and "no assignments" in err


def test_full_exchange_through_the_command_line(
        capsys: pytest.CaptureFixture[str], secretary_dir: Path, tmp_path: Path) -> None:
    rows = export_json(capsys, secretary_dir, tmp_path / "out")
    wang_bundle = next(r["file"] for r in rows if r["expert"] == WANG)
    li_bundle = next(r["file"] for r in rows if r["expert"] == LI)
    expert_dir = tmp_path / "expert"

    code, stdout, _ = run(capsys, "--workspace", expert_dir, "bundle", "import", wang_bundle)
    assert code == 0 and "imported" in stdout and WANG in stdout
    code, stdout, _ = run(capsys, "--workspace", expert_dir, "bundle", "import", wang_bundle)
    assert code == 0 and "unchanged" in stdout
    code, _, err = run(capsys, "--workspace", expert_dir, "bundle", "import", li_bundle)
    assert code == 2 and f"this bundle is for {LI}" in err

    with Workspace.open(expert_dir) as ews:
        expert_submit(ews, NUMBERS[0], {"innovation": "8.5", "benefit": "7"})
        expert_submit(ews, NUMBERS[1], {"innovation": "7", "benefit": "7"})
    good = tmp_path / "wang.rwreturn"
    code, stdout, _ = run(capsys, "--workspace", expert_dir, "return", "export", "--out", good)
    assert code == 0 and good.is_file() and str(good.resolve()) in stdout
    bad = rezip(good, tmp_path / "bad.rwreturn",
                lambda n, b: b.replace(b'"value":"8.5"', b'"value":"10"') if n == "return.json" else b)

    code, stdout, _ = run(capsys, "--workspace", secretary_dir, "return", "import", "--round", "1", good, bad,
                          "--json")
    assert code == 1
    result = json.loads(stdout)
    assert result == [
        {"file": str(good), "status": "accepted", "expert": WANG, "reviews": 2, "reason": None},
        {"file": str(bad), "status": "rejected", "expert": WANG, "reviews": 0, "reason": result[1]["reason"]},
    ]
    assert "altered after signing" in result[1]["reason"]

    code, stdout, _ = run(capsys, "--workspace", secretary_dir, "return", "import", "--round", "1", good, "--json")
    assert code == 0
    assert json.loads(stdout) == [{"file": str(good), "status": "unchanged", "expert": WANG, "reviews": 2,
                                   "reason": None}]

    code, stdout, _ = run(capsys, "--workspace", secretary_dir, "return", "import", "--round", "1", bad)
    assert code == 1 and "rejected" in stdout and "altered after signing" in stdout

    with Workspace.open(secretary_dir) as ws, ws.session() as s:
        assert s.scalars(select(func.count()).select_from(Review)).one() == 2
        assert s.scalars(select(func.count()).select_from(ReturnFile)).one() == 4


def test_return_import_that_can_do_nothing_exits_2(
        capsys: pytest.CaptureFixture[str], secretary_dir: Path, tmp_path: Path) -> None:
    code, stdout, err = run(capsys, "--workspace", secretary_dir, "return", "import", "--round", "99",
                            tmp_path / "x.rwreturn", "--json")
    assert code == 2 and stdout == "" and "no such round" in err


def test_return_export_in_a_secretary_workspace_exits_2(
        capsys: pytest.CaptureFixture[str], secretary_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--workspace", secretary_dir, "return", "export", "--out", tmp_path / "r.rwreturn")
    assert code == 2 and "expert's workspace" in err
    assert not (tmp_path / "r.rwreturn").exists()


def test_passphrase_comes_from_the_environment(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, secretary_dir: Path,
        tmp_path: Path) -> None:
    monkeypatch.setenv("REVIEWER_PASSPHRASE", "秘书口令 secret")
    rows = export_json(capsys, secretary_dir, tmp_path / "out")
    with Workspace.open(secretary_dir) as ws:
        assert keys.key_needs_passphrase(ws)
    wang_bundle = next(r["file"] for r in rows if r["expert"] == WANG)
    monkeypatch.setenv("REVIEWER_PASSPHRASE", "专家口令")
    assert run(capsys, "--workspace", tmp_path / "expert", "bundle", "import", wang_bundle)[0] == 0
    with Workspace.open(tmp_path / "expert") as ews:
        assert keys.key_needs_passphrase(ews)
    monkeypatch.delenv("REVIEWER_PASSPHRASE")
    code, _, err = run(capsys, "--workspace", tmp_path / "expert", "return", "export", "--out",
                       tmp_path / "r.rwreturn")
    assert code == 2 and "passphrase" in err
    monkeypatch.setenv("REVIEWER_PASSPHRASE", "专家口令")
    assert run(capsys, "--workspace", tmp_path / "expert", "return", "export", "--out", tmp_path / "r.rwreturn")[0] == 0
    with zipfile.ZipFile(tmp_path / "r.rwreturn") as zf:
        assert json.loads(zf.read("return.json"))["expert"]["name"] == WANG
    with Workspace.open(tmp_path / "expert") as ews, ews.session() as s:
        assert s.scalars(select(func.count()).select_from(Assignment)).one() == 3
