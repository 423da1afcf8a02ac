from django.urls import path

from kesu.checkin import views
from kesu.web.routes import record_actions

app_name = "checkin"
urlpatterns = [
    path("t/<str:token>/", views.checkin_public, name="public"),
    path("activity/<int:activity_id>/", views.manage, name="manage"),
    path("activity/<int:activity_id>/qr.png", views.qr_png, name="qr"),
    *record_actions(
        "activity/",
        {"sheet": views.sheet, "add": views.add_members, "import": views.import_sheet},
        key="<int:activity_id>",
    ),
    path(
        "activity/<int:activity_id>/review/<int:pk>/<slug:decision>/",
        views.review_row,
        name="review",
    ),
]
