"""Importing the round's dossiers, and indexing their text.

import: ``dossiers.import_dossiers`` from the manifest into a fresh workspace (hash,
page count, metadata, copy into the store, database rows), against ``sha256sum`` over
the same files. The PDF worker processes are shut down before each run, so every
import pays for starting them, as the first import in a session does.

index: ``dossiers.index_pending`` on that workspace (every page's text extracted in
a guarded worker, normalised and written to the FTS5 trigram index), against
pypdfium2 extracting the text of the same pages in one loop in this process.

Both baselines read the same files from the page cache, as ours do (the data were
just generated or hashed); nothing is dropped from the cache between runs. The
imports all run first and ``os.sync()`` (not timed) precedes each run, so that one
run's fsyncs do not pay for the write-back of an earlier run's files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from bench.generate import bench_form
from bench.harness import Result
from bench.measures import Context
from reviewer.workspace import Workspace


def _sha256sum(folder: Path, names: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(["sha256sum", "--", *names], cwd=folder, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def _pdfium_text(files: list[Path]) -> tuple[float, int]:
    import pypdfium2 as pdfium

    pages = 0
    t0 = time.perf_counter()
    for path in files:
        doc = pdfium.PdfDocument(str(path))
        try:
            for index in range(len(doc)):
                page = doc[index]
                textpage = page.get_textpage()
                textpage.get_text_bounded()
                textpage.close()
                page.close()
                pages += 1
        finally:
            doc.close()
    return time.perf_counter() - t0, pages


def run(ctx: Context, *, with_index: bool = True) -> list[Result]:
    from reviewer import dossiers, pdfinfo, rounds

    pdfs = ctx.data.pdfs
    n = ctx.data.size.dossiers
    files = pdfs.files()
    names = [str(p.relative_to(pdfs.folder)) for p in files]
    manifest = pdfs.manifest(n)
    form = bench_form()
    sizes = {
        "dossiers": n, "files": len(files), "pages": pdfs.stats["pages"],
        "megabytes": round(pdfs.stats["bytes"] / 1e6, 1),
        "pages_per_form": f"{ctx.data.size.form_pages[0]}-{ctx.data.size.form_pages[1]}",
        "attachments": f"1 dossier in {ctx.data.size.attachment_every}, "
                       f"{ctx.data.size.attachment_pages[0]}-{ctx.data.size.attachment_pages[1]} pages",
        "long_dossier_pages": ctx.data.size.viewer_pages,
    }
    imp = Result("import", f"import {n} dossiers ({len(files)} files, {sizes['pages']} pages, "
                 f"{sizes['megabytes']:.0f} MB)", "ratio", 3.0, "s", [], [], "sha256sum over the same files",
                 dict(sizes))
    idx = Result("index", f"text indexing of all {sizes['pages']} pages", "ratio", 1.5, "s", [], [],
                 "pypdfium2 text extraction alone, same files", dict(sizes))
    def fresh_round(name: str) -> tuple[Path, Workspace, int]:
        root = ctx.fresh_dir(name)
        ws = Workspace.open(root / "ws")
        with ws.session() as s:
            round_id = rounds.create_round(s, name="导入基准", form=form, per_dossier=ctx.data.size.per_dossier,
                                           actor="bench").id
        return root, ws, round_id

    def timed_import(ws: Workspace, round_id: int) -> float:
        # Earlier runs' deleted store copies may still be being written back: settle the disk
        # first, so that this run's fsyncs pay for this run only (not timed; sha256sum writes nothing).
        os.sync()
        pdfinfo.shutdown_workers()
        t0 = time.perf_counter()
        results = dossiers.import_dossiers(ws, round_id, manifest, manifest=True, actor="bench")
        seconds = time.perf_counter() - t0
        bad = [r for r in results if r.status != "imported"]
        if bad:
            imp.error = f"{len(bad)} files not imported, e.g. {bad[0].file}: {bad[0].reason}"
        return seconds

    # The imports first, each into a fresh workspace; the last one's workspace is then indexed.
    kept: tuple[Path, Workspace, int] | None = None
    for i in range(ctx.repeat):
        if i and ctx.over_budget(imp):
            break
        if kept is not None:
            kept[1].close()
            shutil.rmtree(kept[0], ignore_errors=True)
        kept = fresh_round(f"import-{i}")
        if i % 2 == 0:
            imp.base.append(_sha256sum(pdfs.folder, names))
            imp.ours.append(timed_import(kept[1], kept[2]))
        else:
            imp.ours.append(timed_import(kept[1], kept[2]))
            imp.base.append(_sha256sum(pdfs.folder, names))
        ctx.log(f"  import [{i + 1}/{ctx.repeat}] ours {imp.ours[-1]:.2f} s, sha256sum {imp.base[-1]:.2f} s")

    for i in range(ctx.repeat if with_index else 0):
        if i and ctx.over_budget(idx):
            break
        if kept is None:
            kept = fresh_round(f"index-{i}")
            timed_import(kept[1], kept[2])
        root, ws, round_id = kept
        try:
            os.sync()
            if i % 2 == 0:
                seconds, pages = _pdfium_text(files)
                idx.base.append(seconds)
            t0 = time.perf_counter()
            report = dossiers.index_pending(ws, round_id, actor="bench")
            idx.ours.append(time.perf_counter() - t0)
            if i % 2 == 1:
                seconds, pages = _pdfium_text(files)
                idx.base.append(seconds)
            if report.problems or report.pages != pages:
                idx.error = f"indexed {report.pages} of {pages} pages; problems: {report.problems[:2]}"
            ctx.log(f"  index [{i + 1}/{ctx.repeat}] ours {idx.ours[-1]:.2f} s, pdfium {idx.base[-1]:.2f} s")
        finally:
            ws.close()
            shutil.rmtree(root, ignore_errors=True)
            kept = None
    if kept is not None:
        kept[1].close()
        shutil.rmtree(kept[0], ignore_errors=True)
    imp.details["runs"] = len(imp.ours)
    idx.details["runs"] = len(idx.ours)
    imp.details["per_file_ms"] = round(1000 * min(imp.ours) / len(files), 2) if imp.ours else None
    return [imp, idx] if with_index else [imp]
