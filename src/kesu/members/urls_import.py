"""Excel import and export of the member roster."""

from django.urls import path

from kesu.members import views_import as views

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/jobs/<int:pk>/", views.import_job, name="import_job"),
    path("import/jobs/<int:pk>/status/", views.import_job_status, name="import_job_status"),
    path("import/jobs/<int:pk>/cancel/", views.import_job_cancel, name="import_job_cancel"),
    path("import/jobs/<int:pk>/apply/", views.import_job_apply, name="import_job_apply"),
    path("import/jobs/<int:pk>/retry/", views.import_job_retry, name="import_job_retry"),
    path("import/jobs/<int:pk>/errors.xlsx", views.import_job_errors, name="import_job_errors"),
    path("export/", views.export, name="export"),
    path("export/jobs/<int:pk>/", views.export_job, name="export_job"),
    path("export/jobs/<int:pk>/status/", views.export_job_status, name="export_job_status"),
    path("export/jobs/<int:pk>/retry/", views.export_job_retry, name="export_job_retry"),
    path("export/jobs/<int:pk>/download/", views.export_job_download, name="export_job_download"),
]
