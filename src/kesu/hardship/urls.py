from django.urls import path

from kesu.hardship import views

app_name = "hardship"
urlpatterns = [
    path("", views.index, name="index"),
]
