"""Nothing confirmed is ever lost: a value acknowledged by the services layer survives SIGKILL.

A child process types values into a draft through ``scoring.update_review``, one
committed session per change (as the autosaving form does), and prints each value
once the session has committed. The test kills it with SIGKILL at a random moment,
twenty times over the same workspace, and checks after each kill that every
acknowledged value is in the database (the one change in flight may or may not be),
that totals agree with the scores, and that the audit chain is intact.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from reviewer import audit, rounds, scoring
from reviewer.crypto import format_decimal
from reviewer.workspace import Workspace
from scoring_helpers import NUMBERS, build_workspace, context

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 20

CHILD = r"""
import json
import sys
from decimal import Decimal

from reviewer import rounds, scoring
from reviewer.crypto import format_decimal
from reviewer.workspace import Workspace

root, review_id, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ws = Workspace.open(root)
with ws.session() as s:
    review = scoring.get_review(s, review_id)
    form = rounds.round_form(rounds.get_round(s, review.round_id))
criteria = list(form.criteria)
vetoes = [v.key for v in form.vetoes]
out = sys.stdout
out.write("READY\n")
out.flush()
i = 0
while True:
    kind = i % 4
    if kind == 0:
        c = criteria[(i // 4) % len(criteria)]
        steps = int((c.max - c.min) / c.step)
        value = format_decimal(c.min + ((i * 7 + len(tag)) % (steps + 1)) * c.step)
        field, change = ["score", c.key], {"score": (c.key, Decimal(value))}
    elif kind == 1:
        c = criteria[(i // 4 + 1) % len(criteria)]
        value = f"{tag}-{i} 评语：数据详实"
        field, change = ["score_comment", c.key], {"score_comment": (c.key, value)}
    elif kind == 2:
        value = f"{tag}-{i} 总体评价"
        field, change = ["comment"], {"comment": value}
    else:
        key = vetoes[(i // 4) % len(vetoes)]
        value = bool((i // 4 + len(tag)) % 2)
        field, change = ["veto", key], {"veto": (key, value)}
    out.write(json.dumps({"begin": i, "field": field, "value": value}, ensure_ascii=False) + "\n")
    out.flush()
    with ws.session() as s:
        scoring.update_review(s, review_id, **change)
    out.write(json.dumps({"ack": i}) + "\n")
    out.flush()
    i += 1
"""

State = dict[tuple[str, ...], Any]


def _db_state(root: Path, review_id: int) -> State:
    """The review's values as the workspace holds them after a restart, with consistency checks."""
    with Workspace.open(root) as ws, ws.session() as s:
        review = scoring.get_review(s, review_id)
        form = rounds.round_form(rounds.get_round(s, review.round_id))
        values = scoring.score_values(review)
        assert review.total == (form.total(values) if values else None), "the total disagrees with the scores"
        report = audit.verify(s)
        assert report.ok, str(report)
        state: State = {}
        for sc in review.scores:
            state[("score", sc.criterion)] = None if sc.value is None else format_decimal(sc.value)
            state[("score_comment", sc.criterion)] = sc.comment
        state[("comment",)] = review.comment
        for v in form.vetoes:
            state[("veto", v.key)] = review.vetoes.get(v.key)
        return state


def _apply(state: State, change: dict[str, Any]) -> State:
    new = dict(state)
    new[tuple(change["field"])] = change["value"]
    return new


def _run_once(root: Path, review_id: int, tag: str, acks_before_kill: int, child: Path) -> tuple[list[dict[str, Any]],
                                                                                             dict[str, Any] | None]:
    """Start the typist, kill it after ``acks_before_kill`` acknowledgements; (acked changes, change in flight)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(child), str(root), str(review_id), tag],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    watchdog = threading.Timer(60, proc.kill)  # a hung child fails the test instead of hanging it
    watchdog.start()
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first == "READY\n", f"the child did not start: {first!r} {proc.stderr.read() if proc.stderr else ''}"
        acked = 0
        while acked < acks_before_kill:
            line = proc.stdout.readline()
            assert line, f"the child died on its own: {proc.stderr.read() if proc.stderr else ''}"
            lines.append(line)
            if line.startswith('{"ack"'):
                acked += 1
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        lines += proc.stdout.readlines()  # whatever it acknowledged before it died counts too
        assert proc.stderr is not None
        proc.stderr.read()
    finally:
        watchdog.cancel()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL
    begun: dict[int, dict[str, Any]] = {}
    done: list[dict[str, Any]] = []
    for line in lines:
        if not line.endswith("\n"):
            continue  # cut off mid-line by the kill: not acknowledged
        msg = json.loads(line)
        if "begin" in msg:
            begun[msg["begin"]] = msg
        else:
            done.append(begun.pop(msg["ack"]))
    assert len(begun) <= 1
    return done, next(iter(begun.values()), None)


@pytest.mark.slow
def test_acknowledged_values_survive_sigkill(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    with Workspace.open(root) as ws:
        setup = build_workspace(ws, make_key=False)
        with ws.session() as s:
            rnd, d, e = context(s, setup, NUMBERS[0])
            scoring.confirm_no_conflict(s, rnd, d, e)
            review_id = scoring.open_review(s, rnd, d, e).id
    child = tmp_path / "typist.py"
    child.write_text(CHILD, encoding="utf-8")

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    expected = _db_state(root, review_id)
    total_acked = 0
    for n in range(ROUNDS):
        acked, in_flight = _run_once(root, review_id, f"r{n}", rng.choice([0, 1, 2, 3, 5, 8, 13, 21, 34]), child)
        for change in acked:
            expected = _apply(expected, change)
        total_acked += len(acked)
        found = _db_state(root, review_id)
        allowed = [expected] + ([_apply(expected, in_flight)] if in_flight else [])
        assert found in allowed, (
            f"seed {seed}, kill {n}: acknowledged values were lost\n"
            f"expected {sorted(expected.items())}\nfound {sorted(found.items())}"
        )
        expected = found  # the in-flight change, if it landed, is now part of the record
    assert total_acked > ROUNDS, f"seed {seed}: too few values were typed to mean anything ({total_acked})"
    with Workspace.open(root) as ws, ws.session() as s:
        review = scoring.get_review(s, review_id)
        assert review.status == "draft" and review.current
        assert any(sc.value is not None for sc in review.scores)
        assert isinstance(review.total, Decimal)
