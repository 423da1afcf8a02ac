from django.urls import path

from kesu.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("table/", views.report_table, name="table"),
    path("ledger/", views.report_ledger, name="ledger"),
]
