"""The printable archive card (科学素质档案卡) of one member: an A4 PDF with the member's
masked ID, this year's figures and the timeline, in the shared CJK font (kesu.core.pdf)."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from kesu.archive.figures import figures_for, lacks, rule_for_org
from kesu.archive.selectors import kind_label, member_entries
from kesu.core.pdf import cjk_font
from kesu.members.models import Member

MAX_CHARS = 46  # one line of the entry column at 10.5 pt


def _fit(text: str, limit: int = MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def archive_card_pdf(member: Member, *, year: int | None = None) -> bytes:
    year = year or timezone.localdate().year
    figures = figures_for([member.pk], year)[member.pk]
    rule = rule_for_org(member.org, year)
    if rule is not None:
        figures.rule, figures.lacks = rule, lacks(rule, figures)
    entries = member_entries(member, links=False)

    buf = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setTitle(f"科学素质档案卡 {member.name}")
    font = cjk_font()
    pdf.setFillColorRGB(0.71, 0.14, 0.16)
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 25 * mm, "职工科学素质档案卡")
    pdf.setFillColorRGB(0.1, 0.1, 0.1)
    pdf.setFont(font, 12)
    y = height - 40 * mm
    for line in (
        f"姓名：{member.name}    身份证号：{member.id_number_masked}",
        f"所属工会：{member.org.name}",
    ):
        pdf.drawString(20 * mm, y, line)
        y -= 7 * mm
    hours = "—" if figures.hours is None else f"{figures.hours:.1f}"
    meets = "未设规则" if figures.meets is None else ("达到" if figures.meets else "未达到")
    pdf.drawString(
        20 * mm,
        y,
        f"{year}年：学时 {hours}  参加活动 {figures.activities} 场  "
        f"创新成果 {figures.achievements} 项  先进表彰 {figures.honours} 项",
    )
    y -= 7 * mm
    tier = figures.tier or "—"
    pdf.drawString(20 * mm, y, f"最新测评等级：{tier}    定期评估：{meets}")
    y -= 6 * mm
    if figures.lacks:
        pdf.drawString(20 * mm, y, _fit("未达要求：" + "；".join(figures.lacks), 60))
        y -= 6 * mm
    pdf.line(20 * mm, y, width - 20 * mm, y)
    y -= 8 * mm
    pdf.setFont(font, 10.5)
    for entry in entries:
        if y < 25 * mm:
            pdf.showPage()
            pdf.setFont(font, 10.5)
            y = height - 20 * mm
        pdf.drawString(20 * mm, y, entry.date.isoformat())
        pdf.drawString(45 * mm, y, kind_label(entry.kind))
        figures_text = " ".join(f"{k}{v}" for k, v in entry.figures.items())
        pdf.drawString(72 * mm, y, _fit(f"{entry.title} {figures_text}".strip()))
        y -= 6 * mm
    if not entries:
        pdf.drawString(20 * mm, y, "暂无记录")
    pdf.setFont(font, 8)
    pdf.drawString(
        20 * mm,
        12 * mm,
        f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}  本卡内容来自各业务记录，不另行存储。",
    )
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
