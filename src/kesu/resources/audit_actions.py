"""Audit actions of venues, experts and publications, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.resources.models import Expert, Publication, Venue, VenueVisit

# The services name their actions "<kind>.create" / "<kind>.update" for each kind.
ACTIONS = {
    "venue.create": "新建科普阵地",
    "venue.update": "修改科普阵地",
    "venue.visit_add": "登记阵地参观",
    "expert.create": "新增专家",
    "expert.update": "修改专家信息",
    "publication.create": "登记信息发布",
    "publication.update": "修改信息发布",
}
TARGETS = {"venue": "科普阵地", "expert": "专家", "publication": "信息发布"}
FIELDS = model_fields(Venue, VenueVisit, Expert, Publication)
VALUES = model_choices(Venue, VenueVisit, Expert, Publication)
