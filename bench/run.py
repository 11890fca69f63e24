"""The benchmark suite's one command: generate (or reuse) a synthetic round, measure, print one table.

    .venv/bin/python bench/run.py                 # the provincial round (2,000 dossiers, 60 experts)
    .venv/bin/python bench/run.py --small         # 100 dossiers, 6 experts: a quick look
    .venv/bin/python bench/run.py --only merge,reconcile --repeat 5

Writes the same table as JSON (``bench/out/results.json`` unless ``--out``), with the
machine it ran on. Exit status 0 when every target is met, 1 otherwise. See
``bench/README.md`` for what each row measures and why its baseline is fair.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib
import os
import shutil
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import OUT_DIR, PROVINCIAL, SMALL, Size, ensure_dataset  # noqa: E402
from bench.harness import Result, machine, table, write_json  # noqa: E402
from bench.measures import Context  # noqa: E402

#: (name for --only, module in bench.measures, row names it produces, needs the built rounds)
MEASUREMENTS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("import", "importing", ("import", "index"), False),
    ("viewer", "viewer", ("viewer",), True),
    ("start", "startup", ("start",), True),
    ("merge", "merge", ("merge",), True),
    ("reconcile", "reconcile", ("reconcile-*", "reconcile-growth"), True),
    ("sheets", "sheets", ("sheets",), True),
    ("memory", "memory", ("memory",), True),
    ("list", "dossier_list", ("list-scroll", "list-filter"), True),
)
ALIASES = {"index": "import"}


def _selected(only: str | None) -> list[tuple[str, str, tuple[str, ...], bool]]:
    if not only:
        return list(MEASUREMENTS)
    wanted = {ALIASES.get(n.strip(), n.strip()) for n in only.split(",") if n.strip()}
    known = {m[0] for m in MEASUREMENTS}
    unknown = wanted - known
    if unknown:
        raise SystemExit(f"unknown measurement(s): {', '.join(sorted(unknown))}; choose from {', '.join(known)}")
    return [m for m in MEASUREMENTS if m[0] in wanted]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true",
                        help="100 dossiers, 6 experts (5 reviews each), a 200-page viewer dossier")
    parser.add_argument("--only", metavar="NAME[,NAME]",
                        help="run only these: " + ", ".join(m[0] for m in MEASUREMENTS) + " (index = import)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median counts (default 3)")
    parser.add_argument("--budget", type=float, default=120.0,
                        help="seconds after which a measurement stops repeating (it always runs once; default 120)")
    parser.add_argument("--out", type=Path, default=None, help="JSON output (default bench/out/results.json)")
    parser.add_argument("--seed", type=int, default=None, help="data seed (default 2026)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def compile_bytecode() -> None:
    """Compile the application's bytecode first, as an installed application has it.

    pip compiles a wheel's modules when it installs them (PySide6's and SQLAlchemy's are
    compiled here too), and ``dev.py start`` compiles the checkout. Without this, a
    machine with ``PYTHONDONTWRITEBYTECODE`` set would make every probe process compile
    the application again, and the start-up row would measure the compiler.
    """
    for package in ("reviewer", "ui", "db", "forms", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)


def main(argv: Sequence[str] | None = None, *, size: Size | None = None, out_dir: Path | None = None) -> int:
    """Run the suite; ``size`` and ``out_dir`` let the smoke test use a tiny round in a temporary folder."""
    args = parse_args(argv)
    started = time.monotonic()
    chosen = size or (SMALL if args.small else PROVINCIAL)
    if args.seed is not None:
        from dataclasses import replace

        chosen = replace(chosen, seed=args.seed)
    base = out_dir or OUT_DIR
    out_file = args.out or base / "results.json"

    def log(text: str) -> None:
        sys.stderr.write(f"[{time.monotonic() - started:7.1f}s] {text}\n")
        sys.stderr.flush()

    selected = _selected(args.only)
    compile_bytecode()
    info = machine()
    log(f"{chosen.name} round: {chosen.dossiers} dossiers, {chosen.experts} experts, {chosen.per_dossier} reviews "
        f"per dossier; {info['cpu']}, {info['cores_usable']} cores; repeat {args.repeat}")
    data = ensure_dataset(chosen, log, rounds=any(m[3] for m in selected), out_dir=base / "data")
    scratch = base / "tmp"
    shutil.rmtree(scratch, ignore_errors=True)
    ctx = Context(data=data, repeat=args.repeat, scratch=scratch, log=log, budget=args.budget)

    results: list[Result] = []
    timings: dict[str, float] = {}
    for name, module_name, rows, _needs_rounds in selected:
        log(f"measuring {name} ...")
        t0 = time.monotonic()
        try:
            module = importlib.import_module(f"bench.measures.{module_name}")
            results.extend(module.run(ctx))
        except Exception as exc:  # one broken measurement must not hide the others
            log(traceback.format_exc())
            for row in rows:
                results.append(Result(row, f"{name} ({row})", "max", 0.0, "", [], [], "", {},
                                      error=f"{type(exc).__name__}: {exc}"))
        timings[name] = round(time.monotonic() - t0, 1)
    shutil.rmtree(scratch, ignore_errors=True)

    try:
        info["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    print(table(results))
    passed = all(r.passed for r in results)
    print(f"\n{sum(r.passed for r in results)} of {len(results)} targets met; "
          f"{'PASS' if passed else 'FAIL'} ({time.monotonic() - started:.0f} s; JSON: {out_file})")
    write_json(out_file, {
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])]),
        "machine": info,
        "data": data.describe(),
        "repeat": args.repeat,
        "budget_s": args.budget,
        "seconds_per_measurement": timings,
        "total_seconds": round(time.monotonic() - started, 1),
        "passed": passed,
        "results": [r.to_json() for r in results],
    })
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
