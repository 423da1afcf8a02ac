from django.urls import path

from kesu.competitions import views
from kesu.web.routes import record_routes

app_name = "competitions"
urlpatterns = [
    *record_routes("", views, "competition", name=""),
    path("<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("ankang/", views.ankang, name="ankang"),
    path("libraries/", views.libraries, name="libraries"),
    path("libraries/<int:pk>/", views.library_detail, name="library_detail"),
    *record_routes("culture/", views, "culture"),
]
