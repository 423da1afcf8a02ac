from django.urls import path

from kesu.employers import views
from kesu.web.routes import record_routes

app_name = "employers"
urlpatterns = [
    *record_routes("", views, "employer", name=""),
    path("export.xlsx", views.employer_export, name="export"),
    path("import/", views.employer_import, name="import"),
    *record_routes("agreements/", views, "agreement"),
    path("medical/", views.medical, name="medical"),
    path("medical/import/", views.medical_import, name="medical_import"),
    path("medical/grid/", views.medical_grid, name="medical_grid"),
]
