"""The reference district's year (../shared/reference/work-summaries.txt, last summary) as
the demo records it, written by the summary generator from those records."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from kesu.accounts.services import operator
from kesu.demo.services import demo_generate
from kesu.orgs.models import Organization
from kesu.reports.summary import build_summary

pytestmark = pytest.mark.django_db


def test_reference_year_reads_like_the_hand_written_summary():
    demo_generate(scale="small", seed=1, stdout=io.StringIO())
    today = timezone.localdate()
    district = Organization.objects.get(code="JN-01")
    text = build_summary(
        user=operator(), org=district, start=dt.date(today.year, 1, 1), end=today
    ).text()
    assert "参加职工医疗互助5281份，占年任务4317份的122.3%" in text
    assert "慰问困难企业8家，慰问困难职工200户，慰问困难劳模4户" in text
    assert "帮扶困难职工52人，发放帮扶资金11.36万元" in text
    assert "资助困难职工子女68人" in text
    for hole in ("{", "【", "None", "万元万元", "的%", "任务份"):
        assert hole not in text
