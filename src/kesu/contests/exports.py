"""Contest results (.xlsx): individual results and organisation ranking of one contest, and
the contest table of the statistical reports. Every text cell goes through safe_cell."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from kesu.audit.writes import audit_object
from kesu.contests import ranking
from kesu.contests.models import Contest
from kesu.contests.selectors import ResultRow, contest_results_rows
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.orgs import access
from kesu.orgs.models import Organization

MAX_ROWS = 1_000_000  # one sheet's limit, with room for the header rows


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _styled(ws: Worksheet, value: Any, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=safe_cell(value))
    cell.font = font
    return cell


def _heading(ws: Worksheet, title: str, lines: Sequence[str], header: Sequence[str]) -> None:
    ws.append([_styled(ws, title, Font(bold=True, size=14))])
    for line in lines:
        ws.append([safe_cell(line)])
    ws.append([_styled(ws, h, Font(bold=True)) for h in header])


def _rows(ws: Worksheet, rows: Iterable[Sequence[Any]]) -> None:
    for row in rows:
        ws.append([safe_cell(v) for v in row])


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def contest_header(contest: Contest) -> list[str]:
    return [
        f"主办单位：{contest.org.name}（{contest.org.code}）",
        f"竞赛时间：{_local(contest.starts_at)} 至 {_local(contest.ends_at)}",
        f"导出时间：{_local(timezone.now())}",
    ]


def contest_workbook(
    *,
    user: Actor,
    contest: Contest,
    parent: Organization | None = None,
    request: HttpRequest | None = None,
) -> bytes:
    """Two sheets: 个人成绩 (every participant's best attempt, ranked) and 单位排名 (children
    of `parent`, by default the contest's organisation). The download is audited."""
    access.require(user, access.VIEW)
    parent = parent or contest.org
    book = Workbook(write_only=True)  # streamed: tens of thousands of rows stay cheap
    ws = book.create_sheet("个人成绩")
    _heading(
        ws,
        f"{contest.title} 个人成绩",
        contest_header(contest),
        ["名次", "姓名", "所在单位", "得分", "满分", "得分率%", "用时（秒）", "交卷时间", "奖项"],
    )
    # Plain tuples of the shown columns: no attempt, member or organisation objects built.
    board = ranking.individual_board(contest).values_list(
        "member__name", "org__name", "score", "max_score", "duration_seconds", "submitted_at"
    )[:MAX_ROWS]
    rows = []
    for rank, (name, org_name, score, max_score, seconds, at) in enumerate(
        board.iterator(chunk_size=2000), 1
    ):
        percent = ranking.rate(score, max_score)
        rows.append(
            [
                rank,
                name,
                org_name,
                score,
                max_score,
                percent,
                seconds,
                _local(at),
                ranking.prize_for(contest, rank, percent),
            ]
        )
    _rows(ws, rows)
    orgs = book.create_sheet("单位排名")
    weights = (
        f"权重：参与率 {contest.weight_participation}、平均分 {contest.weight_average}、"
        f"高分率 {contest.weight_high_score}（高分线 {contest.high_score_percent}%）"
    )
    _heading(
        orgs,
        f"{contest.title} 单位排名（{parent.name}下级）",
        [*contest_header(contest), weights],
        [
            "名次",
            "单位",
            "组织编码",
            "在册会员",
            "参赛人数",
            "参与率%",
            "平均得分率%",
            "高分率%",
            "综合得分",
        ],
    )
    children = access.orgs_for(user).filter(parent=parent)
    _rows(
        orgs,
        [
            [
                r.rank or "未参赛",
                r.name,
                r.code,
                r.roster,
                r.participants,
                r.participation_rate,
                r.average_percent,
                r.high_score_share,
                r.composite,
            ]
            for r in ranking.org_board(contest, parent, children=children)
        ],
    )
    audit_object(
        user,
        "contest.export",
        contest,
        {"participants": [None, len(rows)], "org": [None, parent.code]},
        request,
    )
    return _save(book)


def results_workbook(
    *, user: Actor, org: Organization, start: dt.date, end: dt.date
) -> tuple[bytes, list[ResultRow]]:
    """The contest table of the statistical reports: one row per child of `org`."""
    rows = contest_results_rows(user, org, start, end)
    book = Workbook(write_only=True)
    ws = book.create_sheet("知识竞赛")
    _heading(
        ws,
        f"{org.name} 知识竞赛情况统计表",
        [f"统计期间：{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"],
        [
            "单位名称",
            "组织编码",
            "举办竞赛（场）",
            "参赛人数（人）",
            "在册会员（人）",
            "参与率（%）",
            "平均得分率（%）",
        ],
    )
    _rows(
        ws,
        [
            [
                r.name,
                r.code,
                r.contests,
                r.participants,
                r.roster,
                r.participation_rate,
                r.average_percent,
            ]
            for r in rows
        ],
    )
    return _save(book), rows
