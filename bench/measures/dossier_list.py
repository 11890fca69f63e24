"""Scrolling and filtering the overview's dossier table of the full round.

``bench/probes/dossier_list.py`` drives the real overview desk in the real main
window (fresh process, offscreen): every scroll step and every filter keystroke is
one frame, timed from the change to the end of the synchronous repaint that
shows it (``data()`` of every visible cell for every role, and the painting). The
target is absolute: no frame over 50 ms. The model alone (``data()`` for one
screenful x all columns x the roles a view asks) and sorting by a column are
reported in the details.
"""

from __future__ import annotations

import statistics

from bench.harness import Result, run_probe
from bench.measures import Context


def _summary(values: list[float]) -> dict[str, float]:
    return {"max_ms": round(max(values), 1), "median_ms": round(statistics.median(values), 1), "frames": len(values)}


def run(ctx: Context) -> list[Result]:
    full = ctx.data.full
    scroll = Result("list-scroll", f"dossier list scroll over {full.dossiers} rows (worst frame)", "max", 50.0, "ms",
                    [], [], "", {})
    typing = Result("list-filter", f"dossier list filter over {full.dossiers} rows (worst keystroke)", "max", 50.0,
                    "ms", [], [], "", {})
    for i in range(ctx.repeat):
        home = ctx.fresh_dir(f"list-home-{i}")
        r = run_probe("dossier_list.py", [str(full.ws)], home)
        if r.get("error"):
            scroll.error = typing.error = str(r["error"])
            break
        if r.get("rows") != full.dossiers:
            scroll.error = typing.error = f"the table holds {r.get('rows')} of {full.dossiers} rows"
        scroll.ours.append(max(r["scroll_ms"]))
        typing.ours.append(max(r["filter_ms"]))
        scroll.details.update(scroll=_summary(r["scroll_ms"]), model_data_per_screen=_summary(r["data_ms"]),
                              rows_per_screen=r["rows_per_screen"], columns=r["columns"], viewport=r["viewport"])
        typing.details.update(filter=_summary(r["filter_ms"]), sort_by_column=_summary(r["sort_ms"]),
                              matches=r.get("matches"))
        ctx.log(f"  list [{i + 1}/{ctx.repeat}] worst scroll frame {scroll.ours[-1]:.1f} ms, "
                f"worst keystroke {typing.ours[-1]:.1f} ms, worst sort {max(r['sort_ms']):.0f} ms")
    return [scroll, typing]
