from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    LECTURE = "lecture", _("讲座")
    EXHIBITION = "exhibition", _("展览")
    CONTEST = "contest", _("竞赛")
    TRAINING = "training", _("培训")
    PRACTICE = "practice", _("实践/实验")
    VISIT = "visit", _("参观")
    CAMPAIGN = "campaign", _("宣传/主题活动")


class Outreach(models.TextChoices):
    """Where the activity went: the "进校园/进社区/进企业/进农村" settings."""

    NONE = "", _("—")
    SCHOOL = "school", _("进校园")
    COMMUNITY = "community", _("进社区")
    ENTERPRISE = "enterprise", _("进企业")
    VILLAGE = "village", _("进农村")


TOPICS = [
    ("tech", _("科技知识")),
    ("health", _("健康生活")),
    ("environment", _("环境保护")),
    ("safety", _("安全生产")),
    ("disaster", _("防灾减灾")),
    ("law", _("法律")),
    ("skills", _("职业技能")),
    ("innovation", _("科技创新")),
    ("other", _("其他")),
]

TARGET_GROUPS = [
    ("workers", _("职工")),
    ("migrant", _("农民工")),
    ("women", _("女职工")),
    ("youth", _("青少年")),
    ("elderly", _("老年人")),
    ("residents", _("社区居民")),
    ("farmers", _("农民")),
    ("cadres", _("领导干部和公务员")),
]


class AttendanceSource(models.TextChoices):
    QR = "qr", _("扫码签到")
    LOGIN = "login", _("登录签到")
    STAFF = "staff", _("工作人员登记")
    IMPORT = "import", _("表格导入")
