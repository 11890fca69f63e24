"""The demo round: a realistic committee's work, entirely fictitious.

A newcomer who starts the application with ``--demo`` should see at once what a
round looks like half-way through: twelve dossiers from the city's AI
programmes (行动计划 section 四), five experts with their conflicts, reviews
submitted and in draft, one dossier the experts disagree on and one expert who
scores everyone low. Everything here is data: the import code turns it into
database rows and :mod:`reviewer.demo_pdfs` turns it into dossier PDFs.

All companies, people, institutes, addresses and numbers are invented. Phone
numbers are masked the way published documents mask them, e-mail addresses use
the reserved ``example.com`` domain.

Everything is deterministic (no clock, no ``random`` state, no I/O): scores and
comments come from a hash of their inputs, so the demo is the same on every
machine and re-importing it changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Mapping, Sequence

from forms.model import Form

# ---------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoRound:
    """Settings of the demo round, as the secretary would enter them."""

    name: str
    form_id: str
    rule: str
    spread_limit: Decimal
    per_dossier: int
    programme: str
    #: Fixed date printed on the dossiers and used as the round's reference date.
    application_date: str


@dataclass(frozen=True)
class DemoDossier:
    """One fictitious application, with enough substance to fill a dossier PDF.

    ``figures`` holds the numbers the dossier's tables print (money in 万元,
    people in 人, counts in 项); the keys are the row labels, in Chinese.
    ``partners`` are named in 合作协议摘要, ``support_letters`` are the
    organisations that wrote a 支持函; conflict detection searches both.
    """

    number: str
    title: str
    applicant: str
    category: str
    #: The award level the application is entered at (国家级/省级/市级); for
    #: 深度融合创新项目 it decides the maximum award (100/50/30 万元).
    level: str
    summary: str
    contact: str
    partners: tuple[str, ...]
    support_letters: tuple[str, ...]
    figures: Mapping[str, Decimal]
    short_name: str = ""
    legal_rep: str = ""
    founded: str = ""
    address: str = ""
    qualifications: tuple[str, ...] = ()
    scenario: str = ""
    pain_points: tuple[str, ...] = ()
    #: (technology name, one- or two-sentence description)
    technologies: tuple[tuple[str, str], ...] = ()
    data_sources: tuple[str, ...] = ()
    #: (indicator, current level, project target)
    kpis: tuple[tuple[str, str, str], ...] = ()
    #: Where the system is (or will be) demonstrated.
    sites: tuple[str, ...] = ()

    @property
    def credit_code(self) -> str:
        """A fictitious 18-character unified social credit code (统一社会信用代码).

        Derived from the number so it is stable; the alphabet is the one real
        codes use (no I, O, S, V, Z).
        """
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        digest = hashlib.sha256(("credit|" + self.number).encode()).digest()
        tail = "".join(alphabet[b % len(alphabet)] for b in digest[:8])
        return "91370100MA" + tail


@dataclass(frozen=True)
class DemoExpert:
    """One member of the demo committee."""

    name: str
    organisation: str
    field: str
    email: str


@dataclass(frozen=True)
class DemoReview:
    """Where one assigned (dossier, expert) pair stands in the demo.

    ``status`` is ``"submitted"`` (signed and returned), ``"draft"`` (scores
    entered, not yet submitted) or ``"not_started"`` (assigned, nothing
    entered). Declared conflicts are not reviews; see
    :data:`DEMO_DECLARED_CONFLICT`.
    """

    dossier_number: str
    expert_name: str
    status: str


# ---------------------------------------------------------------------------
# The round
# ---------------------------------------------------------------------------

DEMO_ROUND = DemoRound(
    name="2026年度人工智能创新应用示范项目评审",
    form_id="ai-demo",
    rule="trimmed",
    spread_limit=Decimal(15),
    per_dossier=3,
    programme="高价值的人工智能创新应用示范项目",
    application_date="2026年3月16日",
)

# ---------------------------------------------------------------------------
# The committee
# ---------------------------------------------------------------------------

DEMO_EXPERTS: tuple[DemoExpert, ...] = (
    DemoExpert(
        name="李明哲",
        organisation="泉城大学人工智能学院",
        field="计算机视觉与机器学习",
        email="li.mingzhe@qcu.example.com",
    ),
    DemoExpert(
        name="赵雅琴",
        organisation="鹊山医学中心",
        field="医学影像与医疗人工智能",
        email="zhao.yaqin@qsmc.example.com",
    ),
    DemoExpert(
        name="周正平",
        organisation="历山科技评估咨询有限公司",
        field="技术经济与项目评估",
        email="zhou.zhengping@lishan-eval.example.com",
    ),
    DemoExpert(
        name="孙立新",
        organisation="山东泺源工程咨询有限公司",
        field="智能制造与工业互联网",
        email="sun.lixin@luoyuan-eng.example.com",
    ),
    DemoExpert(
        name="陈晓岚",
        organisation="济南华山湖数据科学研究院",
        field="金融科技与数据治理",
        email="chen.xiaolan@hshds.example.com",
    ),
)

# ---------------------------------------------------------------------------
# The dossiers
# ---------------------------------------------------------------------------


def _figures(
    *,
    capital: int,
    staff: int,
    rd_staff: int,
    revenue: tuple[int, int, int],
    profit: int,
    rd_spend: int,
    tax: int,
    investment: int,
    equipment: int,
    rd_investment: int,
    award: int,
    months: int,
    new_output: int,
    new_tax: int,
    jobs: int,
    patents: int,
    software: int,
) -> dict[str, Decimal]:
    """The figures every dossier carries, under the labels its tables print."""
    return {
        "注册资本（万元）": Decimal(capital),
        "职工总数（人）": Decimal(staff),
        "研发人员（人）": Decimal(rd_staff),
        "2023年营业收入（万元）": Decimal(revenue[0]),
        "2024年营业收入（万元）": Decimal(revenue[1]),
        "2025年营业收入（万元）": Decimal(revenue[2]),
        "2025年净利润（万元）": Decimal(profit),
        "2025年研发投入（万元）": Decimal(rd_spend),
        "2025年纳税总额（万元）": Decimal(tax),
        "项目总投资（万元）": Decimal(investment),
        "其中设备购置（万元）": Decimal(equipment),
        "其中研发投入（万元）": Decimal(rd_investment),
        "申请奖励（万元）": Decimal(award),
        "建设周期（月）": Decimal(months),
        "预计新增产值（万元）": Decimal(new_output),
        "预计新增利税（万元）": Decimal(new_tax),
        "带动就业（人）": Decimal(jobs),
        "发明专利（项）": Decimal(patents),
        "软件著作权（项）": Decimal(software),
    }


DEMO_DOSSIERS: tuple[DemoDossier, ...] = (
    DemoDossier(
        number="AI-2026-001",
        title="汽车零部件表面缺陷机器视觉智能检测示范产线",
        applicant="济南华不注智能装备有限公司",
        category="智能制造",
        level="市级",
        summary=(
            "项目面向汽车零部件冲压件与铸造件的表面质量检测，建设一条融合高分辨率线阵成像、"
            "小样本缺陷检测模型和边缘推理终端的示范产线，替代人工目检，实现划伤、凹坑、砂眼、"
            "裂纹等十二类缺陷的在线识别与分级，检出率达到99.5%以上，单件检测节拍缩短至1.2秒。"
        ),
        contact="刘振华（项目负责人） 139****2817",
        partners=("鲁中理工大学机械工程学院", "济南铸锻协同创新中心"),
        support_letters=("泉城智能制造产业联盟",),
        figures=_figures(
            capital=5000, staff=326, rd_staff=118, revenue=(14280, 16530, 18650), profit=1420,
            rd_spend=2310, tax=986, investment=2860, equipment=1320, rd_investment=1310, award=50,
            months=18, new_output=12000, new_tax=1800, jobs=85, patents=9, software=23,
        ),
        short_name="华不注智装",
        legal_rep="王德明",
        founded="2014年6月",
        address="济南市槐荫区经十西路2876号智造园3号楼",
        qualifications=("国家高新技术企业", "山东省专精特新中小企业", "山东省企业技术中心"),
        scenario="汽车零部件冲压件与铸造件的表面质量在线检测",
        pain_points=(
            "零部件表面缺陷长期依赖人工目检，检测员每班需检查四千余件，疲劳导致漏检率波动在3%至8%之间",
            "缺陷样本稀少且类别不均衡，传统规则算法对反光、油污和纹理变化十分敏感，误报率居高不下",
            "检测结果未与生产工艺数据关联，质量问题难以追溯到具体模具和工位",
        ),
        technologies=(
            ("多光谱线阵成像与自适应打光", "针对金属表面高反光的特点，采用多角度条形光源与线阵相机同步触发，在一个节拍内获取明场、暗场和偏振三种图像"),
            ("小样本缺陷检测模型", "以自监督预训练的视觉骨干网络为基础，结合缺陷合成与难例挖掘，在每类缺陷不足两百个样本的条件下完成模型训练"),
            ("边缘推理与模型压缩", "通过通道剪枝与八位量化，将检测模型部署到产线旁的边缘推理终端，单帧推理时间控制在四十毫秒以内"),
            ("质量数据追溯平台", "将每一件产品的图像、检测结论与模具编号、冲压参数关联存储，支持按批次、班组和设备追溯缺陷成因"),
        ),
        data_sources=(
            "合作企业三条冲压线近两年积累的约四十二万张标注图像",
            "产线制造执行系统中的工艺参数与设备状态数据",
        ),
        kpis=(
            ("缺陷检出率", "人工目检约94%", "≥99.5%"),
            ("误报率", "规则算法约6.8%", "≤1.5%"),
            ("单件检测节拍", "约4.5秒", "≤1.2秒"),
            ("可识别缺陷类别", "4类", "12类"),
            ("检测工位用工", "每班6人", "每班1人"),
        ),
        sites=("章丘区某汽车零部件企业冲压车间", "槐荫区某精密铸造企业后处理车间"),
    ),
    DemoDossier(
        number="AI-2026-002",
        title="基层医疗机构胸部CT影像人工智能辅助诊断平台",
        applicant="山东鹊华智医信息技术有限公司",
        category="智慧医疗",
        level="省级",
        summary=(
            "项目为社区卫生服务中心和乡镇卫生院建设胸部CT影像人工智能辅助诊断平台，提供肺结节检出、"
            "良恶性风险分层和结构化报告生成能力，通过区域影像云与上级医院远程会诊打通，"
            "缓解基层影像医师不足的问题，预计覆盖基层机构八十家，年服务检查二十万人次。"
        ),
        contact="郑晓燕（项目负责人） 138****5029",
        partners=("泰山路社区卫生服务中心", "山东省医学影像数据标注中心"),
        support_letters=("济南市基层卫生协会", "历城区医疗健康共同体"),
        figures=_figures(
            capital=3000, staff=184, rd_staff=96, revenue=(6120, 8350, 10940), profit=1160,
            rd_spend=1870, tax=612, investment=1980, equipment=460, rd_investment=1210, award=50,
            months=24, new_output=8600, new_tax=1250, jobs=60, patents=7, software=31,
        ),
        short_name="鹊华智医",
        legal_rep="孟庆华",
        founded="2017年3月",
        address="济南市高新区舜华路1500号医疗器械产业园B座",
        qualifications=("国家高新技术企业", "医疗器械软件质量管理体系认证", "山东省瞪羚企业"),
        scenario="基层医疗机构胸部CT影像的肺结节筛查与辅助诊断",
        pain_points=(
            "基层医疗机构已普遍配备CT设备，但具备胸部影像诊断能力的医师严重不足，报告往往需要等待一至三天",
            "肺结节体积小、形态多样，基层阅片漏诊率较高，早期肺癌检出率明显低于三级医院",
            "上下级医院之间影像数据标准不一，转诊和远程会诊效率低",
        ),
        technologies=(
            ("三维肺结节检测网络", "基于三维卷积与注意力机制的检测网络，对二至三十毫米结节进行定位，并对磨玻璃结节单独建模"),
            ("结节良恶性风险分层", "融合影像组学特征与深度特征，按照临床指南给出低、中、高三级风险建议并附可视化依据"),
            ("结构化报告自动生成", "依据影像报告书写规范，将检测与测量结果自动填入结构化模板，由医师确认后签发"),
            ("区域影像云与隐私保护", "采用院内前置机加密上传、去标识化处理和分级授权访问，保障患者隐私与数据安全"),
        ),
        data_sources=(
            "三家合作医院经伦理审查、去标识化处理的约三万六千例胸部CT影像",
            "经两名以上高年资医师复核的结节标注与病理随访结果",
        ),
        kpis=(
            ("肺结节检出敏感度", "基层人工阅片约82%", "≥96%"),
            ("每例平均假阳性数", "—", "≤1.0个"),
            ("报告出具时间", "1至3天", "≤30分钟"),
            ("覆盖基层机构", "12家", "80家"),
        ),
        sites=("历城区某社区卫生服务中心", "平阴县某乡镇卫生院"),
    ),
    DemoDossier(
        number="AI-2026-003",
        title="城市主干道信号灯自适应配时与拥堵预测系统",
        applicant="济南明湖智行交通科技有限公司",
        category="智慧交通",
        level="市级",
        summary=(
            "项目以路口视频和地磁检测数据为基础，构建主干道交通流短时预测模型与信号配时强化学习优化引擎，"
            "在二十个路口开展干线协调控制示范，高峰时段平均行程时间下降15%以上，停车次数下降20%以上。"
        ),
        contact="高志强（项目负责人） 137****6614",
        partners=("齐鲁交通大数据实验室", "济南道路交通规划研究所"),
        support_letters=("历下区城市管理服务中心",),
        figures=_figures(
            capital=2000, staff=142, rd_staff=71, revenue=(4860, 5720, 6930), profit=640,
            rd_spend=1130, tax=402, investment=1650, equipment=580, rd_investment=820, award=30,
            months=18, new_output=5200, new_tax=760, jobs=40, patents=5, software=19,
        ),
        short_name="明湖智行",
        legal_rep="邵建军",
        founded="2016年9月",
        address="济南市历下区解放东路3366号创新大厦12层",
        qualifications=("国家高新技术企业", "信息系统集成及服务资质三级"),
        scenario="城市主干道的信号灯配时优化与交通拥堵预测",
        pain_points=(
            "现有信号机多为固定配时或简单感应控制，难以适应早晚高峰和节假日的流量变化",
            "相邻路口缺乏协调，主干道车辆频繁停车，形成“红灯接力”",
            "交通管理部门缺少对拥堵发生和消散过程的提前预判手段",
        ),
        technologies=(
            ("多源交通流感知融合", "融合路口视频结构化数据、地磁线圈与网约车轨迹，形成分车道、分转向的实时流量与排队长度估计"),
            ("时空图神经网络短时预测", "将路网建模为时空图，对未来五至三十分钟的路段速度与流量进行滚动预测"),
            ("强化学习信号配时优化", "以行程时间和停车次数为奖励，在数字孪生仿真环境中训练配时策略，再经人工审核后下发信号机"),
        ),
        data_sources=(
            "示范片区二十个路口的视频结构化数据与地磁检测数据",
            "交通管理部门开放的历史信号配时方案与事故记录",
        ),
        kpis=(
            ("高峰平均行程时间", "基准值", "下降≥15%"),
            ("干线平均停车次数", "基准值", "下降≥20%"),
            ("15分钟流量预测误差", "约18%", "≤8%"),
            ("示范路口数量", "0个", "20个"),
        ),
        sites=("历下区经十路东段示范片区", "高新区工业南路示范片区"),
    ),
    DemoDossier(
        number="AI-2026-004",
        title="物流园区无人配送车与智能仓储协同调度示范",
        applicant="济南黄河链云物流科技有限公司",
        category="智慧物流",
        level="市级",
        summary=(
            "项目在物流园区内部署十二台低速无人配送车和一套智能仓储调度系统，实现园区分拨中心到仓库、"
            "仓库到装车区的无人化短驳，结合订单预测和库位优化算法，提升仓储周转效率，"
            "降低园区内部搬运成本30%以上。"
        ),
        contact="韩雪松（项目负责人） 136****3390",
        partners=("泉城大学人工智能学院", "济南北郊多式联运物流园运营中心"),
        support_letters=("泉城大学人工智能学院", "山东省现代物流协会"),
        figures=_figures(
            capital=4000, staff=256, rd_staff=64, revenue=(21300, 23850, 26410), profit=1510,
            rd_spend=1460, tax=1320, investment=2420, equipment=1460, rd_investment=760, award=50,
            months=18, new_output=9800, new_tax=1100, jobs=55, patents=4, software=16,
        ),
        short_name="黄河链云",
        legal_rep="田家兴",
        founded="2013年11月",
        address="济南市天桥区桑梓店物流园区纬二路88号",
        qualifications=("国家高新技术企业", "国家AAAA级物流企业"),
        scenario="物流园区内部的无人配送短驳与仓储作业调度",
        pain_points=(
            "园区内部短驳依赖人工叉车和牵引车，夜间作业人手紧张，安全事故隐患大",
            "仓储库位分配凭经验，热销商品与冷门商品混放，拣选路径长",
            "运输、仓储、装车各环节信息割裂，车辆排队等待时间长",
        ),
        technologies=(
            ("低速无人车多传感器融合定位", "融合激光雷达、视觉和差分定位，在园区复杂场景下实现厘米级定位和障碍物识别"),
            ("多车协同路径规划", "基于时间窗的多智能体路径规划算法，避免无人车在路口和装卸点发生冲突与死锁"),
            ("订单预测与库位优化", "利用历史订单训练需求预测模型，动态调整商品库位，缩短拣选路径"),
            ("园区数字孪生调度平台", "在统一的数字孪生底座上呈现车辆、库位和订单状态，支持异常告警和人工接管"),
        ),
        data_sources=(
            "园区近三年的出入库订单与车辆进出记录",
            "无人车运行产生的定位、感知与故障日志",
        ),
        kpis=(
            ("园区内部搬运成本", "基准值", "下降≥30%"),
            ("仓储拣选平均路径", "约1.8公里/班", "≤1.1公里/班"),
            ("无人车人工接管率", "—", "≤0.5次/百公里"),
            ("车辆平均排队时间", "约42分钟", "≤20分钟"),
        ),
        sites=("天桥区北郊多式联运物流园", "济阳区某电商分拨中心"),
    ),
    DemoDossier(
        number="AI-2026-005",
        title="章丘大葱病虫害智能识别与水肥一体化决策系统",
        applicant="济南龙山禾丰智慧农业有限公司",
        category="智慧农业",
        level="市级",
        summary=(
            "项目在章丘大葱主产区建设田间物联网监测网络和病虫害图像识别模型，结合土壤墒情与气象数据，"
            "给出灌溉和施肥的精准决策，示范面积三千亩，预计节水25%、减少化肥用量18%，"
            "病虫害发现时间提前五至七天。"
        ),
        contact="杜春生（项目负责人） 135****7712",
        partners=("鲁中农业科学研究所", "章丘区绣惠街道大葱种植专业合作社"),
        support_letters=("章丘区农业技术推广站",),
        figures=_figures(
            capital=1500, staff=68, rd_staff=22, revenue=(2380, 2910, 3460), profit=310,
            rd_spend=420, tax=146, investment=980, equipment=520, rd_investment=300, award=30,
            months=24, new_output=3600, new_tax=420, jobs=35, patents=3, software=11,
        ),
        short_name="龙山禾丰",
        legal_rep="杜永福",
        founded="2018年4月",
        address="济南市章丘区龙山街道农业科技园2号楼",
        qualifications=("山东省农业产业化重点龙头企业", "科技型中小企业"),
        scenario="大葱种植过程中的病虫害识别与水肥精准管理",
        pain_points=(
            "种植户主要凭经验判断病虫害，紫斑病、霜霉病等发现时往往已大面积扩散",
            "大水漫灌和过量施肥普遍，既浪费水肥资源又造成土壤板结",
            "种植数据分散在农户手中，合作社难以统一指导和溯源",
        ),
        technologies=(
            ("田间病虫害图像识别", "采集田间叶片图像，训练轻量化识别模型，可在手机端离线识别九种常见病虫害并给出防治建议"),
            ("墒情与气象融合的水肥决策模型", "融合土壤墒情传感器、气象站和作物生长阶段信息，按地块生成灌溉施肥处方"),
            ("农事数据溯源平台", "记录从播种、施肥、用药到采收的全过程数据，生成可扫码查询的溯源档案"),
        ),
        data_sources=(
            "示范区内六十个土壤墒情监测点和四套小型气象站的连续观测数据",
            "农技人员与种植户拍摄并经专家确认的约五万张病虫害图像",
        ),
        kpis=(
            ("灌溉用水量", "基准值", "下降≥25%"),
            ("化肥施用量", "基准值", "下降≥18%"),
            ("病虫害识别准确率", "—", "≥92%"),
            ("示范种植面积", "400亩", "3000亩"),
        ),
        sites=("章丘区绣惠街道大葱种植示范区", "章丘区宁家埠街道蔬菜基地"),
    ),
    DemoDossier(
        number="AI-2026-006",
        title="老旧小区燃气管网泄漏智能感知与预警平台",
        applicant="济南泺源城市大脑科技有限公司",
        category="智慧城市",
        level="市级",
        summary=(
            "项目针对老旧小区燃气管网老化问题，部署激光甲烷传感器与管网压力监测终端，"
            "构建泄漏识别与风险评估模型，实现泄漏事件分钟级发现、精准定位和分级处置，"
            "首期覆盖老旧小区一百二十个、管网长度约三百公里。"
        ),
        contact="吕文博（项目负责人） 139****0468",
        partners=("济南城市安全运行研究中心", "市中区燃气设施运维服务站"),
        support_letters=("市中区住房和城乡建设服务中心", "济南城市安全运行研究中心"),
        figures=_figures(
            capital=3000, staff=173, rd_staff=82, revenue=(5410, 6880, 8120), profit=760,
            rd_spend=1260, tax=488, investment=2150, equipment=1180, rd_investment=720, award=50,
            months=20, new_output=6400, new_tax=820, jobs=45, patents=6, software=27,
        ),
        short_name="泺源城脑",
        legal_rep="吕国栋",
        founded="2015年8月",
        address="济南市市中区英雄山路129号数字经济产业园A座",
        qualifications=("国家高新技术企业", "安全生产标准化二级企业"),
        scenario="老旧小区燃气管网的泄漏感知、定位与应急处置",
        pain_points=(
            "老旧小区燃气管线敷设年代久、腐蚀严重，泄漏隐患多且分布分散",
            "现有巡检以人工定期巡查为主，发现泄漏依赖居民报警，处置滞后",
            "管网图纸与实际走向不一致，泄漏点定位耗时长",
        ),
        technologies=(
            ("激光甲烷在线感知", "在阀井、楼道和地下空间布设低功耗激光甲烷传感器，通过窄带物联网实时回传浓度数据"),
            ("压力波动异常检测", "利用管网压力时间序列训练异常检测模型，识别微小泄漏引起的压力变化特征"),
            ("泄漏溯源定位算法", "结合管网拓扑、传感器读数和风向信息，反演泄漏源的可能位置并给出置信区间"),
            ("分级预警与联动处置", "按照风险等级自动推送工单，与燃气公司、社区网格员和应急部门联动处置"),
        ),
        data_sources=(
            "示范小区燃气管网地理信息数据与历年维修记录",
            "部署后采集的甲烷浓度、压力和环境监测数据",
        ),
        kpis=(
            ("泄漏发现时间", "数小时至数天", "≤5分钟"),
            ("泄漏定位误差", "—", "≤15米"),
            ("预警准确率", "—", "≥95%"),
            ("覆盖老旧小区", "8个", "120个"),
        ),
        sites=("市中区七里山片区老旧小区", "槐荫区道德街片区老旧小区"),
    ),
    DemoDossier(
        number="AI-2026-007",
        title="面向科技型中小企业的知识图谱信用评估与智能风控系统",
        applicant="济南舜耕数智金融服务有限公司",
        category="金融科技",
        level="市级",
        summary=(
            "项目汇聚企业工商、知识产权、招投标、纳税等多源数据，构建科技型中小企业知识图谱，"
            "形成以创新能力为核心的信用评估模型，为合作银行的科技信贷提供授信辅助和贷后预警，"
            "目标服务企业两千家，带动科技信贷投放十五亿元。"
        ),
        contact="许立伟（项目负责人） 138****9153",
        partners=("齐鲁科创信贷服务中心", "济南市中小企业融资担保服务站"),
        support_letters=("历下区科技金融服务协会",),
        figures=_figures(
            capital=5000, staff=98, rd_staff=57, revenue=(2940, 4160, 5880), profit=520,
            rd_spend=980, tax=356, investment=1560, equipment=310, rd_investment=960, award=30,
            months=18, new_output=4800, new_tax=690, jobs=30, patents=3, software=22,
        ),
        short_name="舜耕数智",
        legal_rep="许文涛",
        founded="2019年1月",
        address="济南市历下区龙奥北路1577号金融科技大厦9层",
        qualifications=("国家高新技术企业",),
        scenario="科技型中小企业的信用评估、授信辅助与贷后风险预警",
        pain_points=(
            "科技型中小企业轻资产、缺抵押，传统以财务报表为主的信用评估难以反映其创新价值",
            "银行获取企业经营数据的渠道分散，尽职调查成本高、周期长",
            "贷后管理主要依靠人工走访，风险信号发现滞后",
        ),
        technologies=(
            ("科技企业知识图谱构建", "从工商、专利、软著、招投标和人员信息中抽取实体与关系，形成覆盖企业、人员、技术和产品的知识图谱"),
            ("创新能力量化评估模型", "以研发投入、知识产权质量、团队结构和技术关联度为特征，训练可解释的创新能力评分模型"),
            ("图神经网络风险传导分析", "利用图神经网络识别担保圈、关联交易和股权穿透中的风险传导路径"),
            ("隐私计算联合建模", "与合作银行采用联邦学习方式联合建模，原始数据不出行，满足金融数据安全要求"),
        ),
        data_sources=(
            "公开的工商登记、知识产权和招投标信息",
            "经企业授权的纳税、社保与用电数据，以及合作银行的脱敏信贷样本",
        ),
        kpis=(
            ("信用评估模型区分度（KS值）", "约0.28", "≥0.42"),
            ("单户授信审查时间", "约7个工作日", "≤2个工作日"),
            ("贷后风险预警提前期", "—", "≥60天"),
            ("服务科技型中小企业", "260家", "2000家"),
        ),
        sites=("历下区某城市商业银行科技支行", "高新区科技金融服务中心"),
    ),
    DemoDossier(
        number="AI-2026-008",
        title="中小学人工智能编程课程智能评测与个性化辅导平台",
        applicant="济南稷下智学教育科技有限公司",
        category="智慧教育",
        level="市级",
        summary=(
            "项目面向中小学信息科技与人工智能课程，建设编程作业自动评测、错误诊断和个性化学习路径推荐平台，"
            "为教师提供学情分析看板，计划在三十所中小学开展应用，服务学生两万人。"
        ),
        contact="任思远（项目负责人） 137****2246",
        partners=("历城区教育科学研究中心", "济南市信息科技教研联合体"),
        support_letters=("历城区教育科学研究中心",),
        figures=_figures(
            capital=1000, staff=76, rd_staff=38, revenue=(1620, 1980, 2410), profit=180,
            rd_spend=390, tax=98, investment=760, equipment=160, rd_investment=480, award=30,
            months=12, new_output=2200, new_tax=260, jobs=25, patents=2, software=14,
        ),
        short_name="稷下智学",
        legal_rep="任国强",
        founded="2018年7月",
        address="济南市历城区华信路3号科创中心5层",
        qualifications=("科技型中小企业", "双软认证企业"),
        scenario="中小学编程课程的作业评测、错误诊断与个性化辅导",
        pain_points=(
            "编程课程作业批改工作量大，教师难以及时给出针对性反馈",
            "学生水平差异大，统一进度的课堂教学难以兼顾",
            "学校缺少对学生编程能力发展的过程性评价数据",
        ),
        technologies=(
            ("编程作业自动评测", "结合测试用例、静态分析和代码结构比对，对学生程序的正确性、规范性和效率进行自动评分"),
            ("错误诊断与提示生成", "对常见语法和逻辑错误进行分类诊断，生成循序渐进的提示，而不是直接给出答案"),
            ("知识追踪与学习路径推荐", "基于知识追踪模型估计学生对各知识点的掌握程度，推荐练习题和学习资源"),
        ),
        data_sources=(
            "试点学校近两个学期的约十二万份编程作业提交记录",
            "教研员编写并标注知识点的题库",
        ),
        kpis=(
            ("作业自动评测一致率", "—", "≥90%"),
            ("教师批改时间", "基准值", "下降≥60%"),
            ("应用学校", "4所", "30所"),
            ("服务学生", "2600人", "20000人"),
        ),
        sites=("历城区某初级中学", "历下区某小学"),
    ),
    DemoDossier(
        number="AI-2026-009",
        title="泉水景区客流预测与智能导览服务系统",
        applicant="济南泉韵数字文旅科技有限公司",
        category="文化旅游",
        level="市级",
        summary=(
            "项目面向泉水景区建设客流感知与预测模型，提供分时预约调节、拥堵预警和多语种智能导览服务，"
            "在节假日高峰期引导游客错峰游览，提升游客满意度，并为景区安全管理提供数据支撑。"
        ),
        contact="曲婉婷（项目负责人） 136****8874",
        partners=("泉水文化数字化研究中心",),
        support_letters=("泉城文旅发展促进会",),
        figures=_figures(
            capital=800, staff=54, rd_staff=21, revenue=(1180, 1460, 1720), profit=96,
            rd_spend=230, tax=62, investment=620, equipment=210, rd_investment=280, award=30,
            months=12, new_output=1500, new_tax=160, jobs=20, patents=1, software=9,
        ),
        short_name="泉韵文旅",
        legal_rep="曲长青",
        founded="2019年5月",
        address="济南市历下区泉城路180号文创大厦7层",
        qualifications=("科技型中小企业",),
        scenario="泉水景区的客流预测、拥堵预警与智能导览",
        pain_points=(
            "节假日景区客流集中，核心景点拥堵严重，存在安全隐患",
            "游客获取讲解服务的渠道有限，外地和境外游客体验不佳",
            "景区管理方缺少对客流趋势的提前研判工具",
        ),
        technologies=(
            ("客流感知与短时预测", "融合闸机、视频计数和预约数据，对各游览区未来两小时客流进行预测"),
            ("拥堵预警与游览路线推荐", "根据预测结果向游客推送错峰游览建议和替代路线"),
            ("多语种语音导览", "基于景区知识库的问答式导览，支持普通话、英语、日语和韩语"),
        ),
        data_sources=(
            "景区闸机、预约平台近三年的客流数据",
            "景区讲解词、历史文献整理形成的知识库",
        ),
        kpis=(
            ("两小时客流预测误差", "—", "≤12%"),
            ("高峰时段核心景点拥堵时长", "基准值", "下降≥30%"),
            ("导览服务语种", "1种", "4种"),
        ),
        sites=("历下区某泉水景区", "天桥区某历史文化街区"),
    ),
    DemoDossier(
        number="AI-2026-010",
        title="危险化学品仓库智能巡检机器人研发与应用",
        applicant="济南锦屏智能机器人有限公司",
        category="智能机器人",
        level="省级",
        summary=(
            "项目研制适用于危险化学品仓库的防爆型智能巡检机器人，集成气体检测、红外测温和视觉识别，"
            "实现泄漏、温度异常、包装破损和违规堆放的自动发现与报警，替代人工进入高风险区域巡检，"
            "计划在六家化工企业开展应用示范。"
        ),
        contact="秦海涛（项目负责人） 139****6350",
        partners=("鲁中理工大学自动化学院", "济南化工园区安全服务中心"),
        support_letters=("山东省危险化学品安全协会",),
        figures=_figures(
            capital=3500, staff=152, rd_staff=74, revenue=(5060, 6240, 7810), profit=830,
            rd_spend=1390, tax=512, investment=2380, equipment=860, rd_investment=1260, award=50,
            months=24, new_output=7600, new_tax=1080, jobs=50, patents=8, software=17,
        ),
        short_name="锦屏机器人",
        legal_rep="秦建华",
        founded="2015年12月",
        address="济南市历城区港兴三路1016号机器人产业园5号厂房",
        qualifications=("国家高新技术企业", "山东省专精特新中小企业", "防爆电气产品认证"),
        scenario="危险化学品仓库的无人化智能巡检",
        pain_points=(
            "危险化学品仓库巡检依赖人工，巡检人员暴露在有毒有害环境中",
            "人工巡检频次有限，夜间和节假日存在监管空档",
            "巡检记录以纸质为主，隐患整改难以闭环",
        ),
        technologies=(
            ("防爆巡检机器人本体", "采用隔爆型结构设计和本质安全型电路，满足二类防爆区域的使用要求"),
            ("多源感知与异常识别", "融合激光气体检测、红外热成像和可见光视觉，识别泄漏、温度异常、包装破损等隐患"),
            ("自主导航与充电", "基于激光雷达的定位导航，在货架之间自主巡检，电量不足时自动返回防爆充电桩"),
            ("隐患闭环管理平台", "巡检发现的隐患自动生成工单，跟踪整改过程并形成电子台账"),
        ),
        data_sources=(
            "合作企业仓库的环境监测历史数据与隐患台账",
            "机器人在试点仓库采集的约八万张可见光与红外图像",
        ),
        kpis=(
            ("隐患识别准确率", "—", "≥95%"),
            ("单次巡检覆盖率", "人工约70%", "≥98%"),
            ("巡检频次", "每日2次", "每日12次"),
            ("连续工作时间", "—", "≥8小时"),
        ),
        sites=("济南化工园区某危化品仓储企业", "莱芜区某精细化工企业原料库"),
    ),
    DemoDossier(
        number="AI-2026-011",
        title="人工智能辅助小分子药物虚拟筛选平台",
        applicant="济南玉函智药科技有限公司",
        category="生物医药",
        level="市级",
        summary=(
            "项目建设人工智能辅助的小分子药物虚拟筛选平台，集成靶点结构预测、分子生成和成药性评估模型，"
            "为本地创新药企业提供先导化合物发现服务，目标将苗头化合物发现周期从十二个月缩短至四个月。"
        ),
        contact="蒋一鸣（项目负责人） 135****4081",
        partners=("齐鲁新药筛选公共服务平台",),
        support_letters=("济南生物医药产业促进会",),
        figures=_figures(
            capital=2000, staff=46, rd_staff=35, revenue=(860, 1320, 1980), profit=-120,
            rd_spend=760, tax=54, investment=1420, equipment=480, rd_investment=880, award=30,
            months=24, new_output=2600, new_tax=300, jobs=20, patents=4, software=8,
        ),
        short_name="玉函智药",
        legal_rep="蒋振东",
        founded="2020年10月",
        address="济南市高新区新泺大街2266号生物医药孵化器C座",
        qualifications=("科技型中小企业", "济南市雏鹰企业"),
        scenario="小分子创新药研发中的先导化合物虚拟筛选",
        pain_points=(
            "传统高通量筛选成本高、周期长，中小型药企难以负担",
            "本地企业缺少计算化学与人工智能结合的研发工具",
            "实验数据分散，难以形成可复用的模型资产",
        ),
        technologies=(
            ("靶点结构预测与口袋识别", "利用蛋白质结构预测模型获得靶点三维结构，并自动识别可成药结合口袋"),
            ("生成式分子设计", "基于图生成模型按照结合口袋特征生成候选分子，并满足合成可及性约束"),
            ("成药性多任务评估", "对吸收、分布、代谢、排泄和毒性性质进行多任务预测，提前淘汰高风险分子"),
        ),
        data_sources=(
            "公开的蛋白结构与活性数据库",
            "合作企业提供的约一万两千条内部活性测试数据",
        ),
        kpis=(
            ("苗头化合物发现周期", "约12个月", "≤4个月"),
            ("虚拟筛选富集因子", "约8", "≥20"),
            ("服务创新药企业", "2家", "10家"),
        ),
        sites=("高新区某创新药企业研发中心",),
    ),
    DemoDossier(
        number="AI-2026-012",
        title="小清河流域水质智能监测与污染溯源预警系统",
        applicant="济南卧虎山环境智能科技有限公司",
        category="智慧环保",
        level="市级",
        summary=(
            "项目沿小清河干支流布设水质自动监测微站，构建水质变化预测和污染溯源模型，"
            "对超标事件进行提前预警并给出可能污染源排序，支撑环境执法与流域治理。"
        ),
        contact="彭家豪（项目负责人） 137****1507",
        partners=("济南流域生态环境研究所",),
        support_letters=("天桥区生态环境服务中心",),
        figures=_figures(
            capital=1200, staff=63, rd_staff=19, revenue=(1540, 1610, 1890), profit=70,
            rd_spend=210, tax=71, investment=880, equipment=560, rd_investment=220, award=30,
            months=18, new_output=1600, new_tax=150, jobs=15, patents=1, software=6,
        ),
        short_name="卧虎山环境",
        legal_rep="彭国庆",
        founded="2016年2月",
        address="济南市天桥区无影山中路56号环保产业大厦4层",
        qualifications=("环境监测设备运营服务能力认证",),
        scenario="河流水质的在线监测、趋势预测与污染溯源",
        pain_points=(
            "现有国控、省控断面间距大，支流和排口之间存在监测盲区",
            "超标事件多在发生后才被发现，难以及时锁定污染源",
            "监测数据与排污许可、企业生产数据未打通",
        ),
        technologies=(
            ("低成本水质监测微站", "集成多参数水质传感器和自动清洗装置，实现高锰酸盐指数、氨氮、总磷等指标的连续监测"),
            ("水质变化趋势预测", "结合上游来水、降雨和排口数据，预测未来二十四小时主要断面水质变化"),
            ("污染溯源分析", "基于河网水动力模型和监测数据反演，给出可能污染源的排序与贡献估计"),
        ),
        data_sources=(
            "流域内已有监测断面的历史水质数据",
            "排污许可信息与重点排污单位在线监测数据",
        ),
        kpis=(
            ("水质预测准确率", "—", "≥85%"),
            ("超标事件预警提前量", "—", "≥6小时"),
            ("新增监测点位", "0个", "30个"),
        ),
        sites=("小清河天桥区段", "小清河历城区段支流汇入口"),
    ),
)

# ---------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------

#: (dossier number, expert name): the expert's organisation is a partner of
#: the dossier and wrote it a support letter, so automatic detection finds it.
DEMO_PLANTED_CONFLICT: tuple[str, str] = ("AI-2026-004", "李明哲")

#: (dossier number, expert name, kind, reason): a conflict the expert declares
#: herself, invisible in the dossier text.
DEMO_DECLARED_CONFLICT: tuple[str, str, str, str] = (
    "AI-2026-002",
    "赵雅琴",
    "cooperation",
    "本人2024年曾与申报单位技术负责人共同承担省级医学影像科研课题，近三年存在合作关系，申请回避。",
)

# ---------------------------------------------------------------------------
# Assignment and progress
# ---------------------------------------------------------------------------

_ASSIGNED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AI-2026-001", ("李明哲", "赵雅琴", "周正平")),
    ("AI-2026-002", ("周正平", "孙立新", "陈晓岚")),
    ("AI-2026-003", ("李明哲", "孙立新", "陈晓岚")),
    ("AI-2026-004", ("赵雅琴", "周正平", "陈晓岚")),
    ("AI-2026-005", ("李明哲", "赵雅琴", "孙立新")),
    ("AI-2026-006", ("李明哲", "周正平", "陈晓岚")),
    ("AI-2026-007", ("赵雅琴", "周正平", "陈晓岚")),
    ("AI-2026-008", ("李明哲", "孙立新", "陈晓岚")),
    ("AI-2026-009", ("赵雅琴", "周正平", "孙立新")),
    ("AI-2026-010", ("李明哲", "赵雅琴", "孙立新")),
    ("AI-2026-011", ("周正平", "孙立新", "陈晓岚")),
    ("AI-2026-012", ("李明哲", "赵雅琴", "周正平")),
)

_NOT_SUBMITTED: Mapping[tuple[str, str], str] = {
    ("AI-2026-009", "赵雅琴"): "draft",
    ("AI-2026-011", "陈晓岚"): "draft",
    ("AI-2026-012", "周正平"): "draft",
    ("AI-2026-012", "李明哲"): "not_started",
}

#: Every (dossier, expert) pair the secretary assigned, in dossier order. It
#: includes the pair of :data:`DEMO_DECLARED_CONFLICT` (the expert was assigned,
#: then declared) and never the pair of :data:`DEMO_PLANTED_CONFLICT`.
DEMO_ASSIGNMENTS: tuple[tuple[str, str], ...] = tuple(
    pair
    for number, experts in _ASSIGNED
    for pair in (
        [(number, e) for e in experts]
        + ([(number, DEMO_DECLARED_CONFLICT[1])] if number == DEMO_DECLARED_CONFLICT[0] else [])
    )
)

#: The state of every assigned pair that is not a declared conflict.
DEMO_REVIEWS: tuple[DemoReview, ...] = tuple(
    DemoReview(number, expert, _NOT_SUBMITTED.get((number, expert), "submitted"))
    for number, experts in _ASSIGNED
    for expert in experts
)

# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------

#: Underlying quality of each dossier, as a fraction of the maximum total.
_QUALITY: Mapping[str, float] = {
    "AI-2026-001": 0.86,
    "AI-2026-002": 0.83,
    "AI-2026-003": 0.75,
    "AI-2026-004": 0.79,
    "AI-2026-005": 0.71,
    "AI-2026-006": 0.77,
    "AI-2026-007": 0.76,
    "AI-2026-008": 0.65,
    "AI-2026-009": 0.61,
    "AI-2026-010": 0.81,
    "AI-2026-011": 0.68,
    "AI-2026-012": 0.56,
}

#: How generously each expert scores, added to the quality. 周正平 is the harsh one.
_LENIENCY: Mapping[str, float] = {
    "李明哲": 0.010,
    "赵雅琴": 0.020,
    "周正平": -0.080,
    "孙立新": 0.000,
    "陈晓岚": 0.015,
}

#: The controversial dossier and the expert who sees it very differently.
DEMO_CONTROVERSIAL: tuple[str, str] = ("AI-2026-007", "陈晓岚")
_CONTROVERSY_OFFSET = -0.30

#: Width of the per-review noise and of the per-criterion profile (fractions of the maximum).
_REVIEW_NOISE = 0.012
_DOSSIER_PROFILE = 0.06
_EXPERT_PROFILE = 0.03


def _unit(*parts: str) -> float:
    """A deterministic pseudo-random number in [-1, 1) from its inputs."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**63 - 1.0


def perceived_quality(dossier_number: str, expert_name: str) -> float:
    """The fraction of the maximum total this expert gives this dossier.

    The weighted total of :func:`demo_scores` equals this value times the
    form's maximum, up to rounding to the step; comments and recommendations
    follow it too, so they never contradict the scores.
    """
    value = _QUALITY[dossier_number] + _LENIENCY[expert_name]
    value += _REVIEW_NOISE * _unit("review", dossier_number, expert_name)
    if (dossier_number, expert_name) == DEMO_CONTROVERSIAL:
        value += _CONTROVERSY_OFFSET
    return min(0.98, max(0.2, value))


def _quantise(value: Decimal, step: Decimal, minimum: Decimal, maximum: Decimal) -> Decimal:
    """``value`` rounded half-up to the step grid (which starts at ``minimum``), within range."""
    steps = ((value - minimum) / step).to_integral_value(rounding=ROUND_HALF_UP)
    top = ((maximum - minimum) / step).to_integral_value(rounding=ROUND_FLOOR)
    steps = min(max(steps, Decimal(0)), top)
    return minimum + steps * step


def _per_key(value: Decimal | Mapping[str, Decimal], keys: Sequence[str]) -> dict[str, Decimal]:
    if isinstance(value, Mapping):
        return {k: Decimal(value[k]) for k in keys}
    return {k: Decimal(value) for k in keys}


def demo_scores(
    dossier_number: str,
    expert_name: str,
    criterion_keys: Sequence[str],
    maximum: Decimal | Mapping[str, Decimal],
    step: Decimal | Mapping[str, Decimal],
    *,
    weights: Mapping[str, Decimal] | None = None,
    minimum: Decimal | Mapping[str, Decimal] = Decimal(0),
) -> dict[str, Decimal]:
    """Plausible, deterministic scores of one review.

    Each dossier has an underlying quality and a profile across the criteria
    (strong in one, weaker in another) that all experts see; each expert adds
    his leniency, a little noise, and a small profile of his own. The profiles
    are centred on the weights, so the weighted total is governed by
    :func:`perceived_quality` alone. That keeps the demo's story independent
    of the form: only :data:`DEMO_CONTROVERSIAL` spreads beyond the round's
    limit, and 周正平 is the lowest on every other dossier he scores.

    Args:
        dossier_number: e.g. ``"AI-2026-001"``.
        expert_name: one of :data:`DEMO_EXPERTS`.
        criterion_keys: the form's criterion keys, in any order.
        maximum: the criteria's maximum, one for all or per key.
        step: the criteria's step, one for all or per key.
        weights: each criterion's weight in the total (default: its maximum).
        minimum: the criteria's minimum, one for all or per key (default 0).

    Returns:
        ``{key: value}`` with every value on its step grid within range.
    """
    keys = list(criterion_keys)
    if not keys:
        return {}
    maxima = _per_key(maximum, keys)
    minima = _per_key(minimum, keys)
    steps = _per_key(step, keys)
    weight = {k: float(weights[k]) if weights is not None else float(maxima[k]) for k in keys}
    base = perceived_quality(dossier_number, expert_name)
    raw = {
        k: _DOSSIER_PROFILE * _unit("profile", dossier_number, k)
        + _EXPERT_PROFILE * _unit("taste", dossier_number, expert_name, k)
        for k in keys
    }
    weight_sum = sum(weight.values())
    mean = sum(raw[k] * weight[k] for k in keys) / weight_sum if weight_sum else 0.0
    scores: dict[str, Decimal] = {}
    for k in keys:
        fraction = min(1.0, max(0.0, base + raw[k] - mean))
        value = minima[k] + Decimal(repr(fraction)) * (maxima[k] - minima[k])
        scores[k] = _quantise(value, steps[k], minima[k], maxima[k])
    return scores


# ---------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------

_ASPECTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("scenario", "scene"), "场景价值"),
    (("innov", "novel", "creat", "advanc"), "创新性"),
    (("autonom", "control", "secur", "data", "privacy", "compli"), "自主可控与数据安全"),
    (("demo", "promot", "replic", "adopt"), "示范推广"),
    (("benefit", "econ", "impact", "social", "result", "value", "market"), "经济社会效益"),
    (("tech", "method", "solution", "feasib", "approach"), "技术方案"),
    (("capac", "capab", "team", "organ", "found", "basis", "company", "deliver"), "实施基础"),
    (("plan", "schedul", "budget", "fund", "risk", "implement"), "实施计划"),
)

_TOP_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "场景价值": (
        "应用场景来自{scenario}的真实需求，痛点分析透彻，解决方案与需求高度契合。",
        "场景典型、需求紧迫，在{site}的应用直接对应行业共性问题，示范意义突出。",
    ),
    "创新性": (
        "{tech}的思路新颖，与{scenario}结合紧密，在同类项目中处于领先水平。",
        "项目在{tech}方面有实质性创新，已形成{patents}项发明专利，创新点表述清楚、依据充分。",
    ),
    "技术方案": (
        "技术路线清晰完整，{tech}等关键环节论证充分，{kpi}指标设定合理且有测试方案支撑。",
        "方案架构合理，数据来源可靠，{tech}已在{site}完成验证，可行性高。",
    ),
    "经济社会效益": (
        "效益测算依据充分，预计新增产值{output}万元，带动就业{jobs}人，社会效益明显。",
        "项目对{scenario}的改善效果突出，效益指标可量化、可考核。",
    ),
    "实施基础": (
        "申报单位研发团队{rd}人，技术积累扎实，已有前期示范基础，具备完成项目的能力。",
        "单位资质齐全，近三年营业收入持续增长，研发投入强度较高，实施保障有力。",
    ),
    "实施计划": (
        "进度安排合理，里程碑明确，资金使用计划与建设内容匹配。",
        "实施计划分阶段推进，风险识别较全面，应对措施可行。",
    ),
    "示范推广": (
        "应用场景真实，在{site}的示范具有代表性，可复制推广价值高。",
        "示范效果可量化，推广路径清晰，对全市同类场景有较强带动作用。",
    ),
    "自主可控与数据安全": (
        "核心算法和软件为自主研发，已形成{patents}项发明专利；数据来源合法，授权和脱敏措施完备。",
        "关键软硬件国产化程度高，数据治理体系较完善，对数据采集、使用和共享的管理要求明确。",
    ),
}

_BOTTOM_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "场景价值": (
        "场景需求论证不充分，{scenario}的痛点与拟采用技术之间的对应关系不清晰。",
        "应用场景较为常规，需求的紧迫性和典型性说明不足。",
    ),
    "创新性": (
        "{tech}以集成现有成熟技术为主，原创性不足，与已有产品的差异未说明清楚。",
        "创新点表述笼统，缺少与国内外同类方案的对比分析。",
    ),
    "技术方案": (
        "技术方案论证不够充分，{kpi}等关键指标缺少测试依据，可行性存疑。",
        "方案对{scenario}中的难点分析不足，关键技术路线尚不明确。",
    ),
    "经济社会效益": (
        "效益测算偏乐观，新增产值{output}万元的依据不足，建议补充测算过程。",
        "社会效益描述较为笼统，缺少可考核的量化指标。",
    ),
    "实施基础": (
        "申报单位研发人员仅{rd}人，前期技术积累有限，独立完成项目的能力有待证明。",
        "单位近年盈利能力较弱，自筹资金的落实情况说明不足。",
    ),
    "实施计划": (
        "进度安排过于紧凑，部分任务缺少交付物和验收标准。",
        "资金使用计划与建设内容对应不清，设备购置比例偏高。",
    ),
    "示范推广": (
        "示范场景规模偏小，在{site}之外的推广路径不清晰。",
        "应用示范尚处于试点阶段，可复制性论证不足。",
    ),
    "自主可控与数据安全": (
        "数据来源与授权情况说明不充分，存在合规风险，建议补充数据授权文件。",
        "核心模块依赖第三方组件的情况说明不清，对数据安全和隐私保护的措施描述过于简略。",
    ),
}

_CONTROVERSY_COMMENT = (
    "申报材料对企业纳税、社保等授权数据的获取方式和授权范围说明不充分，"
    "联合建模中银行样本的使用缺少合规评估，数据合规风险较高；创新能力评分模型的可解释性论证不足。"
    "本人认为项目目前尚不具备示范条件，建议补充材料后再行评审。"
)


def _aspect_of(criterion_key: str) -> str:
    key = criterion_key.lower()
    for needles, aspect in _ASPECTS:
        if any(n in key for n in needles):
            return aspect
    aspects = [a for _, a in _ASPECTS]
    return aspects[int((_unit("aspect", criterion_key) + 1) / 2 * len(aspects)) % len(aspects)]


def _dossier(number: str) -> DemoDossier:
    for dossier in DEMO_DOSSIERS:
        if dossier.number == number:
            return dossier
    raise KeyError(f"没有演示申报书 {number} / no demo dossier {number}")


def _fill(template: str, dossier: DemoDossier, salt: str) -> str:
    pick = int((_unit("fill", dossier.number, salt) + 1) / 2 * 1000)
    tech = dossier.technologies[pick % len(dossier.technologies)][0] if dossier.technologies else dossier.title
    kpi = dossier.kpis[pick % len(dossier.kpis)][0] if dossier.kpis else "关键"
    site = dossier.sites[pick % len(dossier.sites)] if dossier.sites else "示范单位"
    return template.format(
        tech=tech,
        kpi=kpi,
        site=site,
        scenario=dossier.scenario or dossier.category,
        patents=dossier.figures["发明专利（项）"],
        output=dossier.figures["预计新增产值（万元）"],
        jobs=dossier.figures["带动就业（人）"],
        rd=dossier.figures["研发人员（人）"],
    )


def demo_comment(dossier_number: str, expert_name: str, criterion_key: str, position: str) -> str:
    """A reviewer's comment justifying a score in a criterion's top or bottom band.

    Forms may require a comment when a score falls into the top or bottom band;
    the demo supplies one that names the dossier's own technology, indicator or
    site, so it reads like a real expert's note.

    Args:
        position: ``"top"`` or ``"bottom"``; anything else gets a neutral remark.
    """
    dossier = _dossier(dossier_number)
    aspect = _aspect_of(criterion_key)
    salt = f"{expert_name}|{criterion_key}|{position}"
    if position == "top":
        pool = _TOP_TEMPLATES[aspect]
    elif position == "bottom":
        pool = _BOTTOM_TEMPLATES[aspect]
    else:
        return f"{aspect}方面总体符合申报要求，论述基本完整。"
    index = int((_unit("pick", dossier_number, salt) + 1) / 2 * len(pool)) % len(pool)
    return _fill(pool[index], dossier, salt)


def demo_overall_comment(dossier_number: str, expert_name: str) -> str:
    """The review's overall comment, consistent with the expert's scores."""
    if (dossier_number, expert_name) == DEMO_CONTROVERSIAL:
        return _CONTROVERSY_COMMENT
    dossier = _dossier(dossier_number)
    quality = perceived_quality(dossier_number, expert_name)
    tech = dossier.technologies[0][0] if dossier.technologies else dossier.title
    if quality >= 0.82:
        text = (
            f"项目聚焦{dossier.scenario}，{tech}等关键技术成熟度高，示范效果可量化，"
            "申报单位实施基础扎实，建议优先支持。"
        )
    elif quality >= 0.72:
        text = (
            f"项目应用场景明确，技术方案总体可行，{tech}有一定创新。"
            "效益测算和推广路径还可进一步细化，建议支持。"
        )
    elif quality >= 0.62:
        text = (
            f"项目具备一定应用价值，但{tech}的创新性和示范规模一般，"
            "部分指标缺少测试依据，建议修改完善后择优支持。"
        )
    else:
        text = (
            "项目创新性和示范带动作用不足，效益测算依据不充分，申报单位实施基础较弱，"
            "暂不建议支持。"
        )
    return text


def demo_recommendation(dossier_number: str, expert_name: str, choices: Sequence[str]) -> str:
    """Pick the expert's recommendation from the form's choices.

    ``choices`` must run from most to least favourable (e.g. 优先支持, 支持,
    修改后支持, 不予支持); the pick follows :func:`perceived_quality`.
    """
    if not choices:
        raise ValueError("评分表没有推荐意见选项 / the form has no recommendation choices")
    quality = perceived_quality(dossier_number, expert_name)
    thresholds = (0.82, 0.72, 0.62)
    rank = sum(1 for t in thresholds if quality < t)
    return choices[round(rank * (len(choices) - 1) / len(thresholds))]


@dataclass(frozen=True)
class DemoReviewValues:
    """Everything one demo review fills in on a form."""

    scores: dict[str, Decimal]
    #: Criterion key -> comment, for every score the form requires a comment for
    #: (and, for the controversial review, for every criterion).
    comments: dict[str, str]
    #: Veto key -> answer; the demo answers "no" throughout.
    vetoes: dict[str, bool]
    #: Key of the chosen recommendation, or None when the form has none.
    recommendation: str | None
    overall_comment: str


def demo_review_values(form: Form, dossier_number: str, expert_name: str) -> DemoReviewValues:
    """A complete, valid review of ``dossier_number`` by ``expert_name`` on ``form``.

    What the demo builder stores for every review in :data:`DEMO_REVIEWS`
    (drafts included): scores on each criterion's grid, the comments the form
    requires for top- and bottom-band scores, veto answers, a recommendation
    (the form lists them from most to least favourable) and an overall comment.
    """
    criteria = form.criteria
    keys = [c.key for c in criteria]
    scores = demo_scores(
        dossier_number,
        expert_name,
        keys,
        {c.key: c.max for c in criteria},
        {c.key: c.step for c in criteria},
        weights={c.key: c.effective_weight for c in criteria},
        minimum={c.key: c.min for c in criteria},
    )
    controversial = (dossier_number, expert_name) == DEMO_CONTROVERSIAL
    comments: dict[str, str] = {}
    for criterion in criteria:
        value = scores[criterion.key]
        if criterion.needs_comment(value):
            top_band = max(criterion.bands, key=lambda b: b.low)
            position = "top" if top_band.contains(value) else "bottom"
            comments[criterion.key] = demo_comment(dossier_number, expert_name, criterion.key, position)
        elif controversial:
            comments[criterion.key] = demo_comment(dossier_number, expert_name, criterion.key, "bottom")
    recommendation = (
        demo_recommendation(dossier_number, expert_name, [r.key for r in form.recommendations])
        if form.recommendations
        else None
    )
    return DemoReviewValues(
        scores=scores,
        comments=comments,
        vetoes={v.key: False for v in form.vetoes},
        recommendation=recommendation,
        overall_comment=demo_overall_comment(dossier_number, expert_name),
    )


__all__ = [
    "DEMO_ASSIGNMENTS",
    "DEMO_CONTROVERSIAL",
    "DEMO_DECLARED_CONFLICT",
    "DEMO_DOSSIERS",
    "DEMO_EXPERTS",
    "DEMO_PLANTED_CONFLICT",
    "DEMO_REVIEWS",
    "DEMO_ROUND",
    "DemoDossier",
    "DemoExpert",
    "DemoReview",
    "DemoReviewValues",
    "DemoRound",
    "demo_comment",
    "demo_overall_comment",
    "demo_recommendation",
    "demo_review_values",
    "demo_scores",
    "perceived_quality",
]
