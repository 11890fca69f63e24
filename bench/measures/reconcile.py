"""Reconciling a round: every rule, every flag, calibration and agreement statistics.

ours: ``committee.reconcile_round`` in a fresh session (nothing cached in the
session between runs) on merged rounds of increasing size, each with K reviews
per dossier on the 10-criterion form. Target: under a second at every size, and
linear growth: the exponent of time against size between the smallest and the
largest round (1 = linear, 2 = quadratic) at most 1.2, which tolerates n log n and
noise but not a quadratic step.
"""

from __future__ import annotations

import math
import time

from bench.harness import Result
from bench.measures import Context


def run(ctx: Context) -> list[Result]:
    from reviewer.committee import reconcile_round
    from reviewer.workspace import Workspace

    out: list[Result] = []
    medians: dict[int, float] = {}
    k = ctx.data.size.per_dossier
    for n in ctx.data.size.reconcile_sizes:
        rd = ctx.data.rounds[n]
        result = Result(f"reconcile-{n}", f"reconcile {n} dossiers x {k} reviews", "max", 1.0, "s", [], [], "",
                        {"dossiers": n, "experts": rd.experts, "reviews": rd.stats.get("reviews")})
        with Workspace.open(rd.ws) as ws:
            for i in range(ctx.repeat):
                with ws.session() as s:
                    t0 = time.perf_counter()
                    rec = reconcile_round(s, rd.round_id)
                    result.ours.append(time.perf_counter() - t0)
                    result.details["flags"] = sum(len(d.flags) for d in rec.dossiers)
                    result.details["flagged_dossiers"] = sum(1 for d in rec.dossiers if d.flags)
                    if len(rec.dossiers) != n:
                        result.error = f"reconciled {len(rec.dossiers)} of {n} dossiers"
                ctx.log(f"  reconcile {n} [{i + 1}/{ctx.repeat}] {result.ours[-1]:.3f} s")
        medians[n] = result.ours_median or 0.0
        out.append(result)
    small, large = min(medians), max(medians)
    if small != large and medians[small] > 0:
        exponent = math.log(medians[large] / medians[small]) / math.log(large / small)
        out.append(Result("reconcile-growth", f"reconcile growth {small} -> {large} dossiers", "exponent", 1.2, "",
                          [exponent], [], "", {"medians_s": {str(n): round(v, 4) for n, v in medians.items()}}))
    return out
