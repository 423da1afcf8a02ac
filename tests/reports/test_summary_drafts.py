"""Summary drafts, plan shares, the linked preview, Word templates and PDF."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from kesu.accounts.services import operator
from kesu.audit.models import AuditEntry
from kesu.plans.services import target_set
from kesu.reports import drafts
from kesu.reports.models import SummaryDraft
from kesu.reports.summary import Narrative, build_summary
from tests.reports.test_summary import END, START, three  # noqa: F401

QUERY = {"org": "HZ-A", "from": "2026-01-01", "to": "2026-12-31", "style": "exact"}


def _section(summary, title):
    return next(s for s in summary.sections if s.title == title)


@pytest.mark.django_db
def test_share_of_the_plan_target_follows_the_figure(tree, three):  # noqa: F811
    target_set(
        actor=operator(), org=tree.a, year=2026, indicator="activities.materials", value=5000
    )
    exact = build_summary(user=operator(), org=tree.a, start=START, end=END)
    assert "二是发放宣传资料6532份，占年任务5000份的130.6%。" in exact.text()
    approx = build_summary(user=operator(), org=tree.a, start=START, end=END, style="approx")
    assert "二是发放宣传资料6500多份，占年任务的130.6%。" in approx.text()
    # the share is a figure of its own, linked to the plan
    para = _section(exact, "科普活动与宣传").paragraphs[1]
    linked = [(text, f.url) for text, f in para.pieces() if f is not None]
    assert linked[0] == (
        "6532份",
        "/indicators/activities.materials/evidence/?org=HZ-A&from=2026-01-01&to=2026-12-31",
    )
    assert linked[2][0] == "130.6%" and linked[2][1].startswith("/plans/?org=HZ-A")


@pytest.mark.django_db
def test_drafts_are_versions_and_fill_the_narrative(tree, users, three):  # noqa: F811
    narrative = Narrative(problems="一是经费不足。\n二是覆盖面不广。", next_plan="继续推进。")
    first = drafts.draft_save(
        actor=users.admin_a, org=tree.a, start=START, end=END, style="exact", narrative=narrative
    )
    again = drafts.draft_save(
        actor=users.admin_a, org=tree.a, start=START, end=END, style="exact", narrative=narrative
    )
    assert first.pk == again.pk and first.version == 1
    second = drafts.draft_save(
        actor=users.admin_a,
        org=tree.a,
        start=START,
        end=END,
        style="exact",
        narrative=Narrative(
            opening="今年以来，我们认真工作。",
            extra="开展了职工书法比赛。",
            problems="一是经费不足。",
            next_plan="继续推进。",
        ),
    )
    assert second.version == 2
    assert AuditEntry.objects.filter(action="summary.draft").count() == 2
    summary = build_summary(
        user=users.admin_a, org=tree.a, start=START, end=END, narrative=drafts.narrative_of(first)
    )
    assert [p.text for p in _section(summary, "存在的问题").paragraphs] == [
        "一是经费不足。",
        "二是覆盖面不广。",
    ]
    assert "待填写" not in summary.text()
    latest = build_summary(
        user=users.admin_a,
        org=tree.a,
        start=START,
        end=END,
        narrative=drafts.narrative_of(drafts.draft_get(second.summary)),
    )
    assert latest.opening.text == "今年以来，我们认真工作。"
    headings = [s.heading for s in latest.sections]
    assert headings[-3:] == ["三、其他工作", "四、存在的问题", "五、下一步工作计划"]


@pytest.mark.django_db
def test_preview_links_figures_and_saves_drafts(client, users, three):  # noqa: F811
    client.force_login(users.staff_a)
    page = client.get("/reports/summary/", QUERY).content.decode()
    assert "西湖区总工会2026年全民科学素质工作总结" in page
    assert 'href="/indicators/activities.materials/evidence/?org=HZ-A&amp;from=2026-01-01' in page
    response = client.post(
        "/reports/summary/save/?" + "&".join(f"{k}={v}" for k, v in QUERY.items()),
        {"problems": "宣传形式单一。", "next_plan": "扩大覆盖。"},
    )
    assert response.status_code == 302
    assert SummaryDraft.objects.get().problems == "宣传形式单一。"
    page = client.get("/reports/summary/", QUERY).content.decode()
    assert "宣传形式单一。" in page and "第1版" in page


@pytest.mark.django_db
def test_viewer_cannot_save_and_other_subtree_is_hidden(client, users, three):  # noqa: F811
    client.force_login(users.viewer_a)
    assert client.get("/reports/summary/", QUERY).status_code == 200
    response = client.post(
        "/reports/summary/save/?org=HZ-A&from=2026-01-01&to=2026-12-31", {"problems": "x"}
    )
    assert response.status_code == 403
    client.force_login(users.admin_b)
    assert client.get("/reports/summary/", QUERY).status_code == 404
    assert client.get("/reports/summary/docx/", QUERY).status_code == 404


@pytest.mark.django_db
def test_missing_figure_is_named_and_nothing_is_downloaded(client, users, three, monkeypatch):  # noqa: F811
    from kesu.indicators import registry

    real = registry.get
    monkeypatch.setattr(
        registry,
        "get",
        lambda code: (
            (_ for _ in ()).throw(KeyError(code)) if code == "activities.materials" else real(code)
        ),
    )
    client.force_login(users.admin_a)
    page = client.get("/reports/summary/", QUERY).content.decode()
    assert "指标 activities.materials 缺失" in page
    response = client.get("/reports/summary/docx/", QUERY)
    assert response.status_code == 302


@pytest.mark.django_db
def test_word_and_pdf_downloads(client, users, three, narrated):  # noqa: F811
    client.force_login(users.admin_a)
    docx = client.get("/reports/summary/docx/", QUERY)
    assert docx.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert texts[0] == "西湖区总工会2026年全民科学素质工作总结"
    assert "二是发放宣传资料6532份。" in texts and "西湖区总工会" in texts
    pdf = client.get("/reports/summary/pdf/", QUERY)
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "西湖区总工会2026年全民科学素质工作总结" in text
    assert "发放宣传资料6532份" in text.replace("\n", "")


def _template(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_uploaded_template_is_used_by_the_subtree(client, users, three, narrated):  # noqa: F811
    client.force_login(users.admin_a)
    data = _template(
        "红头文件 {{ title }}", "{%p for s in sections %}", "{{ s.heading }}", "{%p endfor %}"
    )
    response = client.post(
        "/reports/templates/", {"name": "区总工会模板", "file": _upload("t.docx", data)}
    )
    assert response.status_code == 302
    docx = client.get("/reports/summary/docx/", QUERY)
    texts = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert texts[0] == "红头文件 西湖区总工会2026年全民科学素质工作总结"
    assert "二、科普活动与宣传" in texts
    # a unit in another district keeps the default template
    assert drafts.template_for(users.admin_b.org) is None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("t.doc", b"x", "请上传 .docx"),
        ("t.docx", b"not a zip", "模板无法读取"),
        ("t.docx", None, "未知的变量：budget"),
    ],
)
@pytest.mark.django_db
def test_bad_templates_are_refused(client, users, name, data, message):
    client.force_login(users.admin_a)
    data = data if data is not None else _template("{{ title }} {{ budget }}")
    response = client.post("/reports/templates/", {"name": "坏模板", "file": _upload(name, data)})
    assert response.status_code == 200
    assert message in response.content.decode()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
