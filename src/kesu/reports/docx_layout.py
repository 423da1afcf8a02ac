"""The shipped Word template, laid out after GB/T 9704 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 二号 (22 pt) in a
小标宋 face; body 三号 (16 pt) 仿宋 with a two-character first-line indent and a fixed
28 pt line; first-level headings (一、) 黑体 and second-level ones (（一）) 楷体, both
三号; page numbers 四号 in the footer as "— 1 —", odd pages at the right and even pages at the
left; the organisation and the date (2026年12月6日)
right-aligned at the end.

The official faces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are named first; where they
are missing, the font table names open ones as their alternatives (Noto Serif/Sans CJK SC),
which Word and LibreOffice use in their place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEFAULT_TEMPLATE = Path(__file__).parent / "data" / "summary_template.docx"
LATIN_FONT = "Times New Roman"
# role: (East Asian face, its open alternative)
FACES = {
    "title": ("方正小标宋简体", "Noto Serif CJK SC"),
    "body": ("仿宋_GB2312", "Noto Serif CJK SC"),
    "heading1": ("黑体", "Noto Sans CJK SC"),
    "heading2": ("楷体_GB2312", "Noto Serif CJK SC"),
    "mark": ("黑体", "Noto Sans CJK SC"),
    "page": ("宋体", "Noto Serif CJK SC"),
}
ALTERNATIVES = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "仿宋_GB2312": "FangSong",
    "FangSong": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "楷体_GB2312": "KaiTi",
    "KaiTi": "Noto Serif CJK SC",
}
SIZES = {"title": 22, "body": 16, "heading1": 16, "heading2": 16, "page": 14, "mark": 16}
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_MM = (210, 297)
LINE_PT = 28


def set_fonts(run: Any, role: str, *, bold: bool = False) -> None:
    """The run's Latin and East Asian faces and size for `role` (see FACES and SIZES)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FACES[role][0])
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    run.font.size = Pt(SIZES[role])
    run.font.bold = bold


def page_setup(section: Any) -> None:
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(23)


def _field(paragraph: Any, instruction: str) -> Any:
    """A field (PAGE) as its own run, followed by a run that carries the formatting."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText" if text == instruction else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} " if text == instruction else text
        run._element.append(node)
    return run


def page_numbers(document: Any) -> None:
    """ "— 1 —" in the footer, 四号: on odd pages at the right, on even pages at the left, one
    character in from the edge of the type area (GB/T 9704, 7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    one_char = Pt(SIZES["page"])
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = one_char
        else:
            paragraph.paragraph_format.left_indent = one_char
        for run in (paragraph.add_run("— "), _field(paragraph, "PAGE"), paragraph.add_run(" —")):
            set_fonts(run, "page")


def mark_header(document: Any, mark: str) -> None:
    """`mark` (征求意见稿) at the top right of every page's header."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in document.sections:
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_fonts(paragraph.add_run(mark), "mark", bold=True)


def font_alternatives(document: Any) -> None:
    """Name the open alternative of each official face in the font table (w:altName)."""
    from lxml import etree

    part = next(
        p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    )
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(part.blob)  # noqa: S320 (python-docx's own part)
    for name, alternative in ALTERNATIVES.items():
        font = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": name})
        etree.SubElement(font, f"{{{ns}}}altName", {f"{{{ns}}}val": alternative})
        etree.SubElement(font, f"{{{ns}}}charset", {f"{{{ns}}}val": "86"})
        etree.SubElement(font, f"{{{ns}}}family", {f"{{{ns}}}val": "roman"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, Pt(SIZES["body"])
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FACES["body"][0])
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    for name, role in (("公文一级标题", "heading1"), ("公文二级标题", "heading2")):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(SIZES[role])
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FACES[role][0])
        style.paragraph_format.first_line_indent = Pt(2 * SIZES["body"])


def build_default_template(path: Path = DEFAULT_TEMPLATE) -> None:
    """Write the shipped template (see the module docstring for the layout)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    page_setup(doc.sections[0])
    page_numbers(doc)
    _styles(doc)
    font_alternatives(doc)
    indent = Pt(2 * SIZES["body"])

    def para(text: str, role: str, *, style=None, align=None, first_indent=None, space=0):
        p = doc.add_paragraph(style=style)
        if align is not None:
            p.alignment = align
        if first_indent is not None:
            p.paragraph_format.first_line_indent = first_indent
        if space:
            p.paragraph_format.space_before = Pt(space)
        set_fonts(p.add_run(text), role)
        return p

    title = para("{{ title }}", "title", align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(LINE_PT)
    para("{{ opening }}", "body", first_indent=indent)
    doc.add_paragraph("{%p for section in sections %}")
    para("{{ section.heading }}", "heading1", style="公文一级标题")
    doc.add_paragraph("{%p for text in section.paragraphs %}")
    para("{{ text }}", "body", first_indent=indent)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    para("{{ org_name }}", "body", align=WD_ALIGN_PARAGRAPH.RIGHT, space=2 * LINE_PT)
    para("{{ signed_on }}", "body", align=WD_ALIGN_PARAGRAPH.RIGHT)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
