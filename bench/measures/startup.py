"""Starting the application on the full round's workspace, in a fresh process each time.

ours: ``bench/probes/app_start.py app`` -- the console entry point (``reviewer
--workspace WS gui``, i.e. ``ui.launch.main``) on the merged 2,000-dossier
workspace, to the end of the main window's first paint (the overview has loaded the
round's dossiers by then; the probe reports how many rows it holds). When the
workspace was open with every desk there is reported too (``app_ready_s``), not
counted in the ratio.

baseline: ``bench/probes/app_start.py bare`` -- a bare ``QMainWindow`` of the same
size shown, to the end of its first paint.

Both count the whole process: from just before it is spawned (interpreter start,
imports, everything) to the window painted. Settings and logs go to a fresh
folder per run, so every run is a first start on that workspace.
"""

from __future__ import annotations

from bench.harness import Result, run_probe
from bench.measures import Context


def run(ctx: Context) -> list[Result]:
    full = ctx.data.full
    result = Result("start", f"app start to main window shown, {full.dossiers} dossiers", "ratio", 2.5, "s", [], [],
                    "bare PySide6 QMainWindow shown, fresh process", {"dossiers": full.dossiers})
    imports: list[float] = []
    ready: list[float] = []
    for i in range(ctx.repeat):
        order = ("app", "bare") if i % 2 == 0 else ("bare", "app")
        for which in order:
            home = ctx.fresh_dir(f"start-home-{i}-{which}")
            if which == "app":
                r = run_probe("app_start.py", ["app", str(full.ws)], home)
                if r.get("painted") is None:
                    result.error = str(r.get("error") or "the main window was never painted")
                    return [result]
                result.ours.append(r["painted"] - r["spawn"])
                imports.append(r["imported"] - r["spawn"])
                if r.get("ready") is not None:
                    ready.append(r["ready"] - r["spawn"])
                    result.details["desks_when_ready"] = r.get("desks_when_ready")
                result.details.update(overview_rows=r.get("overview_rows"), desks=r.get("desks"),
                                      app_peak_rss_mb=round(r["peak_rss_mb"], 1))
                if r.get("overview_rows") != full.dossiers:
                    result.error = f"the overview shows {r.get('overview_rows')} of {full.dossiers} dossiers"
            else:
                r = run_probe("app_start.py", ["bare"], home)
                result.base.append(r["painted"] - r["spawn"])
        ctx.log(f"  start [{i + 1}/{ctx.repeat}] app {result.ours[-1]:.2f} s, bare {result.base[-1]:.3f} s")
    result.details.update(counted="whole process, spawn to the end of the first paint",
                          app_qt_imported_s=[round(x, 3) for x in imports],
                          app_ready_s=[round(x, 3) for x in ready])
    return [result]
