"""Opening the long dossier in the viewer, in a fresh process each time.

ours: ``bench/probes/viewer_open.py viewer`` -- the product's ``DossierViewer``,
``set_files`` with the stored 1,000-page file (and the workspace's reading store)
to the viewer's ``firstPagePainted`` signal.

baseline: ``bench/probes/viewer_open.py bare`` -- ``QPdfDocument.load`` of the same
file and ``render`` of page 1 at the width the viewer drew it.

Both count the work after the interpreter started, imported Qt and created the
QApplication (what opening a dossier costs in a running application); the
whole-process times are in the details.
"""

from __future__ import annotations

import hashlib

from bench.harness import Result, run_probe
from bench.measures import Context


def file_sha256(path: object) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:  # type: ignore[arg-type]
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def run(ctx: Context) -> list[Result]:
    full = ctx.data.full
    pdf = ctx.data.pdfs.viewer_file
    sha = file_sha256(pdf)
    pages = ctx.data.size.viewer_pages
    result = Result("viewer", f"open a {pages}-page dossier to first page painted", "ratio", 2.0, "s", [], [],
                    "QPdfDocument.load + render(page 1), fresh process", {"pages": pages})
    width = 1000
    whole_ours: list[float] = []
    whole_base: list[float] = []
    for i in range(ctx.repeat):
        home = ctx.fresh_dir(f"viewer-home-{i}")
        order = ("viewer", "bare") if i % 2 == 0 else ("bare", "viewer")
        for which in order:
            if which == "viewer":
                r = run_probe("viewer_open.py", ["viewer", str(full.ws), sha], home)
                if r.get("error") or r.get("t1") is None:
                    result.error = f"the viewer did not paint: {r.get('error')}"
                    return [result]
                width = int(r.get("page_width_px") or width)
                result.ours.append(r["t1"] - r["t0"])
                whole_ours.append(r["t1"] - r["spawn"])
                result.details["viewer_peak_rss_mb"] = round(r["peak_rss_mb"], 1)
                result.details["set_files_returned_s"] = round(r["set_files_returned"] - r["t0"], 4)
            else:
                r = run_probe("viewer_open.py", ["bare", str(pdf), str(width)], home)
                result.base.append(r["t1"] - r["t0"])
                whole_base.append(r["t1"] - r["spawn"])
                result.details["bare_image"] = r["image"]
        ctx.log(f"  viewer [{i + 1}/{ctx.repeat}] ours {result.ours[-1] * 1000:.0f} ms, "
                f"bare {result.base[-1] * 1000:.0f} ms")
    result.details.update(counted="after interpreter, imports and QApplication; to the first page on screen",
                          page_width_px=width, whole_process_ours_s=[round(x, 3) for x in whole_ours],
                          whole_process_bare_s=[round(x, 3) for x in whole_base])
    return [result]
