"""Audit actions of activities, campaigns and theme days, with their Chinese labels."""

from kesu.activities.models import Activity, Attachment, Campaign, ThemeDay
from kesu.audit.registry import model_choices, model_fields

ACTIONS = {
    "activity.create": "新建活动",
    "activity.update": "修改活动",
    "activity.copy": "复制活动",
    "attachment.add": "上传活动附件",
    "attachment.delete": "删除活动附件",
    "campaign.create": "新建主题活动",
    "campaign.update": "修改主题活动",
    "campaign.join": "加入上级主题活动",
    "campaign.remind": "催报主题活动",
    "themeday.update": "修改主题日",
}
TARGETS = {"activity": "科普活动", "campaign": "主题日/活动月", "theme_day": "主题日"}
FIELDS = model_fields(Activity, Attachment, Campaign, ThemeDay) | {
    "copied_from": "复制自",
    "file": "文件",
    "original_name": "文件名",
    "photos": "照片",
}
VALUES = model_choices(Activity, Attachment, Campaign, ThemeDay)
