from django.urls import path

from kesu.achievements import views

app_name = "achievements"
urlpatterns = [
    path("", views.index, name="index"),
]
