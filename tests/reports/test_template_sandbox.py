"""User Word templates cannot run code: known Jinja2 escape payloads are refused at upload,
and a template stored before the check cannot run them at render either."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from jinja2.exceptions import SecurityError, UndefinedError

from kesu.accounts.services import operator
from kesu.reports import drafts, template_sandbox
from kesu.reports.models import SummaryTemplate
from kesu.reports.summary_docx import TemplateInvalid, render_docx
from tests.reports.test_summary import END, START, three  # noqa: F401
from tests.reports.test_summary_drafts import QUERY, _template, _upload

# Each payload, if it ran, would create the file named by {m} on the server.
PAYLOADS = {
    "mro_subclasses": "{{ title.__class__.__mro__[1].__subclasses__() }}",
    "class_attr": "{{ title.__class__ }}",
    "globals_walk": "{{ sections.__init__.__globals__ }}",
    "cycler": "{{ cycler.__init__.__globals__.os.popen('touch {m}').read() }}",
    "joiner": "{{ joiner.__init__.__globals__.os.popen('touch {m}').read() }}",
    "namespace": "{{ namespace.__init__.__globals__.os.popen('touch {m}').read() }}",
    "self": "{{ self.__init__.__globals__.__builtins__.open('{m}', 'w') }}",
    "self_context": "{{ self._TemplateReference__context }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('touch {m}').read() }}",
    "format_method": "{{ '{0.__class__.__init__.__globals__}'.format(title) }}",
    "percent_format": "{{ '%s' % title }}",
    "format_filter": "{{ '%s'|format(title) }}",
    "attr_filter": "{{ title|attr('__class__') }}",
    "item_walk": "{{ sections[0]['__class__'] }}",
    "loop_cycle": "{% for s in sections %}{{ loop.cycle.__globals__ }}{% endfor %}",
    "set": "{% set x = title %}{{ x }}",
    "macro": "{% macro m() %}x{% endmacro %}{{ m() }}",
    "include": "{% include 'summary_template.docx' %}",
    "import": "{% import 'os' as os %}",
    "safe_filter": "{{ title|safe }}",
    "config": "{{ config }}",
    "range_bomb": "{{ range(10**9)|list }}",
    "string_bomb": "{{ title * 100000000 }}",
    "deep_loops": "{% for a in sections %}{% for b in sections %}{% for c in sections %}"
    "x{% endfor %}{% endfor %}{% endfor %}",
    "autoescape_off": "{% autoescape false %}{{ title }}{% endautoescape %}",
}


def _payload(name: str, marker: Path) -> bytes:
    return _template("{{ title }}", PAYLOADS[name].replace("{m}", str(marker)))


def _sample(tree):
    return drafts._sample(tree.a)


@pytest.mark.parametrize("name", sorted(PAYLOADS))
@pytest.mark.django_db
def test_payload_is_refused_at_upload(client, users, name, tmp_path):
    marker = tmp_path / "pwned"
    client.force_login(users.admin_a)
    response = client.post(
        "/reports/templates/",
        {"name": "恶意模板", "file": _upload("t.docx", _payload(name, marker))},
    )
    assert response.status_code == 200  # the form again, with the refusal
    page = response.content.decode()
    assert "模板无法使用" in page and ("不允许" in page or "未知的变量" in page)
    assert not SummaryTemplate.objects.exists()
    assert not marker.exists()


@pytest.mark.parametrize("name", sorted(PAYLOADS))
@pytest.mark.django_db
def test_payload_cannot_run_at_render(tree, name, tmp_path):
    marker = tmp_path / "pwned"
    with pytest.raises(TemplateInvalid):
        render_docx(_sample(tree), _payload(name, marker))
    assert not marker.exists()


@pytest.mark.parametrize("name", ["cycler", "lipsum", "mro_subclasses", "format_method"])
@pytest.mark.django_db
def test_the_sandbox_alone_holds_when_the_check_is_bypassed(tree, name, tmp_path, monkeypatch):
    """Defence in depth: with the node check switched off, Jinja2's sandbox and the empty
    globals still stop the walk (an error or an empty value, never the command)."""
    monkeypatch.setattr(template_sandbox, "check_tree", lambda tree: None)
    marker = tmp_path / "pwned"
    try:
        render_docx(_sample(tree), _payload(name, marker))
    except (SecurityError, UndefinedError, TemplateInvalid):
        pass
    assert not marker.exists()


def _store(org, user, data: bytes) -> SummaryTemplate:
    """A template stored as an upload before the check existed would have been."""
    from django.core.files.base import ContentFile

    template = SummaryTemplate(org=org, name="旧模板", uploaded_by=user)
    template.file.save(f"{org.code}.docx", ContentFile(data), save=False)
    template.save()
    return template


@pytest.mark.django_db
def test_template_stored_before_the_fix_cannot_run(client, users, three, narrated, tmp_path):  # noqa: F811
    marker = tmp_path / "pwned"
    _store(users.admin_a.org, users.admin_a, _payload("cycler", marker))
    client.force_login(users.admin_a)
    response = client.get("/reports/summary/docx/", QUERY, follow=True)
    page = response.content.decode()
    assert "模板无法使用" in page and "旧模板" in page
    assert not marker.exists()
    with pytest.raises(CommandError, match="模板无法使用"):
        call_command(
            "report",
            "summary",
            "--org",
            users.admin_a.org.code,
            "--from",
            str(START),
            "--to",
            str(END),
            "-o",
            str(tmp_path / "s.docx"),
        )
    assert not marker.exists()


@pytest.mark.django_db
def test_payload_in_document_properties_is_refused(tree, tmp_path):
    """docxtpl renders the core properties too: they go through the same check."""
    marker = tmp_path / "pwned"
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.core_properties.comments = PAYLOADS["cycler"].replace("{m}", str(marker))
    out = io.BytesIO()
    doc.save(out)
    with pytest.raises(TemplateInvalid):
        render_docx(_sample(tree), out.getvalue())
    assert not marker.exists()


@pytest.mark.django_db
def test_documented_template_features_still_work(tree):
    data = _template(
        "{{ title }}（{{ org_name }}，{{ period }}）",
        "{%p for section in sections %}",
        "{{ loop.index }}. {{ section.heading|trim }}",
        "{%p for text in section.paragraphs %}",
        "{% if not loop.last %}{{ text|truncate(200) }}{% else %}{{ text }}{% endif %}",
        "{%p endfor %}",
        "{%p endfor %}",
        "{{ signed_on|default('') }} {{ sections|length }}",
    )
    texts = [p.text for p in Document(io.BytesIO(render_docx(_sample(tree), data))).paragraphs]
    assert texts[0].startswith("示例标题（西湖区总工会")
    assert "1. 一、示例工作" in texts
    assert "一是示例。" in texts


def test_context_is_plain_data():
    with pytest.raises(TypeError):
        template_sandbox.plain({"org": operator})
