from django.urls import path

from kesu.hardship import views, views_ledger
from kesu.web.routes import record_routes

app_name = "hardship"
urlpatterns = [
    path("", views.index, name="index"),
    *record_routes("cases/", views, "case"),
    path("cases/<int:pk>/transition/", views.case_transition, name="case_transition"),
    path("cases/<int:pk>/review/", views.review_add, name="review_add"),
    path("cases/<int:pk>/household/", views.household_add, name="household_add"),
    path("cases/<int:pk>/documents/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document_file, name="document_file"),
    *record_routes("assistance/", views_ledger, "assistance", list_name="ledger"),
    path("assistance/export/", views_ledger.ledger_export, name="ledger_export"),
    path("assistance/<int:pk>/delete/", views_ledger.assistance_delete, name="assistance_delete"),
    path("funds/", views_ledger.funds, name="funds"),
    path("standards/", views_ledger.standard_list, name="standards"),
]
