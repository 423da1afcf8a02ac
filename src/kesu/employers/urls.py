from django.urls import path

from kesu.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.index, name="index"),
]
