"""The work summary as Word: rendered through a .docx template (docxtpl), so a union can
restyle the shipped template in Word and upload it back.

Template variables: title, opening, sections (each: heading, paragraphs — a list of str),
org_name, period, signed_on. The default template is laid out after GB/T 9704 by
`docx_layout.build_default_template` and shipped as data/summary_template.docx. Every template, the shipped one
included, renders in the sandbox of `template_sandbox` with plain data only.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from django.utils import timezone

from kesu.core.errors import ServiceError
from kesu.core.uploads import UploadRefused, check_zip
from kesu.reports.docx_layout import DEFAULT_TEMPLATE, mark_header
from kesu.reports.summary import Summary, period_label
from kesu.reports.template_sandbox import TemplateEnvironment, TemplateRefused, plain


class TemplateInvalid(ValueError):
    """An uploaded template that cannot render a summary (message in Chinese)."""


def context(summary: Summary) -> dict[str, Any]:
    """The template's variables; a paragraph the user has not written is refused here, the
    last gate before a file (reports.exporting asks for the text first)."""
    if any(p.placeholder for s in summary.sections for p in s.paragraphs):
        raise ServiceError("工作总结仍有未填写的部分，不能生成文件")
    today = timezone.localdate()
    return plain(
        {
            "title": summary.title,
            "opening": summary.opening.text,
            "sections": [
                {"heading": s.heading, "paragraphs": [p.text for p in s.paragraphs]}
                for s in summary.sections
            ],
            "org_name": summary.org.name,
            "period": period_label(summary.start, summary.end),
            "signed_on": f"{today.year}年{today.month}月{today.day}日",
        }
    )


def render_docx(summary: Summary, template: bytes | None = None, *, mark: str = "") -> bytes:
    """The summary rendered through `template` (the shipped default when None); an uploaded
    template that the sandbox refuses, whenever it was stored, raises TemplateInvalid.
    `mark` (征求意见稿) goes into the header of every page, whatever the template."""
    from docx import Document
    from docxtpl import DocxTemplate

    source = str(DEFAULT_TEMPLATE) if template is None else _bounded(template)
    data = _render(DocxTemplate(source), summary)
    if not mark:
        return data
    document = Document(io.BytesIO(data))
    mark_header(document, mark)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _render(doc: Any, summary: Summary) -> bytes:
    try:
        doc.render(context(summary), jinja_env=TemplateEnvironment(), autoescape=True)
    except TemplateRefused as exc:
        raise TemplateInvalid(f"模板无法使用：{exc}") from None
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _bounded(data: bytes) -> io.BytesIO:
    """The template's bytes, once the archive is within the upload limits."""
    try:
        check_zip(data)
    except UploadRefused as exc:
        raise TemplateInvalid(f"模板无法读取：{exc}") from None
    return io.BytesIO(data)


def write_docx(summary: Summary, path_or_file: str | Path | IO[bytes]) -> None:
    data = render_docx(summary)
    if hasattr(path_or_file, "write"):
        path_or_file.write(data)  # type: ignore[union-attr]
    else:
        Path(path_or_file).write_bytes(data)


def check_template(data: bytes, sample: Summary) -> None:
    """Refuse a template that is not a .docx, uses anything beyond the documented variables,
    filters and tags (the sandbox's check names it), or fails to render."""
    from docxtpl import DocxTemplate

    doc = DocxTemplate(_bounded(data))
    try:  # parses every part through the sandbox's check: unknown names are refused there
        doc.get_undeclared_template_variables(TemplateEnvironment())
    except TemplateRefused as exc:
        raise TemplateInvalid(f"模板无法使用：{exc}") from None
    except Exception as exc:
        raise TemplateInvalid("模板无法读取：请上传用 Word 保存的 .docx 文件") from exc
    try:
        _render(doc, sample)
    except TemplateInvalid:
        raise
    except Exception as exc:
        raise TemplateInvalid(f"模板无法生成总结：{exc}") from exc
