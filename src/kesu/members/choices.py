from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 56 officially recognised ethnic groups, in the order of GB/T 3304.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNICITY_CHOICES = [(e, e) for e in ETHNICITIES]


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("大学本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", _("中共党员")
    CPC_PROBATIONARY = "cpc_probationary", _("中共预备党员")
    CYL = "cyl", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    MASSES = "masses", _("群众")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    TRANSFERRED_OUT = "transferred_out", _("转出")
    WITHDRAWN = "withdrawn", _("退会")


# A current member (在册会员) is one whose status is here: 退会 and 转出 are not. Every count,
# picker and match that expects a current member asks Member.objects.current() (or
# kesu.members.selectors.current_members), never the status field directly.
CURRENT_STATUSES = (MemberStatus.ACTIVE,)
NOT_CURRENT_LABEL = _("不含退会、转出")


# Age bands used by filters and (later) literacy statistics.
AGE_BANDS = [
    ("18-29", _("18–29岁"), 18, 29),
    ("30-39", _("30–39岁"), 30, 39),
    ("40-49", _("40–49岁"), 40, 49),
    ("50-59", _("50–59岁"), 50, 59),
    ("60+", _("60岁及以上"), 60, 200),
    ("-17", _("18岁以下"), 0, 17),
]
