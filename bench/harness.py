"""Timing, fresh-process probes, machine facts, and the results table.

Every target is either a ratio to a baseline measured in the same run (the
machine is shared and noisy, so absolute seconds mean little) or an absolute
size (seconds, megabytes, milliseconds) where the issue sets one. Each
measurement runs ``repeat`` times with the baseline and our code interleaved,
so a burst of load elsewhere hits both; the table shows medians.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROBES = ROOT / "bench" / "probes"


@dataclass
class Result:
    """One row of the table.

    ``kind`` says how the row passes: ``"ratio"`` (our median / the baseline's
    median at most ``limit``), ``"max"`` (our median at most ``limit``, in
    ``unit``), or ``"exponent"`` (a growth exponent at most ``limit``).
    """

    name: str
    what: str
    kind: str
    limit: float
    unit: str
    ours: list[float]
    base: list[float] = field(default_factory=list)
    base_what: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ours_median(self) -> float | None:
        return statistics.median(self.ours) if self.ours else None

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.base) if self.base else None

    @property
    def value(self) -> float | None:
        """What is compared with the limit."""
        ours = self.ours_median
        if ours is None:
            return None
        if self.kind == "ratio":
            base = self.base_median
            return None if not base else ours / base
        return ours

    @property
    def passed(self) -> bool:
        value = self.value
        return self.error is None and value is not None and value <= self.limit

    @property
    def target(self) -> str:
        if self.kind == "ratio":
            return f"<= {self.limit:g}x"
        if self.kind == "exponent":
            return f"exponent <= {self.limit:g}"
        return f"<= {self.limit:g} {self.unit}"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(ours_median=self.ours_median, base_median=self.base_median, value=self.value,
                   target=self.target, passed=self.passed)
        return out


def median_of(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call, on the monotonic clock."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def interleave(repeat: int, base: Callable[[], float] | None, ours: Callable[[], float],
               log: Callable[[str], None], label: str) -> tuple[list[float], list[float]]:
    """Run baseline and ours ``repeat`` times each, alternating which goes first."""
    base_times: list[float] = []
    ours_times: list[float] = []
    for i in range(repeat):
        order = [("base", base), ("ours", ours)] if i % 2 == 0 else [("ours", ours), ("base", base)]
        for which, fn in order:
            if fn is None:
                continue
            seconds = fn()
            (base_times if which == "base" else ours_times).append(seconds)
            log(f"  {label} [{i + 1}/{repeat}] {which}: {seconds:.3f}")
    return base_times, ours_times


# --------------------------------------------------------------------------- fresh processes


def probe_env(home: Path) -> dict[str, str]:
    """Environment of a probe process: offscreen Qt, and every per-user folder inside ``home``
    so that nothing touches the real user's settings, logs or workspace."""
    env = dict(os.environ)
    home.mkdir(parents=True, exist_ok=True)
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "runtime")):
        path = home / sub if sub else home
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[var] = str(path)
    env["REVIEWER_WORKSPACE"] = str(home / "default-workspace")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONSTARTUP", None)
    return env


def run_probe(script: str, args: Sequence[str], home: Path, timeout: float = 300.0) -> dict[str, Any]:
    """Run ``bench/probes/<script>`` in a fresh interpreter and return its JSON report.

    The report's ``spawn`` field is set here: the monotonic time just before the
    process was started (``time.monotonic`` is system-wide on Linux, so the probe's
    own timestamps can be compared with it).
    """
    cmd = [sys.executable, str(PROBES / script), *args]
    spawn = time.monotonic()
    proc = subprocess.run(cmd, env=probe_env(home), capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    ended = time.monotonic()
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"probe {script} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    report = json.loads(lines[-1])
    report["spawn"] = spawn
    report["ended"] = ended
    if proc.stderr.strip():
        report["stderr"] = proc.stderr.strip()[-2000:]
    return report


# --------------------------------------------------------------------------- the machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024, 0)
    except OSError:
        pass
    return None


def _version(module: str, attr: str = "__version__") -> str | None:
    try:
        mod = __import__(module, fromlist=["_"])
    except ImportError:
        return None
    value = getattr(mod, attr, None)
    return value() if callable(value) and not isinstance(value, type) else value


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import sqlite3

    info: dict[str, Any] = {
        "cpu": _cpu_model(),
        "cores_online": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_mb": _mem_total_mb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pyside6": _version("PySide6"),
        "qt": _version("PySide6.QtCore", "qVersion"),
        "pypdfium2": str(_version("pypdfium2", "PYPDFIUM_INFO")),
        "pdfium": str(_version("pypdfium2", "PDFIUM_INFO")),
        "reportlab": _version("reportlab", "Version"),
        "sqlalchemy": _version("sqlalchemy"),
        "cryptography": _version("cryptography"),
    }
    try:
        info["loadavg_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info


# --------------------------------------------------------------------------- output


def _fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f}"


def table(results: Sequence[Result]) -> str:
    """The one table: what was measured, our median, the baseline's, the ratio, the target, pass/fail."""
    header = ("measurement", "ours (median)", "baseline (median)", "ratio", "target", "result")
    rows = []
    for r in results:
        ratio = "-"
        if r.kind == "ratio" and r.value is not None:
            ratio = f"{r.value:.2f}x"
        elif r.kind == "exponent" and r.value is not None:
            ratio = f"n^{r.value:.2f}"
        ours = _fmt(r.ours_median, r.unit) if r.kind != "exponent" else "-"
        result = "ERROR" if r.error else ("pass" if r.passed else "FAIL")
        rows.append((r.what, ours, _fmt(r.base_median, r.unit) if r.base else "-", ratio, r.target, result))
    widths = [max(_width(x) for x in col) for col in zip(header, *rows)]
    lines = [" | ".join(_pad(c, w) for c, w in zip(header, widths)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)
