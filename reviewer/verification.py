"""Verification codes on official sheets, and ``reviewer verify``.

An auditor holding a printed sheet a year later must be able to tell whether it
still says what the signed records say. Every sheet therefore carries a
**verification code** (核验码), printed as text and as a QR code on each of its
pages, and recorded inside the PDF.

How the code is made
--------------------

1. *What is covered.* For each sheet, :mod:`reviewer.sheets_data` builds
   ``covered()``: a JSON object holding exactly what the sheet prints from the
   records, as printed (scores and totals as the text on the paper), together
   with the round's ``uid``, the form's content hash and the sha256 of every
   signed review payload the sheet draws on:

   * 专家评分表 (``review``): the review version's payload sha256 and its Ed25519
     signature, the dossier's number, title and applicant, the expert's name
     and organisation, every score and comment, the veto answers, total,
     recommendation, overall comment, and the sha256 of the handwritten
     signature image printed on it;
   * 回避声明 (``declaration``): the expert, each conflict (type, reason, time,
     status, whether it was signed), each "no conflict" confirmation, the
     dossiers still open, and the signature image's sha256;
   * 评审意见汇总表 (``dossier``): every expert's version, payload sha256, total,
     recommendation, vetoes and criterion scores, the criterion means and
     spreads, the aggregate under every rule, rank, tier, flags, the
     committee's decision, and who signs;
   * 评审结果汇总表 (``result``): every row (rank, number, title, applicant,
     score, tier, amount, recommendations, note) with the payload sha256 of
     each review behind it, the totals per tier, and the committee.

   Print date, page numbers, layout and the DRAFT mark are not covered: the
   code identifies the data, not the print run, so it can be recomputed from
   the records at any time without the layout code of the day.

2. *The digest.* ``sha256(crypto.canonical_json(covered))`` — UTF-8, keys
   sorted, no whitespace.

3. *The code.* The first 80 bits of the digest in Crockford's base32 (digits
   and capitals without I, L, O, U, so nothing can be misread), in four groups
   of four after the prefix ``RW``::

       RW-7K3M-Q9D2-X4TB-H8NC

   When a code is typed in, case, spaces and dashes do not matter and the
   letters I/L and O are read as 1 and 0. 80 bits make an accidental match
   impossible in practice (one in 10^24) and a forged sheet with a chosen code
   infeasible (about 2^80 hashes).

4. *The QR code* holds the code, the kind of sheet, the round's uid and the
   sheet's identity (dossier number, expert, review version), one per line, so
   a phone shows them as plain text.

5. *Inside the PDF.* The document's Keywords list the codes (the Subject too
   when the file holds one sheet), and an
   embedded file ``reviewer-sheets.json`` (stored uncompressed, ASCII JSON
   beginning ``{"format":"reviewer-sheets"``) carries, for every sheet in the
   file, its kind, identity, code, pages and its ``covered`` object. That is
   what lets ``verify`` say *what* changed, not only *that* something did.

How ``reviewer verify`` decides
-------------------------------

For a sheet PDF, each sheet in the embedded file is checked:

* its ``covered`` must hash to its code, the code must be printed on its
  pages, and the short values ``covered`` says the pages show (numbers, names,
  scores, totals) must be in their text — else the file was altered
  (``altered``);
* the round must be in this workspace (else ``foreign``) and the sheet's
  record must still exist (else ``missing``);
* the code recomputed from the current records must equal the printed one
  (``match``); a review sheet of a version since superseded is ``outdated``;
  otherwise ``changed``, with every difference in words, e.g.
  "第 AI-2026-003 号 王教授 的评分已变更：技术创新性与先进性 8.5 → 9.0".

A PDF without the embedded file (printed and scanned back, or "printed to
PDF") falls back on the codes found in its text, which are looked up like a
typed code: every sheet the current records can produce (superseded review
versions included) is computed and compared; a code issued earlier and
recorded in the audit log (``sheets.issue``) but no longer produced is
reported as changed. A return or bundle file is described by
:func:`reviewer.exchange.describe_return` / ``describe_bundle``: whose it is,
for which round, and whether every signature in it holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, ReturnFile, Round
from forms.model import Form
from reviewer import crypto
from reviewer.errors import ValidationError
from reviewer.rounds import RULE_NAMES, round_form
from reviewer.sheets_data import (
    FLAG_TITLES,
    KIND_TITLES,
    Sheet,
    fmt_time,
    fmt_value,
    parse_time,
    payload_by_sha,
    sheets_of_kind,
)
from reviewer.workspace import Workspace

MANIFEST_NAME = "reviewer-sheets.json"
MANIFEST_FORMAT = "reviewer-sheets"
MANIFEST_VERSION = 1
_MANIFEST_MARK = b'{"format":"' + MANIFEST_FORMAT.encode("ascii") + b'"'
#: A sheet PDF larger than this is not read whole for its embedded data.
MAX_SHEET_PDF = 512 * 1024 * 1024

CODE_PREFIX = "RW"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPO = str.maketrans({"I": "1", "L": "1", "O": "0"})
CODE_RE = re.compile(r"RW-[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}")

AUDIT_ACTION = "sheets.issue"

STATUS_TITLES: dict[str, tuple[str, str]] = {
    "match": ("一致", "matches the records"),
    "outdated": ("已被新版本取代", "superseded by a newer version"),
    "changed": ("与当前记录不符", "differs from the current records"),
    "altered": ("文件被改动", "the file was altered"),
    "missing": ("记录中已无此表", "no longer in the records"),
    "foreign": ("不属于本工作区", "not from this workspace"),
    "unknown": ("未找到", "not found"),
}


# --------------------------------------------------------------------------- the code


def digest(covered: Mapping[str, Any]) -> bytes:
    return hashlib.sha256(crypto.canonical_json(covered)).digest()


def code_of(covered: Mapping[str, Any]) -> str:
    """The verification code of a sheet's covered data: ``RW-XXXX-XXXX-XXXX-XXXX``."""
    n = int.from_bytes(digest(covered)[:10], "big")
    body = "".join(_CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(16)))
    return f"{CODE_PREFIX}-" + "-".join(body[i:i + 4] for i in range(0, 16, 4))


def sheet_code(sheet: Sheet) -> str:
    return code_of(sheet.covered())


def normalise_code(text: str) -> str | None:
    """A typed code in canonical form, or None if it cannot be one (forgiving case, dashes, I/L/O)."""
    body = re.sub(r"[\s\-_.·]", "", text.strip().upper())
    if len(body) == 18 and body.startswith(CODE_PREFIX):
        body = body[2:]
    body = body.translate(_TYPO)
    if len(body) != 16 or any(ch not in _CROCKFORD for ch in body):
        return None
    return f"{CODE_PREFIX}-" + "-".join(body[i:i + 4] for i in range(0, 16, 4))


def qr_text(sheet: Sheet, code: str) -> str:
    """What the QR code on a sheet's pages holds: readable lines, code first."""
    lines = [code, f"{KIND_TITLES[sheet.kind]} {sheet.kind}", f"round={sheet.round.uid}"]
    lines += [f"{k}={v}" for k, v in sheet.ident().items()]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the embedded file


def manifest_entry(sheet: Sheet, code: str, first_page: int, pages: int) -> dict[str, Any]:
    return {"kind": sheet.kind, "ident": sheet.ident(), "code": code, "first_page": first_page,
            "pages": pages, "covered": sheet.covered()}


def manifest_bytes(*, round_uid: str, round_name: str, generated_at: dt.datetime, draft: bool,
                   entries: Sequence[Mapping[str, Any]]) -> bytes:
    """The embedded ``reviewer-sheets.json``: ASCII JSON, ``format`` first so it can be found unparsed."""
    doc = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "round": {"uid": round_uid, "name": round_name},
        "generated_at": generated_at.isoformat(),
        "draft": draft,
        "sheets": list(entries),
    }
    return json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def find_manifest(data: bytes) -> dict[str, Any] | None:
    """The embedded manifest of a sheet PDF, found in its raw bytes (no PDF parser touches the file).

    The last well-formed manifest wins (an incremental update appends). None when
    there is none; malformed candidates are skipped.
    """
    found: dict[str, Any] | None = None
    start = data.find(_MANIFEST_MARK)
    decoder = json.JSONDecoder()
    while start != -1:
        try:
            obj, _end = decoder.raw_decode(data[start:].decode("ascii", errors="replace"))
        except (ValueError, RecursionError):
            obj = None
        if isinstance(obj, dict) and _valid_manifest(obj):
            found = obj
        start = data.find(_MANIFEST_MARK, start + 1)
    return found


def _valid_manifest(doc: dict[str, Any]) -> bool:
    rnd = doc.get("round")
    sheets = doc.get("sheets")
    if doc.get("format") != MANIFEST_FORMAT or not isinstance(rnd, dict) or not isinstance(rnd.get("uid"), str):
        return False
    if not isinstance(sheets, list):
        return False
    for entry in sheets:
        if not isinstance(entry, dict) or entry.get("kind") not in KIND_TITLES:
            return False
        if not isinstance(entry.get("ident"), dict) or not isinstance(entry.get("code"), str):
            return False
        if not isinstance(entry.get("covered"), dict):
            return False
        if not isinstance(entry.get("first_page"), int) or not isinstance(entry.get("pages"), int):
            return False
    return True


# --------------------------------------------------------------------------- reports


@dataclass
class SheetCheck:
    """The verdict on one sheet."""

    kind: str
    ident: dict[str, Any]
    code: str
    status: str
    current_code: str | None = None
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    first_page: int | None = None
    pages: int | None = None
    round_uid: str | None = None

    @property
    def label(self) -> str:
        parts = [KIND_TITLES.get(self.kind, self.kind)]
        if "dossier" in self.ident:
            parts.append(str(self.ident["dossier"]))
        if "expert" in self.ident:
            parts.append(str(self.ident["expert"]))
        if "version" in self.ident:
            parts.append(f"第 {self.ident['version']} 版")
        return " · ".join(parts)

    @property
    def ok(self) -> bool:
        return self.status == "match"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "ident": self.ident, "code": self.code, "status": self.status,
                "status_text": STATUS_TITLES[self.status][0], "current_code": self.current_code,
                "differences": self.differences, "notes": self.notes, "first_page": self.first_page,
                "pages": self.pages, "round": self.round_uid}


@dataclass
class VerifyReport:
    """What ``reviewer verify`` found about one file or typed code."""

    target: str
    #: "sheets" (a sheet PDF), "code" (typed), "return", "bundle", "unknown"
    kind: str
    ok: bool
    message: str
    checks: list[SheetCheck] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "kind": self.kind, "ok": self.ok, "message": self.message,
                "sheets": [c.to_json() for c in self.checks], "details": self.details}

    def lines(self) -> list[str]:
        """The report in words, for the command line."""
        out = [self.message]
        for check in self.checks:
            if not check.kind:  # nothing was found: the message says it, the notes say why
                out.extend(f"    注 {n}" for n in check.notes)
                continue
            title, english = STATUS_TITLES[check.status]
            where = ""
            if check.first_page is not None and check.pages:
                last = check.first_page + check.pages - 1
                where = f"（第 {check.first_page} 页）" if last == check.first_page \
                    else f"（第 {check.first_page}–{last} 页）"
            out.append(f"{check.label}{where}  {check.code}：{title} ({english})")
            out.extend(f"    · {d}" for d in check.differences)
            out.extend(f"    注 {n}" for n in check.notes)
            if check.current_code and check.current_code != check.code:
                out.append(f"    当前记录的核验码 (current code): {check.current_code}")
        return out


# --------------------------------------------------------------------------- differences in words


def _v(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def _change(label: str, old: Any, new: Any) -> str | None:
    return None if old == new else f"{label} {_v(old)} → {_v(new)}"


def _text_change(label: str, old: Any, new: Any) -> str | None:
    if old == new:
        return None
    if not old and isinstance(new, str) and len(new) <= 80:
        return f"{label}：{new}"
    return f"{label}已变更"


def _when(text: Any) -> Any:
    """An ISO time from covered data as the sheets print it (China Standard Time)."""
    parsed = parse_time(text) if isinstance(text, str) else None
    return fmt_time(parsed) if parsed else text


class _Context:
    """Titles from the round's form, and old review payloads, for saying what changed in words."""

    def __init__(self, s: Session, rnd: Round) -> None:
        self.s = s
        self.rnd = rnd
        self.form: Form = round_form(rnd)

    def criterion(self, key: str) -> str:
        try:
            c = self.form.criterion(key)
        except KeyError:
            return key
        return c.title.zh or c.title.en or key

    def veto(self, key: str) -> str:
        for v in self.form.vetoes:
            if v.key == key:
                return v.question.zh or key
        return key

    def choice(self, key: Any) -> Any:
        for c in self.form.recommendations:
            if c.key == key:
                return c.title.zh or key
        return key

    def tier(self, key: Any) -> Any:
        for t in self.form.tiers:
            if t.key == key:
                return t.title.zh or key
        return key


def _score_changes(ctx: _Context, old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(value changes, comment changes) between two ``{criterion: {"value", "comment"}}`` maps."""
    values, comments = [], []
    for key in list(old) + [k for k in new if k not in old]:
        a, b = old.get(key) or {}, new.get(key) or {}
        if a.get("value") != b.get("value"):
            values.append(f"{ctx.criterion(key)} {_v(a.get('value'))} → {_v(b.get('value'))}")
        if a.get("comment") != b.get("comment"):
            comments.append(f"「{ctx.criterion(key)}」的评语已变更")
    return values, comments


def _diff_review(ctx: _Context, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    who = f"第 {old.get('dossier', {}).get('number')} 号 {old.get('expert', {}).get('name')} 的"
    out: list[str] = []
    values, comments = _score_changes(ctx, old.get("scores") or {}, new.get("scores") or {})
    if values:
        out.append(f"{who}评分已变更：" + "；".join(values))
    out.extend(f"{who}{c}" for c in comments)
    ov, nv = old.get("vetoes") or {}, new.get("vetoes") or {}
    for key in list(ov) + [k for k in nv if k not in ov]:
        if ov.get(key) != nv.get(key):
            out.append(f"{who}否决项「{ctx.veto(key)}」 {_v(ov.get(key))} → {_v(nv.get(key))}")
    simple = [
        _change("总分", old.get("total"), new.get("total")),
        _change("推荐意见", ctx.choice(old.get("recommendation")), ctx.choice(new.get("recommendation"))),
        _text_change("专家综合意见", old.get("comment"), new.get("comment")),
    ]
    out.extend(f"{who}{x}" for x in simple if x)
    orv, nrv = old.get("review") or {}, new.get("review") or {}
    extra = [
        _change("评审意见版本", orv.get("version"), nrv.get("version")),
        _change("提交时间", _when(orv.get("submitted_at")), _when(nrv.get("submitted_at"))),
        _change("录入方式", orv.get("origin"), nrv.get("origin")),
        _change("录入人", orv.get("entered_by"), nrv.get("entered_by")),
        _text_change("重新评审理由", orv.get("reopen_reason"), nrv.get("reopen_reason")),
        _text_change("电子签名", orv.get("signature"), nrv.get("signature")),
    ]
    out.extend(f"{who}{x}" for x in extra if x)
    if orv.get("payload_sha256") != nrv.get("payload_sha256") and not out:
        out.append(f"{who}签名内容已变更")
    od, nd = old.get("dossier") or {}, new.get("dossier") or {}
    out.extend(x for x in (_text_change("项目名称", od.get("title"), nd.get("title")),
                           _text_change("申报单位", od.get("applicant"), nd.get("applicant"))) if x)
    oe, ne = old.get("expert") or {}, new.get("expert") or {}
    if oe.get("organisation") != ne.get("organisation"):
        out.append(f"专家单位 {_v(oe.get('organisation'))} → {_v(ne.get('organisation'))}")
    if old.get("signature_image") != new.get("signature_image"):
        out.append("专家签名图片已更换")
    return out


def _diff_declaration(ctx: _Context, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    oc, nc = old.get("conflicts") or {}, new.get("conflicts") or {}
    for key in sorted(set(oc) | set(nc)):
        number = key.split("|", 1)[0]
        if key not in nc:
            out.append(f"申报 {number} 的回避记录已不再有效")
        elif key not in oc:
            out.append(f"新增对申报 {number} 的回避记录")
        elif oc[key] != nc[key]:
            a, b = oc[key], nc[key]
            parts = [x for x in (_change("类型", a.get("kind"), b.get("kind")),
                                 _text_change("理由", a.get("reason"), b.get("reason")),
                                 _change("时间", _when(a.get("declared_at")), _when(b.get("declared_at"))),
                                 _change("状态", a.get("status"), b.get("status")),
                                 _change("已签名", a.get("signed"), b.get("signed"))) if x]
            out.append(f"申报 {number} 的回避记录已变更：" + "；".join(parts))
    ol, nl = old.get("clear") or {}, new.get("clear") or {}
    for number in sorted(set(ol) | set(nl)):
        if ol.get(number) != nl.get(number):
            out.append(f"申报 {number} 的“无利害关系”确认 {_v(_when(ol.get(number)))} → {_v(_when(nl.get(number)))}")
    if old.get("pending") != new.get("pending"):
        out.append(f"尚未声明的申报 {'、'.join(old.get('pending') or []) or '无'} → "
                   f"{'、'.join(new.get('pending') or []) or '无'}")
    oe, ne = old.get("expert") or {}, new.get("expert") or {}
    if oe.get("organisation") != ne.get("organisation"):
        out.append(f"专家单位 {_v(oe.get('organisation'))} → {_v(ne.get('organisation'))}")
    if oe.get("key") != ne.get("key"):
        out.append("专家签名密钥已变更")
    if old.get("signature_image") != new.get("signature_image"):
        out.append("专家签名图片已更换")
    return out


def _diff_expert_review(ctx: _Context, number: str, expert: str, a: Mapping[str, Any], b: Mapping[str, Any]
                        ) -> list[str]:
    who = f"第 {number} 号 {expert} 的"
    out: list[str] = []
    version = "" if a.get("version") == b.get("version") else f"（第 {a.get('version')} 版 → 第 {b.get('version')} 版）"
    sa, sb = a.get("scores") or {}, b.get("scores") or {}
    values = [f"{ctx.criterion(k)} {_v(sa.get(k))} → {_v(sb.get(k))}" for k in list(sa) + [k for k in sb if k not in sa]
              if sa.get(k) != sb.get(k)]
    if values:
        out.append(f"{who}评分已变更{version}：" + "；".join(values))
    elif version:
        out.append(f"{who}评审意见已更新{version}")
    for x in (_change("总分", a.get("total"), b.get("total")),
              _change("推荐意见", a.get("recommendation"), b.get("recommendation")),
              _change("否决项", "、".join(a.get("vetoes_yes") or []) or None,
                      "、".join(b.get("vetoes_yes") or []) or None),
              _change("签名状态", a.get("signature"), b.get("signature"))):
        if x:
            out.append(f"{who}{x}")
    if not out and a.get("payload_sha256") != b.get("payload_sha256"):
        out.append(f"{who}签名内容已变更")
    return out


def _diff_decision(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, tier: Callable[[Any], Any],
                   prefix: str = "") -> list[str]:
    if old == new:
        return []
    if old is None:
        return [f"{prefix}评审委员会的决定是在打印之后记录的"]
    if new is None:
        return [f"{prefix}评审委员会的决定已撤销"]
    parts = [x for x in (
        _change("排名", old.get("rank"), new.get("rank")),
        _change("等级", tier(old.get("tier")), tier(new.get("tier"))),
        _change("最终得分", old.get("final_score"), new.get("final_score")),
        _change("调整", old.get("overridden"), new.get("overridden")),
        _text_change("决定理由", old.get("reason"), new.get("reason")),
        _text_change("提示处理情况", old.get("flag_resolution"), new.get("flag_resolution")),
        _change("决定人", old.get("decided_by"), new.get("decided_by")),
        _change("决定时间", _when(old.get("decided_at")), _when(new.get("decided_at"))),
        _change("待复核", old.get("stale"), new.get("stale")),
    ) if x]
    return [f"{prefix}评审委员会的决定已变更：" + "；".join(parts)] if parts else []


def _diff_dossier(ctx: _Context, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    number = str((old.get("dossier") or {}).get("number"))
    out: list[str] = []
    od, nd = old.get("dossier") or {}, new.get("dossier") or {}
    out.extend(x for x in (_text_change("项目名称", od.get("title"), nd.get("title")),
                           _text_change("申报单位", od.get("applicant"), nd.get("applicant")),
                           _change("类别", od.get("category"), nd.get("category"))) if x)
    orv, nrv = old.get("reviews") or {}, new.get("reviews") or {}
    for expert in list(orv) + [e for e in nrv if e not in orv]:
        if expert not in nrv:
            out.append(f"第 {number} 号 {expert} 的评审意见已不再计入")
        elif expert not in orv:
            out.append(f"第 {number} 号新增 {expert} 的评审意见（总分 {_v(nrv[expert].get('total'))}）")
        else:
            out.extend(_diff_expert_review(ctx, number, expert, orv[expert], nrv[expert]))
    oa, na = old.get("aggregates") or {}, new.get("aggregates") or {}
    for rule in list(oa) + [r for r in na if r not in oa]:
        x = _change(f"汇总得分（{RULE_NAMES.get(rule, (rule,))[0]}）", oa.get(rule), na.get(rule))
        if x:
            out.append(x)
    out.extend(x for x in (_change("排名", old.get("rank"), new.get("rank")),
                           _change("等级", ctx.tier(old.get("tier")), ctx.tier(new.get("tier"))),
                           _change("并列", old.get("tie"), new.get("tie"))) if x)
    of = [(f.get("kind"), f.get("reason")) for f in old.get("flags") or []]
    nf = [(f.get("kind"), f.get("reason")) for f in new.get("flags") or []]
    out.extend(f"提示已消除：{FLAG_TITLES.get(str(k), (k,))[0]}：{r}" for k, r in of if (k, r) not in nf)
    out.extend(f"新增提示：{FLAG_TITLES.get(str(k), (k,))[0]}：{r}" for k, r in nf if (k, r) not in of)
    out.extend(_diff_decision(old.get("decision"), new.get("decision"), ctx.tier))
    if old.get("panel") != new.get("panel"):
        out.append(f"签字专家 {'、'.join(old.get('panel') or []) or '无'} → {'、'.join(new.get('panel') or []) or '无'}")
    if old.get("recused") != new.get("recused"):
        out.append(f"回避专家 {'、'.join(old.get('recused') or []) or '无'} → "
                   f"{'、'.join(new.get('recused') or []) or '无'}")
    return out


def _payload_scores(ctx: _Context, payload: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """A signed payload's scores as the sheets print them (8.5, 9.0 on a 0.5 grid)."""
    out: dict[str, dict[str, Any]] = {}
    for x in payload.get("scores") or []:
        if not isinstance(x, dict):
            continue
        key, value = str(x.get("criterion")), x.get("value")
        try:
            shown = fmt_value(Decimal(str(value)), ctx.form.criterion(key).step) if value is not None else None
        except (KeyError, InvalidOperation):
            shown = value
        out[key] = {"value": shown, "comment": x.get("comment")}
    return out


def _diff_result(ctx: _Context, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    orows, nrows = old.get("rows") or {}, new.get("rows") or {}
    hashes = {h for rows in (orows, nrows) for r in rows.values() for h in (r.get("reviews") or {}).values()}
    payloads = payload_by_sha(ctx.s, ctx.rnd.id, hashes)
    for number in list(orows) + [n for n in nrows if n not in orows]:
        if number not in nrows:
            out.append(f"第 {number} 号已不在结果中")
            continue
        if number not in orows:
            out.append(f"第 {number} 号是打印之后加入的")
            continue
        a, b = orows[number], nrows[number]
        parts = [x for x in (
            _change("排名", a.get("rank"), b.get("rank")),
            _change("得分", a.get("score"), b.get("score")),
            _change("等级", ctx.tier(a.get("tier")), ctx.tier(b.get("tier"))),
            _change("奖励金额（万元）", a.get("amount"), b.get("amount")),
            _text_change("项目名称", a.get("title"), b.get("title")),
            _text_change("申报单位", a.get("applicant"), b.get("applicant")),
            _change("专家推荐", a.get("recommendations"), b.get("recommendations")),
            _change("备注", a.get("note"), b.get("note")),
            _change("委员会已决定", a.get("decided"), b.get("decided")),
        ) if x]
        if parts:
            out.append(f"第 {number} 号：" + "；".join(parts))
        ar, br = a.get("reviews") or {}, b.get("reviews") or {}
        for expert in list(ar) + [e for e in br if e not in ar]:
            if ar.get(expert) == br.get(expert):
                continue
            if expert not in br:
                out.append(f"第 {number} 号 {expert} 的评审意见已不再计入")
            elif expert not in ar:
                out.append(f"第 {number} 号新增 {expert} 的评审意见")
            else:
                pa, pb = payloads.get(ar[expert]), payloads.get(br[expert])
                if pa is None or pb is None:
                    out.append(f"第 {number} 号 {expert} 的评审意见已变更")
                    continue
                values, _ = _score_changes(ctx, _payload_scores(ctx, pa), _payload_scores(ctx, pb))
                version = "" if pa.get("version") == pb.get("version") \
                    else f"（第 {pa.get('version')} 版 → 第 {pb.get('version')} 版）"
                detail = "：" + "；".join(values) if values else ""
                out.append(f"第 {number} 号 {expert} 的评分已变更{version}{detail}")
    ot, nt = old.get("tiers") or {}, new.get("tiers") or {}
    for key in list(ot) + [k for k in nt if k not in ot]:
        a, b = ot.get(key) or {}, nt.get(key) or {}
        title = ctx.tier(key) if key else "未获奖励"
        x = _change(f"「{title}」项目数", a.get("count"), b.get("count"))
        if x:
            out.append(x)
    x = _change("奖励金额合计（万元）", old.get("grand_total"), new.get("grand_total"))
    if x:
        out.append(x)
    if old.get("committee") != new.get("committee"):
        out.append(f"评审委员会成员 {'、'.join(old.get('committee') or [])} → {'、'.join(new.get('committee') or [])}")
    return out


_DIFFS: dict[str, Callable[[_Context, Mapping[str, Any], Mapping[str, Any]], list[str]]] = {
    "review": _diff_review,
    "declaration": _diff_declaration,
    "dossier": _diff_dossier,
    "result": _diff_result,
}


def differences(s: Session, rnd: Round, kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What changed between two ``covered`` objects of the same sheet, in words."""
    if old == new:
        return []
    ctx = _Context(s, rnd)
    if old.get("v") != new.get("v"):
        return ["核验数据的格式版本不同，无法逐项比较 (the sheet was made by another version of the software)"]
    try:
        found = _DIFFS[kind](ctx, old, new)
    except (AttributeError, TypeError, KeyError, ValueError):  # covered data from a file is not to be trusted
        return ["文件内的核验数据结构无法识别，无法逐项比较 (the data inside the file has an unknown shape)"]
    if old.get("form") != new.get("form"):
        found.append("评分表版本已变更")
    if not found:
        found.append("其他内容已变更 (other content differs)")
    return found


# --------------------------------------------------------------------------- checking sheets


def _round_by_uid(s: Session, uid: str) -> Round | None:
    return s.scalars(select(Round).where(Round.uid == uid)).first()


def _round_notes(rnd: Round, printed_draft: bool | None) -> list[str]:
    notes = []
    if printed_draft and rnd.status == "finalised":
        notes.append("本表打印时为草稿；该评审轮次已定稿 (printed as a draft; the round has since been finalised)")
    if printed_draft is False and rnd.status != "finalised":
        notes.append("该评审轮次目前不是定稿状态 (the round is not finalised now)")
    return notes


def _shown(kind: str, covered: Mapping[str, Any]) -> list[str]:
    """Short values the covered data says the page prints (numbers, names, totals).

    The embedded data and the code can be kept while the visible text is edited;
    these must then be missing from the page. Long texts are not checked: they
    wrap inside table cells and come out of the PDF interleaved with their neighbours.
    """
    values: list[Any] = []
    if kind == "review":
        values += [(covered.get("dossier") or {}).get("number"), (covered.get("expert") or {}).get("name"),
                   covered.get("total")]
        values += [v.get("value") for v in (covered.get("scores") or {}).values() if isinstance(v, dict)]
    elif kind == "declaration":
        values.append((covered.get("expert") or {}).get("name"))
        values += [key.split("|", 1)[0] for key in covered.get("conflicts") or {}]
    elif kind == "dossier":
        values.append((covered.get("dossier") or {}).get("number"))
        for expert, review in (covered.get("reviews") or {}).items():
            values += [expert, review.get("total") if isinstance(review, dict) else None]
        values += list((covered.get("aggregates") or {}).values())
        values.append((covered.get("decision") or {}).get("final_score"))
    elif kind == "result":
        for number, row in (covered.get("rows") or {}).items():
            values += [number, row.get("score") if isinstance(row, dict) else None]
    return [v for v in values if isinstance(v, str) and 0 < len(v) <= 24]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Records:
    """The sheets a workspace's records produce now, computed once per round and kind.

    A file of 600 review sheets is checked against one reading of the records,
    not 600 (each summary sheet alone reconciles the whole round).
    """

    def __init__(self, s: Session) -> None:
        self.s = s
        self._rounds: dict[str, Round | None] = {}
        self._sheets: dict[tuple[int, str], dict[str, Sheet]] = {}

    def round(self, uid: str) -> Round | None:
        if uid not in self._rounds:
            self._rounds[uid] = _round_by_uid(self.s, uid)
        return self._rounds[uid]

    @staticmethod
    def key(ident: Mapping[str, Any]) -> str:
        return crypto.canonical_json(dict(ident)).decode("utf-8")

    def of_kind(self, rnd: Round, kind: str) -> dict[str, Sheet]:
        """Every sheet of ``kind`` (review sheets of superseded versions too), by identity."""
        if (rnd.id, kind) not in self._sheets:
            sheets = sheets_of_kind(self.s, rnd.id, kind, include_superseded=kind == "review")
            self._sheets[(rnd.id, kind)] = {self.key(x.ident()): x for x in sheets}
        return self._sheets[(rnd.id, kind)]

    def find(self, rnd: Round, kind: str, ident: Mapping[str, Any]) -> Sheet | None:
        if kind not in KIND_TITLES:
            return None
        if kind == "result":
            return next(iter(self.of_kind(rnd, kind).values()), None)
        return self.of_kind(rnd, kind).get(self.key(ident))

    def current_review(self, rnd: Round, number: str, expert: str) -> Sheet | None:
        """The review sheet of the version that counts now for ``number`` × ``expert``."""
        for sheet in self.of_kind(rnd, "review").values():
            ident = sheet.ident()
            if ident.get("dossier") == number and ident.get("expert") == expert and getattr(sheet, "current", False) \
                    and getattr(sheet, "status", "") == "submitted":
                return sheet
        return None

    def everything(self, rnd: Round) -> list[Sheet]:
        return [x for kind in KIND_TITLES for x in self.of_kind(rnd, kind).values()]


def check_sheet(s: Session, round_uid: str, entry: Mapping[str, Any], *, printed_draft: bool | None = None,
                page_text: str | None = None, records: Records | None = None) -> SheetCheck:
    """Check one sheet as a PDF records it (kind, ident, code, covered) against the workspace."""
    records = records or Records(s)
    kind = str(entry["kind"])
    ident = dict(entry["ident"])
    code = str(entry["code"])
    covered = entry["covered"]
    check = SheetCheck(kind=kind, ident=ident, code=code, status="match",
                       first_page=entry.get("first_page"), pages=entry.get("pages"), round_uid=round_uid)
    if code_of(covered) != code or covered.get("round") != round_uid:
        check.status = "altered"
        check.notes.append("文件内的数据与核验码不符：PDF 在生成后被改动过 "
                           "(the data inside the PDF does not match its code: the file was altered)")
        return check
    if page_text is not None and code not in page_text:
        check.status = "altered"
        check.notes.append("页面上印的核验码与文件内数据不符：PDF 在生成后被改动过 "
                           "(the code printed on the pages differs from the data inside: the file was altered)")
        return check
    if page_text is not None:
        try:
            shown = _shown(kind, covered)
        except (AttributeError, TypeError):
            shown = []
        printed = _squash(page_text)
        missing = [v for v in shown if _squash(v) not in printed]
        if missing:
            check.status = "altered"
            check.notes.append(f"页面上没有核验数据所列的内容：{'、'.join(missing[:5])}；PDF 在生成后被改动过 "
                               "(the pages do not show what the data inside says: the file was altered)")
            return check
    rnd = records.round(round_uid)
    if rnd is None:
        check.status = "foreign"
        check.notes.append("此工作区中没有该评审轮次的记录 (this workspace holds no records of that round)")
        return check
    check.notes.extend(_round_notes(rnd, printed_draft))
    current = records.find(rnd, kind, ident)
    if current is None:
        check.status = "missing"
        check.notes.append("记录中已没有这张表所依据的内容（例如评审意见已作废）"
                           "(the records no longer hold what this sheet was made from)")
        return check
    check.current_code = sheet_code(current)
    if check.current_code == code:
        if kind == "review" and not getattr(current, "current", True):
            newer = records.current_review(rnd, str(ident.get("dossier")), str(ident.get("expert")))
            check.status = "outdated"
            if newer is not None:
                check.current_code = sheet_code(newer)
                check.differences = differences(s, rnd, kind, covered, newer.covered())
            else:
                check.notes.append("该专家对此申报目前没有有效的评审意见 (no current review by this expert)")
        return check
    check.status = "changed"
    check.differences = differences(s, rnd, kind, covered, current.covered())
    return check


def all_sheets(s: Session, rnd: Round) -> list[Sheet]:
    """Every sheet the records of a round can produce now, superseded review versions included."""
    return Records(s).everything(rnd)


def _issued(s: Session, code: str) -> tuple[AuditEntry, dict[str, Any]] | None:
    """The audit entry that recorded printing ``code`` (latest first), with the sheet's entry."""
    for entry in s.scalars(select(AuditEntry).where(AuditEntry.action == AUDIT_ACTION)
                           .order_by(AuditEntry.id.desc())):
        for sheet in (entry.detail or {}).get("sheets", []):
            if isinstance(sheet, dict) and sheet.get("code") == code:
                return entry, sheet
    return None


def lookup_code(s: Session, code: str, records: Records | None = None) -> SheetCheck:
    """Find a typed (or text-extracted) code among every sheet the workspace's records produce."""
    records = records or Records(s)
    for rnd in s.scalars(select(Round).order_by(Round.id)):
        for sheet in records.everything(rnd):
            if sheet_code(sheet) != code:
                continue
            check = SheetCheck(kind=sheet.kind, ident=sheet.ident(), code=code, status="match",
                               current_code=code, round_uid=rnd.uid)
            if sheet.kind == "review" and not getattr(sheet, "current", True):
                check.status = "outdated"
                newer = records.current_review(rnd, str(check.ident["dossier"]), str(check.ident["expert"]))
                if newer is not None:
                    check.current_code = sheet_code(newer)
                    check.differences = differences(s, rnd, sheet.kind, sheet.covered(), newer.covered())
            check.notes.append(f"评审轮次「{rnd.name}」")
            return check
    issued = _issued(s, code)
    if issued is not None:
        entry, sheet_entry = issued
        kind = str(sheet_entry.get("kind"))
        ident = sheet_entry.get("ident") if isinstance(sheet_entry.get("ident"), dict) else {}
        check = SheetCheck(kind=kind if kind in KIND_TITLES else "result", ident=dict(ident), code=code,
                           status="changed", round_uid=entry.round_uid)
        check.notes.append(f"此核验码于 {entry.at.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%d %H:%M} "
                           "打印，但与当前记录不符；用 PDF 文件核验可列出具体差异 "
                           "(printed then, but the records have changed since; verify the PDF file to see what)")
        rnd = records.round(entry.round_uid) if entry.round_uid else None
        if rnd is not None and kind in KIND_TITLES:
            current = records.find(rnd, kind, check.ident)
            if current is None:
                check.status = "missing"
            else:
                check.current_code = sheet_code(current)
        return check
    check = SheetCheck(kind="", ident={}, code=code, status="unknown")
    check.notes.append("当前记录中没有任何一张表的核验码与之相同：表的内容已改变，或不是本工作区打印的 "
                       "(no sheet of the current records has this code: it changed, or it comes from elsewhere)")
    return check


def verify_code(ws: Workspace, text: str) -> VerifyReport:
    """``reviewer verify CODE``: is a typed verification code one of this workspace's sheets?"""
    code = normalise_code(text)
    if code is None:
        raise ValidationError(f"「{text}」不是核验码，核验码形如 RW-7K3M-Q9D2-X4TB-H8NC "
                              "(not a verification code)", [text])
    with ws.session() as s:
        check = lookup_code(s, code)
    ok = check.status == "match"
    message = (f"核验码 {code} 与本工作区的签名记录一致 (matches the signed records)" if ok
               else f"核验码 {code}：{STATUS_TITLES[check.status][0]} ({STATUS_TITLES[check.status][1]})")
    return VerifyReport(target=text, kind="code", ok=ok, message=message, checks=[check])


# --------------------------------------------------------------------------- files


def _page_texts(path: Path) -> dict[int, str] | None:
    """Text of every page, through the guarded PDF reader (None if the file cannot be read)."""
    from reviewer.pdfinfo import PdfRejected, extract_text

    try:
        return dict(extract_text(path))
    except PdfRejected:
        return None


def verify_sheet_pdf(path: Path, ws: Workspace | None) -> VerifyReport:
    """Check every sheet in a sheet PDF against the workspace's records."""
    try:
        size = path.stat().st_size
        if size > MAX_SHEET_PDF:
            return VerifyReport(str(path), "unknown", False,
                                f"{path.name} 太大，不是本软件生成的评审表 (too large to be a sheet)")
        data = path.read_bytes()
    except OSError as exc:
        return VerifyReport(str(path), "unknown", False, f"无法读取 {path}：{exc.strerror} (cannot read the file)")
    texts = _page_texts(path)
    manifest = find_manifest(data)
    if manifest is None:
        return _verify_by_text(path, ws, texts)
    round_uid = manifest["round"]["uid"]
    round_name = str(manifest["round"].get("name") or "")
    draft = manifest.get("draft") if isinstance(manifest.get("draft"), bool) else None
    checks: list[SheetCheck] = []
    if ws is None:
        for entry in manifest["sheets"]:
            check = SheetCheck(kind=entry["kind"], ident=dict(entry["ident"]), code=entry["code"],
                               status="foreign", first_page=entry["first_page"], pages=entry["pages"],
                               round_uid=round_uid)
            intact = code_of(entry["covered"]) == entry["code"] and _printed(texts, entry)
            check.status = "foreign" if intact else "altered"
            check.notes.append("文件内数据与核验码一致，但没有可供比对的工作区 (intact, but no workspace to compare with)"
                               if intact else "PDF 在生成后被改动过 (the file was altered)")
            checks.append(check)
    else:
        with ws.session() as s:
            records = Records(s)
            for entry in manifest["sheets"]:
                page_text = None
                if texts is not None:
                    first, count = entry["first_page"], max(1, entry["pages"])
                    page_text = "\n".join(texts.get(p, "") for p in range(first, first + count))
                checks.append(check_sheet(s, round_uid, entry, printed_draft=draft, page_text=page_text,
                                          records=records))
    ok = bool(checks) and all(c.ok for c in checks)
    bad = sum(1 for c in checks if not c.ok)
    if ok:
        message = (f"{path.name}：{len(checks)} 张评审表均与签名记录一致（评审轮次「{round_name}」） "
                   f"(all {len(checks)} sheets match the signed records)")
    else:
        message = (f"{path.name}：{len(checks)} 张评审表中 {bad} 张与记录不一致或无法核验（评审轮次「{round_name}」） "
                   f"({bad} of {len(checks)} sheets do not match or cannot be verified)")
    return VerifyReport(str(path), "sheets", ok, message, checks,
                        details={"round": manifest["round"], "draft": draft,
                                 "generated_at": manifest.get("generated_at")})


def _printed(texts: dict[int, str] | None, entry: Mapping[str, Any]) -> bool:
    if texts is None:
        return True
    first, count = entry["first_page"], max(1, entry["pages"])
    return entry["code"] in "\n".join(texts.get(p, "") for p in range(first, first + count))


def _verify_by_text(path: Path, ws: Workspace | None, texts: dict[int, str] | None) -> VerifyReport:
    if texts is None:
        return VerifyReport(str(path), "unknown", False,
                            f"{path.name} 无法读取或不是 PDF 文件 (the file cannot be read as a PDF)")
    found: dict[str, int] = {}
    for page, text in sorted(texts.items()):
        for match in CODE_RE.findall(text):
            found.setdefault(match, page)
    if not found:
        return VerifyReport(str(path), "unknown", False,
                            f"{path.name} 中没有找到核验码，不是本软件生成的评审表 (no verification code found)")
    if ws is None:
        return VerifyReport(str(path), "sheets", False,
                            f"{path.name} 中有 {len(found)} 个核验码，但没有可供比对的工作区 (no workspace to compare with)")
    checks = []
    with ws.session() as s:
        records = Records(s)
        for code, page in found.items():
            check = lookup_code(s, code, records)
            check.first_page = page
            check.notes.append("文件中没有内嵌的核验数据，按页面文字中的核验码查找 "
                               "(no embedded data: looked up by the code in the page text)")
            checks.append(check)
    ok = all(c.ok for c in checks)
    message = (f"{path.name}：{len(checks)} 个核验码均与签名记录一致 (all codes match)" if ok
               else f"{path.name}：部分核验码与当前记录不符 (some codes do not match the current records)")
    return VerifyReport(str(path), "sheets", ok, message, checks)


def _is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06")


def _exchange_report(path: Path, ws: Workspace | None) -> VerifyReport:
    from reviewer.exchange import BUNDLE_SUFFIX, RETURN_SUFFIX, describe_bundle, describe_return

    if path.suffix.lower() == BUNDLE_SUFFIX:
        info = describe_bundle(path)
    elif path.suffix.lower() == RETURN_SUFFIX:
        info = describe_return(path)
    else:
        info = describe_return(path)
        if not info["readable"]:
            other = describe_bundle(path)
            info = other if other["readable"] else info
    kind = str(info["kind"])
    if kind == "return":
        message = _return_message(path, info)
        if ws is not None and info.get("sha256"):
            info["workspace"] = _return_in_workspace(ws, info)
            if info["workspace"].get("note"):
                message += "\n" + info["workspace"]["note"]
    else:
        message = _bundle_message(path, info)
    return VerifyReport(str(path), kind, bool(info["intact"]), message, details=info)


def _return_message(path: Path, info: Mapping[str, Any]) -> str:
    if not info["readable"]:
        return f"{path.name}：不是可读的回传文件：{info.get('problem')} (not a readable return file)"
    expert = info["expert"] or {}
    rnd = info["round"] or {}
    head = (f"回传文件 {path.name}：专家 {expert.get('name')}（{expert.get('organisation') or '—'}，"
            f"密钥指纹 {expert.get('fingerprint')}），评审轮次「{rnd.get('name')}」，"
            f"{info['reviews']} 份评审意见（{'、'.join(info.get('dossiers') or []) or '无'}），"
            f"{info['declarations']} 项声明，导出于 {info.get('exported_at')}")
    if info["intact"]:
        return head + "\n完整：所有签名均有效 (intact: every signature verifies)"
    return head + f"\n不完整 (not intact)：{info.get('problem')}"


def _bundle_message(path: Path, info: Mapping[str, Any]) -> str:
    if not info["readable"]:
        return f"{path.name}：不是可读的评审包或回传文件：{info.get('problem')} (not a readable bundle or return)"
    expert = info.get("expert") or {}
    rnd = info.get("round") or {}
    head = (f"评审包 {path.name}：发给专家 {expert.get('name')}（{expert.get('organisation') or '—'}），"
            f"评审轮次「{rnd.get('name')}」，{len(info.get('dossiers') or [])} 份申报，"
            f"秘书处密钥指纹 {info.get('secretary_fingerprint') or '—'}")
    if info["intact"]:
        return head + "\n完整：签名和文件校验均通过 (intact: signature and checksums verify)"
    return head + f"\n不完整 (not intact)：{info.get('problem')}"


def _return_in_workspace(ws: Workspace, info: Mapping[str, Any]) -> dict[str, Any]:
    """Whether this workspace has seen the file, and whether the key is the one pinned for the expert."""
    from db.models import Expert

    out: dict[str, Any] = {"imported": None, "key_matches": None, "note": ""}
    notes: list[str] = []
    with ws.session() as s:
        seen = s.scalars(select(ReturnFile).where(ReturnFile.sha256 == info["sha256"])
                         .order_by(ReturnFile.received_at.desc())).first()
        if seen is not None:
            out["imported"] = {"status": seen.status, "received_at": seen.received_at.isoformat(),
                               "reason": seen.reason}
            when = seen.received_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
            status = {"accepted": "已接受", "unchanged": "无变化", "rejected": "被拒绝"}.get(seen.status, seen.status)
            notes.append(f"本工作区于 {when:%Y-%m-%d %H:%M} 导入过此文件：{status}"
                         + (f"（{seen.reason}）" if seen.reason else ""))
        else:
            notes.append("本工作区从未导入过此文件 (this workspace never imported this file)")
        rnd = _round_by_uid(s, str((info.get("round") or {}).get("uid")))
        expert_info = info.get("expert") or {}
        if rnd is not None:
            expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id,
                                                    Expert.name == expert_info.get("name"))).first()
            if expert is not None and expert.public_key:
                out["key_matches"] = expert.public_key == expert_info.get("key")
                notes.append("签名密钥与本工作区登记的该专家密钥一致 (the key is the one on record)"
                             if out["key_matches"] else
                             "签名密钥与本工作区登记的该专家密钥不一致，可能是他人冒名 (the key differs from the one on record)")
    out["note"] = "\n".join(notes)
    return out


def verify_file(path: Path | str, ws: Workspace | None) -> VerifyReport:
    """``reviewer verify FILE``: a sheet PDF, a return file or a bundle, checked as far as possible.

    ``ws`` is the workspace to compare with (None: describe the file on its own).
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        return VerifyReport(str(path), "unknown", False, f"无法读取 {path}：{exc.strerror} (cannot read the file)")
    if b"%PDF-" in head:
        return verify_sheet_pdf(path, ws)
    if _is_zip(head):
        return _exchange_report(path, ws)
    return VerifyReport(str(path), "unknown", False,
                        f"{path.name} 既不是评审表 PDF，也不是回传文件或评审包 "
                        "(neither a sheet PDF nor a return or bundle file)")


def issue_record(sheets: Iterable[tuple[Sheet, str]], *, destination: str, draft: bool) -> dict[str, Any]:
    """The audit detail of printing sheets: which codes went out, so a typed code can be traced later."""
    return {"destination": destination, "draft": draft,
            "sheets": [{"kind": sheet.kind, "ident": sheet.ident(), "code": code} for sheet, code in sheets]}


__all__ = [
    "AUDIT_ACTION",
    "CODE_RE",
    "MANIFEST_NAME",
    "STATUS_TITLES",
    "SheetCheck",
    "VerifyReport",
    "all_sheets",
    "check_sheet",
    "code_of",
    "differences",
    "find_manifest",
    "issue_record",
    "lookup_code",
    "manifest_bytes",
    "manifest_entry",
    "normalise_code",
    "qr_text",
    "sheet_code",
    "verify_code",
    "verify_file",
    "verify_sheet_pdf",
]
