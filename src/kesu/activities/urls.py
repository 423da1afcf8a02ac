from django.urls import path

from kesu.activities import views, views_calendar
from kesu.web.routes import record_routes

app_name = "activities"
urlpatterns = [
    *record_routes("", views, "activity", name="", list_name="list"),
    path("calendar/", views_calendar.activity_calendar, name="calendar"),
    path("<int:pk>/copy/", views.activity_copy, name="copy"),
]
