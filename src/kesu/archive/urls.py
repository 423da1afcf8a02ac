from django.urls import path

from kesu.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.index, name="index"),
]
