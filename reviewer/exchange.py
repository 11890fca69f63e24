"""The two files that travel between workspaces, defined once for both sides.

A **bundle** (``.rwbundle``) goes from the secretary to one expert: the round, the
form, that expert's dossiers and their PDFs, signed with the secretary's key. A
**return** (``.rwreturn``) comes back: every submitted review version and every
declaration, each signed by the expert, the whole signed again.

Both are zip archives that arrive on USB sticks and by e-mail, so everything in
them is hostile until proven otherwise: the archive is checked before a single
byte is decompressed (entry names, count, declared sizes, compression ratio),
bytes are counted against a cap while reading, the JSON is parsed strictly
(duplicate keys refused) and every signature and checksum is verified before a
caller may act on the content. Refusals are ``ImportRejected`` (or
``SignatureError`` when a signature is the problem) with a message in words,
Chinese first.

This module knows nothing of workspaces; ``reviewer.bundle`` and
``reviewer.returns`` do the storing. ``describe_bundle`` / ``describe_return``
serve ``reviewer verify FILE`` on any machine.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from forms.loader import FormError, load_form_text
from reviewer import crypto
from reviewer.errors import ImportRejected, ReviewerError, SignatureError
from reviewer.fileio import WriteFailed, atomic_writer

BUNDLE_FORMAT = "reviewer-bundle"
RETURN_FORMAT = "reviewer-return"
FORMAT_VERSION = 1
BUNDLE_SUFFIX = ".rwbundle"
RETURN_SUFFIX = ".rwreturn"

BUNDLE_JSON = "bundle.json"
BUNDLE_SIG = "bundle.sig"
RETURN_JSON = "return.json"
RETURN_SIG = "return.sig"
FILES_PREFIX = "files/"

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: A handwritten signature image larger than this is not a signature.
MAX_SIGNATURE_PNG = 2 * 1024 * 1024

_SHA_RE = re.compile(r"[0-9a-f]{64}")
_KEY_RE = re.compile(r"[0-9a-f]{64}")
_SIG_RE = re.compile(r"[0-9a-f]{128}")
_FILE_ENTRY_RE = re.compile(r"files/([0-9a-f]{64})\.pdf")
_DRIVE_RE = re.compile(r"[A-Za-z]:")
_CHUNK = 1 << 20

_BUNDLE_WHAT = ("评审包", "bundle")
_RETURN_WHAT = ("回传文件", "return file")


# --------------------------------------------------------------------------- safe zip reading


@dataclass(frozen=True)
class ZipLimits:
    """What an archive of one kind may hold; anything beyond is refused unread.

    ``max_ratio`` applies to entries larger than ``ratio_floor`` (small entries
    compress arbitrarily well and cannot hurt): PDFs barely compress, JSON about
    tenfold, a zip bomb a thousandfold.
    """

    max_entries: int
    max_total: int
    max_ratio: int
    max_json: int
    ratio_floor: int = 1 << 20


#: A bundle carries PDFs: a few GB is conceivable for an expert with many large dossiers.
BUNDLE_LIMITS = ZipLimits(max_entries=10_000, max_total=8 << 30, max_ratio=200, max_json=32 << 20)
#: A return carries JSON only (plus a small signature image inside it).
RETURN_LIMITS = ZipLimits(max_entries=2, max_total=256 << 20, max_ratio=200, max_json=256 << 20)
_MAX_SIG_BYTES = 1024


def _human_size(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{n} B"


class SafeZip:
    """A zip archive whose directory was checked before anything is decompressed.

    Args:
        path: the archive.
        limits: what it may hold.
        what: the kind of file in (Chinese, English), for messages.
        allowed: whether an entry name belongs in this kind of file.
    """

    def __init__(self, path: Path, limits: ZipLimits, what: tuple[str, str], allowed: Callable[[str], bool]) -> None:
        self.path = path
        self.limits = limits
        self.what = what
        zh, en = what
        try:
            self._zf = zipfile.ZipFile(path)
        except FileNotFoundError as exc:
            raise ImportRejected(f"找不到文件 {path} (file not found)") from exc
        except IsADirectoryError as exc:
            raise ImportRejected(f"{path} 是文件夹，不是{zh} (this is a folder, not a {en})") from exc
        except PermissionError as exc:
            raise ImportRejected(f"没有读取 {path} 的权限 (permission denied)") from exc
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ImportRejected(
                f"{zh}不完整或已损坏，无法打开（可能在复制或传输中被截断）"
                f"(the {en} is truncated or damaged and cannot be opened)"
            ) from exc
        try:
            self._infos = self._check_directory(allowed)
        except BaseException:
            self._zf.close()
            raise
        self._budget = limits.max_total

    def _check_directory(self, allowed: Callable[[str], bool]) -> dict[str, zipfile.ZipInfo]:
        zh, en = self.what
        infos = self._zf.infolist()
        if len(infos) > self.limits.max_entries:
            raise ImportRejected(
                f"{zh}中的条目过多（{len(infos)} 个），不是本软件生成的文件 "
                f"(the {en} has too many entries: {len(infos)})"
            )
        by_name: dict[str, zipfile.ZipInfo] = {}
        total = compressed = 0
        for info in infos:
            raw = info.orig_filename
            name = info.filename
            if _unsafe_name(raw) or _unsafe_name(name):
                raise ImportRejected(
                    f"{zh}中含有不安全的路径「{raw}」，已拒绝 (the {en} contains an unsafe path: {raw!r})"
                )
            if name in by_name:
                raise ImportRejected(f"{zh}中「{name}」出现了两次 (the {en} contains {name!r} twice)")
            if not allowed(name):
                raise ImportRejected(
                    f"{zh}中含有不应有的条目「{name}」 (the {en} contains an unexpected entry {name!r})"
                )
            if info.flag_bits & 0x1:
                raise ImportRejected(f"{zh}中的「{name}」被加密，无法核验 (entry {name!r} is encrypted)")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ImportRejected(
                    f"{zh}中的「{name}」使用了不支持的压缩方式 (entry {name!r} uses an unsupported compression)"
                )
            if info.file_size > self.limits.ratio_floor and (
                info.file_size > self.limits.max_ratio * max(info.compress_size, 1)
            ):
                raise ImportRejected(
                    f"{zh}中的「{name}」解压后将膨胀到 {_human_size(info.file_size)}（压缩比异常），"
                    f"疑为恶意文件，已拒绝 (entry {name!r} would expand to {_human_size(info.file_size)}: "
                    "a zip bomb)"
                )
            total += info.file_size
            if total > self.limits.max_total:
                raise ImportRejected(
                    f"{zh}解压后将超过 {_human_size(self.limits.max_total)}，已拒绝 "
                    f"(the {en} would expand beyond {_human_size(self.limits.max_total)})"
                )
            compressed += info.compress_size
            by_name[name] = info
        # Many small entries, each under the ratio floor, may still add up to a bomb.
        if total > self.limits.ratio_floor and total > self.limits.max_ratio * max(compressed, 1):
            raise ImportRejected(
                f"{zh}解压后将膨胀到 {_human_size(total)}（压缩比异常），疑为恶意文件，已拒绝 "
                f"(the {en} would expand to {_human_size(total)}: a zip bomb)"
            )
        return by_name

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def read(self, name: str, cap: int) -> bytes:
        """An entry's bytes, refusing entries larger than ``cap``."""
        parts: list[bytes] = []
        self.stream(name, parts.append, cap)
        return b"".join(parts)

    def stream(self, name: str, sink: Callable[[bytes], None], cap: int) -> int:
        """Decompress ``name`` chunk by chunk into ``sink``, counting bytes against every cap.

        The declared size is only a claim: the bytes actually produced are counted
        and decompression stops the moment they exceed the declared size, ``cap``
        or what is left of the archive's total allowance.
        """
        zh, en = self.what
        info = self._infos[name]
        if info.file_size > cap:
            raise ImportRejected(
                f"{zh}中的「{name}」过大（{_human_size(info.file_size)}） "
                f"(entry {name!r} is too large: {_human_size(info.file_size)})"
            )
        count = 0
        try:
            with self._zf.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    count += len(chunk)
                    self._budget -= len(chunk)
                    if count > info.file_size or count > cap or self._budget < 0:
                        raise ImportRejected(
                            f"{zh}中的「{name}」解压后的大小超出声明，疑为恶意文件，已拒绝 "
                            f"(entry {name!r} expands beyond its declared size: a zip bomb)"
                        )
                    sink(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise ImportRejected(
                f"{zh}已损坏：「{name}」的内容与校验码不符 (the {en} is damaged: entry {name!r} fails its check)"
            ) from exc
        if count != info.file_size:
            raise ImportRejected(
                f"{zh}已损坏：「{name}」的长度与声明不符 (the {en} is damaged: entry {name!r} has the wrong length)"
            )
        return count

    def close(self) -> None:
        self._zf.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or name.startswith("/") or _DRIVE_RE.match(name):
        return True
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return True
    return any(part in ("..", ".") for part in name.split("/"))


# --------------------------------------------------------------------------- strict JSON


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_json(data: bytes, what: tuple[str, str], entry: str) -> dict[str, Any]:
    """Strict JSON: UTF-8, no duplicate keys (two readers must never see different content), no NaN."""
    zh, en = what
    try:
        obj = json.loads(data.decode("utf-8"), object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ImportRejected(f"{zh}中的 {entry} 不是有效的 JSON (the {en}'s {entry} is not valid JSON)") from exc
    if not isinstance(obj, dict):
        raise ImportRejected(f"{zh}中的 {entry} 格式不正确 (the {en}'s {entry} is malformed)")
    return obj


def parse_signature(data: bytes, what: tuple[str, str], entry: str) -> str:
    zh, en = what
    try:
        text = data.decode("ascii").strip()
    except UnicodeDecodeError:
        text = ""
    if not _SIG_RE.fullmatch(text):
        raise SignatureError(f"{zh}中的签名 {entry} 格式不正确 (the {en}'s signature {entry} is malformed)")
    return text


class Fields:
    """Typed access to an untrusted JSON object; any mismatch is a refusal naming the field."""

    def __init__(self, obj: Mapping[str, Any], where: str, what: tuple[str, str]) -> None:
        self.obj = obj
        self.where = where
        self.what = what

    def fail(self, key: str) -> ImportRejected:
        zh, en = self.what
        path = f"{self.where}.{key}" if self.where else key
        return ImportRejected(f"{zh}内容格式不正确：字段 {path} 缺失或有误 (malformed {en}: field {path})")

    def _get(self, key: str) -> Any:
        if key not in self.obj:
            raise self.fail(key)
        return self.obj[key]

    def text(self, key: str, *, pattern: re.Pattern[str] | None = None, max_len: int = 10_000,
             nonempty: bool = False) -> str:
        value = self.obj.get(key)  # the hottest check of a merge: _get inlined
        if not isinstance(value, str) or len(value) > max_len or (nonempty and not value.strip()):
            raise self.fail(key)
        if pattern is not None and not pattern.fullmatch(value):
            raise self.fail(key)
        return value

    def optional_text(self, key: str, *, max_len: int = 10_000) -> str | None:
        """A string that may be missing or null."""
        if self.obj.get(key) is None:
            return None
        return self.text(key, max_len=max_len)

    def integer(self, key: str, *, minimum: int = 0) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key)
        return value

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key)
        return value

    def child(self, key: str) -> Fields:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.fail(key)
        return Fields(value, f"{self.where}.{key}" if self.where else key, self.what)

    def array(self, key: str) -> list[Any]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self.fail(key)
        return value

    def decimal(self, key: str) -> Decimal | None:
        """A decimal written as text; missing or null is None."""
        text = self.optional_text(key, max_len=40)
        if text is None:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise self.fail(key) from exc
        if not value.is_finite():
            raise self.fail(key)
        return value

    def datetime(self, key: str) -> dt.datetime:
        text = self.text(key, max_len=64)
        try:
            return parse_timestamp(text)
        except ValueError as exc:
            raise self.fail(key) from exc

    def date(self, key: str) -> dt.date | None:
        text = self.optional_text(key, max_len=32)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise self.fail(key) from exc


def parse_timestamp(text: str) -> dt.datetime:
    """An ISO timestamp as a tz-aware UTC datetime (a naive one is taken as UTC)."""
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def timestamp(value: dt.datetime | None = None) -> str:
    """Now (or ``value``) as ISO text with microseconds, so that later bundles sort later."""
    value = value or dt.datetime.now(dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat()


def _format_check(doc: Fields, expected: str, what: tuple[str, str]) -> None:
    zh, en = what
    if doc.obj.get("format") != expected:
        raise ImportRejected(f"这不是{zh}（格式标识不符）(this is not a {en}: wrong format name)")
    version = doc.obj.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise ImportRejected(
            f"此{zh}由更新版本的软件生成（格式版本 {version}），请升级软件 "
            f"(this {en} was made by a newer version of the app, format {version}: please upgrade)"
        )
    if version != FORMAT_VERSION:
        raise ImportRejected(f"{zh}的格式版本不正确 (the {en} has an invalid format version)")


def _write_zip(path: Path, members: Sequence[tuple[str, bytes | Path]], created: dt.datetime) -> str:
    """Write a zip atomically; returns the sha256 of the finished file."""
    stamp = created.astimezone(dt.timezone.utc)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with atomic_writer(path) as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED,
                                                    compresslevel=6) as zf:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(content, bytes):
                zf.writestr(info, content)
                continue
            try:
                src = content.open("rb")
            except OSError as exc:
                raise WriteFailed(f"无法读取 {content}：{exc.strerror} (cannot read the file)") from exc
            with src, zf.open(info, "w", force_zip64=content.stat().st_size > (1 << 31)) as out:
                while chunk := src.read(_CHUNK):
                    out.write(chunk)
    return file_sha256(path)


def unreadable(path: Path, exc: OSError) -> str:
    """Why a file could not be read, in words."""
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件 {path} (file not found)"
    if isinstance(exc, IsADirectoryError):
        return f"{path} 是文件夹，不是文件 (this is a folder, not a file)"
    if isinstance(exc, PermissionError):
        return f"没有读取 {path} 的权限 (permission denied)"
    return f"无法读取文件 {path}：{exc.strerror or type(exc).__name__} (cannot read the file)"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- bundles


@dataclass(frozen=True)
class BundleFile:
    role: str
    name: str
    sha256: str
    size: int
    pages: int


@dataclass(frozen=True)
class BundleDossier:
    number: str
    title: str
    applicant: str
    category: str
    level: str
    files: tuple[BundleFile, ...]


@dataclass(frozen=True)
class BundleRound:
    uid: str
    name: str
    programme: str
    rule: str
    per_dossier: int
    spread_limit: Decimal | None
    trim_threshold: int
    deadline: dt.date | None
    form_id: str
    form_version: int
    form_hash: str
    form_source: str


@dataclass(frozen=True)
class BundleExpert:
    name: str
    organisation: str
    field: str
    email: str


@dataclass(frozen=True)
class Bundle:
    """A bundle's content, verified: signature, every file's checksum, the form's hash."""

    round: BundleRound
    expert: BundleExpert
    dossiers: tuple[BundleDossier, ...]
    secretary_key: str
    created_at: dt.datetime
    #: sha256 of the exact bundle.json bytes: the identity of this bundle's content.
    content_sha256: str

    @property
    def file_hashes(self) -> set[str]:
        return {f.sha256 for d in self.dossiers for f in d.files}


def bundle_json(
    rnd: BundleRound, expert: BundleExpert, dossiers: Sequence[BundleDossier], secretary_key: str, created_at: str
) -> bytes:
    """The exact bytes of bundle.json (canonical JSON: what the secretary signs)."""
    doc = {
        "format": BUNDLE_FORMAT,
        "version": FORMAT_VERSION,
        "round": {
            "uid": rnd.uid,
            "name": rnd.name,
            "programme": rnd.programme,
            "rule": rnd.rule,
            "per_dossier": rnd.per_dossier,
            "spread_limit": None if rnd.spread_limit is None else crypto.format_decimal(rnd.spread_limit),
            "trim_threshold": rnd.trim_threshold,
            "deadline": rnd.deadline.isoformat() if rnd.deadline else None,
            "form_id": rnd.form_id,
            "form_version": rnd.form_version,
            "form_hash": rnd.form_hash,
            "form_source": rnd.form_source,
        },
        "expert": {"name": expert.name, "organisation": expert.organisation, "field": expert.field,
                   "email": expert.email},
        "dossiers": [
            {
                "number": d.number,
                "title": d.title,
                "applicant": d.applicant,
                "category": d.category,
                "level": d.level,
                "files": [{"role": f.role, "name": f.name, "sha256": f.sha256, "size": f.size, "pages": f.pages}
                          for f in d.files],
            }
            for d in dossiers
        ],
        "secretary_key": secretary_key,
        "created_at": created_at,
    }
    return crypto.canonical_json(doc)


def write_bundle(path: Path, json_bytes: bytes, signature: str, files: Mapping[str, Path],
                 created: dt.datetime) -> str:
    """Write a bundle atomically; ``files`` maps each sha256 to the PDF holding it. Returns the file's sha256."""
    members: list[tuple[str, bytes | Path]] = [(BUNDLE_JSON, json_bytes), (BUNDLE_SIG, signature.encode("ascii"))]
    members += [(f"{FILES_PREFIX}{sha}.pdf", files[sha]) for sha in sorted(files)]
    return _write_zip(path, members, created)


def _bundle_entry_allowed(name: str) -> bool:
    return name in (BUNDLE_JSON, BUNDLE_SIG) or _FILE_ENTRY_RE.fullmatch(name) is not None


def _parse_bundle_doc(
    doc: dict[str, Any],
) -> tuple[BundleRound, BundleExpert, tuple[BundleDossier, ...], str, dt.datetime]:
    what = _BUNDLE_WHAT
    top = Fields(doc, "", what)
    _format_check(top, BUNDLE_FORMAT, what)
    r = top.child("round")
    rnd = BundleRound(
        uid=r.text("uid", pattern=re.compile(r"[0-9A-Za-z_-]{1,32}")),
        name=r.text("name", nonempty=True, max_len=200),
        programme=r.text("programme", max_len=200),
        rule=r.text("rule", max_len=20),
        per_dossier=r.integer("per_dossier", minimum=1),
        spread_limit=r.decimal("spread_limit"),
        trim_threshold=r.integer("trim_threshold", minimum=0),
        deadline=r.date("deadline"),
        form_id=r.text("form_id", nonempty=True, max_len=100),
        form_version=r.integer("form_version", minimum=1),
        form_hash=r.text("form_hash", pattern=_SHA_RE),
        form_source=r.text("form_source", max_len=2_000_000),
    )
    e = top.child("expert")
    expert = BundleExpert(
        name=e.text("name", nonempty=True, max_len=100),
        organisation=e.text("organisation", max_len=300),
        field=e.text("field", max_len=200),
        email=e.text("email", max_len=200),
    )
    dossiers: list[BundleDossier] = []
    numbers: set[str] = set()
    sizes: dict[str, int] = {}
    for i, raw in enumerate(top.array("dossiers")):
        if not isinstance(raw, dict):
            raise top.fail(f"dossiers[{i}]")
        d = Fields(raw, f"dossiers[{i}]", what)
        number = d.text("number", nonempty=True, max_len=64)
        if number in numbers:
            raise ImportRejected(f"评审包中申报编号 {number} 重复 (dossier {number} appears twice in the bundle)")
        numbers.add(number)
        files: list[BundleFile] = []
        seen: set[str] = set()
        for j, fraw in enumerate(d.array("files")):
            if not isinstance(fraw, dict):
                raise d.fail(f"files[{j}]")
            f = Fields(fraw, f"dossiers[{i}].files[{j}]", what)
            bf = BundleFile(
                role=f.text("role", max_len=50),
                name=f.text("name", nonempty=True, max_len=300),
                sha256=f.text("sha256", pattern=_SHA_RE),
                size=f.integer("size"),
                pages=f.integer("pages"),
            )
            if bf.sha256 in seen or sizes.get(bf.sha256, bf.size) != bf.size:
                raise f.fail("sha256")
            seen.add(bf.sha256)
            sizes[bf.sha256] = bf.size
            files.append(bf)
        dossiers.append(BundleDossier(
            number=number,
            title=d.text("title", max_len=10_000),
            applicant=d.text("applicant", max_len=300),
            category=d.text("category", max_len=100),
            level=d.text("level", max_len=100),
            files=tuple(files),
        ))
    secretary_key = top.text("secretary_key", pattern=_KEY_RE)
    created_at = top.datetime("created_at")
    return rnd, expert, tuple(dossiers), secretary_key, created_at


def _check_form(rnd: BundleRound) -> None:
    try:
        form = load_form_text(rnd.form_source, origin=f"{rnd.form_id} (评审包 bundle)")
    except FormError as exc:
        raise ImportRejected(f"评审包中的评分表无法读取 (the bundle's form cannot be read): {exc}") from exc
    if form.content_hash != rnd.form_hash:
        raise ImportRejected(
            "评审包中的评分表与其登记的校验值不符 (the bundle's form does not match its recorded hash)"
        )
    if form.id != rnd.form_id or form.version != rnd.form_version:
        raise ImportRejected(
            "评审包中的评分表编号或版本与登记的不符 (the bundle's form id or version does not match the record)"
        )


def read_bundle(path: Path, extract_to: Path | None = None) -> tuple[Bundle, dict[str, Path]]:
    """Verify a bundle completely; optionally extract its PDFs into ``extract_to``.

    Returns the bundle and, when extracting, ``{sha256: extracted path}``. Raises
    ``ImportRejected`` / ``SignatureError``; on refusal nothing is returned, and
    whatever was extracted is the caller's temporary folder's business.
    """
    path = Path(path)
    what = _BUNDLE_WHAT
    with SafeZip(path, BUNDLE_LIMITS, what, _bundle_entry_allowed) as zf:
        if not zf.has(BUNDLE_JSON) or not zf.has(BUNDLE_SIG):
            raise ImportRejected("这不是完整的评审包（缺少 bundle.json 或 bundle.sig）"
                                 "(not a complete bundle: bundle.json or bundle.sig is missing)")
        raw = zf.read(BUNDLE_JSON, BUNDLE_LIMITS.max_json)
        signature = parse_signature(zf.read(BUNDLE_SIG, _MAX_SIG_BYTES), what, BUNDLE_SIG)
        doc = parse_json(raw, what, BUNDLE_JSON)
        key = doc.get("secretary_key")
        if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
            raise SignatureError("评审包缺少秘书的公钥 (the bundle carries no secretary key)")
        if not crypto.verify(key, raw, signature):
            raise SignatureError(
                "评审包的签名无效：内容在签名后被改动过，或签名不属于此内容 "
                "(the bundle's signature does not match its content: it was altered after signing)"
            )
        rnd, expert, dossiers, secretary_key, created_at = _parse_bundle_doc(doc)
        _check_form(rnd)
        sizes = {f.sha256: f.size for d in dossiers for f in d.files}
        present = {m.group(1) for n in zf.names if (m := _FILE_ENTRY_RE.fullmatch(n))}
        missing = sorted(set(sizes) - present)
        if missing:
            names = [f.name for d in dossiers for f in d.files if f.sha256 == missing[0]]
            raise ImportRejected(f"评审包缺少文件「{names[0]}」 (the bundle lacks the file {names[0]!r})")
        extra = sorted(present - set(sizes))
        if extra:
            raise ImportRejected(f"评审包含有未登记的文件 {extra[0][:12]}… (the bundle holds an unlisted file)")
        extracted: dict[str, Path] = {}
        for sha in sorted(sizes):
            entry = f"{FILES_PREFIX}{sha}.pdf"
            name = next(f.name for d in dossiers for f in d.files if f.sha256 == sha)
            if zf.size(entry) != sizes[sha]:
                raise ImportRejected(f"评审包中文件「{name}」的大小与登记的不符 (file {name!r} has the wrong size)")
            digest = hashlib.sha256()
            target = extract_to / f"{sha}.pdf" if extract_to is not None else None
            if target is None:
                zf.stream(entry, digest.update, sizes[sha])
            else:
                with _WriteTarget(target) as out:
                    def sink(chunk: bytes, out: IO[bytes] = out) -> None:
                        digest.update(chunk)
                        try:
                            out.write(chunk)
                        except OSError as exc:
                            raise WriteFailed(f"无法写入临时文件：{exc.strerror} (cannot write a temporary file)") from exc
                    zf.stream(entry, sink, sizes[sha])
                extracted[sha] = target
            if digest.hexdigest() != sha:
                raise ImportRejected(
                    f"评审包中文件「{name}」的校验值不符：文件被改动或已损坏 "
                    f"(file {name!r} does not match its checksum: altered or damaged)"
                )
    bundle = Bundle(rnd, expert, dossiers, secretary_key, created_at, crypto.sha256_hex(raw))
    return bundle, extracted


class _WriteTarget:
    """A plain file opened for writing, with OSError turned into ``WriteFailed``."""

    def __init__(self, path: Path) -> None:
        try:
            self.fh = path.open("wb")
        except OSError as exc:
            raise WriteFailed(f"无法写入临时文件 {path}：{exc.strerror} (cannot write a temporary file)") from exc

    def __enter__(self) -> IO[bytes]:
        return self.fh

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


# --------------------------------------------------------------------------- returns


@dataclass(frozen=True)
class SignedItem:
    """A review or declaration payload as it came, with its signature and the bytes that were signed."""

    payload: dict[str, Any]
    signature: str
    data: bytes
    #: The key the item was already checked against (see ``verify_items``) and the outcome.
    checked_key: str | None = field(default=None, compare=False)
    checked: bool = field(default=False, compare=False)

    def verifies(self, key: str) -> bool:
        """Signed by ``key`` and naming ``key`` as its signer."""
        if self.checked_key == key:
            return self.checked
        expert = self.payload.get("expert")
        named = expert.get("key") if isinstance(expert, dict) else None
        return named == key and crypto.verify(key, self.data, self.signature)


@dataclass(frozen=True)
class ReturnDoc:
    """A return's content as read; ``outer_ok`` says whether return.sig verified."""

    round_uid: str
    round_name: str
    form_hash: str
    expert_name: str
    expert_organisation: str
    expert_key: str
    signature_png: bytes | None
    reviews: tuple[SignedItem, ...]
    declarations: tuple[SignedItem, ...]
    exported_at: str
    content_sha256: str
    outer_ok: bool


def verify_items(doc: ReturnDoc) -> ReturnDoc:
    """The same return with every review's and declaration's signature checked once, against
    the return's own key, so that the checks can run ahead of the merge in a worker thread
    (Ed25519 verification releases the GIL)."""

    def checked(items: tuple[SignedItem, ...]) -> tuple[SignedItem, ...]:
        return tuple(replace(i, checked_key=doc.expert_key, checked=i.verifies(doc.expert_key)) for i in items)

    return replace(doc, reviews=checked(doc.reviews), declarations=checked(doc.declarations))


def return_json(
    *,
    round_uid: str,
    round_name: str,
    form_hash: str,
    expert_name: str,
    expert_organisation: str,
    expert_key: str,
    signature_png: bytes | None,
    reviews: Sequence[tuple[dict[str, Any], str]],
    declarations: Sequence[tuple[dict[str, Any], str]],
    exported_at: str,
) -> bytes:
    """The exact bytes of return.json (canonical JSON: what the expert signs as a whole)."""
    doc = {
        "format": RETURN_FORMAT,
        "version": FORMAT_VERSION,
        "round": {"uid": round_uid, "name": round_name},
        "form_hash": form_hash,
        "expert": {"name": expert_name, "organisation": expert_organisation, "public_key": expert_key},
        "signature_image": None if signature_png is None else base64.b64encode(signature_png).decode("ascii"),
        "reviews": [{"payload": p, "signature": s} for p, s in reviews],
        "declarations": [{"payload": p, "signature": s} for p, s in declarations],
        "exported_at": exported_at,
    }
    return crypto.canonical_json(doc)


def write_return(path: Path, json_bytes: bytes, signature: str, created: dt.datetime) -> str:
    """Write a return atomically; returns the file's sha256."""
    return _write_zip(path, [(RETURN_JSON, json_bytes), (RETURN_SIG, signature.encode("ascii"))], created)


def _signed_items(top: Fields, key: str) -> tuple[SignedItem, ...]:
    items: list[SignedItem] = []
    for i, raw in enumerate(top.array(key)):
        if not isinstance(raw, dict):
            raise top.fail(f"{key}[{i}]")
        f = Fields(raw, f"{key}[{i}]", _RETURN_WHAT)
        payload = f.child("payload").obj
        signature = f.text("signature", pattern=_SIG_RE)
        items.append(SignedItem(dict(payload), signature, crypto.canonical_json(payload)))
    return tuple(items)


def load_return(path: Path) -> ReturnDoc:
    """Read and parse a return, checking the archive and the outer signature (reported, not raised).

    Raises ``ImportRejected`` for anything that is not a readable return. Callers
    must look at ``outer_ok`` (or use :func:`read_return`) before trusting it.
    """
    what = _RETURN_WHAT
    with SafeZip(Path(path), RETURN_LIMITS, what, lambda n: n in (RETURN_JSON, RETURN_SIG)) as zf:
        if not zf.has(RETURN_JSON) or not zf.has(RETURN_SIG):
            raise ImportRejected("这不是完整的回传文件（缺少 return.json 或 return.sig）"
                                 "(not a complete return file: return.json or return.sig is missing)")
        raw = zf.read(RETURN_JSON, RETURN_LIMITS.max_json)
        signature = parse_signature(zf.read(RETURN_SIG, _MAX_SIG_BYTES), what, RETURN_SIG)
    doc = parse_json(raw, what, RETURN_JSON)
    top = Fields(doc, "", what)
    _format_check(top, RETURN_FORMAT, what)
    r = top.child("round")
    e = top.child("expert")
    expert_key = e.text("public_key", pattern=_KEY_RE)
    png_text = top.optional_text("signature_image", max_len=4 * MAX_SIGNATURE_PNG)
    png: bytes | None = None
    if png_text is not None:
        try:
            png = base64.b64decode(png_text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise top.fail("signature_image") from exc
        if not png.startswith(PNG_MAGIC) or len(png) > MAX_SIGNATURE_PNG:
            raise ImportRejected("回传文件中的签名图片不是有效的 PNG (the signature image is not a valid PNG)")
    return ReturnDoc(
        round_uid=r.text("uid", max_len=64),
        round_name=r.text("name", max_len=200),
        form_hash=top.text("form_hash", pattern=_SHA_RE),
        expert_name=e.text("name", nonempty=True, max_len=100),
        expert_organisation=e.text("organisation", max_len=300),
        expert_key=expert_key,
        signature_png=png,
        reviews=_signed_items(top, "reviews"),
        declarations=_signed_items(top, "declarations"),
        exported_at=top.text("exported_at", max_len=64),
        content_sha256=crypto.sha256_hex(raw),
        outer_ok=crypto.verify(expert_key, raw, signature),
    )


OUTER_SIGNATURE_BROKEN = (
    "回传文件的签名无效：文件在签名后被改动过 (the return file's signature does not match: it was altered after signing)"
)


def read_return(path: Path) -> ReturnDoc:
    """A return whose outer signature verified; ``SignatureError`` otherwise."""
    doc = load_return(path)
    if not doc.outer_ok:
        raise SignatureError(OUTER_SIGNATURE_BROKEN)
    return doc


def dossier_of(item: SignedItem) -> str | None:
    """The dossier number a review or declaration payload is about (None when malformed)."""
    if item.payload.get("kind") == "review":
        d = item.payload.get("dossier")
        number = d.get("number") if isinstance(d, dict) else None
    else:
        number = item.payload.get("dossier")
    return number if isinstance(number, str) else None


# --------------------------------------------------------------------------- describe (verify FILE)


def describe_bundle(path: Path | str) -> dict[str, Any]:
    """Whose a bundle is and whether it is intact, without a workspace (for ``reviewer verify``).

    Always returns a dict: ``readable`` False when it is not a bundle at all,
    ``intact`` True only when the signature, every file's checksum and the form's
    hash all verified; ``problem`` says what is wrong, in words.
    """
    path = Path(path)
    out: dict[str, Any] = {"file": str(path), "kind": "bundle", "readable": False, "intact": False,
                           "problem": None, "sha256": None, "round": None, "expert": None, "dossiers": [],
                           "files": 0, "secretary_key": None, "secretary_fingerprint": None, "created_at": None}
    try:
        out["sha256"] = file_sha256(path)
    except OSError as exc:
        out["problem"] = unreadable(path, exc)
        return out
    try:
        bundle, _ = read_bundle(path)
    except ReviewerError as exc:
        out["problem"] = str(exc)
        _describe_unverified_bundle(path, out)
        return out
    out.update(
        readable=True,
        intact=True,
        round={"uid": bundle.round.uid, "name": bundle.round.name, "programme": bundle.round.programme,
               "form_id": bundle.round.form_id, "form_version": bundle.round.form_version,
               "form_hash": bundle.round.form_hash},
        expert={"name": bundle.expert.name, "organisation": bundle.expert.organisation},
        dossiers=[d.number for d in bundle.dossiers],
        files=len(bundle.file_hashes),
        secretary_key=bundle.secretary_key,
        secretary_fingerprint=crypto.fingerprint(bundle.secretary_key),
        created_at=bundle.created_at.isoformat(),
    )
    return out


def _describe_unverified_bundle(path: Path, out: dict[str, Any]) -> None:
    """Fill in what an unverified bundle claims, so a damaged one can still be identified."""
    try:
        with SafeZip(path, BUNDLE_LIMITS, _BUNDLE_WHAT, _bundle_entry_allowed) as zf:
            if not zf.has(BUNDLE_JSON):
                out["readable"] = False
                return
            doc = parse_json(zf.read(BUNDLE_JSON, BUNDLE_LIMITS.max_json), _BUNDLE_WHAT, BUNDLE_JSON)
    except ReviewerError:
        out["readable"] = False
        return
    out["readable"] = True
    rnd = doc.get("round") if isinstance(doc.get("round"), dict) else {}
    exp = doc.get("expert") if isinstance(doc.get("expert"), dict) else {}
    out["round"] = {"uid": rnd.get("uid"), "name": rnd.get("name")}
    out["expert"] = {"name": exp.get("name"), "organisation": exp.get("organisation")}
    dossiers = doc.get("dossiers") if isinstance(doc.get("dossiers"), list) else []
    out["dossiers"] = [d.get("number") for d in dossiers if isinstance(d, dict)]


def describe_return(path: Path | str) -> dict[str, Any]:
    """Whose a return is, for which round, and whether every signature in it is intact.

    Usable without a workspace. Always returns a dict: ``readable`` False when the
    file is not a readable return; ``outer_signature`` for return.sig;
    ``inner_signatures`` counts the reviews and declarations that verify under the
    expert's key and lists those that do not; ``intact`` when all of them do.
    """
    path = Path(path)
    out: dict[str, Any] = {"file": str(path), "kind": "return", "readable": False, "intact": False,
                           "problem": None, "sha256": None, "expert": None, "round": None, "form_hash": None,
                           "reviews": 0, "dossiers": [], "declarations": 0, "outer_signature": None,
                           "inner_signatures": {"valid": 0, "invalid": []}, "exported_at": None}
    try:
        out["sha256"] = file_sha256(path)
        doc = load_return(path)
    except OSError as exc:
        out["problem"] = unreadable(path, exc)
        return out
    except ReviewerError as exc:
        out["problem"] = str(exc)
        return out
    valid = 0
    invalid: list[str] = []
    for label, items in (("review", doc.reviews), ("declaration", doc.declarations)):
        for item in items:
            if item.verifies(doc.expert_key):
                valid += 1
            else:
                version = item.payload.get("version")
                suffix = f" v{version}" if label == "review" and isinstance(version, int) else ""
                invalid.append(f"{label} {dossier_of(item) or '?'}{suffix}")
    numbers = sorted({n for item in doc.reviews if (n := dossier_of(item))})
    out.update(
        readable=True,
        expert={"name": doc.expert_name, "organisation": doc.expert_organisation, "key": doc.expert_key,
                "fingerprint": crypto.fingerprint(doc.expert_key)},
        round={"uid": doc.round_uid, "name": doc.round_name},
        form_hash=doc.form_hash,
        reviews=len(doc.reviews),
        dossiers=numbers,
        declarations=len(doc.declarations),
        outer_signature=doc.outer_ok,
        inner_signatures={"valid": valid, "invalid": invalid},
        exported_at=doc.exported_at,
        intact=doc.outer_ok and not invalid,
    )
    if not doc.outer_ok:
        out["problem"] = OUTER_SIGNATURE_BROKEN
    elif invalid:
        out["problem"] = (f"{len(invalid)} 项评审意见或声明的签名无效 "
                          f"({len(invalid)} reviews or declarations have an invalid signature)")
    return out
