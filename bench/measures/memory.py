"""Peak memory with the full round open and the long dossier being read.

``bench/probes/memory.py``: ``ui.app.run`` on the merged 2,000-dossier workspace;
once the main window is shown, a ``DossierViewer`` opens the 1,000-page dossier
and the reader pages through it (40 pages spread over the document, each waited
for until rendered, enough to fill the viewer's page-image cache). The peak
resident set size of that process (``VmHWM``) is the figure; the target is an
absolute 400 MB.
"""

from __future__ import annotations

from bench.harness import Result, run_probe
from bench.measures import Context
from bench.measures.viewer import file_sha256

PAGES_READ = 40


def run(ctx: Context) -> list[Result]:
    full = ctx.data.full
    sha = file_sha256(ctx.data.pdfs.viewer_file)
    result = Result("memory", f"peak RSS: {full.dossiers}-dossier round + {ctx.data.size.viewer_pages}-page dossier "
                    f"read ({PAGES_READ} pages)", "max", 400.0, "MB", [], [], "", {"pages_read": PAGES_READ})
    for i in range(ctx.repeat):
        home = ctx.fresh_dir(f"memory-home-{i}")
        try:
            r = run_probe("memory.py", [str(full.ws), sha, str(PAGES_READ)], home, timeout=600)
        except RuntimeError as exc:  # the application crashed: a finding, reported with the other runs
            crashes = result.details.setdefault("crashes", [])
            crashes.append(str(exc)[-1500:])
            result.error = f"the application crashed in {len(crashes)} of {i + 1} runs (see details.crashes)"
            ctx.log(f"  memory [{i + 1}/{ctx.repeat}] crashed: {str(exc).splitlines()[0]}")
            continue
        if r.get("error"):
            result.error = str(r["error"])
            return [result]
        result.ours.append(r["peak_rss_mb"])
        result.details.update({k: (round(v, 1) if isinstance(v, float) else v) for k, v in r.items()
                               if k in ("rss_after_start_mb", "rss_after_first_page_mb", "rss_end_mb",
                                        "overview_rows", "timeouts", "paged")})
        ctx.log(f"  memory [{i + 1}/{ctx.repeat}] peak {r['peak_rss_mb']:.0f} MB")
        if i + 1 >= 2 and ctx.over_budget(result):
            break
    return [result]
