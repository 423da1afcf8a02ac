"""Periodic evaluation, the bulk export, the card and the indicator."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kesu.archive import exporting, figures, narrowing, rules, services
from kesu.archive.card import archive_card_pdf
from kesu.audit.models import AuditEntry
from kesu.indicators.registry import Scope, get
from kesu.orgs import access
from tests.archive.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_rule(users, tree):
    return services.rule_save(
        actor=users.city_admin,
        org=tree.city,
        data={
            "year": YEAR,
            "min_hours": "0",
            "min_activities": "1",
            "min_achievements": "1",
        },
    )


def test_rule_is_inherited_and_overridden(users, tree, city_rule):
    assert figures.rule_for_org(tree.a1g, YEAR) == city_rule
    own = services.rule_save(
        actor=users.admin_a,
        org=tree.a,
        data={
            "year": YEAR,
            "min_activities": "3",
            "assessment_required": "on",
        },
    )
    mapping = figures.rules_for_subtree(tree.city, YEAR)
    assert mapping[tree.a1g.pk] == own and mapping[tree.bg.pk] == city_rule
    assert figures.rule_for_org(tree.a1g, YEAR - 1) is None
    assert AuditEntry.objects.filter(action="archive_rule.create").count() == 2


def test_rule_validation_and_scope(users, tree):
    with pytest.raises(services.RuleError) as exc:
        services.rule_save(
            actor=users.admin_a,
            org=tree.a,
            data={
                "year": "去年",
                "min_hours": "-1",
                "min_activities": "两场",
            },
        )
    assert set(exc.value.errors) == {"year", "min_hours", "min_activities"}
    with pytest.raises(access.NotFound):
        services.rule_save(actor=users.admin_a, org=tree.b, data={"year": YEAR})
    with pytest.raises(access.Forbidden):
        services.rule_save(actor=users.viewer_a, org=tree.a, data={"year": YEAR})


def test_who_falls_short_and_why(story, members, tree, city_rule):
    result = {row["name"]: f for row, f in rules.evaluate(tree.city, YEAR)}
    assert result["张三"].meets is True  # 1 activity this year, 1 verified achievement
    assert result["王五"].lacks == ["创新成果不足（0/1项）"]
    assert result["李四"].lacks == ["参加活动不足（0/1场）", "创新成果不足（0/1项）"]
    assert rules.meeting_count(tree.city, YEAR) == 1
    assert rules.meeting_count(tree.b, YEAR) == 0


def test_hours_rule_names_the_shortfall(story, users, tree):
    services.rule_save(actor=users.admin_a, org=tree.a, data={"year": YEAR, "min_hours": "8"})
    lacks = {row["name"]: f.lacks for row, f in rules.evaluate(tree.a, YEAR)}
    assert lacks["李四"] == ["学时不足（0.0/8.0）"]


def test_small_batches_give_the_same_answer(story, tree, city_rule):
    whole = [(r["id"], f.lacks) for r, f in rules.evaluate(tree.city, YEAR)]
    batched = [(r["id"], f.lacks) for r, f in rules.evaluate(tree.city, YEAR, size=1)]
    assert whole == batched


def test_indicator_counts_members_meeting_the_rule(story, tree, city_rule, members):
    indicator = get("archive.members_meeting_rule")
    scope = Scope(tree.city, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    assert indicator.value(scope) == 1
    assert list(indicator.records(scope)) == [members.in_a]
    assert indicator.value(Scope(tree.b, scope.start, scope.end)) == 0


def test_export_columns_masking_and_audit(story, users, tree, city_rule, members):
    out = io.BytesIO()
    rows = exporting.summary_export(user=users.staff_a, org=tree.a, year=YEAR, out=out)
    assert rows == 2
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    data = [[c.value for c in r] for r in sheet.iter_rows()]
    assert data[0] == exporting.HEADERS
    by_name = {r[0]: r for r in data[1:]}
    zhang = by_name["张三"]
    assert zhang[1] == members.in_a.id_number_masked and "*" in zhang[1]
    assert zhang[2] == "某科技公司工会"
    assert zhang[3] in (0, None)  # hours from the training app: none credited
    assert zhang[4:9] == [1, None, 1, 0, "是"]
    assert by_name["李四"][8] == "否" and "参加活动不足" in by_name["李四"][9]
    assert "王五" not in by_name
    entry = AuditEntry.objects.get(action="archive.export")
    assert entry.changes["rows"] == 2 and entry.changes["masked"] is True
    # the admin role (KESU_PII_ROLES) gets full ID numbers, and that is audited too
    out = io.BytesIO()
    exporting.summary_export(user=users.admin_a, org=tree.a, year=YEAR, out=out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    ids = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}
    assert "*" not in ids["张三"] and len(ids["张三"]) == 18
    with pytest.raises(access.NotFound):
        exporting.summary_export(user=users.staff_a, org=tree.b, year=YEAR, out=io.BytesIO())


def test_background_export_job(story, users, tree, city_rule, settings):
    settings.KESU_EXPORT_SYNC_MAX_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert exporting.needs_background(tree.a)
    job = exporting.job_create(user=users.staff_a, org=tree.a, year=YEAR)
    exporting.job_run(job.pk)  # what the worker does (a no-op if the backend already ran it)
    job.refresh_from_db()
    assert job.status == "done" and job.total_rows == 2 and job.percent == 100
    with pytest.raises(access.NotFound):
        exporting.job_get(user=users.admin_a, pk=job.pk)
    handle = exporting.job_download(user=users.staff_a, job=job)
    assert load_workbook(handle).active.max_row == 3
    assert AuditEntry.objects.filter(action="archive.export_download").count() == 1


def test_card_pdf_text(story, members, tree, city_rule):
    pdf = archive_card_pdf(members.in_a)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert members.in_a.id_number_masked in text
    for expected in ("张三", "安全生产科普讲座", "焊接工序合理化建议", "五一劳动奖章"):
        assert expected in text, text
    assert "滨江厂区讲座" not in text
    assert figures.Figures(hours=Decimal("1")).meets is None


def test_evidence_names_the_shorter_list(story, users, tree, members):
    services.rule_save(actor=users.city_admin, org=tree.city, data={"year": YEAR})
    assert set(rules.meeting_members(tree.city, YEAR)) == {
        members.in_a,
        members.in_a2,
        members.in_b,
    }
    services.rule_save(
        actor=users.city_admin, org=tree.city, data={"year": YEAR, "min_activities": "1"}
    )
    meeting = rules.meeting_members(tree.city, YEAR)
    assert set(meeting) == {members.in_a, members.in_b}  # 李四 attended nothing this year
    assert "NOT" in str(meeting.query).upper()  # named by exclusion: the shorter list


def test_verdicts_read_only_what_the_rules_look_at(story, users, tree, monkeypatch):
    assert list(rules.evaluate(tree.city, YEAR, verdict_only=True)) == []  # no rule: no reads
    services.rule_save(
        actor=users.city_admin, org=tree.city, data={"year": YEAR, "min_activities": "1"}
    )

    def unexpected(*args, **kwargs):
        raise AssertionError("read a figure no rule needs")

    for module, name in (
        (figures, "member_hours"),
        (figures, "latest_tiers"),
        (narrowing, "latest_tiers"),
        (narrowing, "training_attendance"),
    ):
        monkeypatch.setattr(module, name, unexpected)
    assert rules.meeting_count(tree.city, YEAR) == 2
    with pytest.raises(AssertionError):
        list(rules.evaluate(tree.city, YEAR))  # the full figures (export, pages) read them all
