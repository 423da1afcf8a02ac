from django.urls import path

from kesu.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
]
