from django.urls import path

from kesu.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.employer_create, name="create"),
    path("export.xlsx", views.employer_export, name="export"),
    path("import/", views.employer_import, name="import"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:pk>/edit/", views.employer_edit, name="edit"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("medical/", views.medical, name="medical"),
    path("medical/import/", views.medical_import, name="medical_import"),
    path("medical/grid/", views.medical_grid, name="medical_grid"),
]
