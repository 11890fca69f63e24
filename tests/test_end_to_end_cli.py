"""A whole round, headless, through the command line only — exactly the commands,
exit codes and JSON of DESIGN.md, as a secretary's script would drive them."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from forms.loader import load_builtin
from reviewer.cli import main
from reviewer.demo_data import DEMO_DOSSIERS
from reviewer.demo_pdfs import write_dossier_pdfs

pytestmark = pytest.mark.slow

EXPERTS = [
    ("李明哲", "泉城大学人工智能学院", "计算机视觉", "li@example.com"),  # named in AI-2026-004's support letter
    ("王海燕", "齐鲁工业研究院", "智能制造", "wang@example.com"),
    ("刘建国", "济南市数据资源中心", "数据治理", "liu@example.com"),
]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    """Run one command; returns its exit code and stdout followed by stderr."""
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, object]:
    code = main([*(str(a) for a in argv), "--json"])
    return code, json.loads(capsys.readouterr().out)


def _scores_csv(path: Path, dossiers: list[str], base: Decimal) -> dict[str, dict[str, Decimal]]:
    """Middle-band scores (no comment required), vetoes all 'no', a recommendation and a comment."""
    form = load_builtin("ai-demo")
    values: dict[str, dict[str, Decimal]] = {}
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["dossier", "criterion", "value", "comment"])
        for i, number in enumerate(dossiers):
            values[number] = {}
            for j, crit in enumerate(form.criteria):
                value = base + Decimal("0.5") * ((i + j) % 3)
                values[number][crit.key] = value
                writer.writerow([number, crit.key, str(value), ""])
            for veto in form.vetoes:
                writer.writerow([number, f"veto.{veto.key}", "no", ""])
            writer.writerow([number, "recommendation", form.recommendations[0].key, ""])
            writer.writerow([number, "comment", f"{number} 技术路线清晰，应用前景良好。", ""])
    return values


def test_a_whole_round_through_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sec = tmp_path / "secretary"
    code, out = run(capsys, "--workspace", sec, "round", "create", "--name", "2026年度示范项目评审",
                    "--form", "ai-demo", "--rule", "mean", "--per-dossier", "2", "--spread-limit", "15")
    assert code == 0 and out.strip() == "1"

    # A folder with one sub-folder per application, and one damaged file.
    folder = tmp_path / "incoming"
    numbers = []
    for dossier in DEMO_DOSSIERS[:4]:
        sub = folder / dossier.number
        write_dossier_pdfs(dossier, sub)
        numbers.append(dossier.number)
    broken = folder / "AI-2026-099"
    broken.mkdir()
    good = next((folder / numbers[0]).glob("*.pdf")).read_bytes()
    (broken / "申报书.pdf").write_bytes(good[: len(good) // 3])
    code, results = run_json(capsys, "--workspace", sec, "dossiers", "import", "--round", "1", "--dir", folder,
                             "--index")
    assert code == 1  # done, but one file was rejected
    assert isinstance(results, list)
    assert {r["status"] for r in results if r["dossier"] in numbers} == {"imported"}
    rejected = [r for r in results if r["status"] == "rejected"]
    assert len(rejected) == 1 and rejected[0]["reason"]
    assert set(results[0]) == {"file", "status", "dossier", "reason"}
    code, again = run_json(capsys, "--workspace", sec, "dossiers", "import", "--round", "1", "--dir", folder)
    assert {r["status"] for r in again if r["dossier"] in numbers} == {"unchanged"}  # type: ignore[union-attr]

    roster = tmp_path / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["姓名", "单位", "领域", "邮箱"], *EXPERTS])
    assert run(capsys, "--workspace", sec, "experts", "import", "--round", "1", roster)[0] == 0

    code, conflicts = run_json(capsys, "--workspace", sec, "experts", "conflicts", "--round", "1")
    planted = [c for c in conflicts if c["expert"] == "李明哲" and c["dossier"] == "AI-2026-004"]  # type: ignore[union-attr]
    assert planted and planted[0]["status"] == "suspected" and planted[0]["evidence"]
    assert run(capsys, "--workspace", sec, "experts", "decide", str(planted[0]["id"]), "--confirm")[0] == 0

    code, report = run_json(capsys, "--workspace", sec, "assign", "--round", "1", "--per-dossier", "2",
                            "--seed", "7")
    assert code == 0
    code, bundles = run_json(capsys, "--workspace", sec, "bundle", "export", "--round", "1",
                             "--out", tmp_path / "usb")
    assert code == 0 and isinstance(bundles, list) and len(bundles) == 3
    assigned = {b["expert"]: b["dossiers"] for b in bundles}
    assert "AI-2026-004" not in assigned["李明哲"]
    assert sorted(n for ds in assigned.values() for n in ds) == sorted(numbers * 2)

    # Each expert: import the bundle, score off-line, submit, hand back a return.
    expected: dict[tuple[str, str], Decimal] = {}
    form = load_builtin("ai-demo")
    returns = []
    for i, item in enumerate(bundles):
        name = item["expert"]
        ews = tmp_path / f"expert-{i}"
        assert run(capsys, "--workspace", ews, "bundle", "import", item["file"])[0] == 0
        template = tmp_path / f"template-{i}.xlsx"
        assert run(capsys, "--workspace", ews, "scores", "template", "--out", template)[0] == 0
        assert set(load_workbook(template).sheetnames) >= set(item["dossiers"])
        scores = _scores_csv(tmp_path / f"scores-{i}.csv", item["dossiers"], Decimal(6) + Decimal("0.5") * i)
        assert run(capsys, "--workspace", ews, "scores", "import", tmp_path / f"scores-{i}.csv")[0] == 0
        code, out = run(capsys, "--workspace", ews, "review", "submit", "--all")
        assert code == 0, out
        out_file = tmp_path / "returns" / f"{name}.rwreturn"
        assert run(capsys, "--workspace", ews, "return", "export", "--out", out_file)[0] == 0
        code, described = run(capsys, "verify", out_file)
        assert code == 0 and name in described
        returns.append(out_file)
        for number, values in scores.items():
            expected[(number, name)] = form.total(values)

    code, merged = run_json(capsys, "--workspace", sec, "return", "import", "--round", "1", *returns)
    assert code == 0
    assert [(m["status"], m["reviews"]) for m in merged] == [  # type: ignore[union-attr]
        ("accepted", len(assigned[m["expert"]])) for m in merged  # type: ignore[union-attr]
    ]
    code, merged = run_json(capsys, "--workspace", sec, "return", "import", "--round", "1", *returns)
    assert {m["status"] for m in merged} == {"unchanged"}  # type: ignore[union-attr]

    code, rec = run_json(capsys, "--workspace", sec, "reconcile", "--round", "1")
    assert code == 0 and isinstance(rec, dict)
    assert set(rec) == {"round", "rule", "dossiers", "agreement"} and rec["rule"] == "mean"
    got = {(d["number"], expert): Decimal(str(total))
           for d in rec["dossiers"] for expert, total in d["totals"].items()}
    assert got == expected
    assert set(rec["agreement"]) == {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w", "note"}
    for d in rec["dossiers"]:
        assert set(d) == {"number", "totals", "aggregates", "rank", "flags"}
        assert set(d["aggregates"]) == {"mean", "trimmed", "median", "zscore"}

    sheets = tmp_path / "sheets"
    assert run(capsys, "--workspace", sec, "sheets", "--round", "1", "--out", sheets)[0] == 0
    result_sheet = next(sheets.glob("评审结果汇总表*.pdf"))
    code, verdict = run(capsys, "--workspace", sec, "verify", result_sheet)
    assert code == 0, verdict
    xlsx = tmp_path / "round.xlsx"
    assert run(capsys, "--workspace", sec, "export", "--round", "1", "--xlsx", xlsx)[0] == 0
    assert load_workbook(xlsx).sheetnames[0]
    assert run(capsys, "--workspace", sec, "audit", "verify")[0] == 0


def test_bad_form_is_refused_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nversion = 1\ntitle = "T"\n\n[[criteria]]\nkey = "a"\ntitle = "A"\nmax = 0\n',
                   encoding="utf-8")
    code = main(["--workspace", str(tmp_path / "ws"), "round", "create", "--name", "N", "--form", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "bad.toml" in err and "8" in err
    assert main(["--workspace", str(tmp_path / "ws"), "round", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
