"""Word lists for demo data: names, places, trade names, education and phone prefixes
(industries are in kesu.demo.industries).

Everything here is fictional-but-plausible. Surname weights follow the published national
frequency ranking (per 10,000 people, rounded), so a roster "looks right" to a cadre.
"""

from __future__ import annotations

CITY_NAME = "江宁"
CITY_CODE = "JN"
# Real-looking region codes (省 32, a city number no real city uses, then 区 02… / 县 21…).
CITY_REGION = "3218"

# (surname, frequency per 10,000)
SURNAMES: list[tuple[str, int]] = [
    ("王", 712),
    ("李", 709),
    ("张", 663),
    ("刘", 533),
    ("陈", 452),
    ("杨", 308),
    ("黄", 220),
    ("赵", 216),
    ("吴", 205),
    ("周", 195),
    ("徐", 160),
    ("孙", 154),
    ("马", 139),
    ("朱", 131),
    ("胡", 128),
    ("郭", 115),
    ("何", 109),
    ("林", 103),
    ("高", 103),
    ("罗", 99),
    ("郑", 91),
    ("梁", 88),
    ("谢", 81),
    ("宋", 76),
    ("唐", 75),
    ("许", 71),
    ("韩", 69),
    ("冯", 67),
    ("邓", 66),
    ("曹", 64),
    ("彭", 63),
    ("曾", 61),
    ("肖", 60),
    ("田", 59),
    ("董", 58),
    ("袁", 54),
    ("潘", 53),
    ("于", 52),
    ("蒋", 51),
    ("蔡", 50),
    ("余", 49),
    ("杜", 48),
    ("叶", 47),
    ("程", 46),
    ("苏", 45),
    ("魏", 44),
    ("吕", 43),
    ("丁", 42),
    ("任", 41),
    ("沈", 40),
    ("姚", 39),
    ("卢", 38),
    ("姜", 37),
    ("崔", 36),
    ("钟", 35),
    ("谭", 34),
    ("陆", 33),
    ("汪", 32),
    ("范", 31),
    ("金", 30),
    ("石", 29),
    ("廖", 28),
    ("贾", 27),
    ("夏", 26),
    ("韦", 26),
    ("付", 25),
    ("方", 25),
    ("白", 24),
    ("邹", 24),
    ("孟", 23),
    ("熊", 23),
    ("秦", 22),
    ("邱", 22),
    ("江", 21),
    ("尹", 21),
    ("薛", 20),
    ("闫", 20),
    ("段", 19),
    ("雷", 19),
    ("侯", 18),
    ("龙", 18),
    ("史", 17),
    ("陶", 17),
    ("黎", 16),
    ("贺", 16),
    ("顾", 15),
    ("毛", 15),
    ("郝", 14),
    ("龚", 14),
    ("邵", 14),
    ("万", 13),
    ("钱", 13),
    ("严", 13),
    ("覃", 12),
    ("武", 12),
    ("戴", 12),
    ("莫", 11),
    ("孔", 11),
    ("向", 11),
    ("汤", 10),
    ("常", 10),
    ("欧阳", 3),
    ("司马", 1),
    ("上官", 1),
    ("诸葛", 1),
]

GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国志文海峰东亮成晨博毅锋睿哲昊轩然凡铭"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀燕玲桂丹萍红雪琳洁婷倩颖慧莉璐晶欣悦梅兰英佳雯怡妍蕾薇琪瑶蓉"
GIVEN_NEUTRAL = "子文思嘉雨一晓家春秋天新永小立金玉云振俊安德"

# Minorities most often met among urban workers (the rest of the 56 are valid too).
MINORITIES: list[tuple[str, int]] = [
    ("回族", 20),
    ("满族", 16),
    ("壮族", 14),
    ("苗族", 10),
    ("土家族", 10),
    ("蒙古族", 8),
    ("彝族", 5),
    ("布依族", 5),
    ("侗族", 4),
    ("瑶族", 3),
    ("朝鲜族", 3),
    ("白族", 2),
]

# Home counties of migrant workers (inland provinces): real-looking 6-digit region codes.
MIGRANT_REGIONS = [
    "411323",
    "411526",
    "412726",
    "341221",
    "341623",
    "342422",
    "511621",
    "511722",
    "513029",
    "430524",
    "431021",
    "522121",
    "522427",
    "360721",
    "362329",
    "450821",
    "420281",
    "421127",
    "371522",
    "131182",
]

DISTRICTS = ["东湖区", "西津区", "南苑区", "北塘区", "江滨区", "栖霞湾区", "高新区", "临港区"]
COUNTIES = ["青山县", "白水县", "云溪县", "梅岭县", "石桥县", "丰乐县"]

PLACE_FIRST = "东西南北青白金银龙凤桃梅柳松石清新长永和安兴福丰云霞湖江河山"
PLACE_SECOND = "山湖桥塘港湾林岭溪泉苑园坊庄口洲浦墩集坝村堰"

TRADE_CHARS = "华恒鑫永宏金博安德新瑞盛远泰通达丰嘉信诚鼎隆益佳康润卓凯汇联科创明宇正源辰越臻"


# Education codes with weights: (primary, junior, senior, college, bachelor, master, doctor).
EDUCATION_CODES = ("primary", "junior", "senior", "college", "bachelor", "master", "doctor")
EDUCATION_PROFILES: dict[str, tuple[int, ...]] = {
    "industrial": (4, 30, 36, 18, 11, 1, 0),
    "service": (3, 28, 38, 20, 10, 1, 0),
    "professional": (0, 2, 9, 24, 51, 12, 2),
    "migrant": (8, 46, 32, 10, 4, 0, 0),
}

# Mobile number prefixes of the three carriers (all valid under 1[3-9]).
PHONE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)
