"""Existing drafts move to the reporting period their dates fall in (data-preserving).

Each saved summary is moved to the smallest customary period that holds its range (the
logic of kesu.reports.periods.natural_period, restated here: migrations do not import app
code). Summaries of one organisation that land in the same period are merged: every draft
is kept, renumbered after the others in the order it was written, so no text is lost.
"""

import calendar
import datetime as dt

from django.db import migrations


def _months(year, first, last):
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def _natural(start, end):
    if start.year != end.year:
        return "custom", start, end
    year = start.year
    if start.month == end.month:
        return ("month", *_months(year, start.month, start.month))
    quarter = (start.month - 1) // 3
    if quarter == (end.month - 1) // 3:
        return ("quarter", *_months(year, quarter * 3 + 1, quarter * 3 + 3))
    if (start.month <= 6) == (end.month <= 6):
        first = 1 if start.month <= 6 else 7
        return ("half", *_months(year, first, first + 5))
    return "year", dt.date(year, 1, 1), dt.date(year, 12, 31)


def forwards(apps, schema_editor):
    WorkSummary = apps.get_model("reports", "WorkSummary")
    SummaryDraft = apps.get_model("reports", "SummaryDraft")
    for draft in SummaryDraft.objects.all().only("pk", "created_at"):
        SummaryDraft.objects.filter(pk=draft.pk).update(updated_at=draft.created_at)
    groups = {}
    for summary in WorkSummary.objects.order_by("pk"):
        kind, start, end = _natural(summary.start, summary.end)
        groups.setdefault((summary.org_id, kind, start, end), []).append(summary)
    for (_org, kind, start, end), summaries in groups.items():
        keep, others = summaries[0], summaries[1:]
        if others:
            drafts = SummaryDraft.objects.filter(summary__in=summaries).order_by("created_at", "pk")
            ids = [d.pk for d in drafts]
            # two passes: the (summary, version) pairs must stay unique at every step
            offset = 1 + max([0, *SummaryDraft.objects.values_list("version", flat=True)])
            for n, pk in enumerate(ids, start=1):
                SummaryDraft.objects.filter(pk=pk).update(summary=keep, version=offset + n)
            for n, pk in enumerate(ids, start=1):
                SummaryDraft.objects.filter(pk=pk).update(version=n)
            WorkSummary.objects.filter(pk__in=[s.pk for s in others]).delete()
        WorkSummary.objects.filter(pk=keep.pk).update(period=kind, start=start, end=end)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_summary_period_autosave")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
