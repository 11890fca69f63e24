"""The benchmark suite works end to end at a tiny size. Not a timing test: no figure is checked
against a target here, only that the generator builds a real round and that every measurement
runs and reports."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

# bench/ is a folder of the repository, not an installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import run as bench_run  # noqa: E402
from bench.generate import TINY, bench_form, ensure_dataset  # noqa: E402
from bench.harness import Result, table  # noqa: E402


def test_generated_round_is_real(tmp_path: Path) -> None:
    data = ensure_dataset(TINY, lambda _text: None, out_dir=tmp_path / "data")

    form = bench_form()
    assert len(form.criteria) == 10
    assert form.scale == 100
    files = data.pdfs.files()
    assert len(files) == data.pdfs.stats["files"] and all(p.is_file() for p in files)
    assert data.pdfs.viewer_file.is_file()
    full = data.full
    assert full.dossiers == TINY.dossiers
    assert full.stats["reviews"] == TINY.dossiers * TINY.per_dossier
    assert len(full.returns) == TINY.experts
    with zipfile.ZipFile(full.returns[0]) as zf:
        doc = json.loads(zf.read("return.json"))
    assert doc["reviews"] and all(item["signature"] for item in doc["reviews"])
    assert set(data.rounds) == set(TINY.reconcile_sizes)

    again = ensure_dataset(TINY, lambda text: pytest.fail(f"regenerated: {text}"), out_dir=tmp_path / "data")
    assert again.full.returns == full.returns


def _rows(out: Path) -> dict[str, dict[str, object]]:
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["machine"]["cpu"] and report["machine"]["python"]
    return {r["name"]: r for r in report["results"]}


def test_runner_in_process_measurements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.json"
    code = bench_run.main(["--only", "import,merge,reconcile,sheets", "--repeat", "2", "--out", str(out)],
                          size=TINY, out_dir=tmp_path)

    rows = _rows(out)
    assert code == (0 if all(r["passed"] for r in rows.values()) else 1)
    expected = {"import", "index", "merge", "sheets", "reconcile-growth"} | {f"reconcile-{n}" for n in TINY.reconcile_sizes}
    assert expected <= set(rows)
    for name, row in rows.items():
        assert row["error"] is None, (name, row["error"])
        assert row["ours"], name
    for name in ("import", "index", "merge", "sheets"):
        assert len(rows[name]["base"]) == 2 and rows[name]["value"] is not None
    assert rows["sheets"]["details"]["baseline_pages"] == (rows["sheets"]["details"]["summary_pages"]
                                                           + rows["sheets"]["details"]["result_pages"])
    printed = capsys.readouterr().out
    assert "measurement" in printed and "import 8 dossiers" in printed


@pytest.mark.slow
def test_runner_fresh_process_measurements(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    bench_run.main(["--only", "viewer,start,memory,list", "--repeat", "1", "--out", str(out)],
                   size=TINY, out_dir=tmp_path)

    rows = _rows(out)
    assert {"viewer", "start", "memory", "list-scroll", "list-filter"} <= set(rows)
    for name, row in rows.items():
        assert row["error"] is None, (name, row["error"])
        assert row["ours"], name
    assert rows["start"]["details"]["overview_rows"] == TINY.dossiers
    assert rows["viewer"]["base"] and rows["start"]["base"]
    assert rows["memory"]["ours"][0] > 0


def test_table_shows_pass_fail_and_errors() -> None:
    rows = [Result("a", "ratio row", "ratio", 2.0, "s", [1.0, 3.0, 2.0], [1.0, 1.0, 1.0]),
            Result("b", "size row", "max", 400.0, "MB", [500.0]),
            Result("c", "broken row", "max", 1.0, "s", [], error="boom")]

    text = table(rows)

    assert rows[0].passed and rows[0].value == 2.0
    assert not rows[1].passed and not rows[2].passed
    lines = text.splitlines()
    assert "pass" in lines[2] and "2.00x" in lines[2]
    assert "FAIL" in lines[3] and "ERROR" in lines[4]
