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

from typing import Any

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
from kesu.indicators.declare import Records, by_choice, by_flag, dated
from kesu.indicators.registry import Dimension, Scope, month_dimension
from kesu.indicators.schemas import register_evidence_schema

register_evidence_schema(HardshipCase, CaseEvidenceOut)
register_evidence_schema(CaseEvent, CaseEventEvidenceOut)
register_evidence_schema(Assistance, AssistanceEvidenceOut)

KIND = by_choice("kind", "帮扶类型", AssistanceKind)
RECIPIENT = by_choice("recipient_kind", "对象类型", RecipientKind)
TIER = by_choice("tier", "困难类别", Tier)
CAUSE = by_choice("cause", "致困原因", Cause)
MIGRANT = by_flag(
    "migrant",
    "是否农民工",
    lambda: Coalesce(F("member__is_migrant_worker"), F("case__applicant__is_migrant_worker")),
    "农民工",
    "非农民工",
)
MONTH = month_dimension("given_on", "月份")
PERSONAL = (RecipientKind.MEMBER, RecipientKind.HOUSEHOLD)


def _files_open(scope: Scope) -> QuerySet[HardshipCase]:
    return HardshipCase.objects.filter(filed_on__lte=scope.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=scope.end)
    )


Records(_files_open, dimensions=(TIER, CAUSE)).count(
    "hardship.files_open",
    "在档困难职工",
    "户",
    "截止日期时仍在档的困难职工档案（建档日期不晚于截止日期，且未销档或销档晚于截止日期），"
    "每户一个档案。",
)
Records(dated(HardshipCase, "filed_on"), dimensions=(TIER, CAUSE)).count(
    "hardship.files_new",
    "新建档困难职工",
    "户",
    "建档日期在起止日期内的困难职工档案（每户一个档案）。",
)
Records(dated(CaseEvent, "on", to_status=Status.OUT), "case__org").distinct(
    "case",
    "hardship.out_of_hardship",
    "解困脱困",
    "户",
    "起止日期内转为“解困脱困”的困难档案（每个档案计一次）。",
    dimensions=(month_dimension("on", "月份"),),
)

ASSISTANCE = Records(dated(Assistance, "given_on"))
HARDSHIP_AID = (AssistanceKind.LIVING_AID, AssistanceKind.MEDICAL_AID)
MODEL_WORKERS = "劳模"  # a group record "困难劳模" (the ledger has no own recipient kind)
SPRING = (AssistanceKind.SPRING_RELIEF,)
GOLDEN_AUTUMN = (AssistanceKind.GOLDEN_AUTUMN,)
SUMMER = (AssistanceKind.SUMMER_COOLING,)
WOMEN_CARE = (AssistanceKind.WOMEN_CARE,)


def _assisted(
    summed: Any,
    code: str,
    name: str,
    unit: str,
    text: str,
    dimensions: tuple[Dimension, ...] = (MONTH,),
    **where: Any,
) -> None:
    """Σ `summed` over the assistance given in the range (narrowed by `where`); `text` says
    what is summed. The figures of one kind (春节送温暖…), as summaries write each service,
    are split by month."""
    records = ASSISTANCE.where(**where) if where else ASSISTANCE
    records.total(summed, code, name, unit, f"起止日期内{text}。", dimensions=dimensions)


_assisted(
    "recipients",
    "assistance.households",
    "帮扶困难职工",
    "户",
    "对象为职工或困难家庭的帮扶记录的对象数之和（每条记录一户/一人）",
    (KIND, MIGRANT, MONTH),
    recipient_kind__in=PERSONAL,
)
_assisted(
    "recipients",
    "assistance.employers",
    "慰问困难企业",
    "家",
    "对象为企业的帮扶记录的对象数之和",
    (KIND,),
    recipient_kind=RecipientKind.EMPLOYER,
)
_assisted(
    "recipients",
    "assistance.people",
    "慰问困难群体",
    "人",
    "对象为群体（如困难乡村保洁员、孤儿/五保户、困难劳模）的帮扶记录的对象数之和",
    (KIND,),
    recipient_kind=RecipientKind.GROUP,
)
_assisted(
    "amount",
    "assistance.amount",
    "帮扶金额",
    "元",
    "帮扶记录的现金金额之和（物资折价不计入）",
    (KIND, RECIPIENT, MONTH),
)
_assisted(
    "recipients",
    "golden_autumn.students",
    "金秋助学",
    "人",
    "“金秋助学”记录资助的学生数（对象数之和）",
    kind=AssistanceKind.GOLDEN_AUTUMN,
)

# ------------------------------------------------------- per kind, as summaries write them

_assisted(
    "recipients",
    "spring_relief.employers",
    "春节送温暖慰问困难企业",
    "家",
    "“春节送温暖”记录中对象为企业的对象数之和",
    recipient_kind=RecipientKind.EMPLOYER,
    kind__in=SPRING,
)
_assisted(
    "recipients",
    "spring_relief.households",
    "春节送温暖慰问困难职工",
    "户",
    "“春节送温暖”记录中对象为职工或困难家庭的对象数之和",
    recipient_kind__in=PERSONAL,
    kind__in=SPRING,
)
_assisted(
    "recipients",
    "spring_relief.model_workers",
    "春节送温暖慰问困难劳模",
    "户",
    "“春节送温暖”记录中群体名称含“劳模”的对象数之和",
    recipient_kind=RecipientKind.GROUP,
    group_name__contains=MODEL_WORKERS,
    kind__in=SPRING,
)
_assisted(
    "amount",
    "spring_relief.amount",
    "春节送温暖慰问金",
    "元",
    "“春节送温暖”记录的现金金额之和（物资折价不计入）",
    kind__in=SPRING,
)
_assisted(
    "recipients",
    "hardship_aid.people",
    "困难职工帮扶",
    "人",
    "“生活救助”“医疗救助”记录的对象数之和",
    kind__in=HARDSHIP_AID,
)
_assisted(
    "amount",
    "hardship_aid.amount",
    "困难职工帮扶资金",
    "元",
    "“生活救助”“医疗救助”记录的现金金额之和",
    kind__in=HARDSHIP_AID,
)
_assisted(
    "amount",
    "golden_autumn.amount",
    "金秋助学金",
    "元",
    "“金秋助学”记录的现金金额之和",
    kind__in=GOLDEN_AUTUMN,
)
_assisted(
    "recipients",
    "summer_cooling.workers",
    "夏季送清凉慰问职工",
    "人",
    "“夏季送清凉”记录的对象数之和",
    kind__in=SUMMER,
)
_assisted(
    F("amount") + F("goods_value"),
    "summer_cooling.spent",
    "夏季送清凉经费",
    "元",
    "“夏季送清凉”记录的现金金额与物资折价之和（清凉物品多以实物发放）",
    kind__in=SUMMER,
)
_assisted(
    "recipients",
    "women_care.people",
    "女职工关爱",
    "人",
    "“女职工关爱/体检”记录的对象数之和",
    kind__in=WOMEN_CARE,
)
