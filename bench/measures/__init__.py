"""One module per measured area; each has ``run(ctx) -> list[Result]``.

:class:`Context` is what every measurement gets: the generated data set, how
many times to repeat, where to put scratch files, and a logger.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.generate import Dataset
from bench.harness import Result


@dataclass
class Context:
    data: Dataset
    repeat: int
    scratch: Path
    log: Callable[[str], None]
    #: Seconds one measurement may take before it stops repeating (it always runs once).
    budget: float = 120.0

    def fresh_dir(self, name: str) -> Path:
        """An empty folder under the scratch area (same file system as the data)."""
        path = self.scratch / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def over_budget(self, *results: Result) -> bool:
        """Whether the runs so far (ours and baseline) already took the measurement's budget."""
        spent = sum(sum(r.ours) + sum(r.base) for r in results)
        return spent > self.budget
