"""The organisation tree's figures (see kesu.indicators.registry). They live here rather than
in kesu.orgs because the indicator layer sits above the organisation tree.

Organisations carry no founding date yet, so these count today's active organisations of
the subtree whatever the date range.
"""

from __future__ import annotations

from kesu.indicators.declare import Records, by_choice, undated
from kesu.indicators.schemas import register_evidence_schema
from kesu.orgs.models import Level, Organization
from kesu.orgs.schemas import OrgOut

register_evidence_schema(Organization, OrgOut)

ORGS = Records(
    undated(Organization, is_active=True),
    "",
    (by_choice("level", "层级", Level),),
)
ORGS.count("orgs.count", "工会组织数", "个", "范围内（含本级）已启用的工会组织。")
ORGS.where(level=Level.GRASSROOTS).count(
    "orgs.grassroots", "基层工会数", "个", "范围内已启用的基层工会组织。", dimensions=()
)
