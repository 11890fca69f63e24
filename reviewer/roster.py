"""The expert roster of a round, and the detection of likely conflicts of interest.

A roster is a CSV or XLSX table the secretariat already keeps (姓名, 单位, 领域, 邮箱).
Importing it twice must be harmless, and a roster with two experts of the same name
is refused whole: names identify experts in return files and on signed sheets, so a
silent merge of two people would put one person's scores under another's name.

Conflict detection only *suspects*: an expert whose organisation matches the
applicant, or whose name or organisation appears in the dossier's page texts
(partners, letters of support), is flagged with the evidence; the secretary then
confirms or dismisses each suspicion. Only confirmed (or declared) conflicts block
assignment.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from db.models import Assignment, Conflict, Dossier, DossierFile, Expert, Review, Round, utcnow
from reviewer import audit
from reviewer.errors import ImportRejected, NotFound, StateError
from reviewer.rounds import get_round, require_open

# --- reading CSV / XLSX tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A header row mapped to canonical column keys, and the data rows below it.

    ``rows`` holds (row number as the user sees it in the file, {key: text}); blank
    rows are left out, so row numbers in messages match the spreadsheet.
    """

    path: Path
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _header_key(cell: str) -> str:
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", cell).strip().lstrip("\ufeff").lower())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def _decode_csv(raw: bytes, path: Path) -> str:
    # Excel on a Chinese Windows saves "CSV" as GB18030/GBK; everything else writes UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected(f"{path.name}：无法识别文件编码，请另存为 UTF-8 的 CSV (cannot decode the file; save it as UTF-8 CSV)")


def _read_csv_cells(path: Path, raw: bytes) -> list[list[str]]:
    content = _decode_csv(raw, path)
    first_line = content.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportRejected(f"{path.name}：CSV 格式错误：{exc} (malformed CSV)") from exc


def _read_xlsx_cells(path: Path) -> list[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions of files not made by Excel; irrelevant here.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            finally:
                book.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, IndexError, TypeError, OSError) as exc:
        raise ImportRejected(f"{path.name}：不是有效的 XLSX 文件 (not a valid XLSX file): {exc}") from exc


def read_table(path: Path | str, aliases: dict[str, str]) -> Table:
    """Read a CSV or XLSX file with a header row (the first naming two known columns).

    Args:
        path: the file; ``.xlsx``/``.xlsm`` are read as workbooks, anything else as CSV.
        aliases: normalised header text → canonical key (e.g. ``"姓名" → "name"``).
            Columns not in ``aliases`` are kept under their normalised header.

    Raises:
        ImportRejected: the file is missing, unreadable or has no header row.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportRejected(f"找不到文件 {path} (file not found)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(f"无法读取 {path}：{exc.strerror} (cannot read the file)") from exc
    if path.suffix.lower() in (".xlsx", ".xlsm") or raw[:4] == b"PK\x03\x04":
        cells = _read_xlsx_cells(path)
    else:
        cells = _read_csv_cells(path, raw)
    filled = [i for i, row in enumerate(cells) if any(c for c in row)]
    if not filled:
        raise ImportRejected(f"{path.name}：文件为空，没有表头 (the file is empty: no header row)")
    # Spreadsheets often carry a title row ("2026年度评审专家名单") above the header:
    # the header is the first row naming at least two known columns.
    header_index = next((i for i in filled[:10]
                         if sum(1 for c in cells[i] if _header_key(c) in aliases) >= 2), filled[0])
    columns = [aliases.get(_header_key(c), _header_key(c)) for c in cells[header_index]]
    rows: list[tuple[int, dict[str, str]]] = []
    for offset, row in enumerate(cells[header_index + 1:], start=header_index + 2):
        if not any(c for c in row):
            continue
        values = {col: (row[i] if i < len(row) else "") for i, col in enumerate(columns) if col}
        rows.append((offset, values))
    return Table(path=path, columns=columns, rows=rows)


def require_columns(table: Table, required: dict[str, str]) -> None:
    """Refuse a table that lacks any of ``required`` (key → the header to show the user)."""
    missing = [shown for key, shown in required.items() if key not in table.columns]
    if missing:
        raise ImportRejected(
            f"{table.path.name}：缺少必需的列 {'、'.join(missing)} (missing required columns: {', '.join(missing)})"
        )


# --- the roster ------------------------------------------------------------------------------------

ROSTER_ALIASES = {
    "name": "name", "姓名": "name", "专家姓名": "name",
    "organisation": "organisation", "organization": "organisation", "单位": "organisation",
    "工作单位": "organisation", "所在单位": "organisation",
    "field": "field", "领域": "field", "专业领域": "field", "专业": "field",
    "email": "email", "e-mail": "email", "mail": "email", "邮箱": "email", "电子邮箱": "email",
    "contact": "contact", "phone": "contact", "电话": "contact", "联系电话": "contact", "手机": "contact",
}
ROSTER_REQUIRED = {"name": "name/姓名", "organisation": "organisation/单位"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class RosterRow:
    """One roster line as imported: ``status`` is "added", "updated" or "unchanged"."""

    row: int
    name: str
    organisation: str
    field: str
    email: str
    contact: str
    status: str

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "name": self.name, "organisation": self.organisation, "field": self.field,
                "email": self.email, "contact": self.contact, "status": self.status}


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)) if _is_cjk_text(name) else " ".join(name.split())


def _is_cjk_text(value: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in value)


def import_experts(session: Session, round_id: int | str, path: Path | str, *, actor: str = "") -> list[RosterRow]:
    """Add or update the round's experts from a roster file; all or nothing.

    Experts already in the round and absent from the file are kept (they may hold
    assignments or returned reviews); re-importing the same file changes nothing.

    Raises:
        ImportRejected: unreadable file, missing columns, rows without a name, bad
            e-mail addresses or duplicate names (each problem names its rows).
    """
    rnd = get_round(session, round_id)
    require_open(rnd)
    table = read_table(path, ROSTER_ALIASES)
    require_columns(table, ROSTER_REQUIRED)
    problems: list[str] = []
    seen: dict[str, list[int]] = {}
    parsed: list[tuple[int, dict[str, str]]] = []
    for row_no, values in table.rows:
        name = _clean_name(values.get("name", ""))
        if not name:
            problems.append(f"第 {row_no} 行没有姓名 (row {row_no} has no name)")
            continue
        email = values.get("email", "").strip()
        if email and not _EMAIL.match(email):
            problems.append(f"第 {row_no} 行的邮箱「{email}」格式不对 (row {row_no}: invalid e-mail)")
        seen.setdefault(name, []).append(row_no)
        parsed.append((row_no, {
            "name": name,
            "organisation": " ".join(values.get("organisation", "").split()),
            "field": " ".join(values.get("field", "").split()),
            "email": email,
            "contact": values.get("contact", "").strip(),
        }))
    for name, rows in seen.items():
        if len(rows) > 1:
            listed = "、".join(str(r) for r in rows)
            problems.append(f"第 {listed} 行重名：{name} (duplicate name in rows {', '.join(map(str, rows))})")
    if problems:
        raise ImportRejected(f"{table.path.name}：专家名单未导入 (roster not imported)：" + "；".join(problems))
    if not parsed:
        raise ImportRejected(f"{table.path.name}：名单中没有专家 (the roster lists no experts)")

    existing = {e.name: e for e in session.scalars(select(Expert).where(Expert.round_id == rnd.id))}
    result: list[RosterRow] = []
    added: list[str] = []
    updated: list[dict[str, Any]] = []
    for row_no, v in parsed:
        expert = existing.get(v["name"])
        if expert is None:
            session.add(Expert(round_id=rnd.id, name=v["name"], organisation=v["organisation"], field=v["field"],
                               email=v["email"]))
            status = "added"
            added.append(v["name"])
        else:
            changes = {k: [getattr(expert, k), v[k]] for k in ("organisation", "field", "email")
                       if getattr(expert, k) != v[k]}
            for k, (_old, new) in changes.items():
                setattr(expert, k, new)
            status = "updated" if changes else "unchanged"
            if changes:
                updated.append({"name": v["name"], "changes": changes})
        result.append(RosterRow(row_no, v["name"], v["organisation"], v["field"], v["email"], v["contact"], status))
    if added or updated:
        session.flush()
        audit.record(session, "experts.import", actor=actor, round_uid=rnd.uid,
                     detail={"file": table.path.name, "added": added, "updated": updated})
    return result


# --- conflicts -------------------------------------------------------------------------------------

_COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")
_BRACKETS = re.compile(r"[()\[\]{}<>（）【】〔〕［］｛｝《》〈〉「」『』]")
#: Fewer characters than this and "contains" would match unrelated organisations (e.g. "大学").
_MIN_CONTAINED = 4
#: Evidence lines kept per conflict; enough to judge, small enough to show.
MAX_EVIDENCE = 20


def normalise_org(name: str) -> str:
    """An organisation name reduced for comparison: company suffixes, spaces and brackets removed."""
    value = unicodedata.normalize("NFKC", name).lower()
    value = re.sub(r"\s+", "", value)
    value = _BRACKETS.sub("", value)
    for suffix in _COMPANY_SUFFIXES:
        value = value.replace(suffix, "")
    return value


def orgs_match(expert_org: str, applicant: str) -> bool:
    """Equal after normalising, or one contains the other (when long enough to mean something)."""
    return _normalised_match(normalise_org(expert_org), normalise_org(applicant))


def _normalised_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return len(shorter) >= _MIN_CONTAINED and shorter in longer


def _search_terms(expert: Expert) -> list[str]:
    terms = [expert.name.strip()]
    org = unicodedata.normalize("NFKC", expert.organisation).strip()
    if org:
        terms.append(org)
        core = normalise_org(org)
        if len(core) >= _MIN_CONTAINED and core not in terms:
            terms.append(core)
    return [t for t in terms if len(t) >= 2]


def _pages_containing(session: Session, term: str, shas: set[str]) -> list[tuple[str, int, str]]:
    """Pages (sha256, page, text) of ``shas`` whose text contains ``term``.

    Trigram FTS answers terms of three characters or more from the index; shorter
    ones (two-character names are common) fall back to a LIKE scan.
    """
    if not shas:
        return []
    if len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'
        rows = session.execute(text("SELECT sha256, page, text FROM page_text WHERE page_text MATCH :q"), {"q": phrase})
    else:
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # "+" bypasses the trigram index, which finds nothing for short non-ASCII patterns (SQLite 3.40).
        rows = session.execute(text("SELECT sha256, page, text FROM page_text WHERE +text LIKE :p ESCAPE '\\'"),
                               {"p": pattern})
    folded = term.casefold()
    return [(sha, int(page), body) for sha, page, body in rows if sha in shas and folded in body.casefold()]


def _lines_with(body: str, term: str) -> list[str]:
    folded = term.casefold()
    out = []
    for line in body.splitlines():
        if folded in line.casefold():
            line = line.strip()
            if len(line) > 200:
                at = line.casefold().find(folded)
                start = max(0, at - 80)
                line = ("…" if start else "") + line[start:start + 200] + "…"
            out.append(line)
    return out


@dataclass
class _Finding:
    kinds: set[str]
    reasons: list[str]
    evidence: list[dict[str, Any]]


def detect_conflicts(session: Session, round_id: int | str, *, actor: str = "") -> list[Conflict]:
    """Flag likely conflicts between the round's experts and dossiers; idempotent.

    A pair is suspected when the expert's organisation matches the applicant's, or
    when the expert's name or organisation occurs in the dossier's indexed page
    texts. Existing suspicions are refreshed; ones the secretary already confirmed
    or dismissed keep their decision; suspicions no longer supported by anything
    are withdrawn. Files not yet indexed cannot contribute text evidence.

    Returns:
        The detected conflicts found by this run (any status), by dossier number and expert name.
    """
    rnd = get_round(session, round_id)
    require_open(rnd)
    dossiers = list(session.scalars(select(Dossier).where(Dossier.round_id == rnd.id).order_by(Dossier.number)))
    experts = list(session.scalars(select(Expert).where(Expert.round_id == rnd.id).order_by(Expert.name)))
    files = session.execute(
        select(DossierFile.dossier_id, DossierFile.sha256, DossierFile.name)
        .join(Dossier).where(Dossier.round_id == rnd.id).order_by(DossierFile.dossier_id, DossierFile.position)
    ).all()
    by_sha: dict[str, list[tuple[int, str]]] = {}
    for dossier_id, sha, name in files:
        by_sha.setdefault(sha, []).append((dossier_id, name))

    round_shas = set(by_sha)
    findings: dict[tuple[int, int], _Finding] = {}
    applicants = [(d, normalise_org(d.applicant)) for d in dossiers]
    for expert in experts:
        expert_org = normalise_org(expert.organisation)
        for dossier, applicant in applicants:
            if _normalised_match(expert_org, applicant):
                f = findings.setdefault((dossier.id, expert.id), _Finding(set(), [], []))
                f.kinds.add("same_org")
                f.reasons.append(f"专家单位「{expert.organisation}」与申报单位「{dossier.applicant}」相同或相互包含 "
                                 "(the expert's organisation matches the applicant)")
        for term in _search_terms(expert):
            for sha, page, body in _pages_containing(session, term, round_shas):
                lines = _lines_with(body, term) or [term]
                for dossier_id, file_name in by_sha[sha]:
                    f = findings.setdefault((dossier_id, expert.id), _Finding(set(), [], []))
                    is_name = term == expert.name.strip()
                    f.kinds.add("other" if is_name else "cooperation")
                    what = f"专家姓名「{term}」" if is_name else f"专家单位「{term}」"
                    reason = f"{what}出现在申报材料中 (the expert's {'name' if is_name else 'organisation'} appears in the dossier)"
                    if reason not in f.reasons:
                        f.reasons.append(reason)
                    for line in lines:
                        item = {"file": file_name, "page": page, "line": line}
                        if item not in f.evidence and len(f.evidence) < MAX_EVIDENCE:
                            f.evidence.append(item)

    existing = {(c.dossier_id, c.expert_id): c for c in session.scalars(
        select(Conflict).where(Conflict.round_id == rnd.id, Conflict.origin == "detected"))}
    created, refreshed, withdrawn = [], [], []
    numbers = {d.id: d.number for d in dossiers}
    names = {e.id: e.name for e in experts}
    found: list[Conflict] = []
    for (dossier_id, expert_id), f in findings.items():
        f.evidence.sort(key=lambda item: (item["file"], item["page"], item["line"]))
        kind = "same_org" if "same_org" in f.kinds else ("cooperation" if "cooperation" in f.kinds else "other")
        reason = "；".join(f.reasons)
        conflict = existing.get((dossier_id, expert_id))
        pair = {"dossier": numbers[dossier_id], "expert": names[expert_id]}
        if conflict is None:
            conflict = Conflict(round_id=rnd.id, dossier_id=dossier_id, expert_id=expert_id, kind=kind, reason=reason,
                                origin="detected", status="suspected", evidence=f.evidence)
            session.add(conflict)
            created.append(pair)
        elif conflict.status == "suspected" and (conflict.kind, conflict.reason, conflict.evidence) != (
                kind, reason, f.evidence):
            conflict.kind, conflict.reason, conflict.evidence = kind, reason, f.evidence
            refreshed.append(pair)
        found.append(conflict)
    for key, conflict in existing.items():
        if key not in findings and conflict.status == "suspected":
            withdrawn.append({"dossier": numbers.get(key[0]), "expert": names.get(key[1])})
            session.delete(conflict)
    if created or refreshed or withdrawn:
        session.flush()
        audit.record(session, "conflicts.detect", actor=actor, round_uid=rnd.uid,
                     detail={"created": created, "refreshed": refreshed, "withdrawn": withdrawn})
    found.sort(key=lambda c: (numbers[c.dossier_id], names[c.expert_id]))
    return found


def decide_conflict(session: Session, conflict_id: int, confirm: bool, actor: str) -> Conflict:
    """The secretary's verdict on a suspected (or earlier decided) conflict.

    Confirming makes the conflict block the pair; an assignment of the pair that has
    no review yet is withdrawn in the same transaction, so the expert never
    receives a dossier they must not judge. A conflict the expert declared
    themselves cannot be dismissed by the secretary.
    """
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise NotFound(f"找不到回避记录 {conflict_id} (no such conflict)")
    rnd = session.get(Round, conflict.round_id)
    assert rnd is not None
    require_open(rnd)
    if conflict.origin == "expert":
        raise StateError("专家本人声明的回避不能由秘书更改 (a conflict declared by the expert cannot be changed)")
    new_status = "confirmed" if confirm else "dismissed"
    removed_assignment = False
    if confirm:
        has_review = session.scalar(select(Review.id).where(
            Review.dossier_id == conflict.dossier_id, Review.expert_id == conflict.expert_id).limit(1)) is not None
        if not has_review:
            removed_assignment = bool(session.execute(delete(Assignment).where(
                Assignment.dossier_id == conflict.dossier_id, Assignment.expert_id == conflict.expert_id)).rowcount)
    if conflict.status == new_status and not removed_assignment:
        return conflict
    old_status = conflict.status
    conflict.status = new_status
    conflict.decided_at = utcnow()
    session.flush()
    audit.record(session, "conflict.confirm" if confirm else "conflict.dismiss", actor=actor, round_uid=rnd.uid,
                 detail={"conflict": conflict.id, "dossier": conflict.dossier.number, "expert": conflict.expert.name,
                         "from": old_status, "assignment_removed": removed_assignment})
    return conflict


def list_conflicts(session: Session, round_id: int | str) -> list[Conflict]:
    """All conflicts of a round (declared, detected, recorded), by dossier number and expert name."""
    rnd = get_round(session, round_id)
    return list(session.scalars(
        select(Conflict).join(Dossier, Conflict.dossier_id == Dossier.id).join(Expert, Conflict.expert_id == Expert.id)
        .where(Conflict.round_id == rnd.id).order_by(Dossier.number, Expert.name, Conflict.origin)))


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {"id": conflict.id, "dossier": conflict.dossier.number, "expert": conflict.expert.name,
            "kind": conflict.kind, "origin": conflict.origin, "status": conflict.status,
            "reason": conflict.reason, "evidence": conflict.evidence}
