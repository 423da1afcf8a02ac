"""Figures of the funds (see kesu.indicators.registry and kesu.funds.selectors)."""

from __future__ import annotations

from kesu.funds.models import Budget, Expense
from kesu.funds.schemas import BudgetOut, ExpenseOut
from kesu.indicators import registry
from kesu.indicators.declare import Records, by_choice, dated, yearly
from kesu.indicators.registry import Scope, month_dimension
from kesu.indicators.schemas import register_evidence_schema
from kesu.leadership.models import AreaKind

AREA = by_choice("area", "工作领域", AreaKind)
EXPENSES = Records(
    dated(Expense, "spent_on"), dimensions=(AREA, month_dimension("spent_on", "月份"))
)
# The spending that records already carry, then the other-spending entries.
SPENT_PARTS = ("activities.spending", "assistance.amount", "funds.expenses")

register_evidence_schema(Budget, BudgetOut)
register_evidence_schema(Expense, ExpenseOut)


def _spent(scope: Scope) -> object:
    return sum(registry.get(code).value(scope) for code in SPENT_PARTS)


Records(yearly(Budget), dimensions=(AREA,)).total(
    "amount",
    "funds.budget",
    "落实经费",
    "元",
    "起止日期所在各年度的经费预算之和（按工作领域）。",
)
EXPENSES.total(
    "amount",
    "funds.expenses",
    "其他支出",
    "元",
    "支出日期在起止日期之间的其他支出（未记在活动、帮扶等记录上的经费）之和。",
)
EXPENSES.count(
    "funds.spent",
    "经费支出",
    "元",
    "活动经费、帮扶现金金额与其他支出之和；明细列出其他支出，活动经费和帮扶金额见各自指标。",
    dimensions=(),
    compute=_spent,
)
