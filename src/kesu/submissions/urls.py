from django.urls import path

from kesu.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.index, name="index"),
]
