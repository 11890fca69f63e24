"""Pausing Python's cyclic garbage collector while bulk work builds a large object graph.

A PDF of a provincial round's 2,000 评审意见汇总表 holds all of its 4,000 pages in
memory until it is saved. While it grows, the cyclic collector runs full passes over
every object again and again (nineteen of them for that PDF) and finds almost nothing:
measured, a tenth to a third of the time the sheets took. Reference counting still frees
everything that is not part of a cycle; the few cycles made meanwhile are collected once
the collector runs again.

Used where a provincial round's data are all alive at once: laying out sheets and reading
their data, reconciling a round, importing dossiers, merging returns, and the GUI's start-up.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without cyclic garbage collection, then restore it.

    Nested and concurrent uses are counted: the collector comes back when the last
    one ends, and only if it was on before the first began.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
