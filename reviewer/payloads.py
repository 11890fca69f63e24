"""The exact content that is signed, for reviews and conflict declarations.

Both the expert's workspace (which signs) and the secretary's (which verifies, and
later prints verification codes) build these dicts from their records; the signed
bytes are ``crypto.canonical_json(payload)``. Changing a field here breaks every
signature already given: add a new ``v`` instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from reviewer.crypto import format_decimal

PAYLOAD_VERSION = 1


def review_payload(
    *,
    round_uid: str,
    form_id: str,
    form_hash: str,
    dossier_number: str,
    dossier_files: Sequence[Mapping[str, Any]],
    expert_name: str,
    expert_key: str,
    version: int,
    scores: Sequence[tuple[str, Decimal | None, str]],
    vetoes: Mapping[str, bool],
    recommendation: str | None,
    comment: str,
    total: Decimal | None,
    submitted_at: str,
    reopen_reason: str = "",
    entered_by: str = "",
) -> dict[str, Any]:
    """The canonical content of a submitted review.

    Args:
        dossier_files: ``{"role", "name", "sha256"}`` for each file, in dossier order.
        scores: ``(criterion key, value, comment)`` in form order.
        entered_by: empty when the expert typed it; the secretary's name for paper entry.
    """
    return {
        "kind": "review",
        "v": PAYLOAD_VERSION,
        "round": round_uid,
        "form": {"id": form_id, "hash": form_hash},
        "dossier": {
            "number": dossier_number,
            "files": [{"role": f["role"], "name": f["name"], "sha256": f["sha256"]} for f in dossier_files],
        },
        "expert": {"name": expert_name, "key": expert_key},
        "version": version,
        "scores": [
            {"criterion": key, "value": None if value is None else format_decimal(value), "comment": text}
            for key, value, text in scores
        ],
        "vetoes": {k: bool(v) for k, v in sorted(vetoes.items())},
        "recommendation": recommendation,
        "comment": comment,
        "total": None if total is None else format_decimal(total),
        "submitted_at": submitted_at,
        "reopen_reason": reopen_reason,
        "entered_by": entered_by,
    }


def declaration_payload(
    *,
    round_uid: str,
    dossier_number: str,
    expert_name: str,
    expert_key: str,
    has_conflict: bool,
    kind: str,
    reason: str,
    declared_at: str,
) -> dict[str, Any]:
    """An expert's statement about one dossier: a conflict (回避), or that there is none."""
    return {
        "kind": "declaration",
        "v": PAYLOAD_VERSION,
        "round": round_uid,
        "dossier": dossier_number,
        "expert": {"name": expert_name, "key": expert_key},
        "conflict": has_conflict,
        "type": kind if has_conflict else "",
        "reason": reason if has_conflict else "",
        "declared_at": declared_at,
    }


CONFLICT_KINDS: dict[str, tuple[str, str]] = {
    "same_org": ("本单位", "same organisation"),
    "cooperation": ("合作关系", "cooperation"),
    "relative": ("亲属关系", "family relation"),
    "competitor": ("竞争关系", "competitor"),
    "other": ("其他", "other"),
}
