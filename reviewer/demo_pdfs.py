"""PDF files for the demo round and for benchmarks.

The demo dossiers must look like what a committee really receives — a bound
application (申报书) with cover, tables, several pages of technical prose and a
schedule, and an attachment file (附件) with licence data, IP list, partner
agreements and support letters — so a newcomer can try the viewer, the outline
and conflict detection on something believable. The prose is assembled from
sentence templates and the dossier's own data (:mod:`reviewer.demo_data`), so
each dossier reads differently and its numbers agree with its tables.

Output is byte-for-byte reproducible (reportlab ``invariant=1``, fixed dates,
seeded choices): the demo import recognises files by SHA-256, so building the
demo twice must not create new files.

:func:`write_synthetic_pdf` is separate and deliberately crude: a fast
canvas-level generator of long Chinese documents for benchmarks.
"""

from __future__ import annotations

import os
import random
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from reviewer.demo_data import DEMO_EXPERTS, DEMO_ROUND, DemoDossier
from reviewer.fonts import FONT_NAME, FONT_NAME_BOLD, register_reportlab_font

PAGE_WIDTH, PAGE_HEIGHT = A4
_MARGIN_X = 2.6 * cm
_MARGIN_TOP = 2.6 * cm
_MARGIN_BOTTOM = 2.4 * cm
_TOTAL_PAGES_FORM = "TotalPages"
_INK = colors.HexColor("#1a1a1a")
_GREY = colors.HexColor("#666666")
_RULE = colors.HexColor("#9a9a9a")
_HEAD_FILL = colors.HexColor("#e8edf3")
#: Tables set their cell font even for Paragraph cells; the default would pull
#: unembedded Helvetica into the page resources.
_TABLE_FONT: tuple[tuple[Any, ...], ...] = (("FONTNAME", (0, 0), (-1, -1), FONT_NAME),)

# ---------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------


class _Styles:
    """Paragraph styles of an official-looking Chinese document."""

    def __init__(self) -> None:
        font = register_reportlab_font()
        bold = FONT_NAME_BOLD
        base = {"fontName": font, "bulletFontName": font, "wordWrap": "CJK", "textColor": _INK}
        self.body = ParagraphStyle(
            "body", fontSize=10.5, leading=19, firstLineIndent=21, alignment=TA_JUSTIFY, spaceAfter=3, **base
        )
        self.bullet = ParagraphStyle(
            "bullet", parent=self.body, firstLineIndent=0, leftIndent=21, bulletIndent=6, spaceAfter=2
        )
        self.h1 = ParagraphStyle(
            "h1", fontSize=15, leading=24, spaceBefore=10, spaceAfter=10, alignment=TA_LEFT, keepWithNext=1,
            **{**base, "fontName": bold},
        )
        self.h2 = ParagraphStyle(
            "h2", fontSize=12, leading=20, spaceBefore=8, spaceAfter=4, keepWithNext=1,
            **{**base, "fontName": bold},
        )
        self.caption = ParagraphStyle(
            "caption", fontSize=9.5, leading=14, alignment=TA_CENTER, spaceBefore=4, spaceAfter=4, keepWithNext=1,
            **base
        )
        self.cell = ParagraphStyle("cell", fontSize=9.5, leading=13.5, **base)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.cell_head = ParagraphStyle(
            "cell_head", parent=self.cell, alignment=TA_CENTER, fontName=bold, textColor=colors.black
        )
        self.cover_programme = ParagraphStyle(
            "cover_programme", fontSize=17, leading=26, alignment=TA_CENTER, **base
        )
        self.cover_title = ParagraphStyle(
            "cover_title", fontSize=34, leading=44, alignment=TA_CENTER, **{**base, "fontName": bold}
        )
        self.cover_label = ParagraphStyle("cover_label", fontSize=13, leading=20, alignment=TA_RIGHT, **base)
        self.cover_value = ParagraphStyle("cover_value", fontSize=13, leading=20, **base)
        self.cover_note = ParagraphStyle(
            "cover_note", fontSize=9, leading=13, alignment=TA_CENTER, **{**base, "textColor": _GREY}
        )
        self.letter_title = ParagraphStyle(
            "letter_title", fontSize=18, leading=28, alignment=TA_CENTER, spaceAfter=14,
            **{**base, "fontName": bold},
        )
        self.letter = ParagraphStyle("letter", parent=self.body, fontSize=11.5, leading=22)
        self.letter_plain = ParagraphStyle("letter_plain", parent=self.letter, firstLineIndent=0)
        self.letter_sign = ParagraphStyle("letter_sign", parent=self.letter_plain, alignment=TA_RIGHT)


# ---------------------------------------------------------------------------
# Document template: header, footer with "第 n 页 / 共 N 页", outline
# ---------------------------------------------------------------------------


class _Heading(Paragraph):
    """A heading that becomes an entry of the PDF outline."""

    def __init__(
        self, text: str, style: ParagraphStyle, level: int, outline: str | None = None, in_toc: bool = False
    ) -> None:
        super().__init__(text, style)
        self.outline_level = level
        self.outline_text = outline or text
        self.in_toc = in_toc


class _OutlineMark(Flowable):
    """An invisible outline entry for a page without a visible heading (the cover)."""

    def __init__(self, text: str, level: int = 0) -> None:
        super().__init__()
        self.outline_level = level
        self.outline_text = text

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


class _PagedCanvas(Canvas):
    """A canvas that knows the page count when it is saved.

    Every footer references a form XObject holding "共 N 页"; the form is
    defined here, at the end, when N is known. One pass, no page replay.
    """

    total_font_size = 9.0

    def save(self) -> None:
        if self._code:
            self.showPage()
        total = self.getPageNumber() - 1
        font = register_reportlab_font()
        self.beginForm(_TOTAL_PAGES_FORM)
        self.setFont(font, self.total_font_size)
        self.setFillColor(_GREY)
        self.drawString(PAGE_WIDTH / 2 + 3, 1.3 * cm, f"/  共 {total} 页")
        self.endForm()
        super().save()


class _DossierDoc(BaseDocTemplate):
    """Cover page without header/footer, then numbered content pages."""

    def __init__(self, filename: str | BinaryIO, *, header: str, number: str, title: str, author: str, subject: str) -> None:
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=_MARGIN_X,
            rightMargin=_MARGIN_X,
            topMargin=_MARGIN_TOP,
            bottomMargin=_MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator="专家评审工作站 演示数据",
            producer="专家评审工作站",
            keywords=number,
            invariant=1,
            # Without this the canvas starts every page in Helvetica, an
            # unembedded font that then sits in every page's resources.
            initialFontName=register_reportlab_font(),
        )
        self._header = header
        self._number = number
        self._outline_count = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame], onPage=self._on_cover),
                PageTemplate(id="content", frames=[frame], onPage=self._on_content),
            ]
        )

    def _on_cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.showOutline()

    def _on_content(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        font = register_reportlab_font()
        canv.saveState()
        canv.setStrokeColor(_RULE)
        canv.setLineWidth(0.6)
        top = PAGE_HEIGHT - _MARGIN_TOP + 0.55 * cm
        canv.line(_MARGIN_X, top, PAGE_WIDTH - _MARGIN_X, top)
        canv.setFont(font, 8.5)
        canv.setFillColor(_GREY)
        canv.drawString(_MARGIN_X, top + 4, self._header)
        canv.drawRightString(PAGE_WIDTH - _MARGIN_X, top + 4, f"申报编号：{self._number}")
        canv.setFont(font, _PagedCanvas.total_font_size)
        canv.drawRightString(PAGE_WIDTH / 2 - 3, 1.3 * cm, f"第 {canv.getPageNumber()} 页")
        canv.doForm(_TOTAL_PAGES_FORM)
        canv.restoreState()

    def beforeDocument(self) -> None:
        # multiBuild lays the story out more than once; every pass starts afresh.
        self._outline_count = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        self._outline_count += 1
        key = f"h{self._outline_count}"
        height = getattr(flowable, "height", 0) or 0
        top = min(PAGE_HEIGHT, self.frame._y + height + 12)
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top)
        self.canv.addOutlineEntry(flowable.outline_text, key, level=level, closed=False)
        if getattr(flowable, "in_toc", False) and level <= 1:
            self.notify("TOCEntry", (level, flowable.outline_text, self.page, key))


def _build(path: Path, story: list[Flowable], **doc_args: str) -> None:
    """Build the story into ``path`` atomically (temp file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            doc = _DossierDoc(handle, **doc_args)
            doc.multiBuild(story, canvasmaker=_PagedCanvas)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------


def _esc(text: object) -> str:
    """Escape text for reportlab's paragraph mini-markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _money(value: Decimal) -> str:
    """万元 amounts as a Chinese form prints them: thousands separators, two decimals."""
    return f"{value:,.2f}"


def _count(value: Decimal) -> str:
    return f"{int(value):,}"


def _target_phrase(target: str) -> str:
    """Turn a table target like "≥99.5%" into prose: "不低于99.5%"."""
    if target.startswith("≥"):
        return f"不低于{target[1:]}"
    if target.startswith("≤"):
        return f"不高于{target[1:]}"
    if "≥" in target:
        head, _, tail = target.partition("≥")
        return f"{head}{tail}以上"
    return f"达到{target}"


_CN_DIGITS = "零一二三四五六七八九十"


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals, for chapter and list numbering."""
    if n <= 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{head}十{_CN_DIGITS[ones] if ones else ''}"


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力林斌宇浩凯鹏飞晨阳欣怡博文思远海峰志刚晓东佳琪雪梅春生国栋德胜振宇俊杰子涵嘉怡"


def _person(rng: random.Random, avoid: Iterable[str]) -> str:
    """A plausible fictitious Chinese name that is none of ``avoid`` (the experts)."""
    avoid_set = set(avoid)
    while True:
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in avoid_set:
            return name


# ---------------------------------------------------------------------------
# Sentence templates
# ---------------------------------------------------------------------------

_BACKGROUND = (
    "《济南市新一代人工智能发展行动计划（2020—2022年）》提出，推动人工智能与实体经济深度融合，"
    "每年征集一批高价值的人工智能创新应用示范项目，打造可复制的人工智能应用样板工程。",
    "近年来，我市围绕建设国家人工智能创新应用先导区，持续开放政务、交通、医疗、教育、物流等应用场景，"
    "为人工智能技术的落地提供了良好环境。",
    "{category}是人工智能技术最具潜力的应用领域之一，行业数字化基础不断夯实，"
    "对智能化升级的需求日益迫切。",
    "从国内外发展趋势看，以深度学习、知识图谱和边缘计算为代表的新一代人工智能技术正加速从实验室走向生产一线，"
    "应用效果已在多个行业得到验证。",
)

_BACKGROUND_CLOSE = (
    "在此背景下，{short}立足自身在{category}领域的技术积累，联合相关单位提出本项目，"
    "拟通过人工智能技术解决{scenario}中的突出问题，形成可推广的解决方案。",
    "基于上述需求，{short}提出建设“{title}”，以真实业务场景为牵引，以可量化的应用效果为目标，"
    "推动人工智能技术在{category}领域的规模化应用。",
)

_ARCH_LAYERS = (
    ("感知与数据接入层", (
        "感知与数据接入层负责采集{data0}，并对{data1}进行统一接入。",
        "该层采用标准化的数据接口和协议适配组件，支持新增数据源的快速接入，"
        "对接入数据进行格式校验、时间对齐和质量评估，异常数据自动标记并进入人工复核队列。",
    )),
    ("边缘计算层", (
        "边缘计算层部署在{site}等现场，承担实时性要求高的推理任务，"
        "在网络中断时仍可独立运行，待网络恢复后自动补传数据。",
        "边缘节点统一由平台进行远程管理，支持模型版本下发、运行状态监测和故障告警。",
    )),
    ("平台与模型层", (
        "平台与模型层是系统的核心，集成{tech_list}等能力，"
        "提供数据管理、样本标注、模型训练、模型评估和模型发布的全流程工具。",
        "模型仓库对每一个模型版本记录训练数据、超参数和评估结果，确保模型可追溯、可复现。",
    )),
    ("业务应用层", (
        "业务应用层面向{scenario}的一线人员和管理人员，提供实时监测、预警处置、统计分析和决策支持等功能，"
        "支持电脑端、移动端和大屏展示。",
        "应用层与用户现有的业务系统通过接口对接，避免重复录入，保证业务流程连续。",
    )),
)

_TECH_OPEN = (
    "在{scenario}中，{tech}是决定系统效果的关键环节。{desc}。",
    "围绕{scenario}的实际需求，项目将{tech}作为重点攻关方向。{desc}。",
    "{tech}是本项目的核心技术之一。{desc}。",
)

_TECH_MORE = (
    "研发团队在这一方向已有三年以上的技术积累，形成了较为完整的算法库和工程化工具链。",
    "与传统方案相比，该技术对现场环境变化的适应能力更强，部署和维护成本更低。",
    "该方法在{site}的前期测试中运行稳定，相关成果已申请发明专利。",
    "项目组对国内外同类技术进行了系统调研，在此基础上结合本地场景特点进行了针对性改进。",
    "为降低对大量人工标注的依赖，项目采用半自动标注与主动学习相结合的方式，优先标注对模型提升最大的样本。",
    "该技术路线已在公开数据集和合作单位的真实数据上完成对比验证，效果优于项目组评估过的其他候选方案。",
    "项目组与{partner}就这一方向开展联合研究，双方在算法设计和现场验证上分工协作。",
    "在方案选型阶段，项目组比较了三种主流技术路线，综合考虑精度、算力成本和可维护性后确定了当前方案。",
    "相关核心代码由项目组自主开发，具备完整的自主知识产权。",
    "考虑到各示范点现场条件的差异，该模块预留了参数配置接口，可根据实际情况进行调整。",
)

_TECH_IMPL = (
    "在实现上，系统采用模块化设计，{tech}模块通过标准接口与数据接入、业务应用等模块解耦，便于独立升级和替换。",
    "模型训练采用“离线训练、在线评估、灰度发布”的流程，每一个版本上线前均须通过回归测试集的验证。",
    "为保证结果的可解释性，系统对每一次判断记录输入数据摘要、模型版本和置信度，供业务人员复核。",
    "针对数据分布随时间漂移的问题，平台定期抽样复核，并将新样本纳入再训练，形成数据闭环。",
    "关键参数和判定阈值均可由管理人员在界面中调整，所有调整自动留痕，便于追溯。",
    "对于置信度较低的结果，系统不直接给出结论，而是提交人工确认，确保关键决策由人作出。",
    "系统为该模块设计了完整的监控指标，包括处理时延、吞吐量和结果分布，便于运维人员及时发现异常。",
    "在工程实现中，项目组对关键路径进行了性能分析和优化，保证在高峰负载下仍能满足实时性要求。",
    "模块的全部输入输出均有版本化的接口定义，便于与第三方系统集成。",
    "上线前，项目组将在{site}组织不少于一个月的并行试运行，对比新旧方式的结果差异。",
    "测试阶段，项目组将构建覆盖典型场景和极端场景的测试集，对模块的准确性和稳定性进行全面评估。",
    "为避免单点故障，该模块支持多实例部署，任一实例异常时任务可自动迁移。",
)

_DATA = (
    "项目使用的数据主要包括{data_list}。",
    "数据采集和使用严格遵守《中华人民共和国数据安全法》《中华人民共和国个人信息保护法》等法律法规，"
    "涉及个人信息和商业秘密的数据在使用前均经过授权和去标识化处理。",
    "项目建立了数据分级分类管理制度，对原始数据、标注数据和模型数据分别设定访问权限，"
    "数据的导出和共享须经审批并留存记录。",
    "样本标注由经过培训的标注人员完成，并由领域专家按不低于百分之十的比例抽检，"
    "标注一致性不达标的批次全部返工。",
    "训练集、验证集和测试集按时间和地点严格划分，避免数据泄漏导致的评估结果虚高。",
)

_DEPLOY = (
    "模型部署采用云边协同方式：训练和大规模评估在平台侧完成，推理任务根据时延要求分配到边缘节点或平台侧。",
    "为适应边缘设备的算力限制，项目对模型进行剪枝、量化和蒸馏等压缩处理，"
    "在精度损失不超过一个百分点的前提下显著降低计算量。",
    "系统支持国产操作系统和国产人工智能加速卡，关键组件具备自主可控能力。",
    "上线后，平台持续监测模型的准确率、时延和资源占用，指标异常时自动告警并可一键回退到上一版本。",
)

_SECURITY = (
    "系统按照网络安全等级保护第三级的要求进行设计，在网络边界部署防火墙和入侵检测设备。",
    "所有数据传输采用加密通道，存储数据按敏感程度加密保存，密钥由专门的密钥管理模块统一管理。",
    "系统对用户实行基于角色的访问控制，重要操作需要二次确认，全部操作记录日志并定期审计。",
    "项目制定了完善的应急预案，关键服务采用双机热备，数据每日增量备份、每周全量备份，"
    "备份数据异地保存。",
    "针对人工智能模型可能存在的偏差和误判，项目建立了人工复核和申诉机制，并定期开展模型公平性和鲁棒性评估。",
)

_INNOVATION = (
    "一是场景创新。项目首次在{scenario}中实现了人工智能技术的规模化应用，形成了从数据采集到业务闭环的完整方案。",
    "二是技术创新。项目在{tech0}和{tech1}方面取得突破，关键指标达到国内先进水平。",
    "三是模式创新。项目采用“技术提供方＋应用单位＋科研机构”协同推进的模式，"
    "由应用单位提出真实需求、科研机构提供理论支撑、企业负责工程化落地，缩短了技术转化周期。",
)

_STANDARDS = (
    "项目实施过程中，将参照人工智能、数据安全和行业信息化等相关国家标准和行业标准开展设计与测试，"
    "并在项目成果基础上积极参与团体标准的制定。",
    "项目计划形成技术规范两项、测试方法一项，为同类项目的建设和验收提供参考。",
)

_SOCIAL = (
    "项目的实施将显著改善{scenario}的效率和质量，减轻一线人员的重复性劳动，"
    "使其能够把精力集中在更需要经验和判断的工作上。",
    "项目形成的数据资源、模型和工具将以适当方式向行业开放，带动本地上下游企业共同发展，"
    "助力我市人工智能产业集聚。",
    "项目将培养一批既懂人工智能技术又熟悉{category}业务的复合型人才，为行业持续发展提供人才支撑。",
    "通过在{site}的示范应用，项目将形成可复制、可推广的应用样板，为全市同类场景提供借鉴。",
)

_PROMOTION = (
    "项目完成后，{short}将依托现有客户网络，优先在本市同类单位推广应用，计划三年内推广至省内主要城市。",
    "推广采用“标准产品＋定制服务”的方式，标准化模块可直接复用，个性化需求通过配置和少量二次开发满足，"
    "降低用户的使用门槛。",
    "在推广过程中，{short}将持续收集用户反馈，迭代优化产品，形成良性循环。",
)

_RISKS = (
    ("技术风险", "部分关键技术在复杂现场环境下的稳定性仍需验证。应对措施：在示范初期设置并行运行期，"
                 "新旧方式同时运行、结果互相校验，待指标稳定达标后再全面切换。"),
    ("数据风险", "数据质量和数量可能不及预期。应对措施：提前与合作单位签订数据共享协议，"
                 "建立数据质量评估机制，必要时采用数据增强和迁移学习弥补样本不足。"),
    ("实施风险", "示范现场的生产任务可能影响施工和调试进度。应对措施：与应用单位共同制定施工窗口，"
                 "关键节点预留缓冲时间，并建立周例会制度及时协调。"),
    ("资金风险", "自筹资金需按计划及时到位。应对措施：申报单位已将项目资金纳入年度预算，"
                 "由财务部门设立专账、专款专用。"),
)

_COMPANY = (
    "{applicant}成立于{founded}，注册资本{capital}万元，注册地址位于{address}，"
    "是一家专注于{category}领域人工智能技术研发与应用的企业。",
    "公司现有职工{staff}人，其中研发人员{rd}人，占职工总数的{rd_share}；"
    "拥有发明专利{patents}项、软件著作权{software}项。",
    "公司先后获得{qualifications}等资质和荣誉，"
    "2025年实现营业收入{revenue}万元，研发投入{rd_spend}万元，研发投入占营业收入的比重为{rd_ratio}。",
    "公司建有独立的研发中心和测试实验室，与高校、科研院所保持长期合作，形成了产学研协同的创新体系。",
)

_PROMISE = (
    "本单位郑重承诺：",
    "一、本次申报所提交的全部材料（含附件）真实、准确、完整，不存在虚假记载、误导性陈述或重大遗漏。",
    "二、本项目不存在知识产权纠纷，项目内容未以同一内容重复申报其他同类市级财政资金支持。",
    "三、本单位近三年无严重失信行为，未被列入失信被执行人名单和严重违法失信企业名单。",
    "四、如获支持，本单位将严格按照有关规定使用奖励资金，主动接受相关部门的监督检查和绩效评价。",
    "五、如有违反上述承诺的行为，本单位愿意承担相应的法律责任。",
)


# ---------------------------------------------------------------------------
# The application form (申报书)
# ---------------------------------------------------------------------------


class _Writer:
    """Builds the story of one dossier's PDFs from its data and seeded choices."""

    def __init__(self, dossier: DemoDossier, part: str) -> None:
        self.d = dossier
        self.s = _Styles()
        self.rng = random.Random(f"{dossier.number}|{part}")
        self.story: list[Flowable] = []
        self._h1 = 0
        self._h2 = 0
        self._table_no = 0
        self._experts = [e.name for e in DEMO_EXPERTS]
        self._decks: dict[int, list[str]] = {}

    # -- building blocks ------------------------------------------------------

    def fields(self, **extra: object) -> dict[str, object]:
        d = self.d
        f = d.figures
        techs = [t[0] for t in d.technologies] or [d.title]
        revenue = f["2025年营业收入（万元）"]
        values: dict[str, object] = {
            "applicant": d.applicant,
            "short": d.short_name or d.applicant,
            "title": d.title,
            "category": d.category,
            "scenario": d.scenario or d.category,
            "founded": d.founded,
            "address": d.address,
            "capital": _count(f["注册资本（万元）"]),
            "staff": _count(f["职工总数（人）"]),
            "rd": _count(f["研发人员（人）"]),
            "rd_share": f"{f['研发人员（人）'] / f['职工总数（人）'] * 100:.1f}%",
            "patents": _count(f["发明专利（项）"]),
            "software": _count(f["软件著作权（项）"]),
            "qualifications": "、".join(d.qualifications) or "科技型中小企业",
            "revenue": _money(revenue),
            "rd_spend": _money(f["2025年研发投入（万元）"]),
            "rd_ratio": f"{f['2025年研发投入（万元）'] / revenue * 100:.1f}%",
            "data0": d.data_sources[0] if d.data_sources else "业务数据",
            "data1": d.data_sources[1] if len(d.data_sources) > 1 else "业务系统数据",
            "data_list": "；".join(d.data_sources) or "业务数据",
            "tech_list": "、".join(techs),
            "tech0": techs[0],
            "tech1": techs[1 % len(techs)],
            "site": d.sites[0] if d.sites else "示范单位",
            "pain": d.pain_points[0] if d.pain_points else d.scenario,
            "partner": d.partners[0] if d.partners else "合作单位",
        }
        values.update(extra)
        return values

    def text(self, template: str, **extra: object) -> str:
        return template.format(**self.fields(**extra))

    def para(self, text: str, style: ParagraphStyle | None = None) -> None:
        self.story.append(Paragraph(_esc(text), style or self.s.body))

    def paras(self, templates: Sequence[str], **extra: object) -> None:
        for template in templates:
            self.para(self.text(template, **extra))

    def prose(self, pool: Sequence[str], count: int, **extra: object) -> str:
        """``count`` sentences from ``pool`` in a seeded order, as one paragraph.

        Sentences are dealt like cards: a pool used several times in one
        document repeats a sentence only after all of them have been used.
        """
        deck = self._decks.setdefault(id(pool), [])
        chosen: list[str] = []
        while len(chosen) < min(count, len(pool)):
            if not deck:
                rest = [t for t in pool if t not in chosen]
                deck.extend(self.rng.sample(rest, k=len(rest)))
            chosen.append(deck.pop())
        return "".join(self.text(t, **extra) for t in chosen)

    def chapter(self, title: str) -> None:
        self._h1 += 1
        self._h2 = 0
        text = f"{_cn_number(self._h1)}、{title}"
        self.story.append(CondPageBreak(6 * cm))
        self.story.append(_Heading(_esc(text), self.s.h1, 0, outline=text, in_toc=True))

    def section(self, title: str) -> None:
        self._h2 += 1
        text = f"（{_cn_number(self._h2)}）{title}"
        self.story.append(CondPageBreak(3.5 * cm))
        self.story.append(_Heading(_esc(text), self.s.h2, 1, outline=text, in_toc=True))

    def table(
        self,
        caption: str | None,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        aligns: Sequence[str] | None = None,
        label_column: bool = False,
    ) -> None:
        """A ruled table; ``widths`` are fractions of the text width."""
        styles = {"l": self.s.cell, "c": self.s.cell_center, "r": self.s.cell_right}
        aligns = aligns or ["l"] * len(widths)
        data: list[list[Any]] = []
        if header:
            data.append([Paragraph(_esc(h), self.s.cell_head) for h in header])
        for row in rows:
            cells: list[Any] = []
            for i, value in enumerate(row):
                style = self.s.cell_head if label_column and i % 2 == 0 and len(widths) in (2, 4) else styles[aligns[i]]
                cells.append(Paragraph(_esc(value), style))
            data.append(cells)
        width = PAGE_WIDTH - 2 * _MARGIN_X
        table = Table(data, colWidths=[w * width for w in widths], repeatRows=1 if header else 0)
        commands: list[tuple[Any, ...]] = [
            *_TABLE_FONT,
            ("GRID", (0, 0), (-1, -1), 0.5, _RULE),
            ("BOX", (0, 0), (-1, -1), 1.0, _INK),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), _HEAD_FILL))
        if label_column:
            for col in range(0, len(widths), 2):
                commands.append(("BACKGROUND", (col, 0), (col, -1), _HEAD_FILL))
        table.setStyle(TableStyle(commands))
        # A short table stays in one piece and, through keepWithNext on the
        # heading and caption before it, on the page of its heading; a
        # KeepTogether wrapper would defeat keepWithNext, so none is used.
        if caption:
            self._table_no += 1
            self.story.append(Paragraph(_esc(f"表{self._table_no}  {caption}"), self.s.caption))
        if len(rows) <= 12:
            self.story.append(_Unsplittable(table))
        else:
            self.story.append(table)
        self.story.append(Spacer(1, 8))

    # -- the application form -------------------------------------------------

    def cover(self) -> None:
        d, s = self.d, self.s
        self.story.append(_OutlineMark("封面"))
        self.story.append(Spacer(1, 1.2 * cm))
        self.story.append(Paragraph(_esc(f"申报编号：{d.number}"), ParagraphStyle(
            "cover_no", parent=s.cover_value, fontSize=11, alignment=TA_RIGHT)))
        self.story.append(Spacer(1, 2.2 * cm))
        self.story.append(Paragraph(_esc("济南市人工智能创新应用示范项目"), s.cover_programme))
        self.story.append(Spacer(1, 0.8 * cm))
        self.story.append(Paragraph("申&nbsp;&nbsp;报&nbsp;&nbsp;书", s.cover_title))
        self.story.append(Spacer(1, 3.0 * cm))
        rows = [
            ("项目名称：", d.title),
            ("申报单位：", f"{d.applicant}（盖章）"),
            ("申报类别：", d.category),
            ("申报级别：", d.level),
            ("联 系 人：", d.contact),
            ("申报日期：", DEMO_ROUND.application_date),
        ]
        width = PAGE_WIDTH - 2 * _MARGIN_X
        data = [[Paragraph(_esc(a), s.cover_label), Paragraph(_esc(b), s.cover_value)] for a, b in rows]
        table = Table(data, colWidths=[0.24 * width, 0.64 * width], hAlign="CENTER")
        table.setStyle(TableStyle([
            *_TABLE_FONT,
            ("LINEBELOW", (1, 0), (1, -1), 0.7, _INK),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        self.story.append(table)
        self.story.append(Spacer(1, 2.2 * cm))
        self.story.append(Paragraph(_esc("济南市人工智能创新应用示范项目评审委员会秘书处　印制"), ParagraphStyle(
            "cover_issuer", parent=s.cover_value, fontSize=12, alignment=TA_CENTER)))
        self.story.append(Paragraph(_esc("二〇二六年三月"), ParagraphStyle(
            "cover_year", parent=s.cover_value, fontSize=12, alignment=TA_CENTER)))
        self.story.append(Spacer(1, 1.0 * cm))
        self.story.append(Paragraph(_esc("本材料为“专家评审工作站”演示用虚构数据，单位、人物与数字均为虚构。"), s.cover_note))
        self.story.append(NextPageTemplate("content"))
        self.story.append(PageBreak())

    def promise(self) -> None:
        s = self.s
        self.story.append(_Heading("申报单位承诺书", s.letter_title, 0))
        for i, line in enumerate(_PROMISE):
            self.story.append(Paragraph(_esc(line), s.letter if i else s.letter_plain))
        self.story.append(Spacer(1, 1.2 * cm))
        self.para(f"法定代表人（签字）：{'　' * 8}", s.letter_sign)
        self.para(f"申报单位（盖章）：{self.d.applicant}", s.letter_sign)
        self.para(DEMO_ROUND.application_date, s.letter_sign)
        self.story.append(PageBreak())

    def company(self) -> None:
        d, f = self.d, self.d.figures
        self.chapter("申报单位基本情况")
        self.section("单位概况")
        rows = [
            ("单位名称", d.applicant, "统一社会信用代码", d.credit_code),
            ("法定代表人", d.legal_rep, "成立时间", d.founded),
            ("注册资本", f"{_count(f['注册资本（万元）'])}万元", "企业类型", "有限责任公司"),
            ("注册地址", d.address, "所属领域", d.category),
            ("职工总数", f"{_count(f['职工总数（人）'])}人", "研发人员", f"{_count(f['研发人员（人）'])}人"),
            ("发明专利", f"{_count(f['发明专利（项）'])}项", "软件著作权", f"{_count(f['软件著作权（项）'])}项"),
            ("资质荣誉", "、".join(d.qualifications), "项目联系人", d.contact),
        ]
        self.table("申报单位基本信息", None, rows, (0.16, 0.31, 0.21, 0.32), label_column=True)
        self.para(self.text(_COMPANY[0]) + self.text(_COMPANY[1]))
        self.para(self.text(_COMPANY[2]) + self.text(_COMPANY[3]))
        self.section("近三年经营情况")
        years = ("2023", "2024", "2025")
        revenue = [f[f"{y}年营业收入（万元）"] for y in years]
        growth = (revenue[2] / revenue[0]) ** Decimal("0.5") - 1
        self.para(
            f"{d.short_name}近三年经营状况良好，营业收入由2023年的{_money(revenue[0])}万元增长到2025年的"
            f"{_money(revenue[2])}万元，年均增长{growth * 100:.1f}%。2025年实现净利润"
            f"{_money(f['2025年净利润（万元）'])}万元，纳税{_money(f['2025年纳税总额（万元）'])}万元。"
        )
        profit = f["2025年净利润（万元）"]
        rd = f["2025年研发投入（万元）"]
        tax = f["2025年纳税总额（万元）"]
        rows2 = [
            ("营业收入", *(_money(v) for v in revenue)),
            ("研发投入", _money(rd * revenue[0] / revenue[2] * Decimal("0.92")),
             _money(rd * revenue[1] / revenue[2] * Decimal("0.96")), _money(rd)),
            ("净利润", _money(profit * Decimal("0.71")), _money(profit * Decimal("0.86")), _money(profit)),
            ("纳税总额", _money(tax * Decimal("0.78")), _money(tax * Decimal("0.9")), _money(tax)),
            ("研发人员（人）", _count(f["研发人员（人）"] * Decimal("0.8")),
             _count(f["研发人员（人）"] * Decimal("0.9")), _count(f["研发人员（人）"])),
        ]
        self.table("近三年主要经营指标（单位：万元）", ("指标", "2023年", "2024年", "2025年"), rows2,
                   (0.31, 0.23, 0.23, 0.23), ("l", "r", "r", "r"))

    def overview(self) -> None:
        d, f = self.d, self.d.figures
        self.chapter("项目概述")
        self.section("项目背景")
        self.para(self.prose(_BACKGROUND, 3))
        self.para(self.text(self.rng.choice(_BACKGROUND_CLOSE)))
        self.section("需求分析")
        self.para(f"经过对{d.scenario}的深入调研，项目组梳理出当前存在的主要问题：")
        for i, pain in enumerate(d.pain_points, start=1):
            self.story.append(Paragraph(_esc(f"{pain}。"), self.s.bullet, bulletText=f"{i}."))
        self.para(
            "上述问题依靠增加人力或改进传统信息化手段难以根本解决，"
            "需要引入人工智能技术，从“人找问题”转变为“系统发现问题、人作决策”。"
        )
        self.section("建设目标")
        self.para(d.summary)
        goals = "；".join(f"{name}{_target_phrase(target)}" for name, _, target in d.kpis)
        self.para(f"项目完成后，预计实现以下目标：{goals}。")
        self.section("主要建设内容")
        for i, (tech, desc) in enumerate(d.technologies, start=1):
            self.story.append(Paragraph(_esc(f"{tech}：{desc}。"), self.s.bullet, bulletText=f"{i}."))
        rows = [
            ("项目名称", d.title),
            ("建设地点", "、".join(d.sites)),
            ("建设周期", f"{_count(f['建设周期（月）'])}个月（2026年4月起）"),
            ("项目总投资", f"{_money(f['项目总投资（万元）'])}万元"),
            ("其中：设备购置", f"{_money(f['其中设备购置（万元）'])}万元"),
            ("其中：研发投入", f"{_money(f['其中研发投入（万元）'])}万元"),
            ("申请奖励", f"{_money(f['申请奖励（万元）'])}万元"),
            ("合作单位", "、".join(d.partners)),
        ]
        self.table("项目基本信息", None, rows, (0.25, 0.75), label_column=True)

    def technical(self) -> None:
        d = self.d
        self.chapter("技术方案")
        self.section("总体架构")
        self.para(
            f"项目按照“统一平台、分层解耦、云边协同”的原则进行总体设计，系统自下而上分为"
            f"{'、'.join(name for name, _ in _ARCH_LAYERS)}四个层次，各层之间通过标准接口交互。"
        )
        for name, sentences in _ARCH_LAYERS:
            self.para(f"{name}。" + "".join(self.text(t) for t in sentences))
        self.story.append(_ArchitectureDiagram(self.d))
        self.story.append(Paragraph(_esc("图1  系统总体架构"), self.s.caption))
        self.section("关键技术")
        for i, (tech, desc) in enumerate(d.technologies, start=1):
            self.story.append(CondPageBreak(3 * cm))
            self.story.append(_Heading(_esc(f"{i}. {tech}"), ParagraphStyle(
                "h3", parent=self.s.body, firstLineIndent=0, fontName=FONT_NAME_BOLD, spaceBefore=4, keepWithNext=1), 2,
                outline=tech))
            site = d.sites[(i - 1) % len(d.sites)] if d.sites else "示范单位"
            opening = self.prose(_TECH_OPEN, 1, tech=tech, desc=desc, site=site)
            self.para(opening + self.prose(_TECH_MORE, 2, tech=tech, site=site))
            self.para(self.prose(_TECH_IMPL, 3, tech=tech, site=site))
            if d.kpis:
                name, base, target = d.kpis[(i - 1) % len(d.kpis)]
                self.para(
                    f"通过上述设计，预计{name}{_target_phrase(target)}"
                    + (f"（现状：{base}）" if base not in ("—", "基准值") else "")
                    + "，该指标将在示范阶段由第三方检测机构进行测试确认。"
                )
        self.section("数据资源与治理")
        self.para(self.text(_DATA[0]) + self.text(_DATA[1]))
        self.para(self.prose(_DATA[2:], 3))
        self.section("模型训练与部署")
        self.para(self.prose(_DEPLOY, 4))
        self.section("安全与可靠性")
        security = self.rng.sample(list(_SECURITY), k=len(_SECURITY))
        self.para("".join(self.text(t) for t in security[:3]))
        self.para("".join(self.text(t) for t in security[3:]))
        self.section("创新点")
        self.paras(_INNOVATION)
        self.section("技术指标")
        self.para("项目主要技术指标及测试方法如下表所示。")
        methods = ("现场测试，连续运行30天统计", "第三方检测机构抽样测试", "系统日志统计", "与基准期数据对比")
        rows = [(i, name, base, target, methods[(i - 1) % len(methods)])
                for i, (name, base, target) in enumerate(d.kpis, start=1)]
        self.table("主要技术指标", ("序号", "指标名称", "现有水平", "项目目标", "测试方法"), rows,
                   (0.08, 0.28, 0.19, 0.17, 0.28), ("c", "l", "c", "c", "l"))
        self.para(self.prose(_STANDARDS, 2))

    def benefits(self) -> None:
        d, f = self.d, self.d.figures
        self.chapter("经济社会效益")
        self.section("经济效益")
        output, tax = f["预计新增产值（万元）"], f["预计新增利税（万元）"]
        self.para(
            f"项目建成后，预计三年内累计新增产值{_money(output)}万元，新增利税{_money(tax)}万元，"
            f"带动就业{_count(f['带动就业（人）'])}人。测算依据为申报单位现有同类产品的销售价格和成本结构，"
            "以及示范单位提供的成本节约数据，测算过程总体审慎。"
        )
        shares = (Decimal("0.22"), Decimal("0.33"), Decimal("0.45"))
        jobs = f["带动就业（人）"]
        rows = []
        for year, share in zip(("2026", "2027", "2028"), shares):
            rows.append((f"{year}年", _money(output * share), _money(tax * share),
                         _money(output * share * Decimal("0.12")), _count(jobs * share)))
        rows.append(("合计", _money(output), _money(tax), _money(output * Decimal("0.12")), _count(jobs)))
        self.table("项目经济效益测算（单位：万元）", ("年度", "新增产值", "新增利税", "用户节约成本", "带动就业（人）"),
                   rows, (0.16, 0.21, 0.21, 0.21, 0.21), ("c", "r", "r", "r", "r"))
        investment = f["项目总投资（万元）"]
        payback = investment / (tax / 3) if tax else Decimal(0)
        self.para(
            f"按项目总投资{_money(investment)}万元计算，静态投资回收期约{payback:.1f}年，"
            "项目具有较好的经济可行性。"
        )
        self.section("社会效益")
        social = self.rng.sample(list(_SOCIAL), k=len(_SOCIAL))
        self.para("".join(self.text(t) for t in social[:2]))
        self.para("".join(self.text(t) for t in social[2:]))
        self.section("推广前景")
        self.para(self.prose(_PROMOTION, 3))

    def schedule(self) -> None:
        d, f = self.d, self.d.figures
        self.chapter("实施计划")
        self.section("进度安排")
        months = int(f["建设周期（月）"])
        phases = (
            ("需求调研与方案设计", Decimal("0.12"), "完成现场调研，形成需求规格说明和详细设计方案", "设计方案评审通过"),
            ("关键技术研发", Decimal("0.33"), "完成" + "、".join(t[0] for t in d.technologies[:2]) + "等关键技术研发",
             "核心算法通过内部测试"),
            ("系统集成与测试", Decimal("0.18"), "完成平台集成、接口联调和性能测试", "系统测试报告"),
            ("示范部署与试运行", Decimal("0.25"), f"在{'、'.join(d.sites)}部署并试运行", "试运行报告、用户意见"),
            ("总结验收", Decimal("0.12"), "完成第三方测试、资料归档和项目验收", "验收报告"),
        )
        start = 0
        rows = []
        for i, (name, share, task, milestone) in enumerate(phases, start=1):
            length = max(1, int((share * months).to_integral_value())) if i < len(phases) else months - start
            first, last = start, start + length - 1
            rows.append((i, name, f"{_month_label(first)}至{_month_label(last)}", task, milestone))
            start += length
        self.table("项目进度安排", ("序号", "阶段", "起止时间", "主要任务", "里程碑/交付物"), rows,
                   (0.07, 0.18, 0.22, 0.32, 0.21), ("c", "l", "c", "l", "l"))
        self.section("项目团队")
        self.para(
            f"项目组由{d.short_name}技术骨干和合作单位专家组成，项目负责人具有十年以上相关领域研发和项目管理经验。"
            f"合作单位{'、'.join(d.partners)}在项目中分别承担技术咨询、场景提供和测试验证等工作。"
        )
        roles = (("项目负责人", "正高级工程师", "总体负责"), ("技术负责人", "高级工程师", "技术路线与算法研发"),
                 ("算法工程师", "工程师", "模型训练与优化"), ("软件工程师", "高级工程师", "平台开发与集成"),
                 ("数据工程师", "工程师", "数据治理与标注管理"), ("测试工程师", "工程师", "测试与质量保证"),
                 ("实施工程师", "助理工程师", "现场部署与运维"))
        leader = d.contact.split("（")[0]
        names = [leader] + [_person(self.rng, self._experts + [leader]) for _ in roles[1:]]
        degrees = ("博士", "硕士", "硕士", "本科", "硕士", "本科", "本科")
        rows2 = [(i, n, r[0], r[1], degrees[i - 1], r[2]) for i, (n, r) in enumerate(zip(names, roles), start=1)]
        self.table("项目主要成员", ("序号", "姓名", "项目职务", "职称", "学历", "分工"), rows2,
                   (0.08, 0.14, 0.18, 0.18, 0.12, 0.30), ("c", "c", "c", "c", "c", "l"))
        self.section("资金使用计划")
        investment = f["项目总投资（万元）"]
        equipment = f["其中设备购置（万元）"]
        rd = f["其中研发投入（万元）"]
        other = investment - equipment - rd
        award = f["申请奖励（万元）"]
        budget = (
            ("设备购置费", equipment, "边缘计算设备、传感器、服务器等"),
            ("研发人员费用", rd * Decimal("0.62"), "项目研发人员工资及社保"),
            ("材料与测试费", rd * Decimal("0.23"), "数据标注、第三方测试、试验材料"),
            ("技术合作费", rd * Decimal("0.15"), "合作单位技术咨询与联合研发"),
            ("部署实施及其他", other, "现场施工、差旅、知识产权等"),
        )
        rows3 = [(name, _money(v), f"{v / investment * 100:.1f}%", note) for name, v, note in budget]
        rows3.append(("合计", _money(investment), "100.0%", f"其中申请奖励{_money(award)}万元，其余自筹"))
        self.table("资金使用计划（单位：万元）", ("科目", "金额", "占比", "说明"), rows3,
                   (0.22, 0.16, 0.12, 0.50), ("l", "r", "r", "l"))
        self.section("风险分析与应对")
        for name, text in _RISKS:
            self.para(f"{name}。{text}")
        self.section("保障措施")
        self.para(
            f"{d.short_name}成立以法定代表人{d.legal_rep}为组长的项目领导小组，统筹协调项目实施中的重大事项；"
            "设立项目办公室，负责日常管理、进度跟踪和质量控制。项目实行月度报告制度，"
            "重大变更须经领导小组审议并报主管部门备案。"
        )

    def contents(self) -> None:
        """目录 with page numbers (resolved by multiBuild)."""
        s = self.s
        self.story.append(_Heading("目&nbsp;&nbsp;&nbsp;&nbsp;录", s.letter_title, 0, outline="目录"))
        toc = TableOfContents(
            dotsMinLevel=0,
            tableStyle=TableStyle([
                *_TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]),
        )
        toc.levelStyles = [
            ParagraphStyle("toc0", parent=s.body, firstLineIndent=0, fontSize=11.5, leading=19,
                           fontName=FONT_NAME_BOLD, spaceBefore=3, spaceAfter=0),
            ParagraphStyle("toc1", parent=s.body, firstLineIndent=0, leftIndent=24, fontSize=10.5, leading=16.5,
                           spaceAfter=0),
        ]
        self.story.append(toc)
        self.story.append(PageBreak())

    def application(self) -> list[Flowable]:
        self.cover()
        self.promise()
        self.contents()
        self.company()
        self.overview()
        self.technical()
        self.benefits()
        self.schedule()
        return self.story

    # -- the attachment file --------------------------------------------------

    def attachments(self) -> list[Flowable]:
        d, f, s = self.d, self.d.figures, self.s
        self.story.append(_OutlineMark("封面"))
        self.story.append(Spacer(1, 5 * cm))
        self.story.append(Paragraph(_esc("济南市人工智能创新应用示范项目"), s.cover_programme))
        self.story.append(Spacer(1, 0.8 * cm))
        self.story.append(Paragraph("申&nbsp;报&nbsp;书&nbsp;附&nbsp;件", s.cover_title))
        self.story.append(Spacer(1, 2.5 * cm))
        for line in (f"项目名称：{d.title}", f"申报单位：{d.applicant}", f"申报编号：{d.number}"):
            self.story.append(Paragraph(_esc(line), ParagraphStyle("att_cover", parent=s.cover_value,
                                                                    alignment=TA_CENTER, leading=26)))
        self.story.append(Spacer(1, 2 * cm))
        contents = ("附件1  营业执照信息", "附件2  知识产权清单", "附件3  合作协议摘要", "附件4  支持函")
        for line in contents:
            self.story.append(Paragraph(_esc(line), ParagraphStyle("att_toc", parent=s.cover_value,
                                                                    alignment=TA_CENTER, fontSize=12)))
        self.story.append(Spacer(1, 1.5 * cm))
        self.story.append(Paragraph(_esc("本材料为“专家评审工作站”演示用虚构数据，单位、人物与数字均为虚构。"), s.cover_note))
        self.story.append(NextPageTemplate("content"))
        self.story.append(PageBreak())

        self.story.append(_Heading(_esc("附件1  营业执照信息"), s.h1, 0))
        rows = [
            ("名称", d.applicant),
            ("统一社会信用代码", d.credit_code),
            ("类型", "有限责任公司（自然人投资或控股）"),
            ("法定代表人", d.legal_rep),
            ("注册资本", f"{_count(f['注册资本（万元）'])}万元"),
            ("成立日期", d.founded),
            ("营业期限", f"{d.founded}至长期"),
            ("住所", d.address),
            ("经营范围", f"人工智能应用软件开发；人工智能行业应用系统集成服务；{d.category}相关技术开发、"
                        "技术咨询、技术服务、技术转让；信息系统集成服务；数据处理服务；"
                        "计算机软硬件及辅助设备销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"),
            ("登记机关", "济南市市场监督管理局（演示）"),
        ]
        self.table(None, None, rows, (0.25, 0.75), label_column=True)
        self.para("以上信息摘自申报单位营业执照（副本），复印件加盖单位公章后附后。", s.caption)

        self.story.append(PageBreak())
        self.story.append(_Heading(_esc("附件2  知识产权清单"), s.h1, 0))
        self.para(
            f"截至{DEMO_ROUND.application_date}，{d.applicant}共拥有发明专利{_count(f['发明专利（项）'])}项、"
            f"软件著作权{_count(f['软件著作权（项）'])}项，与本项目直接相关的知识产权如下表所示"
            "（权利人均为申报单位）。"
        )
        self.table(None, ("序号", "类型", "名称", "专利号/登记号", "授权/登记日期"), self._ip_rows(),
                   (0.075, 0.14, 0.365, 0.24, 0.18), ("c", "c", "l", "c", "c"))

        self.story.append(PageBreak())
        self.story.append(_Heading(_esc("附件3  合作协议摘要"), s.h1, 0))
        self.para(f"为保障项目顺利实施，{d.applicant}与以下单位签订了合作协议，协议主要内容摘要如下。")
        for i, partner in enumerate(d.partners, start=1):
            self.story.append(_Heading(_esc(f"{i}. 与{partner}的合作协议"), s.h2, 1, outline=partner))
            rows = [
                ("甲方", d.applicant),
                ("乙方", partner),
                ("签订日期", f"2025年{8 + i}月{10 + 3 * i}日"),
                ("合作期限", f"自签订之日起至2028年12月31日"),
                ("合作内容", _partner_role(partner) + "。"),
                ("知识产权", "合作中产生的知识产权按照各方贡献协商确定归属，背景知识产权归原权利人所有。"),
                ("保密条款", "双方对合作中获知的对方商业秘密和数据负有保密义务，保密期限为协议终止后五年。"),
            ]
            self.table(None, None, rows, (0.2, 0.8), label_column=True)

        for org in d.support_letters:
            self.story.append(PageBreak())
            self._support_letter(org)
        return self.story

    def _ip_rows(self) -> list[tuple[object, ...]]:
        d, f = self.d, self.d.figures
        techs = [t[0] for t in d.technologies] or [d.title]
        verbs = ("方法", "系统及方法", "装置", "方法、设备及存储介质")
        rows: list[tuple[object, ...]] = []
        n_patents = min(int(f["发明专利（项）"]), 8)
        for i in range(n_patents):
            tech = techs[i % len(techs)]
            year = 2020 + self.rng.randrange(5)  # granted a year later, before the application date
            serial = self.rng.randrange(1_000_000, 9_999_999)
            check = self.rng.randrange(10)
            name = f"一种基于{tech}的{d.scenario.split('的')[-1][:12]}{verbs[i % len(verbs)]}"
            rows.append((len(rows) + 1, "发明专利", name, f"ZL{year}1{serial:07d}.{check}",
                         f"{year + 1}-{1 + self.rng.randrange(12):02d}-{1 + self.rng.randrange(28):02d}"))
        n_software = min(int(f["软件著作权（项）"]), 8)
        for i in range(n_software):
            tech = techs[i % len(techs)]
            year = 2020 + self.rng.randrange(6)  # registered within the year, before the application date
            suffix = ("软件", "平台", "管理系统", "分析软件")[i % 4]
            rows.append((len(rows) + 1, "软件著作权", f"{d.short_name}{tech}{suffix}V{1 + i % 3}.0",
                         f"{year}SR{self.rng.randrange(100_000, 1_999_999):07d}",
                         f"{year}-{1 + self.rng.randrange(12):02d}-{1 + self.rng.randrange(28):02d}"))
        return rows

    def _support_letter(self, org: str) -> None:
        d, s = self.d, self.s
        self.story.append(_Heading(_esc(f"附件4  支持函（{org}）"), ParagraphStyle(
            "att_h_small", parent=s.h1, fontSize=11, textColor=_GREY), 0, outline=f"附件4  支持函：{org}"))
        self.story.append(Paragraph(_esc("支 持 函"), s.letter_title))
        self.story.append(Paragraph(_esc("济南市人工智能创新应用示范项目评审委员会："), s.letter_plain))
        body = (
            f"{d.applicant}申报的“{d.title}”项目，聚焦{d.scenario}，技术路线清晰，应用场景明确，"
            "符合我市推动人工智能与实体经济深度融合的方向。",
            f"我单位与{d.applicant}长期保持良好合作关系，对其技术实力和项目组织能力有充分了解。"
            f"{org}同意作为项目支持单位，在场景开放、数据对接、示范推广和成果评价等方面给予积极支持，"
            "并在项目实施期间指定专人负责协调。",
            "我单位认为该项目具有较好的示范价值和推广前景，特此函告，恳请予以支持。",
        )
        for line in body:
            self.story.append(Paragraph(_esc(line), s.letter))
        self.story.append(Spacer(1, 1.5 * cm))
        self.story.append(Paragraph(_esc(f"{org}（盖章）"), s.letter_sign))
        self.story.append(Paragraph(_esc("2026年3月2日"), s.letter_sign))


class _Unsplittable(Flowable):
    """Wraps a short table so it moves to the next page whole instead of splitting.

    Unlike KeepTogether it is an ordinary flowable, so a heading's
    keepWithNext still binds the heading to it.
    """

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.content.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.content.drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        return None


def _partner_role(partner: str) -> str:
    """What a partner contributes, judged from the kind of organisation its name shows."""
    if any(word in partner for word in ("大学", "学院", "研究所", "研究院", "实验室", "研究中心", "科学")):
        return "提供技术咨询与算法指导，联合开展关键技术攻关，共同培养研究生"
    if any(word in partner for word in ("平台", "标注", "检测", "评价")):
        return "参与系统测试与验证，提供数据标注和测试服务，协助制定测试规范并出具测试意见"
    return "提供应用场景和业务数据，配合开展示范部署、试运行和效果评估"


def _month_label(offset: int) -> str:
    """The month ``offset`` months after April 2026 (the fixed project start)."""
    year, month = divmod(3 + offset, 12)
    return f"{2026 + year}年{month + 1}月"


class _ArchitectureDiagram(Flowable):
    """A simple layered block diagram, the kind every 技术方案 carries."""

    def __init__(self, dossier: DemoDossier) -> None:
        super().__init__()
        self.dossier = dossier
        self.width = PAGE_WIDTH - 2 * _MARGIN_X
        self.height = 6.2 * cm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        font = register_reportlab_font()
        c = self.canv
        d = self.dossier
        techs = [t[0] for t in d.technologies] or [d.title]
        layers = (
            ("业务应用层", ("实时监测", "预警处置", "统计分析", "决策支持")),
            ("平台与模型层", tuple(_short(t, 9) for t in techs[:4])),
            ("边缘计算层", ("边缘推理终端", "本地缓存", "断网续传", "远程运维")),
            ("感知与数据接入层", ("现场感知设备", "业务系统数据", "外部开放数据", "人工标注")),
        )
        fills = ("#dce8f5", "#e3f1e0", "#f7ecd9", "#eeeeee")
        label_w = 3.2 * cm
        row_h = 1.25 * cm
        gap = 0.22 * cm
        y = self.height - row_h
        for (label, boxes), fill in zip(layers, fills):
            c.setFillColor(colors.HexColor(fill))
            c.setStrokeColor(_RULE)
            c.setLineWidth(0.6)
            c.rect(0, y, self.width, row_h, stroke=1, fill=1)
            c.setFillColor(_INK)
            c.setFont(font, 9.5)
            c.drawCentredString(label_w / 2, y + row_h / 2 - 3.5, label)
            c.line(label_w, y, label_w, y + row_h)
            inner = self.width - label_w - gap
            box_w = inner / len(boxes) - gap
            for i, text in enumerate(boxes):
                x = label_w + gap + i * (box_w + gap)
                c.setFillColor(colors.white)
                c.roundRect(x, y + 0.22 * cm, box_w, row_h - 0.44 * cm, 3, stroke=1, fill=1)
                c.setFillColor(_INK)
                c.setFont(font, 8.5 if stringWidth(text, font, 9) > box_w - 6 else 9)
                c.drawCentredString(x + box_w / 2, y + row_h / 2 - 3, text)
            y -= row_h + gap
        c.setFont(font, 8)
        c.setFillColor(_GREY)
        c.drawRightString(self.width, y + row_h + gap - 10, "安全保障体系 · 标准规范体系 · 运维管理体系贯穿各层")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def write_dossier_pdfs(dossier: DemoDossier, out_dir: Path) -> list[tuple[str, Path]]:
    """Write the dossier's application form and attachment file into ``out_dir``.

    Returns:
        ``[("申报书", path), ("附件", path)]``, the application form first, as
        the manifest format expects. Files are named after the dossier number
        and are byte-identical on every run.
    """
    out_dir = Path(out_dir)
    header = f"{DEMO_ROUND.name} · 申报书"
    form_path = out_dir / f"{dossier.number}-申报书.pdf"
    _build(
        form_path,
        _Writer(dossier, "application").application(),
        header=header,
        number=dossier.number,
        title=f"{dossier.title} 申报书",
        author=dossier.applicant,
        subject=f"{DEMO_ROUND.programme}（{dossier.category}）",
    )
    attachment_path = out_dir / f"{dossier.number}-附件.pdf"
    _build(
        attachment_path,
        _Writer(dossier, "attachments").attachments(),
        header=f"{DEMO_ROUND.name} · 附件",
        number=dossier.number,
        title=f"{dossier.title} 附件",
        author=dossier.applicant,
        subject=f"{DEMO_ROUND.programme}（{dossier.category}）",
    )
    return [("申报书", form_path), ("附件", attachment_path)]


# ---------------------------------------------------------------------------
# Synthetic benchmark documents
# ---------------------------------------------------------------------------

_SYNTHETIC_POOL: tuple[str, ...] = tuple(
    s
    for group in (_BACKGROUND, _TECH_MORE, _TECH_IMPL, _DATA[1:], _DEPLOY, _SECURITY, _STANDARDS, _PROMISE[1:])
    for s in group
    if "{" not in s
) + (
    "项目第一阶段完成了现场调研和需求分析，形成需求规格说明书一份。",
    "2025年全年完成营业收入12,486.50万元，同比增长18.3%，研发投入占比达到11.2%。",
    "系统平均响应时间为0.8秒，峰值并发用户数超过1,200人，全年可用率99.95%。",
    "测试共覆盖356个用例，发现缺陷41个，已全部修复并通过回归测试。",
)


def write_synthetic_pdf(path: Path, pages: int, seed: int) -> None:
    """Write a long Chinese document quickly, for benchmarks of import and viewing.

    Uses the canvas directly (no layout engine): about a thousand pages per
    second. Each page has a header, about forty lines of Chinese text drawn
    from a fixed sentence pool in a seeded order, a page number, and every
    fifth page a ruled table, so text extraction and rendering both have
    something real to do. The same ``(pages, seed)`` gives the same bytes.
    """
    if pages < 1:
        raise ValueError(f"页数必须至少为1，收到{pages} / pages must be at least 1, got {pages}")
    font = register_reportlab_font()
    rng = random.Random(f"synthetic|{seed}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            canvas = Canvas(handle, pagesize=A4, invariant=1, pageCompression=1, initialFontName=font)
            canvas.setTitle(f"基准测试文档（{pages}页，种子{seed}）")
            canvas.setCreator("专家评审工作站 基准测试")
            lines_per_page = 40
            line_height = 17.0
            left = 2.4 * cm
            lines = _synthetic_lines(rng, font, 10.5, PAGE_WIDTH - 2 * left)
            for page in range(1, pages + 1):
                canvas.setFont(font, 9)
                canvas.setFillColor(_GREY)
                canvas.drawString(left, PAGE_HEIGHT - 1.6 * cm, f"基准测试文档 · 种子 {seed}")
                canvas.drawRightString(PAGE_WIDTH - left, PAGE_HEIGHT - 1.6 * cm, f"第 {page} 页 / 共 {pages} 页")
                canvas.setFillColor(colors.black)
                canvas.setFont(font, 10.5)
                body_lines = lines_per_page
                if page % 5 == 0:
                    body_lines = lines_per_page - 12
                    _synthetic_table(canvas, font, rng, left, 2.2 * cm + 1.0 * cm)
                y = PAGE_HEIGHT - 2.6 * cm
                for _ in range(body_lines):
                    canvas.drawString(left, y, next(lines))
                    y -= line_height
                if page == 1:
                    canvas.bookmarkPage("p1")
                    canvas.addOutlineEntry("正文", "p1", level=0)
                canvas.showPage()
            canvas.save()
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _synthetic_lines(rng: random.Random, font: str, size: float, max_width: float) -> Iterator[str]:
    """An endless stream of text lines that fill ``max_width``, from seeded sentences."""
    widths: dict[str, float] = {}
    line: list[str] = []
    width = 0.0
    while True:
        for char in rng.choice(_SYNTHETIC_POOL):
            char_width = widths.get(char)
            if char_width is None:
                char_width = widths[char] = stringWidth(char, font, size)
            if line and width + char_width > max_width:
                yield "".join(line)
                line, width = [], 0.0
            line.append(char)
            width += char_width


def _synthetic_table(canvas: Canvas, font: str, rng: random.Random, left: float, bottom: float) -> None:
    """A small ruled table with numbers, drawn straight onto the page."""
    width = PAGE_WIDTH - 2 * left
    rows, cols = 8, 5
    row_h = 0.62 * cm
    col_w = width / cols
    canvas.saveState()
    canvas.setStrokeColor(_RULE)
    canvas.setLineWidth(0.5)
    for r in range(rows + 1):
        canvas.line(left, bottom + r * row_h, left + width, bottom + r * row_h)
    for c in range(cols + 1):
        canvas.line(left + c * col_w, bottom, left + c * col_w, bottom + rows * row_h)
    canvas.setFont(font, 9)
    heads = ("项目", "2023年", "2024年", "2025年", "增长率")
    for c, head in enumerate(heads):
        canvas.drawCentredString(left + (c + 0.5) * col_w, bottom + (rows - 1) * row_h + 5, head)
    items = ("营业收入", "研发投入", "净利润", "纳税总额", "研发人员", "发明专利", "软件著作权")
    for r, item in enumerate(items):
        y = bottom + (rows - 2 - r) * row_h + 5
        canvas.drawCentredString(left + 0.5 * col_w, y, item)
        for c in range(1, cols):
            value = f"{rng.uniform(-5, 40):.1f}%" if c == cols - 1 else f"{rng.uniform(100, 20000):,.2f}"
            canvas.drawRightString(left + (c + 1) * col_w - 6, y, value)
    canvas.restoreState()


__all__ = ["write_dossier_pdfs", "write_synthetic_pdf"]
