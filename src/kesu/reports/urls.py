from django.urls import path

from kesu.reports import views, views_summary

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("table/", views.report_table, name="table"),
    path("ledger/", views.report_ledger, name="ledger"),
    path("contests/", views.report_contests, name="contests"),
    path("summary/", views_summary.summary_page, name="summary"),
    path("summary/save/", views_summary.summary_save, name="summary_save"),
    path("summary/autosave/", views_summary.summary_autosave, name="summary_autosave"),
    path("summary/accept/", views_summary.summary_accept, name="summary_accept"),
    path("summary/restore/", views_summary.summary_restore, name="summary_restore"),
    path("summary/<str:fmt>/", views_summary.summary_download, name="summary_download"),
    path("templates/", views_summary.templates_page, name="templates"),
    path("templates/default/", views_summary.template_download, name="template_default"),
    path("templates/<int:pk>/", views_summary.template_download, name="template_download"),
]
