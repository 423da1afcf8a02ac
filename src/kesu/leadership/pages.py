"""What each record's pages show: title, list columns, its parent and its children. The
views of kesu.leadership and kesu.funds read this; nothing here touches the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from kesu.leadership import forms


@dataclass(frozen=True)
class Page:
    kind: str
    app: str  # url namespace
    title: str
    columns: tuple[tuple[str, str], ...]  # (heading, attribute or get_…_display)
    services: ModuleType
    parent: str = ""  # the parent kind for a child record
    child: str = ""  # the kind listed on the detail page
    list_filters: tuple[str, ...] = ("year",)

    @property
    def kind_spec(self) -> Any:
        return self.services.KINDS[self.kind]

    def form_class(self) -> Any:
        spec = self.kind_spec
        base = forms.BASES.get(
            spec.model, forms.OrgRecordForm if spec.parent == "org" else forms.RecordForm
        )
        return forms.form_class(spec.model, spec.fields, base)

    def cells(self, obj: Any) -> list[tuple[str, Any]]:
        """(heading, shown value) per column."""
        out = []
        for heading, attr in self.columns:
            value: Any = obj
            for part in attr.split("."):
                value = getattr(value, part, "")
                value = value() if callable(value) else value
            out.append((heading, shown(value)))
        return out


def shown(value: Any) -> Any:
    """A value as a page shows it: 是/否, dates as 2026-03-05, "—" for nothing."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value in (None, ""):
        return "—"
    return value


def _pages() -> dict[str, Page]:
    from kesu.funds import services as funds
    from kesu.leadership import services as lead

    org = ("所属组织", "org.name")
    return {
        p.kind: p
        for p in (
            Page(
                "leading_group",
                "leadership",
                "领导小组",
                (
                    ("年度", "year"),
                    ("名称", "name"),
                    org,
                    ("办公室设在", "office_section"),
                    ("联系人", "office_contact"),
                ),
                lead,
                child="group_member",
            ),
            Page(
                "group_member",
                "leadership",
                "领导小组成员",
                (("小组职务", "get_role_display"), ("姓名", "name"), ("职务", "job_title")),
                lead,
                parent="leading_group",
            ),
            Page(
                "work_area",
                "leadership",
                "工作分工",
                (
                    ("年度", "year"),
                    ("工作领域", "get_area_display"),
                    ("分管领导", "leader_in_charge"),
                    ("承办科室", "lead_section"),
                    ("责任人", "responsible_staff"),
                    org,
                ),
                lead,
                list_filters=("year", "area"),
            ),
            Page(
                "meeting",
                "leadership",
                "会议",
                (
                    ("日期", "held_on"),
                    ("方式", "get_mode_display"),
                    ("层级", "get_level_display"),
                    ("会议名称/议题", "topic"),
                    org,
                    ("会议纪要", "minutes_name"),
                ),
                lead,
                list_filters=("mode",),
            ),
            Page(
                "team",
                "leadership",
                "志愿者与讲师队伍",
                (("名称", "name"), ("类型", "get_kind_display"), ("组建日期", "founded_on"), org),
                lead,
                child="volunteer",
                list_filters=("kind",),
            ),
            Page(
                "volunteer",
                "leadership",
                "队员",
                (
                    ("姓名", "name"),
                    ("工作单位", "employer"),
                    ("专长", "speciality"),
                    ("联系电话", "phone_masked"),
                ),
                lead,
                parent="team",
                child="volunteer_service",
            ),
            Page(
                "volunteer_service",
                "leadership",
                "志愿服务",
                (
                    ("服务日期", "served_on"),
                    ("服务活动", "activity"),
                    ("时长（小时）", "hours"),
                    ("服务内容", "notes"),
                ),
                lead,
                parent="volunteer",
            ),
            Page(
                "budget",
                "funds",
                "经费预算",
                (
                    ("年度", "year"),
                    ("工作领域", "get_area_display"),
                    ("预算（元）", "amount"),
                    org,
                    ("备注", "notes"),
                ),
                funds,
                list_filters=("year", "area"),
            ),
            Page(
                "expense",
                "funds",
                "其他支出",
                (
                    ("支出日期", "spent_on"),
                    ("工作领域", "get_area_display"),
                    ("金额（元）", "amount"),
                    ("用途", "description"),
                    org,
                ),
                funds,
                list_filters=("area",),
            ),
        )
    }


PAGES = _pages()
TABS = {
    "leadership": (
        ("leading_group", "领导小组"),
        ("work_area", "工作分工"),
        ("meeting", "会议"),
        ("team", "志愿者与讲师"),
    ),
    "funds": (("overview", "预算执行"), ("budget", "经费预算"), ("expense", "其他支出")),
}
