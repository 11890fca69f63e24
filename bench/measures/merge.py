"""Merging every expert's return of the full round.

ours: ``returns.import_returns`` with all return files at once into a copy of the
secretary's workspace as it was before the merge (the copy is made outside the
timing; the backup ``import_returns`` takes itself is inside it, as it is for a user).

baseline: ``reviewer.crypto.verify`` over exactly the signatures the merge must check
-- each file's outer signature and every review's and declaration's own -- with the
signed bytes prepared beforehand. This is the irreducible cryptographic work; the
ratio is what reading, checking and storing add on top of it.
"""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from pathlib import Path

from bench.generate import copy_database
from bench.harness import Result
from bench.measures import Context


def signatures(paths: list[Path]) -> list[tuple[str, bytes, str]]:
    """(public key hex, signed bytes, signature hex) for every signature in the return files."""
    from reviewer import crypto

    out = []
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            raw = zf.read("return.json")
            outer = zf.read("return.sig").decode("ascii").strip()
        doc = json.loads(raw)
        key = doc["expert"]["public_key"]
        out.append((key, raw, outer))
        for item in doc["reviews"] + doc["declarations"]:
            out.append((key, crypto.canonical_json(item["payload"]), item["signature"]))
    return out


def _verify_all(triples: list[tuple[str, bytes, str]]) -> float:
    from reviewer import crypto

    t0 = time.perf_counter()
    for key, data, sig in triples:
        if not crypto.verify(key, data, sig):
            raise RuntimeError("a bench signature did not verify")
    return time.perf_counter() - t0


def run(ctx: Context) -> list[Result]:
    from reviewer import returns
    from reviewer.workspace import Workspace

    full = ctx.data.full
    triples = signatures(full.returns)
    reviews = full.stats.get("reviews")
    result = Result("merge", f"merge {len(full.returns)} returns ({reviews} reviews)", "ratio", 3.0, "s", [], [],
                    "crypto.verify of the same signatures alone",
                    {"returns": len(full.returns), "reviews": reviews, "signatures": len(triples),
                     "return_bytes": sum(p.stat().st_size for p in full.returns),
                     "premerge_db_mb": round(full.premerge.stat().st_size / 1e6, 1)})
    for i in range(ctx.repeat):
        if i and ctx.over_budget(result):
            break
        root = ctx.fresh_dir(f"merge-{i}")
        copy_database(full.premerge, root / "ws" / "workspace.sqlite")
        ws = Workspace.open(root / "ws")
        try:
            if i % 2 == 0:
                result.base.append(_verify_all(triples))
            t0 = time.perf_counter()
            merged = returns.import_returns(ws, full.round_id, full.returns)
            result.ours.append(time.perf_counter() - t0)
            if i % 2 == 1:
                result.base.append(_verify_all(triples))
            refused = [m for m in merged if m["status"] != "accepted"]
            if refused:
                result.error = f"{len(refused)} returns not accepted, e.g. {refused[0]}"
        finally:
            ws.close()
            shutil.rmtree(root, ignore_errors=True)
        ctx.log(f"  merge [{i + 1}/{ctx.repeat}] ours {result.ours[-1]:.2f} s, verify {result.base[-1]:.2f} s")
    result.details["runs"] = len(result.ours)
    return [result]
