from django.urls import path

from kesu.checkin import views

app_name = "checkin"
urlpatterns = [
    path("t/<str:token>/", views.checkin_public, name="public"),
    path("activity/<int:activity_id>/", views.manage, name="manage"),
    path("activity/<int:activity_id>/qr.png", views.qr_png, name="qr"),
    path("activity/<int:activity_id>/sheet/", views.sheet, name="sheet"),
    path("activity/<int:activity_id>/add/", views.add_members, name="add"),
    path("activity/<int:activity_id>/import/", views.import_sheet, name="import"),
    path(
        "activity/<int:activity_id>/review/<int:pk>/<slug:decision>/",
        views.review_row,
        name="review",
    ),
]
