from django.urls import path

from kesu.activities import views, views_calendar

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("calendar/", views_calendar.activity_calendar, name="calendar"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/copy/", views.activity_copy, name="copy"),
]
