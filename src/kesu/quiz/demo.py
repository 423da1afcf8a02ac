"""Demo question banks (a `kesu demo` step): the starter bank in every city-level union,
where every district and grassroots union below can use it. Deterministic and quick at any
scale: the bank is one file of items, bulk-inserted once per city."""

from __future__ import annotations

from kesu.demo.services import DemoContext
from kesu.orgs.models import Level, Organization
from kesu.quiz.bank.starter import load_starter_bank
from kesu.quiz.models import Question
from kesu.quiz.papers.demo import quiz_papers_demo


def quiz_bank_demo(ctx: DemoContext) -> None:
    codes = [n.code for n in ctx.nodes if n.level == Level.CITY]
    banks = [load_starter_bank(org) for org in Organization.objects.filter(code__in=codes)]
    items = Question.objects.filter(bank__in=banks, is_current=True).count()
    ctx.counts.update(question_banks=len(banks), questions=items)
    ctx.log(f"  题库：{len(banks)} 个入门题库，{items} 道试题")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("quiz_bank", quiz_bank_demo), ("quiz_papers", quiz_papers_demo))
AFTER = ()
