from django.urls import path

from kesu.funds import views
from kesu.leadership import views as records
from kesu.web.routes import record_routes

app_name = "funds"
urlpatterns = [
    path("", views.index, name="index"),
    *record_routes("<slug:kind>/", records, "record", name="", list_name="list"),
    path("<slug:kind>/<int:pk>/delete/", records.record_delete, name="delete"),
]
