from django.urls import path

from kesu.leadership import views
from kesu.web.routes import record_routes

app_name = "leadership"
urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    *record_routes("<slug:kind>/", views, "record", name="", list_name="list"),
    path("<slug:kind>/new/<int:parent>/", views.record_form, name="create_under"),
    path("<slug:kind>/<int:pk>/delete/", views.record_delete, name="delete"),
]
