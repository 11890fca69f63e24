"""A synthetic committee round of a given size, generated locally and cached under ``bench/out/data``.

Everything is made on this machine (reportlab for the PDFs, the product's own
services for the round); nothing is downloaded. The same size and seed give the
same files, so a cached data set is reused until :data:`GENERATOR_VERSION` or the
size changes.

What a data set holds (``ensure_dataset``):

* ``pdfs/``: one folder per application with ``申报书.pdf`` (the application form,
  a few to tens of pages) and, for every third application, ``附件1.pdf`` (an
  attachment); the first application's form is the long dossier the viewer opens
  (1,000 pages at the provincial size). ``manifest-N.csv`` lists the first N
  applications with title, applicant and category, in the product's manifest format.
* ``form.toml``: a 10-criterion weighted form with bands, comment rules, vetoes,
  recommendations and award tiers (the built-in forms have 6 criteria).
* ``rounds/rN/``: a secretary's workspace of N applications built through the real
  services -- ``dossiers.import_dossiers`` from the manifest (and
  ``dossiers.index_pending`` for the full round), ``roster.import_experts``,
  ``assign.assign`` with K experts per dossier -- saved as ``premerge.sqlite``; then
  one return file per expert in ``returns/``, and the workspace after
  ``returns.import_returns`` merged them (``ws/``).

How the returns are made (documented because it is the one shortcut): running the
experts' desks through bundles would copy every expert's dossier PDFs twice (about
5 GB at the provincial size). Instead each expert's workspace is filled directly
with what importing the bundle would have put there (the round, the expert, the
assigned dossiers and their file hashes, "no conflict" confirmations) and with
submitted reviews whose payloads are built by ``reviewer.payloads.review_payload``
and signed with ``reviewer.crypto.sign`` under the expert's own key, exactly as
``scoring.submit`` signs them. The return files themselves are written by the real
``returns.export_return``, and the secretary merges them with the real
``returns.import_returns``, so everything measured downstream is the product's own.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Raise when the generated data would differ, so stale caches are not reused.
GENERATOR_VERSION = 1
OUT_DIR = ROOT / "bench" / "out"
DATA_DIR = OUT_DIR / "data"

Log = Callable[[str], None]


@dataclass(frozen=True)
class Size:
    """How big a synthetic round is; :data:`PROVINCIAL` is the issue's, :data:`SMALL` a quick look."""

    name: str
    dossiers: int
    experts: int
    per_dossier: int
    #: Pages of the long dossier the viewer opens (the first application's form).
    viewer_pages: int
    #: Pages of every other application form, uniformly drawn from this range.
    form_pages: tuple[int, int]
    #: Every n-th application also has an attachment of ``attachment_pages`` pages.
    attachment_every: int
    attachment_pages: tuple[int, int]
    #: Round sizes the reconciliation is measured on (the last is the full round).
    reconcile_sizes: tuple[int, ...]
    seed: int = 2026

    @property
    def key(self) -> str:
        return (f"{self.name}-d{self.dossiers}-e{self.experts}-k{self.per_dossier}-v{self.viewer_pages}"
                f"-p{self.form_pages[0]}_{self.form_pages[1]}-s{self.seed}-g{GENERATOR_VERSION}")

    def experts_for(self, dossiers: int) -> int:
        """Experts for a smaller round: the same load per expert as the full round."""
        scaled = round(self.experts * dossiers / self.dossiers)
        return max(self.per_dossier + 1, min(self.experts, scaled))


PROVINCIAL = Size("provincial", dossiers=2000, experts=60, per_dossier=7, viewer_pages=1000, form_pages=(3, 30),
                  attachment_every=3, attachment_pages=(2, 12), reconcile_sizes=(500, 1000, 2000))
SMALL = Size("small", dossiers=100, experts=6, per_dossier=5, viewer_pages=200, form_pages=(3, 30),
             attachment_every=3, attachment_pages=(2, 12), reconcile_sizes=(25, 50, 100))
#: For the smoke test only: seconds, not minutes.
TINY = Size("tiny", dossiers=8, experts=4, per_dossier=3, viewer_pages=12, form_pages=(2, 4),
            attachment_every=3, attachment_pages=(1, 2), reconcile_sizes=(4, 8))


# --------------------------------------------------------------------------- names


_CITIES = ("济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州",
           "聊城", "滨州", "菏泽")
_WORDS = ("智算", "云图", "慧眼", "星河", "泉城", "海岱", "齐鲁", "知行", "数智", "天衡", "灵犀", "启明", "众联",
          "博源", "华信", "瑞达", "金石", "鲁信", "创维", "新航")
_TRADES = ("科技", "信息技术", "智能装备", "软件", "数据服务", "机器人", "医疗科技", "物流科技", "能源科技")
_SUFFIXES = ("有限公司", "股份有限公司", "有限责任公司")
_TECH = ("大模型", "机器视觉", "知识图谱", "多模态感知", "边缘智能", "数字孪生", "强化学习", "语音识别", "联邦学习")
_DOMAINS = ("钢铁冶炼", "港口物流", "智慧医疗", "城市交通", "化工安全", "纺织制造", "农业种植", "电网调度",
            "金融风控", "职业教育", "文旅服务", "矿山安全")
_THINGS = ("质量检测平台", "智能调度系统", "辅助决策系统", "预测性维护平台", "巡检机器人", "安全监测系统",
           "运营优化平台", "智能客服系统")
_CATEGORIES = ("人工智能与实体经济深度融合创新项目", "人工智能创新应用示范项目", "人工智能行业领军企业",
               "人工智能优秀创新产品（解决方案）")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
_GIVEN = "明华建国志强文军平秀英晓东立新海涛丽娟振宇欣怡子豪雨桐佳琪浩然俊杰思远嘉怡宏伟春梅"
_EXPERT_ORGS = ("山东大学", "中国海洋大学", "山东科技大学", "齐鲁工业大学", "山东师范大学", "青岛大学", "济南大学",
                "山东省科学院", "山东省人工智能学会", "中国科学院自动化研究所", "哈尔滨工业大学（威海）", "山东财经大学")
_FIELDS = ("计算机视觉", "自然语言处理", "智能制造", "工业互联网", "数据安全", "机器人", "智慧医疗", "技术经济")


def dossier_number(i: int) -> str:
    return f"SD-2026-{i:04d}"


def _dossier_meta(i: int, seed: int) -> tuple[str, str, str]:
    rng = random.Random(f"dossier|{seed}|{i}")
    title = f"基于{rng.choice(_TECH)}的{rng.choice(_DOMAINS)}{rng.choice(_THINGS)}"
    applicant = f"{rng.choice(_CITIES)}{rng.choice(_WORDS)}{rng.choice(_TRADES)}{rng.choice(_SUFFIXES)}"
    return title, applicant, rng.choice(_CATEGORIES)


def expert_rows(n: int, seed: int) -> list[tuple[str, str, str, str]]:
    """(name, organisation, field, email) for n experts with unique names."""
    rng = random.Random(f"experts|{seed}")
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice((1, 2))))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return [(name, rng.choice(_EXPERT_ORGS), rng.choice(_FIELDS), f"expert{i + 1:03d}@review.example.cn")
            for i, name in enumerate(names)]


# --------------------------------------------------------------------------- the PDFs


@dataclass(frozen=True)
class PlannedFile:
    name: str
    pages: int
    seed: int


@dataclass(frozen=True)
class PlannedDossier:
    number: str
    title: str
    applicant: str
    category: str
    files: tuple[PlannedFile, ...]


def plan_dossiers(size: Size) -> list[PlannedDossier]:
    """Every application of the data set with its files' page counts (deterministic)."""
    rng = random.Random(f"pages|{size.seed}")
    out = []
    for i in range(1, size.dossiers + 1):
        pages = size.viewer_pages if i == 1 else rng.randint(*size.form_pages)
        files = [PlannedFile("申报书.pdf", pages, size.seed * 100_000 + i * 10)]
        if i % size.attachment_every == 0:
            files.append(PlannedFile("附件1.pdf", rng.randint(*size.attachment_pages), size.seed * 100_000 + i * 10 + 1))
        title, applicant, category = _dossier_meta(i, size.seed)
        out.append(PlannedDossier(dossier_number(i), title, applicant, category, tuple(files)))
    return out


def _write_pdf(job: tuple[str, int, int]) -> None:
    from reviewer.demo_pdfs import write_synthetic_pdf

    path, pages, seed = job
    write_synthetic_pdf(Path(path), pages, seed)


def _done(marker: Path) -> dict[str, Any] | None:
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _mark(marker: Path, info: dict[str, Any]) -> None:
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, marker)


@dataclass(frozen=True)
class PdfSet:
    folder: Path
    dossiers: list[PlannedDossier]
    viewer_file: Path
    stats: dict[str, Any]

    def manifest(self, n: int) -> Path:
        return self.folder / f"manifest-{n}.csv"

    def files(self, n: int | None = None) -> list[Path]:
        chosen = self.dossiers if n is None else self.dossiers[:n]
        return [self.folder / d.number / f.name for d in chosen for f in d.files]


def ensure_pdfs(size: Size, base: Path, log: Log) -> PdfSet:
    folder = base / "pdfs"
    plan = plan_dossiers(size)
    marker = folder / "DONE.json"
    stats = _done(marker)
    if stats is None:
        started = time.perf_counter()
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [(str(folder / d.number / f.name), f.pages, f.seed) for d in plan for f in d.files
                if not (folder / d.number / f.name).is_file()]
        log(f"writing {len(jobs)} synthetic PDFs ({sum(j[1] for j in jobs)} pages) into {folder} ...")
        jobs.sort(key=lambda j: -j[1])  # the long dossier first, so the pool ends evenly
        workers = max(1, min(os.cpu_count() or 1, 4))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for _ in pool.map(_write_pdf, jobs, chunksize=16):
                pass
        for n in sorted(set(size.reconcile_sizes) | {size.dossiers}):
            _write_manifest(folder / f"manifest-{n}.csv", plan[:n])
        all_files = [folder / d.number / f.name for d in plan for f in d.files]
        stats = {
            "dossiers": len(plan),
            "files": len(all_files),
            "pages": sum(f.pages for d in plan for f in d.files),
            "bytes": sum(p.stat().st_size for p in all_files),
            "form_pages": list(size.form_pages),
            "attachment_every": size.attachment_every,
            "attachment_pages": list(size.attachment_pages),
            "viewer_pages": size.viewer_pages,
            "seconds": round(time.perf_counter() - started, 1),
        }
        _mark(marker, stats)
    return PdfSet(folder, plan, folder / plan[0].number / plan[0].files[0].name, stats)


def _write_manifest(path: Path, dossiers: Sequence[PlannedDossier]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["申报编号", "项目名称", "申报单位", "类别", "文件"])
        for d in dossiers:
            writer.writerow([d.number, d.title, d.applicant, d.category,
                             ";".join(f"{d.number}/{f.name}" for f in d.files)])


# --------------------------------------------------------------------------- the form


_BANDS = """bands = [
  { low = 9, high = 10, label = { zh = "国际领先", en = "Internationally leading" } },
  { low = 7, high = 8.5, label = { zh = "国内领先", en = "Nationally leading" } },
  { low = 5, high = 6.5, label = { zh = "省内先进", en = "Advanced within the province" } },
  { low = 3, high = 4.5, label = { zh = "一般", en = "Average" } },
  { low = 0, high = 2.5, label = { zh = "较差", en = "Poor" } },
]"""

#: (section key, section zh, section en, [(key, zh, en, weight)]); weights add up to 100.
_SECTIONS = (
    ("tech", "技术水平", "Technology", (
        ("innovation", "技术创新性", "Innovation", 15),
        ("advancement", "技术先进性", "Advancement", 10),
        ("autonomy", "自主可控程度", "Independent control", 10),
        ("data_security", "数据安全与合规", "Data security and compliance", 5),
    )),
    ("results", "应用成效", "Results", (
        ("benefits", "经济效益", "Economic benefits", 15),
        ("social", "社会效益", "Social benefits", 10),
        ("demonstration", "示范推广价值", "Value as a model", 10),
    )),
    ("delivery", "实施保障", "Delivery", (
        ("team", "团队能力", "Team", 10),
        ("funding", "资金保障", "Funding", 5),
        ("schedule", "进度计划合理性", "Soundness of the schedule", 10),
    )),
)


def bench_form_text() -> str:
    """The benchmark's 10-criterion form, in the product's TOML format."""
    parts = [
        'id = "bench-provincial"',
        "version = 1",
        'title = { zh = "省级人工智能专项评审评分表（基准测试）", en = "Provincial AI programme scoring form (benchmark)" }',
        'programme = { zh = "省级人工智能专项", en = "Provincial AI programme" }',
        "total = 100",
        'tie_break = ["innovation", "benefits", "demonstration"]',
        "",
    ]
    for key, zh, en, criteria in _SECTIONS:
        parts += ["[[sections]]", f'key = "{key}"', f'title = {{ zh = "{zh}", en = "{en}" }}', ""]
        for ckey, czh, cen, weight in criteria:
            parts += [
                "[[sections.criteria]]", f'key = "{ckey}"', f'title = {{ zh = "{czh}", en = "{cen}" }}',
                "min = 0", "max = 10", "step = 0.5", f"weight = {weight}", "spread_limit = 3",
                'comment_required = ["top", "bottom"]', _BANDS, "",
            ]
    for key, zh, en in (("ip_dispute", "是否存在知识产权纠纷？", "Is there an IP dispute?"),
                        ("falsification", "申报材料是否弄虚作假？", "Are the materials falsified?"),
                        ("credit", "申报单位是否被列入失信名单？", "Is the applicant on a blacklist?")):
        parts += ["[[vetoes]]", f'key = "{key}"', f'question = {{ zh = "{zh}", en = "{en}" }}', ""]
    for key, zh, en in (("recommend", "推荐", "Recommend"), ("conditional", "有条件推荐", "Recommend with conditions"),
                        ("not_recommended", "不推荐", "Do not recommend")):
        parts += ["[[recommendations]]", f'key = "{key}"', f'title = {{ zh = "{zh}", en = "{en}" }}', ""]
    for key, zh, en, amount, quota, minimum in (("first", "一等奖", "First prize", 100, 20, 85),
                                                ("second", "二等奖", "Second prize", 50, 60, 78),
                                                ("third", "三等奖", "Third prize", 30, 120, 70)):
        parts += ["[[tiers]]", f'key = "{key}"', f'title = {{ zh = "{zh}", en = "{en}" }}', f"amount = {amount}",
                  f"quota = {quota}", f"min_score = {minimum}", ""]
    return "\n".join(parts)


def bench_form() -> Any:
    from forms.loader import load_form_text

    return load_form_text(bench_form_text(), origin="bench-provincial.toml")


# --------------------------------------------------------------------------- scores


_COMMENT_POOL = (
    "申报材料完整，技术路线清晰，关键指标有第三方检测报告佐证。",
    "项目在行业内具有较好的示范作用，但推广计划偏笼统，建议补充具体的推广路径和目标客户。",
    "核心算法具备自主知识产权，已取得多项发明专利，数据来源合法合规。",
    "经济效益测算依据不足，部分数据缺少运行记录支撑，建议补充近一年的运行数据。",
    "团队结构合理，研发投入占比较高，具备持续迭代能力。",
    "应用场景真实，已在多家企业部署运行，用户反馈良好。",
    "进度安排基本合理，但资金筹措方案中自筹部分来源说明不充分。",
    "与同类产品相比在识别精度和响应速度上有明显优势。",
)


def _comment(rng: random.Random, sentences: int) -> str:
    return "".join(rng.sample(_COMMENT_POOL, sentences))


def review_values(form: Any, number: str, expert: str, seed: int) -> tuple[
        list[tuple[str, Decimal, str]], str, str]:
    """(scores, recommendation, comment) of one expert for one dossier: a latent quality per
    dossier, a bias per expert, noise per score; comments where the form requires them."""
    quality = random.Random(f"quality|{seed}|{number}").gauss(6.8, 1.2)
    bias = random.Random(f"bias|{seed}|{expert}").gauss(0.0, 0.5)
    rng = random.Random(f"review|{seed}|{number}|{expert}")
    scores = []
    for c in form.criteria:
        raw = quality + bias + rng.gauss(0.0, 0.9)
        value = Decimal(max(0, min(20, round(raw * 2)))) / 2
        value = max(c.min, min(c.max, value))
        comment = _comment(rng, 1) if c.needs_comment(value) else ""
        scores.append((c.key, value, comment))
    total = form.total({k: v for k, v, _ in scores})
    recommendation = "recommend" if total >= 75 else "conditional" if total >= 60 else "not_recommended"
    return scores, recommendation, _comment(rng, rng.randint(2, 4))


# --------------------------------------------------------------------------- rounds


@dataclass
class RoundData:
    """A built round: ``ws`` is the merged secretary workspace, ``premerge`` its database before the merge."""

    dossiers: int
    experts: int
    folder: Path
    ws: Path
    premerge: Path
    returns: list[Path]
    round_id: int
    stats: dict[str, Any] = field(default_factory=dict)


def copy_database(src: Path, dst: Path) -> None:
    """A consistent copy of a (WAL-mode) workspace database, via SQLite's backup API."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.unlink(missing_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


def _expert_key(seed: int, name: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"bench-key|{seed}|{name}".encode()).digest())


def _make_return(job: dict[str, Any]) -> str:
    """One expert's workspace as a bundle and a day of scoring would leave it, then its real return file."""
    from db.models import Assignment, Dossier, DossierFile, Expert, Review, Round
    from reviewer import crypto, keys, payloads, returns
    from reviewer.demo import signature_png
    from reviewer.rounds import round_form
    from reviewer.workspace import Workspace, set_setting

    root = Path(job["root"])
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    copy_database(Path(job["template"]), root / "workspace.sqlite")
    name = job["expert"]["name"]
    seed = job["seed"]
    key = _expert_key(seed, name)
    pub = crypto.public_hex(key)
    base = dt.datetime(2026, 5, 10, 1, 0, tzinfo=dt.timezone.utc)
    with Workspace.open(root) as ws:
        crypto.save_private_key(keys.key_path(ws), key)
        keys.save_signature_image(ws, signature_png(name))
        r = job["round"]
        with ws.session() as s:
            set_setting(s, "role", "expert")
            set_setting(s, "expert_name", name)
            set_setting(s, "public_key", pub)
            rnd = Round(uid=r["uid"], name=r["name"], programme=r["programme"], form_id=r["form_id"],
                        form_version=r["form_version"], form_hash=r["form_hash"], form_source=r["form_source"],
                        rule=r["rule"], spread_limit=r["spread_limit"], per_dossier=r["per_dossier"],
                        trim_threshold=r["trim_threshold"], status="review", secretary_key=r["secretary_key"])
            s.add(rnd)
            s.flush()
            form = round_form(rnd)
            e = job["expert"]
            expert = Expert(round_id=rnd.id, name=name, organisation=e["organisation"], field=e["field"],
                            email=e["email"], public_key=pub)
            s.add(expert)
            s.flush()
            for i, d in enumerate(job["dossiers"]):
                dossier = Dossier(round_id=rnd.id, number=d["number"], title=d["title"], applicant=d["applicant"],
                                  category=d["category"], level=d["level"])
                dossier.files = [DossierFile(position=f["position"], role=f["role"], name=f["name"],
                                             sha256=f["sha256"], size=f["size"], pages=f["pages"])
                                 for f in d["files"]]
                s.add(dossier)
                s.flush()
                cleared = base + dt.timedelta(minutes=i)
                s.add(Assignment(round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, no_conflict_at=cleared))
                scores, recommendation, comment = review_values(form, d["number"], name, seed)
                values = {k: v for k, v, _ in scores}
                submitted = cleared + dt.timedelta(minutes=40)
                payload = payloads.review_payload(
                    round_uid=rnd.uid, form_id=rnd.form_id, form_hash=rnd.form_hash, dossier_number=d["number"],
                    dossier_files=[{"role": f["role"], "name": f["name"], "sha256": f["sha256"]} for f in d["files"]],
                    expert_name=name, expert_key=pub, version=1, scores=scores,
                    vetoes={v.key: False for v in form.vetoes}, recommendation=recommendation, comment=comment,
                    total=form.total(values), submitted_at=submitted.isoformat(),
                )
                body = crypto.canonical_json(payload)
                s.add(Review(round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, version=1,
                             status="submitted", current=True, form_hash=rnd.form_hash,
                             recommendation=recommendation, comment=comment,
                             vetoes={v.key: False for v in form.vetoes}, total=form.total(values),
                             submitted_at=submitted, created_at=cleared, updated_at=submitted,
                             signature=crypto.sign(key, body), payload=body.decode("utf-8")))
        returns.export_return(ws, Path(job["out"]))
    shutil.rmtree(root, ignore_errors=True)
    return job["out"]


def ensure_round(size: Size, pdfs: PdfSet, n: int, base: Path, log: Log, *, index_text: bool) -> RoundData:
    """The round of the first ``n`` applications, built (once) through the real services."""
    folder = base / "rounds" / f"r{n}"
    marker = folder / "DONE.json"
    experts = size.experts_for(n) if n < size.dossiers else size.experts
    info = _done(marker)
    if info is not None:
        return RoundData(n, experts, folder, folder / "ws", folder / "premerge.sqlite",
                         [folder / "returns" / p for p in info["returns"]], info["round_id"], info)

    from db.models import Assignment, Dossier, Expert, Round
    from reviewer import assign, dossiers, keys, returns, roster, rounds
    from reviewer.workspace import Workspace, set_setting
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    started = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ws_dir = folder / "ws"
    log(f"building the round of {n} dossiers x {experts} experts in {folder} ...")
    timings: dict[str, float] = {}

    def step(label: str, t0: float) -> float:
        now = time.perf_counter()
        timings[label] = round(now - t0, 2)
        return now

    t = time.perf_counter()
    form = bench_form()
    with Workspace.open(ws_dir) as ws:
        with ws.session() as s:
            rnd = rounds.create_round(s, name=f"基准测试评审轮次（{n}份）", form=form, rule="trimmed",
                                      per_dossier=size.per_dossier, spread_limit=Decimal("15"), actor="bench")
            set_setting(s, "role", "secretary")
            set_setting(s, "secretary_name", "基准测试")
            round_id = rnd.id
        results = dossiers.import_dossiers(ws, round_id, pdfs.manifest(n), manifest=True, actor="bench")
        bad = [r for r in results if r.status != "imported"]
        if bad:
            raise RuntimeError(f"import of the bench dossiers failed: {bad[0]}")
        t = step("import", t)
        if index_text:
            dossiers.index_pending(ws, round_id, actor="bench")
            t = step("index", t)
        roster_path = folder / "roster.csv"
        with roster_path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["姓名", "单位", "领域", "邮箱"])
            writer.writerows(expert_rows(experts, size.seed))
        with ws.session() as s:
            roster.import_experts(s, round_id, roster_path, actor="bench")
        with ws.session() as s:
            report = assign.assign(s, round_id, size.per_dossier, seed=size.seed, actor="bench")
            if report.shortfalls:
                raise RuntimeError(f"assignment fell short: {report.shortfalls[:3]}")
        # What exporting the bundles records (the bundles themselves are not written: see the module doc).
        secretary_key = keys.ensure_key(ws)
        with ws.session() as s:
            rnd = s.get(Round, round_id)
            assert rnd is not None
            rnd.status = "review"
            rnd.secretary_key = secretary_key
            for e in s.scalars(select(Expert).where(Expert.round_id == round_id)):
                e.bundle_sent_at = dt.datetime(2026, 5, 8, 2, 0, tzinfo=dt.timezone.utc)
        t = step("roster+assign", t)
        with ws.session() as s:
            rnd = s.get(Round, round_id)
            assert rnd is not None
            round_info = {k: getattr(rnd, k) for k in (
                "uid", "name", "programme", "form_id", "form_version", "form_hash", "form_source", "rule",
                "spread_limit", "per_dossier", "trim_threshold", "secretary_key")}
            by_expert: dict[int, list[dict[str, Any]]] = {}
            rows = s.execute(select(Assignment.expert_id, Dossier).join(Dossier, Dossier.id == Assignment.dossier_id)
                             .where(Assignment.round_id == round_id).order_by(Dossier.number)
                             .options(selectinload(Dossier.files))).all()
            for expert_id, d in rows:
                by_expert.setdefault(expert_id, []).append({
                    "number": d.number, "title": d.title, "applicant": d.applicant, "category": d.category,
                    "level": d.level,
                    "files": [{"position": f.position, "role": f.role, "name": f.name, "sha256": f.sha256,
                               "size": f.size, "pages": f.pages} for f in d.files],
                })
            expert_list = [{"id": e.id, "name": e.name, "organisation": e.organisation, "field": e.field,
                            "email": e.email}
                           for e in s.scalars(select(Expert).where(Expert.round_id == round_id).order_by(Expert.name))]
    premerge = folder / "premerge.sqlite"
    copy_database(ws_dir / "workspace.sqlite", premerge)

    template = folder / "expert-template"
    with Workspace.open(template):
        pass
    returns_dir = folder / "returns"
    returns_dir.mkdir()
    jobs = [{"root": str(folder / "experts" / f"e{i:03d}"), "template": str(template / "workspace.sqlite"),
             "expert": e, "seed": size.seed, "round": round_info, "dossiers": by_expert[e["id"]],
             "out": str(returns_dir / f"{i:03d}-{e['name']}.rwreturn")}
            for i, e in enumerate(expert_list, start=1)]
    workers = max(1, min(os.cpu_count() or 1, 4))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        made = [Path(p) for p in pool.map(_make_return, jobs)]
    shutil.rmtree(template, ignore_errors=True)
    shutil.rmtree(folder / "experts", ignore_errors=True)
    t = step("expert returns", t)

    with Workspace.open(ws_dir) as ws:
        merged = returns.import_returns(ws, round_id, made)
    refused = [m for m in merged if m["status"] != "accepted"]
    if refused:
        raise RuntimeError(f"a bench return was not accepted: {refused[0]}")
    shutil.rmtree(ws_dir / "backups", ignore_errors=True)
    step("merge", t)
    info = {
        "dossiers": n,
        "experts": experts,
        "per_dossier": size.per_dossier,
        "reviews": sum(m["reviews"] for m in merged),
        "round_id": round_id,
        "returns": [p.name for p in made],
        "text_indexed": index_text,
        "build_seconds": timings,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    _mark(marker, info)
    return RoundData(n, experts, folder, ws_dir, premerge, made, round_id, info)


# --------------------------------------------------------------------------- the whole data set


@dataclass
class Dataset:
    size: Size
    folder: Path
    pdfs: PdfSet
    rounds: dict[int, RoundData]
    form_file: Path

    @property
    def full(self) -> RoundData:
        return self.rounds[self.size.dossiers]

    def describe(self) -> dict[str, Any]:
        return {
            "size": asdict(self.size),
            "cache": str(self.folder),
            "pdfs": self.pdfs.stats,
            "rounds": {str(n): {k: v for k, v in r.stats.items() if k != "returns"} for n, r in self.rounds.items()},
        }


def ensure_dataset(size: Size, log: Log = print, *, rounds: bool = True, out_dir: Path | None = None) -> Dataset:
    """Generate (or find in the cache) everything the measurements need."""
    folder = (out_dir or DATA_DIR) / size.key
    folder.mkdir(parents=True, exist_ok=True)
    form_file = folder / "form.toml"
    if not form_file.is_file():
        bench_form()  # fails loudly if the product's loader refuses it
        form_file.write_text(bench_form_text(), encoding="utf-8")
    pdfs = ensure_pdfs(size, folder, log)
    built: dict[int, RoundData] = {}
    if rounds:
        for n in sorted(set(size.reconcile_sizes) | {size.dossiers}):
            built[n] = ensure_round(size, pdfs, n, folder, log, index_text=(n == size.dossiers))
    return Dataset(size, folder, pdfs, built, form_file)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Generate (or find cached) the benchmark's synthetic round.")
    parser.add_argument("--small", action="store_true", help="100 dossiers, 6 experts, a 200-page viewer dossier")
    args = parser.parse_args(argv)
    data = ensure_dataset(SMALL if args.small else PROVINCIAL)
    print(json.dumps(data.describe(), ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
