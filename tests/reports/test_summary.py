"""The work summary: text against records created here, omission, refusal, .docx, CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document

from kesu.accounts.services import operator
from kesu.activities.models import Activity
from kesu.indicators import registry
from kesu.orgs import access
from kesu.reports.summary import MissingFigure, Narrative, build_summary, period_label
from kesu.reports.summary_docx import write_docx

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _activity(org, day: dt.date, title: str, **extra) -> Activity:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    return Activity.objects.create(
        title=title,
        kind="lecture",
        org=org,
        start=start,
        end=start + dt.timedelta(hours=2),
        **extra,
    )


@pytest.fixture
def three(tree):
    """Three activities in HZ-A's subtree: 500/800/5232 materials, 1200/2000/980 person-times."""
    _activity(tree.a1g, dt.date(2026, 3, 5), "讲座一", materials_distributed=500, person_times=1200)
    _activity(tree.a1g, dt.date(2026, 6, 1), "讲座二", materials_distributed=800, person_times=2000)
    _activity(tree.a, dt.date(2026, 9, 20), "展览", materials_distributed=5232, person_times=980)
    _activity(tree.bg, dt.date(2026, 5, 1), "滨江活动", materials_distributed=7000)  # not HZ-A
    # before the range, and outside last year's range too (no 同比 here: see test_summary_text)
    _activity(tree.a1g, dt.date(2024, 12, 31), "旧活动", materials_distributed=999)


def _section(summary, title):
    return next((s for s in summary.sections if s.title == title), None)


def test_exact_sentences(tree, three):
    summary = build_summary(user=operator(), org=tree.a, start=START, end=END)
    assert summary.title == "西湖区总工会2026年全民科学素质工作总结"
    activities = _section(summary, "科普活动与宣传")
    assert activities.heading == "二、科普活动与宣传"
    texts = [p.text for p in activities.paragraphs]
    assert texts == [
        "一是组织开展各类科普活动3场，参与职工4180人次。",
        "二是发放宣传资料6532份。",
        "其中，参与人数较多的活动有“讲座二”（参与2000人次）、“讲座一”（参与1200人次）、"
        "“展览”（参与980人次）。",
    ]
    codes = {f.code: f.text for f in activities.paragraphs[1].figures}
    assert codes == {"activities.materials": "6532份"}


def test_approx_sentences(tree, three):
    summary = build_summary(user=operator(), org=tree.a, start=START, end=END, style="approx")
    texts = [p.text for p in _section(summary, "科普活动与宣传").paragraphs]
    assert texts == [
        "一是组织开展各类科普活动3场，参与职工4100多人次。",
        "二是发放宣传资料6500多份。",
        "其中，参与人数较多的活动有“讲座二”（参与2000人次）、“讲座一”（参与1200人次）、"
        "“展览”（参与近1000人次）。",
    ]
    assert "6532" not in summary.text()


def test_sections_omitted_when_empty_and_placeholders_last(tree, three):
    summary = build_summary(user=operator(), org=tree.a, start=START, end=END)
    titles = [s.heading for s in summary.sections]
    # Only organisations and activities have records: the other areas are left out and the
    # numbering closes up.
    assert titles == [
        "一、组织建设与会员",
        "二、科普活动与宣传",
        "三、存在的问题",
        "四、下一步工作计划",
    ]
    # a single point is written without 一是
    assert _section(summary, "组织建设与会员").paragraphs[0].text == (
        "覆盖工会组织3个，其中基层工会1个。"
    )
    for title in ("存在的问题", "下一步工作计划"):
        (paragraph,) = _section(summary, title).paragraphs
        assert paragraph.placeholder and paragraph.text == ""  # unwritten: no stand-in text
    assert "西湖区总工会" in summary.opening.text


def test_no_activities_in_range_omits_the_activity_section(tree, three):
    quiet = build_summary(
        user=operator(), org=tree.a, start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 30)
    )
    assert quiet.title == "西湖区总工会2026年10至11月全民科学素质工作总结"
    assert _section(quiet, "科普活动与宣传") is None


def test_every_figure_is_written_with_its_code(tree, three):
    summary = build_summary(user=operator(), org=tree.a, start=START, end=END)
    text = summary.text()
    for hole in ("{", "【", "None", "共万元", "的%"):
        assert hole not in text
    for figure in summary.figures:
        assert figure.code in registry._REGISTRY and figure.text in text


def test_unregistered_figure_is_refused(tree, three, monkeypatch):
    real = registry.get

    def lookup(code):
        if code == "activities.materials":
            raise KeyError(code)
        return real(code)

    monkeypatch.setattr(registry, "get", lookup)
    with pytest.raises(MissingFigure) as info:
        build_summary(user=operator(), org=tree.a, start=START, end=END)
    assert info.value.indicator == "activities.materials"
    assert "发放宣传资料【activities.materials】" in info.value.sentence
    assert "指标 activities.materials 缺失（指标未登记）" in str(info.value)


def test_failed_computation_is_refused(tree, three, monkeypatch):
    def broken(scope):
        raise RuntimeError("boom")

    indicator = dataclasses.replace(registry.get("venues.count"), compute=broken)
    monkeypatch.setitem(registry._REGISTRY, "venues.count", indicator)
    with pytest.raises(MissingFigure, match="venues.count 缺失（计算失败）"):
        build_summary(user=operator(), org=tree.a, start=START, end=END)


def test_scope_is_checked(tree, users, three):
    with pytest.raises(access.NotFound):
        build_summary(user=users.admin_b, org=tree.a, start=START, end=END)
    summary = build_summary(user=users.admin_a, org=tree.a, start=START, end=END)
    assert "6532份" in summary.text()


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024年"),
        (dt.date(2024, 1, 1), dt.date(2024, 11, 30), "2024年1至11月"),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 31), "2024年3月"),
        (dt.date(2024, 1, 5), dt.date(2024, 3, 10), "2024年1月5日至3月10日"),
        (dt.date(2023, 7, 1), dt.date(2024, 6, 30), "2023年7月1日至2024年6月30日"),
    ],
)
def test_period_label(start, end, label):
    assert period_label(start, end) == label


def _docx_text(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_docx_contains_title_and_figures(tmp_path, tree, three):
    target = tmp_path / "summary.docx"
    written = Narrative(problems="覆盖面不广。", next_plan="继续推进。")
    write_docx(
        build_summary(user=operator(), org=tree.a, start=START, end=END, narrative=written), target
    )
    document = Document(str(target))
    title = document.paragraphs[0]
    assert title.text == "西湖区总工会2026年全民科学素质工作总结"
    assert title.alignment == 1  # centred
    fonts = title.runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    texts = _docx_text(target)
    assert "二是发放宣传资料6532份。" in texts
    assert "二、科普活动与宣传" in texts


def _run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_cli_writes_a_summary(tmp_path, tree, three, narrated):
    target = tmp_path / "summary.docx"
    text = _run(
        "summary",
        "--org",
        "HZ-A",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--style",
        "approx",
        "-o",
        str(target),
    )
    assert "已写入" in text
    assert "二是发放宣传资料6500多份。" in _docx_text(target)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "NOPE", "--from", "2026-01-01", "--to", "2026-12-31"], "组织编码不存在"),
        (["--org", "HZ", "--from", "2026-02-30", "--to", "2026-12-31"], "日期不存在"),
        (["--org", "HZ", "--from", "2026-12-31", "--to", "2026-01-01"], "截止日期不能早于"),
    ],
)
def test_cli_bad_input(tmp_path, tree, args, message):
    target = tmp_path / "x.docx"
    with pytest.raises(CommandError, match=message):
        _run("summary", *args, "-o", str(target))
    assert not target.exists()


def test_cli_refuses_a_missing_figure(tmp_path, tree, three, monkeypatch):
    real = registry.get
    monkeypatch.setattr(
        registry,
        "get",
        lambda code: (
            (_ for _ in ()).throw(KeyError(code)) if code == "activities.count" else real(code)
        ),
    )
    target = tmp_path / "x.docx"
    with pytest.raises(CommandError, match="无法生成工作总结：指标 activities.count 缺失"):
        _run(
            "summary",
            "--org",
            "HZ",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "-o",
            str(target),
        )
    assert not target.exists()
