"""Importing dossiers (申报材料) into a round, and searching their text.

Two sources:

* a folder (``--dir``): each sub-folder is one application, or, for files lying
  directly in the folder, each file-name prefix before the first ``_`` is one
  (``AI-2026-001_申报书.pdf`` and ``AI-2026-001_附件1.pdf`` are one dossier). The
  application number is the folder name or prefix up to its first ``_``.
  Within an application the file whose name says 申报书/申请书/申报表 comes first
  and is the application form; the rest follow in natural order (附件2 before 附件10).
  Title and applicant: the application form's PDF title, when it is a real title
  (not "Microsoft Word - x.docx"), else the rest of the folder name after the number
  (``AI-2026-001_智能质检平台``), else the number itself. When the text is indexed
  later, the first page of the application form is read for 项目名称 and 申报单位
  and fills a title that is still only the number and an applicant that is still
  empty. The applicant is never set from the folder name: a number posing as an
  organisation would mislead conflict detection and the official sheets.
* a manifest (``--manifest``, CSV or XLSX): ``number, title, applicant, category,
  files`` (or 申报编号, 项目名称, 申报单位, 类别, 文件); ``files`` are paths relative to
  the manifest separated by ``;``, the first being the application form. A row
  naming a file that does not exist is rejected whole; the manifest's title,
  applicant and category win over anything found in the PDFs.

Every file gets one line in the result: imported, unchanged (already there), or
rejected with the reason. One bad file never stops the others, and each file is
all or nothing: it is in the store *and* in the database, or not in the database.

Speed (a round can have 2,000 dossiers; the target is at most 3x ``sha256sum``
over the same files). Each file is read by :func:`reviewer.pdfinfo.inspect_pdf`,
which hashes and opens it in one pass in a worker process, two files at a time so
both cores hash; the copy into the content-addressed store is then a kernel copy
(``sendfile``) of bytes that hashing just pulled into the page cache, with its own
fsync, done by look-ahead threads while the next files are being hashed. Rows are
written in batches of :data:`BATCH_FILES` with one commit each, after the store
folders of the batch are fsynced. A re-import hashes each known file once, in
process, to prove it unchanged, and copies nothing. Measured on a loaded 2-core VM:
2,000 files of 180 kB 2.5-3x ``sha256sum`` (per-file overhead dominates), 300 files
of 5 MB 1.0x (two hashing processes against one); re-import 0.3-0.4x.
Text extraction is separate (:func:`index_pending`), so an import finishes quickly
and indexing runs after it, in the background, cancellably.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from db.models import Dossier, DossierFile
from reviewer import audit, pdfinfo
from reviewer.errors import ImportRejected
from reviewer.gcpause import collector_paused
from reviewer.rounds import get_round, require_open
from reviewer.roster import Table, read_table, require_columns
from reviewer.workspace import Workspace, get_setting, set_setting

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]

#: Files handled between two commits: large enough that commits do not dominate,
#: small enough that a cancel or a crash loses little work.
BATCH_FILES = 200
#: Files being hashed, opened and stored ahead of the one being decided on.
_LOOKAHEAD = 8
#: Threads doing that: at most :data:`_READERS` of them hash and open at a time (one PDF
#: worker process per core); the others copy and fsync meanwhile.
_THREADS = 4
_READERS = threading.BoundedSemaphore(2)
_IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}
_FORM_WORDS = ("申报书", "申请书", "申报表", "application")
_JUNK_TITLE = re.compile(r"^(untitled|无标题|document|文档\d*|microsoft word|powerpoint|presentation|slide \d+)$", re.I)

MANIFEST_ALIASES = {
    "number": "number", "no": "number", "id": "number", "申报编号": "number", "编号": "number", "项目编号": "number",
    "title": "title", "name": "title", "项目名称": "title", "名称": "title",
    "applicant": "applicant", "organisation": "applicant", "organization": "applicant",
    "申报单位": "applicant", "单位": "applicant", "申请单位": "applicant",
    "category": "category", "类别": "category", "类型": "category", "领域": "category",
    "level": "level", "级别": "level",
    "files": "files", "file": "files", "文件": "files", "附件": "files", "文件路径": "files",
}
MANIFEST_REQUIRED = {"number": "number/申报编号", "title": "title/项目名称", "applicant": "applicant/申报单位",
                     "category": "category/类别", "files": "files/文件"}


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file; :meth:`to_json` is the line `dossiers import --json` prints."""

    file: str
    status: str  # "imported" | "unchanged" | "rejected"
    dossier: str | None
    reason: str | None = None
    sha256: str | None = None
    pages: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "status": self.status, "dossier": self.dossier, "reason": self.reason}


@dataclass
class _Group:
    """One application as found in the source: its number, what the source says about it, its files."""

    number: str
    title: str = ""
    applicant: str = ""
    category: str = ""
    level: str = ""
    #: True when the source (a manifest) states title/applicant/category authoritatively.
    authoritative: bool = False
    title_fallback: str = ""
    files: list[tuple[Path, str]] = field(default_factory=list)  # (path, name within the dossier)
    #: Files refused before reading (row problems, missing paths): (path text, reason).
    refused: list[tuple[str, str]] = field(default_factory=list)


# --- finding the applications -------------------------------------------------------------------


def _natural_key(name: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def _file_order(name: str) -> tuple[int, list[Any]]:
    lowered = name.casefold()
    return (0 if any(w in lowered for w in _FORM_WORDS) else 1, _natural_key(name))


def _split_number(stem: str) -> tuple[str, str]:
    """"AI-2026-001_智能质检平台" → ("AI-2026-001", "智能质检平台")."""
    stem = unicodedata.normalize("NFC", stem).strip()
    number, _sep, rest = stem.replace("＿", "_").partition("_")
    return number.strip(), rest.strip(" _")


def _ignored(path: Path) -> bool:
    name = path.name
    return name.startswith(".") or name.startswith("~$") or name.casefold() in _IGNORED_NAMES


def _not_pdf_name(path: Path) -> str:
    return (f"不是 PDF 文件（{path.suffix or '无扩展名'}），只导入 PDF "
            f"(not a PDF file: only PDF files are imported)")


def groups_from_folder(folder: Path) -> tuple[list[_Group], list[FileResult]]:
    """Applications in ``folder``: one per sub-folder, and one per file-name prefix of loose files.

    Files without the ``.pdf`` extension are not read: inside an application's
    sub-folder they are reported against it, loose ones (a read-me, the manifest
    itself) against no application. Hidden and Office temporary files are skipped.
    """
    if not folder.is_dir():
        raise ImportRejected(f"找不到文件夹 {folder} (folder not found)")
    groups: dict[str, _Group] = {}
    refused: list[FileResult] = []
    try:
        entries = sorted(folder.iterdir(), key=lambda p: _natural_key(p.name))
    except OSError as exc:
        raise ImportRejected(f"无法读取文件夹 {folder}：{exc.strerror} (cannot read the folder)") from exc
    for entry in entries:
        if _ignored(entry):
            continue
        if entry.is_dir():
            number, rest = _split_number(entry.name)
            if not number:
                continue
            group = groups.setdefault(number, _Group(number))
            group.title_fallback = group.title_fallback or rest
            inside = sorted((p for p in entry.rglob("*") if p.is_file()), key=lambda p: _natural_key(str(p)))
            for path in inside:
                relative = path.relative_to(entry)
                if _ignored(path) or any(_ignored(part) for part in relative.parents if part.name):
                    continue
                if path.suffix.lower() != ".pdf":
                    group.refused.append((str(path), _not_pdf_name(path)))
                    continue
                group.files.append((path, relative.as_posix()))
        elif entry.is_file():
            if entry.suffix.lower() != ".pdf":
                refused.append(FileResult(str(entry), "rejected", None, _not_pdf_name(entry)))
                continue
            number, _rest = _split_number(entry.stem)
            if not number:
                continue
            groups.setdefault(number, _Group(number)).files.append((entry, entry.name))
    for group in groups.values():
        group.files.sort(key=lambda item: _file_order(item[1]))
    return [groups[n] for n in sorted(groups, key=_natural_key)], refused


def _split_paths(cell: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;；\n]", cell) if p.strip()]


def groups_from_manifest(manifest: Path) -> tuple[list[_Group], list[FileResult]]:
    """Applications listed in a manifest, and the rows refused outright (no number, no files).

    Raises:
        ImportRejected: the manifest is unreadable or lacks required columns.
    """
    table: Table = read_table(manifest, MANIFEST_ALIASES)
    require_columns(table, MANIFEST_REQUIRED)
    base = manifest.parent
    groups: dict[str, _Group] = {}
    refused: list[FileResult] = []
    for row_no, values in table.rows:
        number = values.get("number", "").strip()
        paths = _split_paths(values.get("files", ""))
        if not number:
            refused.append(FileResult(str(manifest), "rejected", None,
                                      f"第 {row_no} 行没有申报编号 (row {row_no} has no application number)"))
            continue
        if not paths:
            refused.append(FileResult(str(manifest), "rejected", number,
                                      f"第 {row_no} 行没有列出文件 (row {row_no} lists no files)"))
            continue
        if number in groups:
            refused.append(FileResult(str(manifest), "rejected", number,
                                      f"第 {row_no} 行：申报编号 {number} 重复 (row {row_no}: duplicate number)"))
            continue
        group = _Group(number, title=values.get("title", "").strip(), applicant=values.get("applicant", "").strip(),
                       category=values.get("category", "").strip(), level=values.get("level", "").strip(),
                       authoritative=True)
        resolved = [(p, (base / p) if not Path(p).is_absolute() else Path(p)) for p in paths]
        missing = [p for p, full in resolved if not full.is_file()]
        for p, full in resolved:
            if missing:
                reason = (f"第 {row_no} 行：文件不存在 (file not found)" if p in missing else
                          f"第 {row_no} 行：同一行的文件 {'、'.join(missing)} 不存在，整行未导入 "
                          "(another file of this row is missing; the row was not imported)")
                group.refused.append((str(full), reason))
            else:
                group.files.append((full, full.name))
        groups[number] = group
    return list(groups.values()), refused


# --- the import -----------------------------------------------------------------------------------


def _meaningful_title(title: str | None) -> str:
    if not title:
        return ""
    value = re.sub(r"^microsoft (word|excel|powerpoint)\s*-\s*", "", title.strip(), flags=re.I)
    value = re.sub(r"\.(docx?|wps|pdf|pptx?|xlsx?)$", "", value, flags=re.I).strip()
    if len(value) < 2 or _JUNK_TITLE.match(value) or re.fullmatch(r"[\w\-. ]*\d[\w\-. ]*", value, flags=re.A):
        return ""
    return value[:500]


@dataclass
class _Known:
    """The round's dossiers and files as they are in the database, kept current during the import."""

    dossier_ids: dict[str, int] = field(default_factory=dict)
    #: number → {"title", "applicant", "category", "level"}
    meta: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (number, name) → (sha256, size)
    files: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    #: sha256 → (number, name) of the first file with that content
    by_sha: dict[str, tuple[str, str]] = field(default_factory=dict)


def _load_known(session: Session, round_id: int) -> _Known:
    known = _Known()
    for dossier_id, number, title, applicant, category, level in session.execute(
            select(Dossier.id, Dossier.number, Dossier.title, Dossier.applicant, Dossier.category, Dossier.level)
            .where(Dossier.round_id == round_id)):
        known.dossier_ids[number] = dossier_id
        known.meta[number] = {"title": title, "applicant": applicant, "category": category, "level": level}
    rows = session.execute(select(Dossier.number, DossierFile.name, DossierFile.sha256, DossierFile.size)
                           .join(Dossier).where(Dossier.round_id == round_id).order_by(DossierFile.id))
    for number, name, sha, size in rows:
        known.files[(number, name)] = (sha, size)
        known.by_sha.setdefault(sha, (number, name))
    return known


@dataclass
class _Work:
    """One file to look at, with everything needed to decide about it."""

    group: _Group
    path: Path
    name: str
    position: int


@dataclass
class _Checked:
    """What the look-ahead thread found out about a file, and whether it stored the bytes."""

    info: pdfinfo.PdfInfo | None = None
    unchanged_sha: str | None = None
    reason: str | None = None
    #: The store file this check wrote (None if it was there already).
    stored: Path | None = None


def _check(ws: Workspace, work: _Work, expected: tuple[str, int] | None) -> _Checked:
    """Hash, open and store one file (runs in a look-ahead thread).

    A file already imported under this name is only hashed, to prove it unchanged.
    Storing here, before the main thread has decided, lets copies overlap with the
    hashing of the next files; a stored file that ends up rejected is removed at the
    end of the import unless something refers to its content.
    """
    try:
        before = work.path.stat()
        with _READERS:
            if expected is not None and expected[1] == before.st_size:
                sha = pdfinfo.sha256_file(work.path)
                if sha == expected[0]:
                    return _Checked(unchanged_sha=sha)
            info = pdfinfo.inspect_pdf(work.path)
    except pdfinfo.PdfRejected as exc:
        return _Checked(reason=exc.message)
    except OSError as exc:
        return _Checked(reason=f"无法读取文件：{exc.strerror or exc} (cannot read the file)")
    except Exception as exc:  # the per-file boundary: one odd file must not stop the batch
        log.exception("unexpected failure reading %s", work.path)
        return _Checked(reason=f"无法读取文件（{type(exc).__name__}）(the file cannot be read)")
    try:
        stored = _copy_into_store(ws, work.path, info.sha256, before)
    except OSError as exc:
        return _Checked(reason=f"无法复制到工作区：{exc.strerror or exc} (cannot copy the file into the workspace)")
    return _Checked(info=info, stored=stored)


def _copy_into_store(ws: Workspace, source: Path, sha256: str, before: os.stat_result) -> Path | None:
    """Copy ``source`` to its place in the store: temp file, fsync, rename.

    The kernel copies (``sendfile``) bytes that hashing has just brought into the
    page cache, so this costs far less than a second hashing pass. The folder's own
    fsync is left to the batch (:func:`_fsync_dirs`), once per folder.

    Returns:
        The stored path if this call wrote it, None if it was there already.

    Raises:
        OSError: the copy failed, or the source changed since it was hashed.
    """
    target = ws.file_path(sha256)
    if target.exists():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{sha256}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        shutil.copyfile(source, tmp)
        after = source.stat()
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            raise OSError(0, "文件在导入过程中被修改 (the file changed while it was being imported)")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _fsync_dirs(paths: list[Path]) -> None:
    """Make the renames of this batch's store files durable before the database refers to them."""
    if os.name != "posix":
        return
    for folder in {p.parent for p in paths}:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _Importer:
    """One run of :func:`import_dossiers`: decisions per file, batched writes."""

    def __init__(self, ws: Workspace, round_id: int, round_uid: str, actor: str, source: str) -> None:
        self.ws = ws
        self.round_id = round_id
        self.round_uid = round_uid
        self.actor = actor
        self.source = source
        self.results: list[FileResult] = []
        self.backed_up = False
        with ws.session() as s:
            self.known = _load_known(s, round_id)
        self._pending_dossiers: dict[str, _Group] = {}
        self._pending_files: list[dict[str, Any]] = []
        self._pending_store: list[Path] = []
        #: Store files this run wrote for files it then rejected; removed at the end if unused.
        self._orphans: list[Path] = []
        self._pending_updates: dict[str, dict[str, str]] = {}

    # decisions ------------------------------------------------------------------------------

    def decide(self, work: _Work, checked: _Checked) -> None:
        number, name = work.group.number, work.name
        file_text = str(work.path)
        if checked.reason is not None:
            self.results.append(FileResult(file_text, "rejected", number, checked.reason))
            return
        if checked.unchanged_sha is not None:
            self.results.append(FileResult(file_text, "unchanged", number, None, checked.unchanged_sha))
            return
        info = checked.info
        assert info is not None
        if checked.stored is not None:
            self._orphans.append(checked.stored)
        owner = self.known.by_sha.get(info.sha256)
        if owner is not None:
            if owner[0] == number:
                reason = f"与本申报的文件「{owner[1]}」内容完全相同 (identical to {owner[1]} of this application)"
            else:
                reason = (f"与申报 {owner[0]} 的文件「{owner[1]}」内容完全相同 "
                          f"(duplicate of {owner[1]} of application {owner[0]})")
            self.results.append(FileResult(file_text, "rejected", number, reason))
            return
        if (number, name) in self.known.files:
            reason = (f"此申报已有同名文件「{name}」但内容不同；如需替换，请先删除旧文件 "
                      "(a different file with this name was imported before; remove the old one to replace it)")
            self.results.append(FileResult(file_text, "rejected", number, reason))
            return
        if checked.stored is not None:
            self._orphans.remove(checked.stored)
            self._pending_store.append(checked.stored)
        if number not in self.known.dossier_ids and number not in self._pending_dossiers:
            group = work.group
            if not group.authoritative:
                group.title = _meaningful_title(info.title) if work.position == 0 else ""
                group.title = group.title or group.title_fallback or number
            self._pending_dossiers[number] = group
        self._pending_files.append({
            "number": number, "position": work.position, "role": "申报书" if work.position == 0 else "附件",
            "name": name, "sha256": info.sha256, "size": info.size, "pages": info.pages,
        })
        self.known.files[(number, name)] = (info.sha256, info.size)
        self.known.by_sha.setdefault(info.sha256, (number, name))
        self.results.append(FileResult(file_text, "imported", number, None, info.sha256, info.pages))

    def update_from_manifest(self, group: _Group) -> None:
        """A manifest row for a dossier already imported: its title, applicant, category win."""
        current = self.known.meta.get(group.number)
        if current is None or group.refused:
            return
        wanted = {"title": group.title, "applicant": group.applicant, "category": group.category,
                  "level": group.level}
        diff = {k: v for k, v in wanted.items() if v and current.get(k) != v}
        if diff:
            self._pending_updates[group.number] = diff
            current.update(diff)

    def remove_orphans(self) -> None:
        """Delete store files written for files that were then rejected, unless their content is in use."""
        with self.ws.session() as s:
            for path in self._orphans:
                sha = path.stem
                used = s.scalar(select(DossierFile.id).where(DossierFile.sha256 == sha).limit(1)) is not None
                if not used:
                    path.unlink(missing_ok=True)
        self._orphans.clear()

    def refuse(self, path_text: str, number: str | None, reason: str) -> None:
        self.results.append(FileResult(path_text, "rejected", number, reason))

    # writing --------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        return len(self._pending_files)

    def flush(self) -> None:
        """Write what was decided since the last flush: store files synced, then one commit."""
        if not self._pending_files and not self._pending_updates:
            return
        _fsync_dirs(self._pending_store)
        if not self.backed_up:
            self.ws.backup("before-dossiers-import")
            self.backed_up = True
        with self.ws.session() as s:
            created = []
            for number, group in self._pending_dossiers.items():
                dossier = Dossier(round_id=self.round_id, number=number, title=group.title,
                                  applicant=group.applicant, category=group.category, level=group.level)
                s.add(dossier)
                created.append((number, dossier))
            s.flush()
            for number, dossier in created:
                self.known.dossier_ids[number] = dossier.id
            changed = []
            for number, values in self._pending_updates.items():
                dossier = s.get(Dossier, self.known.dossier_ids[number])
                assert dossier is not None
                diff = {k: [getattr(dossier, k), v] for k, v in values.items() if getattr(dossier, k) != v}
                for k, (_old, new) in diff.items():
                    setattr(dossier, k, new)
                if diff:
                    changed.append({"dossier": number, "changes": diff})
            s.add_all(DossierFile(dossier_id=self.known.dossier_ids[f["number"]], position=f["position"],
                                  role=f["role"], name=f["name"], sha256=f["sha256"], size=f["size"],
                                  pages=f["pages"]) for f in self._pending_files)
            s.flush()
            audit.record(s, "dossiers.import", actor=self.actor, round_uid=self.round_uid, detail={
                "source": self.source,
                "dossiers": [n for n, _d in created],
                "files": [[f["number"], f["name"], f["sha256"], f["pages"]] for f in self._pending_files],
                "updated": changed,
            })
        self._pending_dossiers.clear()
        self._pending_files.clear()
        self._pending_store.clear()
        self._pending_updates.clear()


def import_dossiers(
    ws: Workspace,
    round_id: int | str,
    source: Path | str,
    *,
    manifest: bool | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    actor: str = "",
) -> list[FileResult]:
    """Import the dossiers of a folder or a manifest into a round; one result per file.

    Args:
        ws: the workspace (this function commits, in batches).
        round_id: the round's id or uid.
        source: a folder, or a CSV/XLSX manifest.
        manifest: force reading ``source`` as a manifest (True) or folder (False);
            by default a directory is a folder and anything else a manifest.
        progress: called as ``progress(done, total, file_name)`` after each file.
        cancel: polled before each file; when it returns true the import stops after
            committing the files already done (their results are returned; files not
            reached have no result).
        actor: who did it, for the audit log.

    Raises:
        ImportRejected: the folder or manifest cannot be read, or the manifest lacks
            required columns, or the source holds no file at all.
        StateError: the round is finalised.
    """
    source = Path(source)
    with ws.session() as s:
        rnd = get_round(s, round_id)
        require_open(rnd)
        rid, ruid = rnd.id, rnd.uid
    as_manifest = (not source.is_dir()) if manifest is None else manifest
    refused_rows: list[FileResult] = []
    if as_manifest:
        groups, refused_rows = groups_from_manifest(source)
    else:
        groups, refused_rows = groups_from_folder(source)
    total = sum(len(g.files) + len(g.refused) for g in groups) + len(refused_rows)
    if total == 0:
        raise ImportRejected(f"{source} 中没有找到任何文件 (no files found)")

    importer = _Importer(ws, rid, ruid, actor, str(source))
    importer.results.extend(refused_rows)
    for group in groups:
        if group.authoritative:
            importer.update_from_manifest(group)
    done = len(refused_rows)
    work_items: list[_Work] = []
    for group in groups:
        for path_text, reason in group.refused:
            importer.refuse(path_text, group.number, reason)
            done += 1
        for position, (path, name) in enumerate(group.files):
            work_items.append(_Work(group, path, name, position))
    if progress is not None and done:
        progress(done, total, "")

    def submit(pool: ThreadPoolExecutor, work: _Work) -> Future[_Checked]:
        return pool.submit(_check, ws, work, importer.known.files.get((work.group.number, work.name)))

    # Without the cyclic collector's full passes over everything the process holds (they
    # found nothing), an import of 2,000 files is a tenth faster.
    with collector_paused(), ThreadPoolExecutor(max_workers=_THREADS, thread_name_prefix="dossier-import") as pool:
        futures: dict[int, Future[_Checked]] = {}
        try:
            for index, work in enumerate(work_items):
                if cancel is not None and cancel():
                    break
                for ahead in range(index, min(index + _LOOKAHEAD, len(work_items))):
                    if ahead not in futures:
                        futures[ahead] = submit(pool, work_items[ahead])
                checked = futures.pop(index).result()
                importer.decide(work, checked)
                done += 1
                if importer.pending >= BATCH_FILES:
                    importer.flush()
                if progress is not None:
                    progress(done, total, work.name)
            importer.flush()
        finally:
            for future in futures.values():
                future.cancel()
            for future in futures.values():
                if not future.cancelled():
                    checked = future.result()
                    if checked.stored is not None:
                        importer._orphans.append(checked.stored)
            importer.remove_orphans()
    return importer.results


def import_exit_code(results: list[FileResult]) -> int:
    """0 all fine, 1 some rejected, 2 nothing could be done (every file rejected)."""
    rejected = sum(1 for r in results if r.status == "rejected")
    if rejected == 0:
        return 0
    return 2 if rejected == len(results) else 1


# --- text index ------------------------------------------------------------------------------------

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0]+")


def normalise_text(value: str) -> str:
    """Page text as indexed and searched: no spaces between Chinese characters, runs of spaces collapsed.

    PDF producers position each glyph; extractors then guess spaces from gaps, and
    justified Chinese lines come out as "申 报 单 位". Queries get the same treatment,
    so "申报单位" finds it.
    """
    value = value.replace("\u3000", " ")
    value = _SPACES.sub(" ", value)
    value = _CJK_GAP.sub("", value)
    return "\n".join(line.strip() for line in value.split("\n"))


_TITLE_LINE = re.compile(r"^(?:项目名称|申报项目名称|申报项目)\s*[:：]\s*(.+)$")
_APPLICANT_LINE = re.compile(r"^(?:申报单位|申请单位|企业名称|单位名称)\s*(?:[(（][^)）]*[)）])?\s*[:：]\s*(.+)$")


def parse_first_page(page_text: str) -> tuple[str, str]:
    """(title, applicant) from an application form's cover page, "" where not found."""
    title = applicant = ""
    for line in page_text.splitlines():
        line = line.strip()
        if not title and (m := _TITLE_LINE.match(line)):
            title = m.group(1).strip()[:500]
        if not applicant and (m := _APPLICANT_LINE.match(line)):
            applicant = re.sub(r"[(（]\s*盖章\s*[)）]", "", m.group(1)).strip()[:300]
    return title, applicant


@dataclass
class IndexReport:
    """What :func:`index_pending` did: files indexed, files with a problem, whether it was cancelled."""

    indexed: int = 0
    pages: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    cancelled: bool = False


def _problem_key(sha256: str) -> str:
    return f"index.problem.{sha256}"


def index_problem(session: Session, sha256: str) -> str | None:
    """Why a file's text could be indexed only partly (or not at all), if it could not."""
    return get_setting(session, _problem_key(sha256))


def _extract(path: Path, cancel: Cancel | None) -> tuple[list[tuple[int, str]], str | None, bool]:
    """(pages, problem, cancelled) for one stored file; pages read before a problem are kept."""
    pages: list[tuple[int, str]] = []
    try:
        for number, page_text in pdfinfo.extract_text(path, cancel=cancel):
            pages.append((number, page_text))
    except pdfinfo.PdfRejected as exc:
        return pages, exc.message, False
    except OSError as exc:
        return pages, f"无法读取工作区中的文件：{exc.strerror or exc} (cannot read the stored file)", False
    return pages, None, bool(cancel is not None and cancel())


def _fill_from_cover(session: Session, round_uid: str, dossier_ids: list[int], cover: str,
                     actor: str) -> list[dict[str, str]]:
    """Set a title still equal to the number, and an empty applicant, from the form's cover page."""
    title, applicant = parse_first_page(cover) if cover else ("", "")
    if not title and not applicant:
        return []
    filled = []
    for dossier in session.scalars(select(Dossier).where(Dossier.id.in_(dossier_ids))):
        changes = {}
        if title and dossier.title in ("", dossier.number):
            changes["title"] = title
        if applicant and not dossier.applicant:
            changes["applicant"] = applicant
        if changes:
            for k, v in changes.items():
                setattr(dossier, k, v)
            entry = {"dossier": dossier.number, **changes}
            audit.record(session, "dossier.autofill", actor=actor, round_uid=round_uid, detail=entry)
            filled.append(entry)
    return filled


#: How many files are read ahead of the one being written (enough to keep reading while a
#: batch is written; the text of a few dozen files is a few megabytes), and when a batch is
#: committed.
_READ_AHEAD = 64
_BATCH_FILES = 50
_BATCH_SECONDS = 1.0


@dataclass(frozen=True)
class _Extracted:
    """One file's text as read: (page number, text) pairs, its problem if any, whether cancelled."""

    pages: list[tuple[int, str]]
    problem: str | None
    cancelled: bool


def _write_batch(ws: Workspace, batch: list[tuple[str, str, list[int], _Extracted]], already: set[str],
                 stale: set[str], round_uid: str, may_fill: bool, actor: str) -> list[dict[str, Any]]:
    """Index a batch of whole files in one transaction; returns the dossier fields filled from covers."""
    filled: list[dict[str, Any]] = []
    with ws.session() as s:
        for sha, _name, form_of, got in batch:
            if sha not in already:
                if sha in stale:  # rows left by a file of this content that was removed
                    s.execute(text("DELETE FROM page_text WHERE sha256 = :s"), {"s": sha})
                rows = [{"s": sha, "p": n, "t": normalise_text(t)} for n, t in got.pages if t.strip()]
                if rows:
                    s.execute(text("INSERT INTO page_text (sha256, page, text) VALUES (:s, :p, :t)"), rows)
                if got.problem is not None:
                    set_setting(s, _problem_key(sha), got.problem)
            s.execute(update(DossierFile).where(DossierFile.sha256 == sha).values(indexed=True))
            if form_of and may_fill:
                if sha in already:
                    first = s.execute(text("SELECT text FROM page_text WHERE sha256 = :s AND page = 1"),
                                      {"s": sha}).scalar() or ""
                else:
                    first = normalise_text(got.pages[0][1]) if got.pages and got.pages[0][0] == 1 else ""
                filled += _fill_from_cover(s, round_uid, form_of, first, actor)
    return filled


def index_pending(
    ws: Workspace,
    round_id: int | str,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    actor: str = "",
) -> IndexReport:
    """Extract and index the text of every file of the round not indexed yet.

    Files are committed whole, a few dozen at a time (their pages, ``indexed=True``
    and, for an application form, a title/applicant still missing), so a cancel or a
    crash leaves every file either fully indexed or not at all. A file PDFium cannot read
    to the end keeps the pages it could read, is marked indexed (retrying would
    only fail again, possibly after a long timeout), and its problem is recorded
    (:func:`index_problem`). Files with the same content share one index entry.
    """
    with ws.session() as s:
        rnd = get_round(s, round_id)
        rid, ruid = rnd.id, rnd.uid
        # Indexing a finalised round is allowed (its files stay searchable); changing its records is not.
        may_fill = rnd.status != "finalised"
        pending = s.execute(
            select(DossierFile.sha256, DossierFile.name, DossierFile.position, Dossier.id)
            .join(Dossier).where(Dossier.round_id == rid, DossierFile.indexed.is_(False))
            .order_by(Dossier.number, DossierFile.position)
        ).all()
        already = {sha for (sha,) in s.execute(
            select(DossierFile.sha256).where(DossierFile.indexed.is_(True),
                                             DossierFile.sha256.in_({p[0] for p in pending})))}
        # One scan of the index for all files instead of one per file: page_text's sha256 column
        # is UNINDEXED (FTS5), so "DELETE ... WHERE sha256 = ?" reads the whole table each time.
        stale = {sha for (sha,) in s.execute(text("SELECT DISTINCT sha256 FROM page_text"))}
    todo: dict[str, tuple[str, list[int]]] = {}
    for sha, name, position, dossier_id in pending:
        entry = todo.setdefault(sha, (name, []))
        if position == 0:
            entry[1].append(dossier_id)
    report = IndexReport()
    total = len(todo)
    filled: list[dict[str, Any]] = []
    items = list(todo.items())

    def read(sha: str) -> _Extracted:
        if sha in already:
            return _Extracted([], None, False)
        path = ws.file_path(sha)
        if not path.is_file():
            return _Extracted([], "工作区中缺少此文件 (the file is missing from the workspace store)", False)
        return _Extracted(*_extract(path, cancel))

    # A thread reads the next files' text (PDFium runs in its own worker process; the thread
    # mostly waits on its pipe) while this one writes the index, so reading and writing
    # overlap. Files are committed in batches of whole files (one fsync per batch, not per
    # file): a cancel or a crash still leaves every file either fully indexed or not at all.
    batch: list[tuple[str, str, list[int], _Extracted]] = []
    last_commit = time.monotonic()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-reader") as pool:
        ahead = [pool.submit(read, sha) for sha, _ in items[:_READ_AHEAD]]
        try:
            for done, (sha, (name, form_of)) in enumerate(items, start=1):
                if cancel is not None and cancel():
                    report.cancelled = True
                    break
                got = ahead.pop(0).result()
                if done - 1 + _READ_AHEAD < len(items):
                    ahead.append(pool.submit(read, items[done - 1 + _READ_AHEAD][0]))
                if got.cancelled:
                    report.cancelled = True
                    break
                batch.append((sha, name, form_of, got))
                report.indexed += 1
                report.pages += len(got.pages)
                if got.problem is not None:
                    report.problems.append((name, got.problem))
                if len(batch) >= _BATCH_FILES or time.monotonic() - last_commit >= _BATCH_SECONDS:
                    filled += _write_batch(ws, batch, already, stale, ruid, may_fill, actor)
                    batch, last_commit = [], time.monotonic()
                if progress is not None:
                    progress(done, total, name)
        finally:
            for future in ahead:
                future.cancel()
    if batch:
        filled += _write_batch(ws, batch, already, stale, ruid, may_fill, actor)
    if report.indexed or filled:
        with ws.session() as s:
            audit.record(s, "dossiers.index", actor=actor, round_uid=ruid, detail={
                "files": report.indexed, "pages": report.pages, "cancelled": report.cancelled,
                "problems": [list(p) for p in report.problems], "filled": filled,
            })
    return report


# --- search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A page that matches a search; ``page`` is 1-based, ``snippet`` the text around the first match."""

    dossier: str
    file: str
    page: int
    snippet: str
    dossier_id: int = 0
    sha256: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"dossier": self.dossier, "file": self.file, "page": self.page, "snippet": self.snippet}


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _snippet(body: str, term: str, before: int = 30, after: int = 60) -> str:
    at = body.casefold().find(term.casefold())
    if at < 0:
        at = 0
    start, end = max(0, at - before), min(len(body), at + len(term) + after)
    piece = " ".join(body[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(body) else "")


def search(session: Session, round_id: int | str, query: str, limit: int = 100) -> list[Hit]:
    """Pages of the round's indexed files containing every word of ``query``.

    Words of three characters or more are looked up in the trigram index (which is
    what makes Chinese, written without spaces, searchable); shorter words — most
    Chinese personal names have two characters — are matched with LIKE, which scans.
    Hits come in dossier, file and page order.
    """
    rnd = get_round(session, round_id)
    # Split first: a space the user typed separates words, even between Chinese characters.
    terms = [normalise_text(t) for t in query.replace("\u3000", " ").split()]
    if not terms or limit <= 0:
        return []
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    where = ["d.round_id = :round"]
    params: dict[str, Any] = {"round": rnd.id, "limit": limit}
    if long_terms:
        where.append("p.page_text MATCH :match")
        params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
    for i, term in enumerate(short_terms):
        # The unary + keeps SQLite from handing a short pattern to the trigram index:
        # SQLite 3.40 returns no rows for LIKE patterns under three non-ASCII characters.
        where.append(f"+p.text LIKE :like{i} ESCAPE '\\'")
        params[f"like{i}"] = _like_pattern(term)
    sql = ("SELECT d.number, f.name, p.page, p.text, d.id, f.sha256 FROM page_text p "
           "JOIN dossier_files f ON f.sha256 = p.sha256 JOIN dossiers d ON d.id = f.dossier_id "
           f"WHERE {' AND '.join(where)} ORDER BY d.number, f.position, f.id, p.page LIMIT :limit")
    rows = session.execute(text(sql), params).all()
    return [Hit(number, name, int(page), _snippet(body, terms[0]), dossier_id, sha)
            for number, name, page, body, dossier_id, sha in rows]


def iter_round_files(session: Session, round_id: int | str) -> Iterator[tuple[str, DossierFile]]:
    """(dossier number, file) for every file of the round, in dossier and position order."""
    rnd = get_round(session, round_id)
    rows = session.execute(select(Dossier.number, DossierFile).join(Dossier)
                           .where(Dossier.round_id == rnd.id).order_by(Dossier.number, DossierFile.position))
    for number, dossier_file in rows:
        yield number, dossier_file
