"""Industries for demo data: how each one's employers are named and what its workforce
looks like (share of unions, occupations, 农民工 and male rates, education, size), and the
kinds of regional federation. Fictional-but-plausible, like kesu.demo.names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Industry:
    """One industry: how its employers are named and what its workforce looks like."""

    key: str
    label: str  # 行业 (also the industry federation's name)
    weight: int  # share of grassroots unions
    businesses: tuple[str, ...]  # what goes between the trade name and "有限公司"
    institutions: tuple[str, ...]  # public-sector name templates ({d} district, {p} place, {n})
    occupations: tuple[str, ...]
    migrant_rate: float  # share of 农民工
    male_rate: float
    education: str  # key of EDUCATION_PROFILES
    size: float  # relative workforce size of one employer
    federation: str = ""  # name of its industry federation, if districts form one


INDUSTRIES: list[Industry] = [
    Industry(
        "manufacturing",
        "制造业",
        28,
        (
            "精密机械",
            "汽车零部件",
            "电子科技",
            "新材料",
            "电气设备",
            "纺织",
            "服装",
            "食品",
            "塑胶制品",
            "五金制品",
            "化工",
            "医疗器械",
            "光电科技",
            "包装材料",
            "家具制造",
        ),
        (),
        (
            "车工",
            "钳工",
            "焊工",
            "装配工",
            "质检员",
            "设备维修工",
            "操作工",
            "仓管员",
            "技术员",
            "工艺工程师",
            "班组长",
            "数控操作工",
        ),
        0.36,
        0.56,
        "industrial",
        1.6,
    ),
    Industry(
        "construction",
        "建筑业",
        9,
        ("建设工程", "建筑安装", "市政工程", "路桥工程", "装饰工程", "建材"),
        (),
        (
            "钢筋工",
            "木工",
            "瓦工",
            "电工",
            "架子工",
            "施工员",
            "安全员",
            "项目经理",
            "测量员",
            "混凝土工",
        ),
        0.66,
        0.82,
        "industrial",
        1.2,
        "建筑业工会联合会",
    ),
    Industry(
        "logistics",
        "交通运输和物流业",
        7,
        ("物流", "货运", "快递服务", "供应链管理", "运输"),
        ("{d}公共交通有限公司", "{d}出租汽车有限公司"),
        ("快递员", "分拣员", "货车司机", "公交驾驶员", "调度员", "仓储管理员", "装卸工"),
        0.42,
        0.72,
        "industrial",
        0.9,
        "物流行业工会联合会",
    ),
    Industry(
        "retail",
        "批发和零售业",
        8,
        ("商贸", "超市", "百货", "电器销售", "医药连锁"),
        (),
        ("营业员", "收银员", "理货员", "采购员", "店长", "配送员"),
        0.35,
        0.42,
        "service",
        0.6,
    ),
    Industry(
        "catering",
        "住宿和餐饮业",
        6,
        ("餐饮管理", "酒店管理", "食品餐饮", "宾馆"),
        (),
        ("厨师", "服务员", "面点师", "客房服务员", "前台接待", "保洁员"),
        0.45,
        0.40,
        "service",
        0.6,
        "餐饮行业工会联合会",
    ),
    Industry(
        "property",
        "居民服务和物业业",
        6,
        ("物业服务", "家政服务", "保安服务", "环境服务"),
        ("{d}环境卫生管理所",),
        ("保安员", "保洁员", "物业管理员", "维修工", "家政服务员", "绿化工", "环卫工"),
        0.42,
        0.52,
        "industrial",
        0.7,
        "物业行业工会联合会",
    ),
    Industry(
        "it",
        "信息技术服务业",
        7,
        ("信息技术", "软件", "网络科技", "数据科技", "智能科技"),
        (),
        (
            "软件工程师",
            "测试工程师",
            "产品经理",
            "运维工程师",
            "UI设计师",
            "数据分析师",
            "客服专员",
        ),
        0.04,
        0.64,
        "professional",
        0.7,
        "软件和信息服务业工会联合会",
    ),
    Industry(
        "finance",
        "金融业",
        3,
        ("投资咨询", "保险代理", "融资担保"),
        ("江宁农村商业银行{p}支行", "江宁{p}信用合作社"),
        ("柜员", "客户经理", "信贷员", "会计", "理财经理", "风控专员"),
        0.01,
        0.45,
        "professional",
        0.5,
    ),
    Industry(
        "utilities",
        "电力燃气和水务",
        3,
        ("能源", "燃气", "水务", "热力"),
        ("{d}供电服务有限公司", "{d}自来水有限公司"),
        ("电工", "变电运维工", "抄表员", "管网维修工", "调度员", "客服专员", "工程师"),
        0.05,
        0.68,
        "industrial",
        1.4,
    ),
    Industry(
        "education",
        "教育",
        5,
        (),
        ("{d}第{n}中学", "{d}{p}小学", "{d}{p}中心幼儿园", "{d}职业技术学校"),
        ("教师", "班主任", "教务员", "校医", "后勤管理员", "图书管理员"),
        0.01,
        0.30,
        "professional",
        1.0,
    ),
    Industry(
        "health",
        "卫生和社会工作",
        5,
        (),
        ("{d}人民医院", "{d}中医院", "{d}{p}社区卫生服务中心", "{d}妇幼保健院", "{d}第{n}人民医院"),
        ("医生", "护士", "药剂师", "检验师", "护工", "行政管理人员"),
        0.03,
        0.28,
        "professional",
        1.8,
    ),
    Industry(
        "public",
        "公共管理和社会组织",
        4,
        (),
        (
            "{d}{p}社区服务中心",
            "{d}文化馆",
            "{d}图书馆",
            "{d}{p}农业技术推广站",
            "{d}机关事务服务中心",
        ),
        ("科员", "文员", "社区工作者", "讲解员", "管理员", "农技员"),
        0.01,
        0.48,
        "professional",
        0.5,
    ),
]
INDUSTRY_BY_KEY = {i.key: i for i in INDUSTRIES}

# Regional federations group small enterprises of a place; which industries they hold.
REGIONAL_KINDS: list[tuple[str, tuple[str, ...]]] = [
    ("工业园区", ("manufacturing", "manufacturing", "logistics", "construction")),
    ("商务楼宇", ("it", "finance", "retail", "it")),
    ("商圈", ("retail", "catering", "catering", "property")),
    ("小微企业", ("manufacturing", "retail", "catering", "property")),
]
