"""The work summary as Word: rendered through a .docx template (docxtpl), so a union can
restyle the shipped template in Word and upload it back.

Template variables: title, opening, sections (each: heading, paragraphs — a list of str),
org_name, period, signed_on. The default template is built by `build_default_template`
(python-docx) and shipped as data/summary_template.docx. Every template, the shipped one
included, renders in the sandbox of `template_sandbox` with plain data only.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from django.utils import timezone

from kesu.core.uploads import UploadRefused, check_zip
from kesu.reports.summary import Summary, period_label
from kesu.reports.template_sandbox import TemplateEnvironment, TemplateRefused, plain

DEFAULT_TEMPLATE = Path(__file__).parent / "data" / "summary_template.docx"
CJK_FONT = "宋体"
LATIN_FONT = "Times New Roman"


class TemplateInvalid(ValueError):
    """An uploaded template that cannot render a summary (message in Chinese)."""


def context(summary: Summary) -> dict[str, Any]:
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


def render_docx(summary: Summary, template: bytes | None = None) -> bytes:
    """The summary rendered through `template` (the shipped default when None); an uploaded
    template that the sandbox refuses, whenever it was stored, raises TemplateInvalid."""
    from docxtpl import DocxTemplate

    source = str(DEFAULT_TEMPLATE) if template is None else _bounded(template)
    return _render(DocxTemplate(source), summary)


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


def _fonts(run: Any, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    run.font.size = Pt(size)
    run.font.bold = bold


def build_default_template(path: Path = DEFAULT_TEMPLATE) -> None:
    """Write the shipped template: 二号 bold centred title, 三号 headings, 四号 body text
    with a two-character first-line indent, signature block on the right."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)

    def para(text: str, size: float, *, bold=False, align=None, indent=False) -> None:
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(28)
        _fonts(p.add_run(text), size, bold)

    para("{{ title }}", 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("{{ opening }}", 14, indent=True)
    doc.add_paragraph("{%p for section in sections %}")
    para("{{ section.heading }}", 16, bold=True)
    doc.add_paragraph("{%p for text in section.paragraphs %}")
    para("{{ text }}", 14, indent=True)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    para("{{ org_name }}", 14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("{{ signed_on }}", 14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
