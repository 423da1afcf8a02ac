from django.urls import path

from kesu.activities.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("from-theme-day/", views.campaign_from_theme_day, name="from_theme_day"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/join/", views.campaign_join, name="join"),
    path("<int:pk>/remind/", views.campaign_remind, name="remind"),
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
    path("attachments/<int:pk>/file/", views.attachment_file, name="attachment_file"),
    path("attachments/<int:pk>/thumb/", views.attachment_thumb, name="attachment_thumb"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
