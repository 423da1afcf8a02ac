from django.urls import path

from kesu.resources import views
from kesu.web.routes import record_routes

app_name = "resources"
urlpatterns = [
    path("", views.index, name="index"),
    *record_routes("venues/", views, "venue"),
    path("venues/<int:pk>/visits/", views.visit_add, name="visit_add"),
    *record_routes("experts/", views, "expert"),
    *record_routes("publications/", views, "publication"),
]
