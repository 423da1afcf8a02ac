from django.urls import path

from kesu.contests import views

app_name = "contests"
urlpatterns = [
    path("", views.index, name="index"),
]
