"""Bundles and returns: the round trip, and one test per reason a file must be refused.

Every refusal test also checks that the workspace's data is exactly as before
(row-by-row digest of the domain tables), because "rejected" must mean "nothing
happened".
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from db.models import (
    Assignment,
    Conflict,
    Dossier,
    DossierFile,
    Expert,
    ReturnFile,
    Review,
    Round,
    Score,
    utcnow,
)
from forms.loader import load_form_text
from reviewer import audit, crypto, keys, rounds
from reviewer.bundle import export_bundles, import_bundle
from reviewer.errors import ImportRejected, ReviewerError, SignatureError, StateError
from reviewer.exchange import (
    BUNDLE_LIMITS,
    SafeZip,
    ZipLimits,
    describe_bundle,
    describe_return,
    load_return,
    read_bundle,
    read_return,
)
from reviewer.payloads import declaration_payload, review_payload
from reviewer.returns import export_return, import_returns, status_board
from reviewer.workspace import Workspace, get_setting, set_setting

FORM_TEXT = """\
id = "exchange-test"
version = 2
title = { zh = "交换测试评分表", en = "Exchange test form" }
programme = { zh = "人工智能创新应用示范项目", en = "AI demonstration projects" }

[[criteria]]
key = "innovation"
title = { zh = "创新性", en = "Innovation" }
max = 10
step = 0.5
weight = 60

[[criteria]]
key = "benefit"
title = { zh = "效益", en = "Benefit" }
max = 10
weight = 40

[[vetoes]]
key = "fraud"
question = { zh = "是否存在弄虚作假？", en = "Any falsification?" }

[[recommendations]]
key = "support"
title = { zh = "推荐", en = "Support" }

[[recommendations]]
key = "reject"
title = { zh = "不推荐", en = "Do not support" }
"""
OLDER_FORM_TEXT = FORM_TEXT.replace("version = 2", "version = 1").replace("weight = 60", "weight = 50").replace(
    "weight = 40", "weight = 50")

NUMBERS = ["AI-2025-001", "AI-2025-002", "AI-2025-003", "AI-2025-004"]
WANG, LI, ZHANG = "王教授", "李研究员", "张工程师"
ASSIGN = {WANG: NUMBERS[:3], LI: NUMBERS[1:], ZHANG: []}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(40))

DOMAIN_TABLES = ("settings", "rounds", "dossiers", "dossier_files", "experts", "assignments", "conflicts",
                 "reviews", "scores")


# --------------------------------------------------------------------------- helpers


def fake_pdf(label: str, size: int = 3000) -> bytes:
    body = f"%PDF-1.4\n% {label}\n".encode()
    filler = hashlib.sha256(label.encode()).digest() * (size // 32)
    return body + filler + b"\n%%EOF\n"


def digest(ws: Workspace, tables: tuple[str, ...] = DOMAIN_TABLES) -> str:
    """Every row of ``tables``, hashed: equal digests mean nothing changed."""
    h = hashlib.sha256()
    with ws.engine.connect() as conn:
        for table in tables:
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
            h.update(f"{table}:{rows!r}".encode())
    return h.hexdigest()


def store_listing(ws: Workspace) -> list[str]:
    return sorted(p.name for p in ws.store_dir.rglob("*.pdf")) if ws.store_dir.exists() else []


@dataclass
class Secretary:
    ws: Workspace
    round_id: int
    round_uid: str


def make_secretary(root: Path, *, uid: str | None = None, form_text: str = FORM_TEXT,
                   assign: dict[str, list[str]] | None = None) -> Secretary:
    ws = Workspace.open(root)
    form = load_form_text(form_text, "exchange-test.toml")
    with ws.session() as s:
        set_setting(s, "role", "secretary")
        rnd = rounds.create_round(s, name="2025年度人工智能示范项目评审", form=form, rule="mean", per_dossier=2,
                                  spread_limit=Decimal("12.5"), uid=uid)
        dossiers: dict[str, Dossier] = {}
        for i, number in enumerate(NUMBERS):
            files = []
            for j, role in enumerate(["申报书"] + (["附件"] if i == 1 else [])):
                data = fake_pdf(f"{number}-{j}")
                sha = crypto.sha256_hex(data)
                ws.store_bytes(data, sha)
                files.append(DossierFile(position=j, role=role, name=f"{number}-{role}.pdf", sha256=sha,
                                         size=len(data), pages=10 + j))
            d = Dossier(round_id=rnd.id, number=number, title=f"智能质检平台{i}", applicant=f"济南某某科技有限公司{i}",
                        category="智能制造", level="市级", files=files)
            s.add(d)
            dossiers[number] = d
        s.flush()
        for name in (WANG, LI, ZHANG):
            e = Expert(round_id=rnd.id, name=name, organisation=f"{name}所在单位", field="人工智能",
                       email=f"{len(name)}@example.cn")
            s.add(e)
            s.flush()
            for number in (assign or ASSIGN)[name]:
                s.add(Assignment(round_id=rnd.id, dossier_id=dossiers[number].id, expert_id=e.id))
        return Secretary(ws, rnd.id, rnd.uid)


def open_expert(root: Path) -> Workspace:
    return Workspace.open(root)


def expert_submit(ews: Workspace, number: str, values: dict[str, str], *, recommendation: str = "support",
                  comment: str = "技术路线清晰", reopen_reason: str = "") -> Review:
    """What scoring.submit() does: a signed canonical payload stored with the review (newest current)."""
    key = keys.load_key(ews)
    pub = crypto.public_hex(key)
    with ews.session() as s:
        rnd = rounds.only_round(s)
        owner = get_setting(s, "expert_name")
        expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id, Expert.name == owner)).one()
        dossier = s.scalars(select(Dossier).where(Dossier.round_id == rnd.id, Dossier.number == number)).one()
        form = rounds.round_form(rnd)
        old = list(s.scalars(select(Review).where(Review.dossier_id == dossier.id, Review.expert_id == expert.id)))
        version = max((r.version for r in old), default=0) + 1
        for r in old:
            r.current = False
            r.status = "superseded"
        decimals = {k: Decimal(v) for k, v in values.items()}
        total = form.total(decimals)
        at = utcnow()
        payload = review_payload(
            round_uid=rnd.uid, form_id=rnd.form_id, form_hash=rnd.form_hash, dossier_number=number,
            dossier_files=[{"role": f.role, "name": f.name, "sha256": f.sha256} for f in dossier.files],
            expert_name=expert.name, expert_key=pub, version=version,
            scores=[(c.key, decimals.get(c.key), f"{c.key} 评语") for c in form.criteria],
            vetoes={"fraud": False}, recommendation=recommendation, comment=comment, total=total,
            submitted_at=at.isoformat(), reopen_reason=reopen_reason,
        )
        body = crypto.canonical_json(payload)
        review = Review(
            round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, version=version, status="submitted",
            current=True, form_hash=rnd.form_hash, recommendation=recommendation, comment=comment,
            vetoes={"fraud": False}, total=total, reopen_reason=reopen_reason, submitted_at=at,
            signature=crypto.sign(key, body), payload=body.decode(),
            scores=[Score(position=i, criterion=c.key, value=decimals.get(c.key), comment=f"{c.key} 评语")
                    for i, c in enumerate(form.criteria)],
        )
        s.add(review)
        s.flush()
        s.expunge(review)
        return review


def expert_declare(ews: Workspace, number: str, kind: str = "same_org", reason: str = "申报单位为本人所在单位") -> None:
    with ews.session() as s:
        rnd = rounds.only_round(s)
        expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id)).one()
        dossier = s.scalars(select(Dossier).where(Dossier.number == number)).one()
        s.add(Conflict(round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, kind=kind, reason=reason,
                       origin="expert", status="declared"))


def expert_confirm_no_conflict(ews: Workspace, number: str) -> None:
    with ews.session() as s:
        a = s.scalars(select(Assignment).join(Dossier, Dossier.id == Assignment.dossier_id)
                      .where(Dossier.number == number)).one()
        a.no_conflict_at = utcnow()


def bundle_for(rows: list[dict[str, Any]], name: str) -> Path:
    return Path(next(r["file"] for r in rows if r["expert"] == name))


@pytest.fixture
def secretary(tmp_path: Path) -> Iterator[Secretary]:
    sec = make_secretary(tmp_path / "secretary")
    try:
        yield sec
    finally:
        sec.ws.close()


@pytest.fixture
def bundles(secretary: Secretary, tmp_path: Path) -> list[dict[str, Any]]:
    return export_bundles(secretary.ws, secretary.round_id, tmp_path / "out")


@pytest.fixture
def wang(tmp_path: Path, bundles: list[dict[str, Any]]) -> Iterator[Workspace]:
    ews = open_expert(tmp_path / "expert-wang")
    import_bundle(ews, bundle_for(bundles, WANG))
    try:
        yield ews
    finally:
        ews.close()


def rezip(src: Path, dst: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """Copy an archive, passing each entry's bytes through ``change`` (a forger with a zip tool)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))
    return dst


def resign_return(src: Path, dst: Path, key: Any, mutate: Callable[[dict[str, Any]], None]) -> Path:
    """A return rewritten and re-signed (outer signature) with ``key``: the expert's own key in a forger's hands."""
    with zipfile.ZipFile(src) as zin:
        doc = json.loads(zin.read("return.json"))
    mutate(doc)
    raw = crypto.canonical_json(doc)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.writestr("return.json", raw)
        zout.writestr("return.sig", crypto.sign(key, raw))
    return dst


def flip_byte(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1:]


def entry_data_span(path: Path, name: str) -> tuple[int, int]:
    """Where an entry's (compressed) bytes lie in the archive file."""
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    offset = info.header_offset
    name_len, extra_len = struct.unpack("<HH", raw[offset + 26: offset + 30])
    start = offset + 30 + name_len + extra_len
    return start, start + info.compress_size


def raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand: (name, stored bytes, crc, declared uncompressed size, method).

    zipfile refuses to write lies; an attacker's tool does not.
    """
    out = bytearray()
    central = bytearray()
    for name, data, crc, usize, method in entries:
        offset = len(out)
        nb = name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), usize, len(nb), 0)
        out += nb + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data),
                               usize, len(nb), 0, 0, 0, 0, 0, offset) + nb
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def deflated_zeros(total: int) -> bytes:
    """A raw deflate stream of ``total`` zero bytes (multiple of 1 MiB), about 1000 times smaller."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    return block * (total >> 20) + zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)


def stored_entries(path: Path) -> list[tuple[str, bytes, int, int, int]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i), i.CRC, i.file_size, 0) for i in zf.infolist()]


# --------------------------------------------------------------------------- bundle export


def test_bundle_export_writes_one_signed_bundle_per_assigned_expert(secretary: Secretary, tmp_path: Path) -> None:
    rows = export_bundles(secretary.ws, secretary.round_id, tmp_path / "out")
    assert [set(r) for r in rows] == [{"expert", "file", "dossiers"}] * 2
    assert [(r["expert"], r["dossiers"]) for r in rows] == [(LI, NUMBERS[1:]), (WANG, NUMBERS[:3])]
    for r in rows:
        assert Path(r["file"]).is_file() and r["file"].endswith(".rwbundle")
    wang_file = bundle_for(rows, WANG)
    bundle, _ = read_bundle(wang_file)
    assert [d.number for d in bundle.dossiers] == NUMBERS[:3]
    assert bundle.expert.name == WANG and bundle.round.uid == secretary.round_uid
    assert bundle.round.spread_limit == Decimal("12.5") and bundle.round.form_version == 2
    assert [f.role for f in bundle.dossiers[1].files] == ["申报书", "附件"]
    with zipfile.ZipFile(wang_file) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
        pdfs = sorted(n for n in zf.namelist() if n.startswith("files/"))
    # Nothing reveals the other experts or their dossiers.
    for other in (LI, ZHANG, "AI-2025-004"):
        assert other.encode() not in everything
    assert pdfs == sorted(f"files/{f.sha256}.pdf" for d in bundle.dossiers for f in d.files)

    with secretary.ws.session() as s:
        rnd = s.get(Round, secretary.round_id)
        assert rnd is not None and rnd.status == "review"
        assert rnd.secretary_key == keys.public_key(secretary.ws) == bundle.secretary_key
        experts = {e.name: e for e in rnd.experts}
        assert experts[WANG].bundle_sha256 == hashlib.sha256(wang_file.read_bytes()).hexdigest()
        assert experts[WANG].bundle_sent_at is not None
        assert experts[ZHANG].bundle_sent_at is None and experts[ZHANG].bundle_sha256 is None
        assert audit.verify(s).ok
        assert s.scalars(select(func.count()).where(text("action = 'bundle.export'"))
                         .select_from(text("audit_log"))).one() == 1


def test_bundle_export_refuses_a_round_without_assignments(tmp_path: Path) -> None:
    sec = make_secretary(tmp_path / "sec", assign={WANG: [], LI: [], ZHANG: []})
    try:
        with pytest.raises(StateError, match="no assignments"):
            export_bundles(sec.ws, sec.round_id, tmp_path / "out")
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    finally:
        sec.ws.close()


def test_bundle_export_refuses_when_a_pdf_is_missing_from_the_store(secretary: Secretary, tmp_path: Path) -> None:
    with secretary.ws.session() as s:
        f = s.scalars(select(DossierFile).join(Dossier).where(Dossier.number == NUMBERS[2])).one()
        secretary.ws.file_path(f.sha256).unlink()
    before = digest(secretary.ws, DOMAIN_TABLES + ("audit_log",))
    with pytest.raises(StateError, match=f"of dossier {NUMBERS[2]} is missing from the workspace store"):
        export_bundles(secretary.ws, secretary.round_id, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert digest(secretary.ws, DOMAIN_TABLES + ("audit_log",)) == before


# --------------------------------------------------------------------------- round trip


def test_round_trip_secretary_expert_secretary_merges_exact_data(
        secretary: Secretary, bundles: list[dict[str, Any]], tmp_path: Path) -> None:
    ews = open_expert(tmp_path / "expert-wang")
    try:
        summary = import_bundle(ews, bundle_for(bundles, WANG))
        assert summary.status == "imported" and summary.dossiers == tuple(NUMBERS[:3])
        assert ews.role == "expert" and ews.get_setting("expert_name") == WANG
        with ews.session() as s:
            rnd = rounds.only_round(s)
            assert rnd.uid == secretary.round_uid and rnd.secretary_key == keys.public_key(secretary.ws)
            assert rnd.spread_limit == Decimal("12.5") and rnd.per_dossier == 2
            assert [e.name for e in rnd.experts] == [WANG]
            assert [d.number for d in rnd.dossiers] == NUMBERS[:3]
            assert rnd.experts[0].public_key == keys.public_key(ews)
            for d in rnd.dossiers:
                for f in d.files:
                    assert crypto.sha256_hex(ews.file_path(f.sha256).read_bytes()) == f.sha256
        keys.save_signature_image(ews, PNG)

        r1 = expert_submit(ews, NUMBERS[0], {"innovation": "8.5", "benefit": "7"})
        r2a = expert_submit(ews, NUMBERS[1], {"innovation": "6", "benefit": "6"}, recommendation="reject")
        r2b = expert_submit(ews, NUMBERS[1], {"innovation": "7.5", "benefit": "9"}, reopen_reason="重新核对了附件")
        expert_declare(ews, NUMBERS[2])
        expert_confirm_no_conflict(ews, NUMBERS[0])
        expert_confirm_no_conflict(ews, NUMBERS[1])

        out = export_return(ews, tmp_path / "wang.rwreturn")
        assert out["reviews"] == 3 and out["dossiers"] == NUMBERS[:2] and out["declarations"] == 3
        assert out["skipped"] == []
        doc = read_return(tmp_path / "wang.rwreturn")
        assert [item.payload["version"] for item in doc.reviews] == [1, 1, 2]  # newest last
        assert doc.reviews[2].data.decode() == r2b.payload

        before = secretary.ws.backup_dir.exists() and list(secretary.ws.backup_dir.iterdir())
        rows = import_returns(secretary.ws, secretary.round_id, [tmp_path / "wang.rwreturn"])
        assert rows == [{"file": str(tmp_path / "wang.rwreturn"), "status": "accepted", "expert": WANG,
                         "reviews": 2, "reason": None}]
        assert len(list(secretary.ws.backup_dir.iterdir())) == len(before or []) + 1

        with secretary.ws.session() as s:
            expert = s.scalars(select(Expert).where(Expert.name == WANG)).one()
            assert expert.public_key == keys.public_key(ews)
            assert expert.signature_png == PNG
            got = {(r.dossier.number, r.version): r for r in
                   s.scalars(select(Review).where(Review.expert_id == expert.id))}
            assert sorted(got) == [(NUMBERS[0], 1), (NUMBERS[1], 1), (NUMBERS[1], 2)]
            for mine, theirs in ((r1, got[(NUMBERS[0], 1)]), (r2a, got[(NUMBERS[1], 1)]),
                                 (r2b, got[(NUMBERS[1], 2)])):
                assert theirs.payload == mine.payload and theirs.signature == mine.signature
                assert theirs.total == mine.total and theirs.recommendation == mine.recommendation
                assert theirs.submitted_at == mine.submitted_at and theirs.origin == "return"
            first = got[(NUMBERS[0], 1)]
            assert (first.current, first.status) == (True, "submitted")
            assert [(sc.criterion, sc.value, sc.comment) for sc in first.scores] == [
                ("innovation", Decimal("8.5"), "innovation 评语"), ("benefit", Decimal("7"), "benefit 评语")]
            assert first.total == Decimal("79")
            assert (got[(NUMBERS[1], 1)].current, got[(NUMBERS[1], 1)].status) == (False, "superseded")
            assert (got[(NUMBERS[1], 2)].current, got[(NUMBERS[1], 2)].status) == (True, "submitted")
            assert got[(NUMBERS[1], 2)].reopen_reason == "重新核对了附件"
            conflict = s.scalars(select(Conflict)).one()
            assert (conflict.dossier.number, conflict.expert.name, conflict.origin, conflict.status, conflict.kind,
                    conflict.reason) == (NUMBERS[2], WANG, "expert", "declared", "same_org", "申报单位为本人所在单位")
            assert conflict.signature is not None
            confirmed = {a.dossier.number: a.no_conflict_at for a in
                         s.scalars(select(Assignment).where(Assignment.expert_id == expert.id))}
            with ews.session() as es:
                theirs_confirmed = {a.dossier.number: a.no_conflict_at for a in es.scalars(select(Assignment))}
            assert confirmed == theirs_confirmed and confirmed[NUMBERS[2]] is None
            rf = s.scalars(select(ReturnFile)).one()
            assert (rf.status, rf.expert_id, rf.reviews, rf.file_name) == ("accepted", expert.id, 2, "wang.rwreturn")
            assert audit.verify(s).ok

            board = {row["expert"]: row for row in status_board(s, secretary.round_id)}
            assert board[WANG]["assigned"] == 3 and board[WANG]["submitted"] == 2
            assert board[WANG]["conflicts"] == 1 and board[WANG]["missing"] == []
            assert board[WANG]["return_files"] == 1 and board[WANG]["return_status"] == "accepted"
            assert board[WANG]["bundle_sent_at"] is not None and board[WANG]["key_pinned"] is True
            assert board[LI]["missing"] == NUMBERS[1:] and board[LI]["return_received_at"] is None
            assert board[ZHANG]["assigned"] == 0 and board[ZHANG]["bundle_sent_at"] is None

        info = describe_return(tmp_path / "wang.rwreturn")
        assert info["intact"] and info["outer_signature"] is True
        assert info["inner_signatures"] == {"valid": 6, "invalid": []}
        assert info["expert"]["name"] == WANG and info["round"]["uid"] == secretary.round_uid
        assert info["reviews"] == 3 and info["dossiers"] == NUMBERS[:2]
    finally:
        ews.close()


# --------------------------------------------------------------------------- bundle import


def test_reimporting_the_same_bundle_changes_nothing(wang: Workspace, bundles: list[dict[str, Any]]) -> None:
    before = digest(wang, DOMAIN_TABLES + ("audit_log",))
    again = import_bundle(wang, bundle_for(bundles, WANG))
    assert again.status == "unchanged"
    assert digest(wang, DOMAIN_TABLES + ("audit_log",)) == before


def test_a_newer_bundle_of_the_same_round_updates_it(
        secretary: Secretary, wang: Workspace, tmp_path: Path) -> None:
    with secretary.ws.session() as s:
        d4 = s.scalars(select(Dossier).where(Dossier.number == NUMBERS[3])).one()
        d1 = s.scalars(select(Dossier).where(Dossier.number == NUMBERS[0])).one()
        d1.title = "智能质检平台（修订）"
        w = s.scalars(select(Expert).where(Expert.name == WANG)).one()
        s.add(Assignment(round_id=secretary.round_id, dossier_id=d4.id, expert_id=w.id))
    newer = bundle_for(export_bundles(secretary.ws, secretary.round_id, tmp_path / "out2"), WANG)
    summary = import_bundle(wang, newer)
    assert summary.status == "updated" and summary.added == (NUMBERS[3],) and summary.removed == ()
    with wang.session() as s:
        assert s.scalars(select(func.count()).select_from(Round)).one() == 1
        rnd = rounds.only_round(s)
        assert [d.number for d in rnd.dossiers] == NUMBERS
        assert rnd.dossiers[0].title == "智能质检平台（修订）"
        assert s.scalars(select(func.count()).select_from(Assignment)).one() == 4
    # The older bundle cannot roll it back.
    older = Path(tmp_path / "out")
    with pytest.raises(ImportRejected, match="older"):
        import_bundle(wang, next(older.glob(f"*{WANG}*")))


def test_bundle_for_another_expert_is_refused(wang: Workspace, bundles: list[dict[str, Any]]) -> None:
    before, files = digest(wang), store_listing(wang)
    with pytest.raises(ImportRejected, match=f"this bundle is for {LI}, but this workspace belongs to {WANG}"):
        import_bundle(wang, bundle_for(bundles, LI))
    assert digest(wang) == before and store_listing(wang) == files


def test_bundle_signed_by_another_secretary_for_a_round_already_here_is_refused(
        secretary: Secretary, wang: Workspace, tmp_path: Path) -> None:
    other = make_secretary(tmp_path / "other-secretary", uid=secretary.round_uid)
    try:
        forged = bundle_for(export_bundles(other.ws, other.round_id, tmp_path / "forged"), WANG)
    finally:
        other.ws.close()
    before, files = digest(wang), store_listing(wang)
    with pytest.raises(SignatureError, match="different secretary key"):
        import_bundle(wang, forged)
    assert digest(wang) == before and store_listing(wang) == files


def test_secretary_workspace_refuses_bundles(secretary: Secretary, bundles: list[dict[str, Any]]) -> None:
    before = digest(secretary.ws)
    with pytest.raises(ImportRejected, match="secretary"):
        import_bundle(secretary.ws, bundle_for(bundles, WANG))
    assert digest(secretary.ws) == before


def _altered_bundles(src: Path, tmp: Path) -> dict[str, Path]:
    start, end = entry_data_span(src, "bundle.json")
    raw = src.read_bytes()
    (tmp / "flip-json.rwbundle").write_bytes(flip_byte(raw, (start + end) // 2))
    pstart, pend = entry_data_span(src, next(n for n in zipfile.ZipFile(src).namelist() if n.startswith("files/")))
    (tmp / "flip-pdf.rwbundle").write_bytes(flip_byte(raw, (pstart + pend) // 2))
    sstart, _ = entry_data_span(src, "bundle.sig")
    (tmp / "flip-sig.rwbundle").write_bytes(flip_byte(raw, sstart + 1))
    title = rezip(src, tmp / "title.rwbundle", lambda n, b: b.replace("智能质检平台0".encode(), "智能质检平台9".encode())
                  if n == "bundle.json" else b)
    pdf = rezip(src, tmp / "pdf.rwbundle", lambda n, b: flip_byte(b, 20) if n.startswith("files/") else b)
    return {"flip-json": tmp / "flip-json.rwbundle", "flip-pdf": tmp / "flip-pdf.rwbundle",
            "flip-sig": tmp / "flip-sig.rwbundle", "title": title, "pdf": pdf}


@pytest.mark.parametrize("variant", ["flip-json", "flip-pdf", "flip-sig", "title", "pdf"])
def test_bundle_altered_by_one_byte_is_refused_and_nothing_is_stored(
        bundles: list[dict[str, Any]], tmp_path: Path, variant: str) -> None:
    altered = _altered_bundles(bundle_for(bundles, WANG), tmp_path)[variant]
    ews = open_expert(tmp_path / "fresh")
    try:
        before = digest(ews, DOMAIN_TABLES + ("audit_log",))
        with pytest.raises(ReviewerError) as err:
            import_bundle(ews, altered)
        assert any(word in str(err.value) for word in ("altered", "damaged", "checksum"))
        assert digest(ews, DOMAIN_TABLES + ("audit_log",)) == before
        assert store_listing(ews) == [] and not keys.has_key(ews) and ews.role is None
        assert describe_bundle(altered)["intact"] is False
    finally:
        ews.close()


def test_no_single_byte_change_anywhere_in_a_bundle_is_accepted_with_other_content(
        bundles: list[dict[str, Any]], tmp_path: Path) -> None:
    src = bundle_for(bundles, WANG)
    original, _ = read_bundle(src)
    raw = src.read_bytes()
    target = tmp_path / "mutant.rwbundle"
    for position in range(0, len(raw), max(1, len(raw) // 400)):
        target.write_bytes(flip_byte(raw, position))
        try:
            got, _ = read_bundle(target)
        except ReviewerError:
            continue
        # Only bytes that carry no content (timestamps, attributes) may change unnoticed.
        assert got == original, position


def test_truncated_bundle_is_refused(bundles: list[dict[str, Any]], tmp_path: Path) -> None:
    raw = bundle_for(bundles, WANG).read_bytes()
    cut = tmp_path / "cut.rwbundle"
    cut.write_bytes(raw[: len(raw) * 2 // 3])
    ews = open_expert(tmp_path / "fresh")
    try:
        before = digest(ews)
        with pytest.raises(ImportRejected, match="truncated or damaged"):
            import_bundle(ews, cut)
        assert digest(ews) == before and store_listing(ews) == []
        info = describe_bundle(cut)
        assert (info["readable"], info["intact"]) == (False, False) and "truncated" in info["problem"]
    finally:
        ews.close()


@pytest.mark.parametrize("name", ["../evil.pdf", "files/../../evil.pdf", "/etc/evil", "files\\..\\evil.pdf",
                                  "C:/evil.pdf"])
def test_bundle_with_unsafe_entry_name_is_refused(
        bundles: list[dict[str, Any]], tmp_path: Path, name: str) -> None:
    src = bundle_for(bundles, WANG)
    evil = tmp_path / "evil.rwbundle"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(evil, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr(zipfile.ZipInfo(name), b"%PDF-1.4 payload")
    ews = open_expert(tmp_path / "fresh")
    try:
        with pytest.raises(ImportRejected, match="unsafe path"):
            import_bundle(ews, evil)
        assert store_listing(ews) == [] and ews.role is None
        assert not (tmp_path / "evil.pdf").exists() and not (ews.root.parent / "evil.pdf").exists()
    finally:
        ews.close()


def test_zip_bomb_declaring_gigabytes_is_refused_before_decompressing(
        bundles: list[dict[str, Any]], tmp_path: Path) -> None:
    src = bundle_for(bundles, WANG)
    entries = [e for e in stored_entries(src) if not e[0].startswith("files/")]
    bomb = deflated_zeros(2 << 30)  # 2 GiB of zeros in about 2 MB
    sha = "ab" * 32
    entries.append((f"files/{sha}.pdf", bomb, 0, 2 << 30, 8))
    path = tmp_path / "bomb.rwbundle"
    path.write_bytes(raw_zip(entries))
    assert path.stat().st_size < 3 << 20
    ews = open_expert(tmp_path / "fresh")
    try:
        with pytest.raises(ImportRejected, match="zip bomb"):
            import_bundle(ews, path)
        assert store_listing(ews) == [] and ews.role is None
        assert not any(ews.root.glob(".bundle-import-*"))
    finally:
        ews.close()


def test_zip_bomb_lying_about_its_size_is_stopped_at_the_declared_size(
        bundles: list[dict[str, Any]], tmp_path: Path) -> None:
    """The directory says "3 KB", the stream would give 2 GB: reading stops at the claim."""
    src = bundle_for(bundles, WANG)
    entries = stored_entries(src)
    victim = next(i for i, e in enumerate(entries) if e[0].startswith("files/"))
    name, _data, crc, usize, _ = entries[victim]
    entries[victim] = (name, deflated_zeros(2 << 30), crc, usize, 8)
    path = tmp_path / "liar.rwbundle"
    path.write_bytes(raw_zip(entries))
    produced: list[int] = []
    with SafeZip(path, BUNDLE_LIMITS, ("评审包", "bundle"), lambda n: True) as zf:
        with pytest.raises(ImportRejected, match="damaged"):
            zf.stream(name, lambda chunk: produced.append(len(chunk)), usize)
    assert sum(produced) <= usize
    ews = open_expert(tmp_path / "fresh")
    try:
        with pytest.raises(ImportRejected):
            import_bundle(ews, path)
        assert store_listing(ews) == [] and ews.role is None
    finally:
        ews.close()


def test_archive_totals_and_entry_counts_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"files/{i}.pdf", bytes(600))
    with pytest.raises(ImportRejected, match="expand beyond"):
        SafeZip(path, ZipLimits(max_entries=10, max_total=2000, max_ratio=200, max_json=100), ("包", "bundle"),
                lambda n: True)
    with pytest.raises(ImportRejected, match="too many entries"):
        SafeZip(path, ZipLimits(max_entries=4, max_total=1 << 20, max_ratio=200, max_json=100), ("包", "bundle"),
                lambda n: True)
    kernel = deflated_zeros(1 << 20)  # 1 MiB each: under the per-entry floor, a bomb together
    path.write_bytes(raw_zip([(f"files/{i}.pdf", kernel, 0, 1 << 20, 8) for i in range(300)]))
    with pytest.raises(ImportRejected, match="zip bomb"):
        SafeZip(path, BUNDLE_LIMITS, ("包", "bundle"), lambda n: True)
    path.write_bytes(raw_zip([("files/0.pdf", b"one", zlib.crc32(b"one"), 3, 0),
                              ("files/0.pdf", b"two", zlib.crc32(b"two"), 3, 0)]))
    with pytest.raises(ImportRejected, match="twice"):
        SafeZip(path, ZipLimits(max_entries=10, max_total=1 << 20, max_ratio=200, max_json=100), ("包", "bundle"),
                lambda n: True)


def test_bundle_with_a_form_that_does_not_match_its_hash_is_refused(
        secretary: Secretary, tmp_path: Path) -> None:
    """Even a correctly signed bundle is refused if its form text is not the form it names."""
    with secretary.ws.session() as s:
        rnd = s.get(Round, secretary.round_id)
        assert rnd is not None
        rnd.form_source = OLDER_FORM_TEXT
    path = bundle_for(export_bundles(secretary.ws, secretary.round_id, tmp_path / "out"), WANG)
    ews = open_expert(tmp_path / "fresh")
    try:
        with pytest.raises(ImportRejected, match="does not match its recorded hash"):
            import_bundle(ews, path)
        assert ews.role is None
    finally:
        ews.close()


# --------------------------------------------------------------------------- return import: refusals


@pytest.fixture
def wang_return(wang: Workspace, tmp_path: Path) -> Path:
    expert_submit(wang, NUMBERS[0], {"innovation": "8.5", "benefit": "7"})
    expert_submit(wang, NUMBERS[1], {"innovation": "6", "benefit": "9"})
    expert_confirm_no_conflict(wang, NUMBERS[0])
    export_return(wang, tmp_path / "wang.rwreturn")
    return tmp_path / "wang.rwreturn"


def assert_rejected(sec: Secretary, path: Path, reason: str, *, expert: str | None = WANG) -> dict[str, Any]:
    before = digest(sec.ws)
    rows = import_returns(sec.ws, sec.round_id, [path])
    assert len(rows) == 1
    row = rows[0]
    assert (row["status"], row["reviews"], row["expert"]) == ("rejected", 0, expert), row
    assert reason in row["reason"], row["reason"]
    assert digest(sec.ws) == before
    with sec.ws.session() as s:
        rf = s.scalars(select(ReturnFile).order_by(ReturnFile.id.desc())).first()
        assert rf is not None and rf.status == "rejected" and rf.reason == row["reason"]
        assert audit.verify(s).ok
    return row


def test_return_signed_with_another_key_is_refused_after_pinning(
        secretary: Secretary, bundles: list[dict[str, Any]], wang_return: Path, tmp_path: Path) -> None:
    assert import_returns(secretary.ws, secretary.round_id, [wang_return])[0]["status"] == "accepted"
    impostor = open_expert(tmp_path / "impostor")  # anyone can import a bundle…
    try:
        import_bundle(impostor, bundle_for(bundles, WANG))
        expert_submit(impostor, NUMBERS[2], {"innovation": "10", "benefit": "10"})
        export_return(impostor, tmp_path / "impostor.rwreturn")
    finally:
        impostor.close()
    # … but the secretary pinned the real expert's key on the first return.
    assert_rejected(secretary, tmp_path / "impostor.rwreturn", "签名密钥与此前不同")


def test_return_altered_by_one_byte_is_refused(secretary: Secretary, wang_return: Path, tmp_path: Path) -> None:
    start, end = entry_data_span(wang_return, "return.json")
    flipped = tmp_path / "flipped.rwreturn"
    flipped.write_bytes(flip_byte(wang_return.read_bytes(), (start + end) // 2))
    assert_rejected(secretary, flipped, "damaged", expert=None)

    score = rezip(wang_return, tmp_path / "score.rwreturn",
                  lambda n, b: b.replace(b'"value":"8.5"', b'"value":"9.5"') if n == "return.json" else b)
    assert_rejected(secretary, score, "altered after signing")

    sig = rezip(wang_return, tmp_path / "sig.rwreturn",
                lambda n, b: (b[:10] + (b"0" if b[10:11] != b"0" else b"1") + b[11:]) if n == "return.sig" else b)
    assert_rejected(secretary, sig, "altered after signing")


def test_no_single_byte_change_anywhere_in_a_return_is_accepted_with_other_content(
        wang_return: Path, tmp_path: Path) -> None:
    original = read_return(wang_return)
    raw = wang_return.read_bytes()
    target = tmp_path / "mutant.rwreturn"
    for position in range(0, len(raw), max(1, len(raw) // 600)):
        target.write_bytes(flip_byte(raw, position))
        try:
            got = read_return(target)
        except ReviewerError:
            continue
        assert got == original, position


def test_inner_review_altered_and_outer_resigned_is_refused(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    """Even with the expert's key for the wrapper, a review whose own signature fails is refused."""
    def mutate(doc: dict[str, Any]) -> None:
        doc["reviews"][0]["payload"]["total"] = "99"

    forged = resign_return(wang_return, tmp_path / "inner.rwreturn", keys.load_key(wang), mutate)
    row = assert_rejected(secretary, forged, "is invalid")
    assert NUMBERS[0] in row["reason"]
    info = describe_return(forged)
    assert info["outer_signature"] is True and info["intact"] is False
    assert info["inner_signatures"]["invalid"] == [f"review {NUMBERS[0]} v1"]


def _resign_items(doc: dict[str, Any], key: Any, change: Callable[[dict[str, Any]], None]) -> None:
    for group in ("reviews", "declarations"):
        for item in doc[group]:
            change(item["payload"])
            item["signature"] = crypto.sign(key, crypto.canonical_json(item["payload"]))


def test_return_for_another_round_is_refused(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    key = keys.load_key(wang)

    def mutate(doc: dict[str, Any]) -> None:
        doc["round"] = {"uid": "f" * 32, "name": "2024年度评审"}
        _resign_items(doc, key, lambda p: p.update(round="f" * 32))

    forged = resign_return(wang_return, tmp_path / "other-round.rwreturn", key, mutate)
    assert_rejected(secretary, forged, "belongs to another round")


def test_return_for_an_older_form_is_refused(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    key = keys.load_key(wang)
    old_hash = load_form_text(OLDER_FORM_TEXT, "old.toml").content_hash

    def mutate(doc: dict[str, Any]) -> None:
        doc["form_hash"] = old_hash
        _resign_items(doc, key, lambda p: p["form"].update(hash=old_hash) if "form" in p else None)

    forged = resign_return(wang_return, tmp_path / "old-form.rwreturn", key, mutate)
    assert_rejected(secretary, forged, "older or different form")


def test_return_scoring_an_unassigned_dossier_is_refused(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    key = keys.load_key(wang)
    pub = crypto.public_hex(key)
    with secretary.ws.session() as s:
        d4 = s.scalars(select(Dossier).where(Dossier.number == NUMBERS[3])).one()
        files = [{"role": f.role, "name": f.name, "sha256": f.sha256} for f in d4.files]
        rnd = s.get(Round, secretary.round_id)
        assert rnd is not None
        form_id, form_hash = rnd.form_id, rnd.form_hash
    payload = review_payload(
        round_uid=secretary.round_uid, form_id=form_id, form_hash=form_hash, dossier_number=NUMBERS[3],
        dossier_files=files, expert_name=WANG, expert_key=pub, version=1,
        scores=[("innovation", Decimal(10), ""), ("benefit", Decimal(10), "")], vetoes={}, recommendation="support",
        comment="", total=Decimal(100), submitted_at=utcnow().isoformat(),
    )

    def mutate(doc: dict[str, Any]) -> None:
        doc["reviews"].append({"payload": payload, "signature": crypto.sign(key, crypto.canonical_json(payload))})

    forged = resign_return(wang_return, tmp_path / "unassigned.rwreturn", key, mutate)
    assert_rejected(secretary, forged, f"dossier {NUMBERS[3]}, which is not assigned to {WANG}")


def test_return_scoring_a_dossier_declared_conflicted_in_the_same_file_is_refused(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    key = keys.load_key(wang)
    payload = declaration_payload(round_uid=secretary.round_uid, dossier_number=NUMBERS[0], expert_name=WANG,
                                  expert_key=crypto.public_hex(key), has_conflict=True, kind="relative",
                                  reason="申报单位负责人为亲属", declared_at=utcnow().isoformat())

    def mutate(doc: dict[str, Any]) -> None:
        doc["declarations"].append({"payload": payload,
                                    "signature": crypto.sign(key, crypto.canonical_json(payload))})

    forged = resign_return(wang_return, tmp_path / "conflicted.rwreturn", key, mutate)
    assert_rejected(secretary, forged, f"declared a conflict with dossier {NUMBERS[0]}")


def test_return_scoring_a_dossier_declared_conflicted_earlier_is_refused(
        secretary: Secretary, wang: Workspace, tmp_path: Path) -> None:
    expert_declare(wang, NUMBERS[2])
    export_return(wang, tmp_path / "first.rwreturn")
    assert import_returns(secretary.ws, secretary.round_id, [tmp_path / "first.rwreturn"])[0]["status"] == "accepted"
    # The expert withdraws the declaration on their laptop and scores the dossier after all.
    with wang.session() as s:
        s.delete(s.scalars(select(Conflict)).one())
    expert_submit(wang, NUMBERS[2], {"innovation": "9", "benefit": "9"})
    export_return(wang, tmp_path / "second.rwreturn")
    assert_rejected(secretary, tmp_path / "second.rwreturn", f"declared a conflict with dossier {NUMBERS[2]}")


def test_review_on_files_other_than_the_dossiers_is_refused(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    key = keys.load_key(wang)

    def mutate(doc: dict[str, Any]) -> None:
        doc["reviews"] = doc["reviews"][:1]
        doc["reviews"][0]["payload"]["dossier"]["files"][0]["sha256"] = "0" * 64
        _resign_items(doc, key, lambda p: None)

    forged = resign_return(wang_return, tmp_path / "files.rwreturn", key, mutate)
    assert_rejected(secretary, forged, "made on different files")


def test_return_from_an_unknown_expert_is_refused(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    forged = resign_return(wang_return, tmp_path / "who.rwreturn", keys.load_key(wang),
                           lambda doc: doc["expert"].update(name="赵专家"))
    assert_rejected(secretary, forged, "there is no expert 赵专家 in this round", expert="赵专家")


# --------------------------------------------------------------------------- return import: merging


def test_duplicate_return_is_unchanged(secretary: Secretary, wang_return: Path) -> None:
    first = import_returns(secretary.ws, secretary.round_id, [wang_return])
    assert first[0]["status"] == "accepted"
    before = digest(secretary.ws)
    again = import_returns(secretary.ws, secretary.round_id, [wang_return])
    assert again == [{"file": str(wang_return), "status": "unchanged", "expert": WANG, "reviews": 2,
                      "reason": None}]
    assert digest(secretary.ws) == before
    with secretary.ws.session() as s:
        assert [r.status for r in s.scalars(select(ReturnFile).order_by(ReturnFile.id))] == ["accepted", "unchanged"]


def test_newer_version_is_stored_and_the_old_one_kept(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    assert import_returns(secretary.ws, secretary.round_id, [wang_return])[0]["status"] == "accepted"
    newer = expert_submit(wang, NUMBERS[0], {"innovation": "9.5", "benefit": "8"}, reopen_reason="复核后上调")
    export_return(wang, tmp_path / "later.rwreturn")
    rows = import_returns(secretary.ws, secretary.round_id, [tmp_path / "later.rwreturn"])
    assert rows[0]["status"] == "accepted" and rows[0]["reviews"] == 2
    with secretary.ws.session() as s:
        versions = list(s.scalars(select(Review).join(Dossier, Dossier.id == Review.dossier_id)
                                  .where(Dossier.number == NUMBERS[0]).order_by(Review.version)))
        assert [(r.version, r.status, r.current) for r in versions] == [(1, "superseded", False),
                                                                      (2, "submitted", True)]
        assert versions[0].total == Decimal("79") and versions[1].total == Decimal("89")
        assert versions[1].payload == newer.payload and versions[1].reopen_reason == "复核后上调"
        assert s.scalars(select(func.count()).select_from(Score)).one() == 6
    # The older file, imported again later, changes nothing.
    assert import_returns(secretary.ws, secretary.round_id, [wang_return])[0]["status"] == "unchanged"


def test_a_different_review_under_a_version_already_received_is_refused(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    """Versions are immutable: the same version number with other scores is not silently merged."""
    assert import_returns(secretary.ws, secretary.round_id, [wang_return])[0]["status"] == "accepted"
    key = keys.load_key(wang)

    def mutate(doc: dict[str, Any]) -> None:
        doc["reviews"][0]["payload"]["comment"] = "改过的评语"
        _resign_items(doc, key, lambda p: None)

    forged = resign_return(wang_return, tmp_path / "rewritten.rwreturn", key, mutate)
    assert_rejected(secretary, forged, "differs from the one received before")


def test_one_bad_file_never_stops_the_others_and_one_backup_is_taken(
        secretary: Secretary, bundles: list[dict[str, Any]], wang_return: Path, tmp_path: Path) -> None:
    li = open_expert(tmp_path / "expert-li")
    try:
        import_bundle(li, bundle_for(bundles, LI))
        expert_submit(li, NUMBERS[3], {"innovation": "5", "benefit": "5"})
        export_return(li, tmp_path / "li.rwreturn")
    finally:
        li.close()
    bomb = tmp_path / "bomb.rwreturn"
    bomb.write_bytes(raw_zip([("return.json", deflated_zeros(1 << 30), 0, 1 << 30, 8),
                              ("return.sig", b"0" * 128, zlib.crc32(b"0" * 128), 128, 0)]))
    garbage = tmp_path / "garbage.rwreturn"
    garbage.write_bytes(b"not a zip at all")
    missing = tmp_path / "missing.rwreturn"
    rows = import_returns(secretary.ws, secretary.round_id, [bomb, wang_return, garbage, missing,
                                                             tmp_path / "li.rwreturn"])
    assert [(r["status"], r["expert"]) for r in rows] == [
        ("rejected", None), ("accepted", WANG), ("rejected", None), ("rejected", None), ("accepted", LI)]
    assert "expand" in rows[0]["reason"] and "truncated or damaged" in rows[2]["reason"]
    assert "file not found" in rows[3]["reason"]
    assert len(list(secretary.ws.backup_dir.glob("*before-return-import*"))) == 1
    with secretary.ws.session() as s:
        assert s.scalars(select(func.count()).select_from(ReturnFile)).one() == 5
        assert s.scalars(select(func.count()).select_from(Review)).one() == 3
        assert audit.verify(s).ok


def test_return_import_into_a_finalised_round_does_nothing(secretary: Secretary, wang_return: Path) -> None:
    with secretary.ws.session() as s:
        rnd = s.get(Round, secretary.round_id)
        assert rnd is not None
        rnd.status = "finalised"
    before = digest(secretary.ws, DOMAIN_TABLES + ("return_files", "audit_log"))
    with pytest.raises(StateError):
        import_returns(secretary.ws, secretary.round_id, [wang_return])
    assert digest(secretary.ws, DOMAIN_TABLES + ("return_files", "audit_log")) == before


def test_a_conflict_declared_after_a_returned_review_discards_it_at_the_secretary(
        secretary: Secretary, wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    assert import_returns(secretary.ws, secretary.round_id, [wang_return])[0]["status"] == "accepted"
    with wang.session() as s:  # what scoring.declare_conflict leaves behind on the expert's side
        review = s.scalars(select(Review).join(Dossier, Dossier.id == Review.dossier_id)
                           .where(Dossier.number == NUMBERS[0])).one()
        review.status, review.current = "discarded", False
    expert_declare(wang, NUMBERS[0], kind="cooperation", reason="近三年有合作项目")
    export_return(wang, tmp_path / "later.rwreturn")
    rows = import_returns(secretary.ws, secretary.round_id, [tmp_path / "later.rwreturn"])
    assert rows[0]["status"] == "accepted" and rows[0]["reviews"] == 1
    with secretary.ws.session() as s:
        first = s.scalars(select(Review).join(Dossier, Dossier.id == Review.dossier_id)
                          .where(Dossier.number == NUMBERS[0])).one()
        assert (first.status, first.current) == ("discarded", False)
        conflict = s.scalars(select(Conflict)).one()
        assert (conflict.dossier.number, conflict.kind, conflict.status) == (NUMBERS[0], "cooperation", "declared")
        board = {row["expert"]: row for row in status_board(s, secretary.round_id)}
        assert (board[WANG]["submitted"], board[WANG]["conflicts"], board[WANG]["missing"]) == (1, 1, [NUMBERS[2]])


def test_round_trip_with_the_scoring_module(
        secretary: Secretary, wang: Workspace, tmp_path: Path) -> None:
    """The expert's real workflow (confirm, draft, submit, reopen, declare) travels intact."""
    from reviewer import scoring

    key = keys.load_key(wang)
    with wang.session() as s:
        rnd = rounds.only_round(s)
        me = scoring.me(s, rnd)
        d1, d2, d3 = (scoring.find_dossier(s, rnd, n) for n in NUMBERS[:3])
        scoring.confirm_no_conflict(s, rnd, d1, me)
        review = scoring.open_review(s, rnd, d1, me)
        for change in ({"score": ("innovation", Decimal("8.5"))}, {"score": ("benefit", Decimal("7"))},
                       {"veto": ("fraud", False)}, {"recommendation": "support"}, {"comment": "落地效果好"}):
            scoring.update_review(s, review.id, **change)  # type: ignore[arg-type]
        scoring.submit(s, wang, review.id, key)
        v2 = scoring.reopen(s, review.id, "复核附件后调整")
        scoring.update_review(s, v2.id, score=("benefit", Decimal("9")))
        scoring.submit(s, wang, v2.id, key)
        expected = {r.version: (r.payload, r.signature) for r in scoring.review_history(s, d1, me)}
        scoring.declare_conflict(s, rnd, d2, me, "same_org", "申报单位为本人所在单位")
        scoring.confirm_no_conflict(s, rnd, d3, me)
    out = export_return(wang, tmp_path / "real.rwreturn")
    assert out["reviews"] == 2 and out["declarations"] == 3 and out["skipped"] == []
    rows = import_returns(secretary.ws, secretary.round_id, [tmp_path / "real.rwreturn"])
    assert rows[0]["status"] == "accepted", rows[0]["reason"]
    with secretary.ws.session() as s:
        got = list(s.scalars(select(Review).order_by(Review.version)))
        assert {r.version: (r.payload, r.signature) for r in got} == expected
        assert [(r.status, r.current, r.total) for r in got] == [("superseded", False, Decimal("79")),
                                                               ("submitted", True, Decimal("87"))]
        assert s.scalars(select(Conflict)).one().dossier.number == NUMBERS[1]
        assert {a.dossier.number for a in s.scalars(select(Assignment).where(Assignment.no_conflict_at.is_not(None)))
                } == {NUMBERS[0], NUMBERS[2]}


# --------------------------------------------------------------------------- expert-side export rules


def test_export_leaves_out_versions_the_secretary_would_refuse(
        secretary: Secretary, wang: Workspace, tmp_path: Path) -> None:
    expert_submit(wang, NUMBERS[0], {"innovation": "8", "benefit": "8"})
    expert_submit(wang, NUMBERS[2], {"innovation": "8", "benefit": "8"})
    expert_declare(wang, NUMBERS[2])  # declared after scoring: the review must not travel
    out = export_return(wang, tmp_path / "w.rwreturn")
    assert out["dossiers"] == [NUMBERS[0]] and out["conflicts"] == [NUMBERS[2]]
    assert [(x["dossier"], x["version"]) for x in out["skipped"]] == [(NUMBERS[2], 1)]
    rows = import_returns(secretary.ws, secretary.round_id, [tmp_path / "w.rwreturn"])
    assert rows[0]["status"] == "accepted" and rows[0]["reviews"] == 1


def test_return_export_needs_an_expert_workspace(secretary: Secretary, tmp_path: Path) -> None:
    with pytest.raises(StateError, match="expert's workspace"):
        export_return(secretary.ws, tmp_path / "x.rwreturn")
    assert not (tmp_path / "x.rwreturn").exists()


def test_describe_works_without_a_workspace(bundles: list[dict[str, Any]], wang_return: Path,
                                            tmp_path: Path) -> None:
    info = describe_bundle(bundle_for(bundles, WANG))
    assert info["intact"] and info["expert"]["name"] == WANG and info["dossiers"] == NUMBERS[:3]
    assert info["files"] == 4 and info["secretary_fingerprint"]
    tampered = rezip(bundle_for(bundles, WANG), tmp_path / "t.rwbundle",
                     lambda n, b: b.replace(WANG.encode(), LI.encode()) if n == "bundle.json" else b)
    info = describe_bundle(tampered)
    assert info["readable"] and not info["intact"] and info["expert"]["name"] == LI
    assert "altered" in info["problem"]

    doc = load_return(wang_return)
    assert doc.outer_ok
    outer = rezip(wang_return, tmp_path / "o.rwreturn",
                  lambda n, b: b.replace(b'"benefit"', b'"Benefit"', 1) if n == "return.json" else b)
    info = describe_return(outer)
    assert info["readable"] and info["outer_signature"] is False and not info["intact"]
    assert info["expert"]["name"] == WANG
    info = describe_return(tmp_path / "nothing-here.rwreturn")
    assert info["readable"] is False and "not found" in info["problem"]


def test_strict_json_refuses_duplicate_keys(wang: Workspace, wang_return: Path, tmp_path: Path) -> None:
    """Two parsers must never read different content from one signed file."""
    key = keys.load_key(wang)
    with zipfile.ZipFile(wang_return) as zf:
        raw = zf.read("return.json")
    doubled = raw[:-1] + b',"exported_at":"2030-01-01T00:00:00+00:00"}'
    path = tmp_path / "dup.rwreturn"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("return.json", doubled)
        zf.writestr("return.sig", crypto.sign(key, doubled))
    with pytest.raises(ImportRejected, match="not valid JSON"):
        load_return(path)


def test_zip_written_by_export_is_a_plain_zip(wang_return: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(wang_return.read_bytes())) as zf:
        assert zf.namelist() == ["return.json", "return.sig"]
        assert zf.testzip() is None
        assert json.loads(zf.read("return.json"))["format"] == "reviewer-return"
