"""Files are never written with a placeholder (web asks, CLI refuses naming each part,
--draft marks 征求意见稿); the Word layout follows GB/T 9704; the PDF embeds its CJK font,
is A4 and renders "6·26" as text in poppler."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from PIL import Image

from kesu.reports import drafts
from kesu.reports.summary import Narrative
from tests.reports.test_summary import END, START, three  # noqa: F401

pytestmark = pytest.mark.django_db
QUERY = {"org": "HZ-A", "from": "2026-01-01", "to": "2026-12-31", "style": "exact"}


def _summary_cli(*args: str) -> str:
    out = StringIO()
    call_command(
        "report",
        "summary",
        "--org",
        "HZ-A",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        *args,
        stdout=out,
    )
    return out.getvalue()


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_cli_refuses_naming_each_missing_part(tmp_path, tree, users, three):  # noqa: F811
    target = tmp_path / "s.docx"
    with pytest.raises(CommandError) as refused:
        _summary_cli("-o", str(target))
    assert "“存在的问题”、“下一步工作计划”尚未填写" in str(refused.value)
    assert "--draft" in str(refused.value) and not target.exists()
    drafts.draft_save(
        actor=users.admin_a,
        org=tree.a,
        start=START,
        end=END,
        style="exact",
        narrative=Narrative(problems="覆盖面不广。"),
    )
    with pytest.raises(CommandError) as refused:
        _summary_cli("-o", str(target))
    assert "“下一步工作计划”尚未填写" in str(refused.value)
    assert "存在的问题" not in str(refused.value)


def test_cli_draft_copy_is_marked_in_title_and_header(tmp_path, tree, three):  # noqa: F811
    target = tmp_path / "s.docx"
    assert "已写入" in _summary_cli("--draft", "-o", str(target))
    document = Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "西湖区总工会2026年全民科学素质工作总结（征求意见稿）"
    assert all("待填写" not in t for t in texts)
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "征求意见稿" in header
    pdf = tmp_path / "s.pdf"
    _summary_cli("--draft", "-o", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_web_export_asks_to_write_or_accept_the_suggestion(client, users, three):  # noqa: F811
    client.force_login(users.admin_a)
    response = client.get("/reports/summary/docx/", QUERY)
    assert response.status_code == 302 and "export=docx" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "导出前请完成以下部分" in page and "存在的问题、下一步工作计划尚未填写" in page
    assert "采用建议并下载" in page  # HZ-A-1 has not reported: there is something to suggest
    accepted = client.post(
        "/reports/summary/accept/?" + "&".join(f"{k}={v}" for k, v in QUERY.items()),
        {"part": ["problems", "next_plan"], "next": "docx"},
    )
    assert accepted.status_code == 302 and accepted["Location"].startswith("/reports/summary/docx/")
    docx = client.get(accepted["Location"])
    assert docx.status_code == 200
    texts = _texts(docx.content)
    assert "北山街道总工会尚未向上级报送本期工作报告。" in texts
    assert "加强对基层工会的督促指导，推动各单位均衡开展工作并按时报送。" in texts
    assert not any("待填写" in t or "建议" in t for t in texts)


def test_default_template_layout_follows_gbt_9704(client, users, three, narrated):  # noqa: F811
    client.force_login(users.admin_a)
    document = Document(io.BytesIO(client.get("/reports/summary/docx/", QUERY).content))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    # Page numbers: odd pages at the right, even pages at the left, one character in.
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert 'w:instrText xml:space="preserve"> PAGE </w:instrText>' in footer._p.xml
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    assert round(odd.paragraph_format.right_indent.pt) == 14
    assert round(even.paragraph_format.left_indent.pt) == 14

    def east_asian(paragraph):
        return paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))

    paragraphs = {p.text: p for p in document.paragraphs}
    title = document.paragraphs[0]
    assert east_asian(title) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    body = paragraphs["二是发放宣传资料6532份。"]
    assert east_asian(body) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32
    heading = paragraphs["二、科普活动与宣传"]
    assert east_asian(heading) == "黑体" and heading.runs[0].font.size.pt == 16
    sign, date = document.paragraphs[-2], document.paragraphs[-1]
    assert sign.text == "西湖区总工会" and sign.alignment == 2  # right
    assert date.alignment == 2 and date.text.endswith("日") and "年" in date.text
    assert "-" not in date.text
    # the open alternatives are named in the font table
    fonts = next(
        p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    ).blob.decode()
    assert 'w:name="方正小标宋简体"' in fonts and 'w:val="Noto Serif CJK SC"' in fonts


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} (poppler-utils) is needed: .ci/run installs it"
    return path


def test_pdf_embeds_its_cjk_font_is_a4_and_renders(client, users, tree, tmp_path):
    from kesu.activities.models import Activity
    from tests.reports.conftest import _activity

    _activity(tree.a1g, START.replace(month=6, day=26), "6·26国际禁毒日宣传", person_times=500)
    assert Activity.objects.count() == 1
    drafts.draft_save(
        actor=users.admin_a,
        org=tree.a,
        start=START,
        end=END,
        style="exact",
        narrative=Narrative(problems="宣传形式单一。", next_plan="继续推进。"),
    )
    client.force_login(users.admin_a)
    response = client.get("/reports/summary/pdf/", QUERY)
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(response.content)
    fonts = subprocess.run(
        [_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column
    assert any("NotoSerifCJK" in line for line in fonts)
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "(A4)" in info
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "“6·26国际禁毒日宣传”" in text and re.search(r"—\s*1\s*—", text)
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    assert abs(image.width / image.height - 210 / 297) < 0.01
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 500  # glyphs drawn, not boxes of a missing font or an empty page


def test_draft_mark_and_uploaded_template_work_together(client, users, three, tmp_path):  # noqa: F811
    from tests.reports.test_summary_drafts import _template, _upload

    client.force_login(users.admin_a)
    data = _template(
        "红头文件 {{ title }}", "{%p for s in sections %}", "{{ s.heading }}", "{%p endfor %}"
    )
    client.post("/reports/templates/", {"name": "区模板", "file": _upload("t.docx", data)})
    target = tmp_path / "s.docx"
    _summary_cli("--draft", "-o", str(target))
    document = Document(str(target))
    assert document.paragraphs[0].text == (
        "红头文件 西湖区总工会2026年全民科学素质工作总结（征求意见稿）"
    )
    assert "征求意见稿" in document.sections[0].header.paragraphs[-1].text


def test_pdf_without_noto_falls_back_to_the_shared_font(
    users,
    tree,
    three,  # noqa: F811
    narrated,
    monkeypatch,
):
    from kesu.core import pdf_fonts
    from kesu.reports.exporting import summary_export

    monkeypatch.setattr(pdf_fonts, "available", lambda: False)
    made = summary_export(
        user=users.admin_a, org=tree.a, start=START, end=END, style="exact", fmt="pdf"
    )
    assert made.content.startswith(b"%PDF") and b"STSong-Light" in made.content
