"""Figures of hardship files and assistance (see kesu.indicators.registry).

Definitions:
- hardship.files_open: files filed by the range end and not closed by then (closed_on
  empty or after the end): the open files "at range end".
- hardship.out_of_hardship: files that moved to 解困脱困 within the range (a life-cycle
  event dated in the range; a file counts once even if it relapsed and got out again).
- assistance.households: Σ `recipients` of assistance records in the range whose recipient
  is a member or a household (each such record reaches one worker's household: "慰问困难职工
  191户" is 191 records). Split by kind (春节送温暖…) and by migrant worker (农民工).
- assistance.employers / assistance.people: Σ recipients of records to employers
  ("慰问8家困难企业") and to groups (330名困难乡村保洁员, 4户困难劳模…).
- assistance.amount: Σ cash amount (元) of the records in the range, by kind. Goods are
  recorded with their value but not added here (see the ledger for 物资折价).
- golden_autumn.students: Σ recipients of 金秋助学 records (one student per record with
  the student's details, or a group record with a count).
- Per kind, as summaries write each service on its own: 春节送温暖 (employers, households,
  model workers, cash), 困难职工帮扶 (生活/医疗救助: people, cash), 金秋助学 (cash),
  夏季送清凉 (workers, cash + goods value: the cooling goods are the spending), 女职工关爱.
- hardship.files_new: files filed within the range (新建档).
Evidence rows never carry incomes or ID numbers, and names are masked (see schemas).
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from kesu.hardship.models import (
    Assistance,
    AssistanceKind,
    CaseEvent,
    Cause,
    HardshipCase,
    RecipientKind,
    Status,
    Tier,
)
from kesu.hardship.schemas import AssistanceEvidenceOut, CaseEventEvidenceOut, CaseEvidenceOut
from kesu.indicators.declare import dated, distinct, narrowed, total
from kesu.indicators.registry import Dimension, Scope, month_dimension, register
from kesu.indicators.schemas import register_evidence_schema

register_evidence_schema(HardshipCase, CaseEvidenceOut)
register_evidence_schema(CaseEvent, CaseEventEvidenceOut)
register_evidence_schema(Assistance, AssistanceEvidenceOut)

KIND = Dimension("kind", "帮扶类型", "kind", dict(AssistanceKind.choices))
RECIPIENT = Dimension("recipient_kind", "对象类型", "recipient_kind", dict(RecipientKind.choices))
TIER = Dimension("tier", "困难类别", "tier", dict(Tier.choices))
CAUSE = Dimension("cause", "致困原因", "cause", dict(Cause.choices))
MIGRANT = Dimension(
    "migrant",
    "是否农民工",
    lambda: Coalesce(F("member__is_migrant_worker"), F("case__applicant__is_migrant_worker")),
    {True: "农民工", False: "非农民工"},
)
PERSONAL = (RecipientKind.MEMBER, RecipientKind.HOUSEHOLD)
_recipients = total("recipients")
_amount = total("amount")


def _files_open(scope: Scope) -> QuerySet[HardshipCase]:
    return HardshipCase.objects.filter(filed_on__lte=scope.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=scope.end)
    )


_assistance = dated(Assistance, "given_on")


register(
    "hardship.files_open",
    name="在档困难职工",
    unit="户",
    description="截止日期时仍在档的困难职工档案（建档日期不晚于截止日期，且未销档或销档晚于截止日期），"
    "每户一个档案。",
    evidence=_files_open,
    dimensions=(TIER, CAUSE),
)
register(
    "hardship.out_of_hardship",
    name="解困脱困",
    unit="户",
    description="起止日期内转为“解困脱困”的困难档案（每个档案计一次）。",
    evidence=dated(CaseEvent, "on", to_status=Status.OUT),
    aggregate=distinct("case"),
    org_field="case__org",
    dimensions=(month_dimension("on", "月份"),),
)
register(
    "assistance.households",
    name="帮扶困难职工",
    unit="户",
    description="起止日期内对象为职工或困难家庭的帮扶记录的对象数之和（每条记录一户/一人）。",
    evidence=narrowed(_assistance, recipient_kind__in=PERSONAL),
    aggregate=_recipients,
    dimensions=(KIND, MIGRANT, month_dimension("given_on", "月份")),
)
register(
    "assistance.employers",
    name="慰问困难企业",
    unit="家",
    description="起止日期内对象为企业的帮扶记录的对象数之和。",
    evidence=narrowed(_assistance, recipient_kind=RecipientKind.EMPLOYER),
    aggregate=_recipients,
    dimensions=(KIND,),
)
register(
    "assistance.people",
    name="慰问困难群体",
    unit="人",
    description="起止日期内对象为群体（如困难乡村保洁员、孤儿/五保户、困难劳模）的帮扶记录的对象数之和。",
    evidence=narrowed(_assistance, recipient_kind=RecipientKind.GROUP),
    aggregate=_recipients,
    dimensions=(KIND,),
)
register(
    "assistance.amount",
    name="帮扶金额",
    unit="元",
    description="起止日期内帮扶记录的现金金额之和（物资折价不计入）。",
    evidence=_assistance,
    aggregate=_amount,
    dimensions=(KIND, RECIPIENT, month_dimension("given_on", "月份")),
)
register(
    "golden_autumn.students",
    name="金秋助学",
    unit="人",
    description="起止日期内“金秋助学”记录资助的学生数（对象数之和）。",
    evidence=narrowed(_assistance, kind=AssistanceKind.GOLDEN_AUTUMN),
    aggregate=_recipients,
    dimensions=(month_dimension("given_on", "月份"),),
)


# ------------------------------------------------------- per kind, as summaries write them


def _of_kind(*kinds: str, **filters: object):
    return narrowed(_assistance, kind__in=kinds, **filters)


HARDSHIP_AID = (AssistanceKind.LIVING_AID, AssistanceKind.MEDICAL_AID)
MODEL_WORKERS = "劳模"  # a group record "困难劳模" (the ledger has no own recipient kind)
SPRING = AssistanceKind.SPRING_RELIEF
PER_KIND = (
    # code, name, unit, evidence, aggregate, what is counted
    (
        "spring_relief.employers",
        "春节送温暖慰问困难企业",
        "家",
        _of_kind(SPRING, recipient_kind=RecipientKind.EMPLOYER),
        _recipients,
        "“春节送温暖”记录中对象为企业的对象数之和",
    ),
    (
        "spring_relief.households",
        "春节送温暖慰问困难职工",
        "户",
        _of_kind(SPRING, recipient_kind__in=PERSONAL),
        _recipients,
        "“春节送温暖”记录中对象为职工或困难家庭的对象数之和",
    ),
    (
        "spring_relief.model_workers",
        "春节送温暖慰问困难劳模",
        "户",
        _of_kind(SPRING, recipient_kind=RecipientKind.GROUP, group_name__contains=MODEL_WORKERS),
        _recipients,
        "“春节送温暖”记录中群体名称含“劳模”的对象数之和",
    ),
    (
        "spring_relief.amount",
        "春节送温暖慰问金",
        "元",
        _of_kind(SPRING),
        _amount,
        "“春节送温暖”记录的现金金额之和（物资折价不计入）",
    ),
    (
        "hardship_aid.people",
        "困难职工帮扶",
        "人",
        _of_kind(*HARDSHIP_AID),
        _recipients,
        "“生活救助”“医疗救助”记录的对象数之和",
    ),
    (
        "hardship_aid.amount",
        "困难职工帮扶资金",
        "元",
        _of_kind(*HARDSHIP_AID),
        _amount,
        "“生活救助”“医疗救助”记录的现金金额之和",
    ),
    (
        "golden_autumn.amount",
        "金秋助学金",
        "元",
        _of_kind(AssistanceKind.GOLDEN_AUTUMN),
        _amount,
        "“金秋助学”记录的现金金额之和",
    ),
    (
        "summer_cooling.workers",
        "夏季送清凉慰问职工",
        "人",
        _of_kind(AssistanceKind.SUMMER_COOLING),
        _recipients,
        "“夏季送清凉”记录的对象数之和",
    ),
    (
        "summer_cooling.spent",
        "夏季送清凉经费",
        "元",
        _of_kind(AssistanceKind.SUMMER_COOLING),
        total(F("amount") + F("goods_value")),
        "“夏季送清凉”记录的现金金额与物资折价之和（清凉物品多以实物发放）",
    ),
    (
        "women_care.people",
        "女职工关爱",
        "人",
        _of_kind(AssistanceKind.WOMEN_CARE),
        _recipients,
        "“女职工关爱/体检”记录的对象数之和",
    ),
)
for code, name, unit, evidence, aggregate, counted in PER_KIND:
    register(
        code,
        name=name,
        unit=unit,
        evidence=evidence,
        aggregate=aggregate,
        description=f"起止日期内{counted}。",
        dimensions=(month_dimension("given_on", "月份"),),
    )

register(
    "hardship.files_new",
    name="新建档困难职工",
    unit="户",
    description="建档日期在起止日期内的困难职工档案（每户一个档案）。",
    evidence=dated(HardshipCase, "filed_on"),
    dimensions=(TIER, CAUSE),
)
