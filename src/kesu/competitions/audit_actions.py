"""Audit actions of labour and skill contests, libraries and culture events."""

from kesu.audit.registry import model_choices, model_fields
from kesu.competitions.models import Competition, CompetitionEntry, CultureEvent, LibraryRecord

ACTIONS = {
    "competition.create": "新建劳动/技能竞赛",
    "competition.update": "修改劳动/技能竞赛",
    "competition.entry_add": "登记竞赛成绩",
    "competition.entry_delete": "删除竞赛成绩",
    "library.record": "登记职工书屋情况",
    "culture.create": "新建文化活动",
    "culture.update": "修改文化活动",
}
TARGETS = {"competition": "劳动/技能竞赛", "cultureevent": "文化活动"}
FIELDS = model_fields(Competition, CompetitionEntry, CultureEvent, LibraryRecord)
VALUES = model_choices(Competition, CompetitionEntry, CultureEvent, LibraryRecord)
