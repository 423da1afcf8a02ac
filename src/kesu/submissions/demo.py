"""Demo: the demo district writes its summary draft, and its units report upward — some
submitted, one returned with a comment, the rest not yet — so 信息报送 and 工作总结 show data."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kesu.demo.services import DemoContext
from kesu.orgs.models import Organization
from kesu.reports.drafts import draft_save
from kesu.reports.summary import Narrative
from kesu.submissions.services import SubmissionError, submission_return, submission_submit

PROBLEMS = (
    "一是部分基层工会科普活动形式较为单一，吸引青年职工的新媒体手段运用不够。\n"
    "二是非公企业职工参与率仍然偏低，覆盖面有待进一步扩大。"
)
NEXT_PLAN = (
    "一是围绕全国科普日等重要节点，组织开展主题鲜明的科普活动。\n"
    "二是推动科普进企业、进车间，提升农民工等群体的科学素质。"
)
SUBMITTING = 3  # units of the demo district that report; the first is returned


def create_demo_reports(ctx: DemoContext) -> None:
    admin = ctx.users.get("qu_admin")
    if admin is None or admin.org is None:
        return
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    district = admin.org
    narrative = Narrative(problems=PROBLEMS, next_plan=NEXT_PLAN)
    units = list(Organization.objects.filter(parent=district).order_by("code")[:SUBMITTING])
    done = 0
    for org in [district, *units]:
        draft_save(
            actor=admin, org=org, start=start, end=today, style="approx", narrative=narrative
        )
    for org in units:
        try:
            submission_submit(
                actor=admin, org=org, start=start, end=today, note="请审阅本单位年度数据和工作总结"
            )
        except SubmissionError as exc:
            ctx.log(f"  {org.name} 未能报送：{exc.message}")
            continue
        done += 1
    first = units[0] if units else None
    if first is not None and done:
        from kesu.submissions.models import Submission

        sub = Submission.objects.filter(org=first, start=start, end=today).first()
        if sub is not None:
            submission_return(
                actor=admin,
                submission=sub,
                comment="请补充职工医疗互助和困难帮扶的具体情况后重新报送",
            )
    ctx.counts["submissions"] = done
    ctx.log(f"  工作总结草稿 {len(units) + 1} 份、下级报送 {done} 份（其中退回 1 份）")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("reports", create_demo_reports),)
AFTER = ("plans", "evaluations")
