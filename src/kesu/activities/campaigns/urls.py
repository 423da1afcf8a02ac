from django.urls import path

from kesu.activities.campaigns import views
from kesu.web.routes import record_actions, record_routes

app_name = "campaigns"
urlpatterns = [
    *record_routes("", views, "campaign", name="", list_name="list"),
    path("from-theme-day/", views.campaign_from_theme_day, name="from_theme_day"),
    *record_actions("", {"join": views.campaign_join, "remind": views.campaign_remind}),
    path("calendar/", views.theme_calendar, name="calendar"),
    path("theme-days/<int:pk>/edit/", views.theme_day_edit, name="theme_day_edit"),
    path(
        "attachments/activity/<int:activity_id>/", views.attachment_panel, name="attachment_panel"
    ),
    path(
        "attachments/activity/<int:activity_id>/upload/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    *record_actions(
        "attachments/",
        {
            "file": views.attachment_file,
            "thumb": views.attachment_thumb,
            "delete": views.attachment_delete,
        },
        name="attachment_",
    ),
]
