"""Every audit action has a Chinese label, declared by its app, and the log shows labels only."""

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

import kesu
from kesu.audit import registry
from kesu.audit.display import change_rows, local_datetime, value_text

CODE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
FILE_NAME = re.compile(r"\.(json|docx|xlsx|jpg|csv|pdf)$")
SRC = Path(kesu.__file__).parent


def _writers():
    """Modules that write audit rows, directly or through an app's `_audit`/`_event` helper."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.parent.name != "audit" and re.search(r"audit_record\(|_audit\(|_event\(", text):
            yield path, ast.parse(text)


def test_every_action_code_in_the_code_has_a_label():
    found: dict[str, str] = {}
    for path, tree in _writers():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CODE.match(node.value) and not FILE_NAME.search(node.value):
                    found[node.value] = str(path.relative_to(SRC))
    assert len(found) > 80  # the scan really reads the services
    missing = {code: where for code, where in found.items() if code not in registry.ACTIONS}
    assert missing == {}


def test_action_codes_built_from_parts_match_declared_codes():
    """`f"paper.{step}"` and the like: each pattern must match at least one declared code."""
    patterns = []
    for _path, tree in _writers():
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "action":
                if isinstance(node.value, ast.JoinedStr):
                    parts = [
                        re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z_]+"
                        for v in node.value.values
                    ]
                    patterns.append(re.compile("^" + "".join(parts) + "$"))
    assert patterns
    for pattern in patterns:
        assert any(pattern.match(code) for code in registry.ACTIONS), pattern.pattern


def test_labels_are_chinese():
    for code, label in registry.ACTIONS.items():
        assert re.search(r"[\u4e00-\u9fff]", str(label)), code
    for name, label in registry.TARGETS.items():
        assert re.search(r"[\u4e00-\u9fff]", str(label)), name


def test_an_unlabelled_action_is_refused_in_tests():
    with pytest.warns(registry.UnlabelledAuditAction, match="没有中文名称"):
        registry.check_recorded("nothing.declared")


def test_fields_values_and_dates_are_shown_in_chinese():
    rows = change_rows(
        "activity.update",
        {"outreach": [None, "school"], "beneficiaries": [None, 1200], "start": "2026-12-06"},
    )
    labels = [r["label"] for r in rows]
    assert "outreach" not in labels and "beneficiaries" not in labels
    assert rows[0]["old"] == "—" and rows[0]["new"] != "school"
    assert rows[1]["new"] == "1,200"
    assert rows[2]["value"] == "2026年12月6日"
    when = dt.datetime(2026, 12, 6, 6, 5, tzinfo=dt.UTC)
    assert local_datetime(when) == "2026年12月6日 14:05"
    assert value_text("x.y", "at", "2026-12-06T06:05:00+00:00") == "2026年12月6日 14:05"
    assert registry.value_label("member.update", "status", "withdrawn") == "退会"


@pytest.mark.django_db
def test_activity_recent_entries_and_the_log_show_no_codes(client, users, tree):
    from kesu.activities.services import activity_create

    data = {
        "title": "3·23世界气象日进校园",
        "kind": "campaign",
        "start": "2026-03-23 09:00",
        "end": "2026-03-23 11:30",
        "outreach": "进校园",
        "beneficiaries": 1200,
    }
    activity = activity_create(actor=users.admin_a, org=tree.a1, data=data)
    client.force_login(users.admin_a)
    for url in (f"/activities/{activity.pk}/", "/audit/"):
        html = client.get(url).content.decode()
        assert "新建活动" in html and "活动名称" in html, url
        assert "activity.create" not in html.replace('value="activity.create"', ""), url
        assert "beneficiaries" not in html and "outreach" not in html, url
        assert "1,200" in html and "年" in html, url
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", html), url


def test_record_kinds_get_their_three_write_actions_labelled():
    from types import SimpleNamespace

    from kesu.funds.models import Budget

    kinds = {"budget": SimpleNamespace(label="经费预算", model=Budget)}
    actions, targets, fields, values = registry.record_kind_labels(kinds)
    assert actions == {
        "budget.create": "新建经费预算",
        "budget.update": "修改经费预算",
        "budget.delete": "删除经费预算",
    }
    assert targets == {"budget": "经费预算"}
    assert fields == registry.model_fields(Budget) and values == registry.model_choices(Budget)
    assert registry.action_label("meeting.minutes") == "上传会议纪要"  # leadership's own extra
