from django.urls import path

from kesu.training import views, views_member
from kesu.web.routes import record_routes

app_name = "training"
urlpatterns = [
    *record_routes("", views, "course", name=""),
    path("ledger.xlsx", views.ledger_download, name="ledger"),
    path("<int:pk>/sessions/", views.session_add, name="session_add"),
    path("<int:pk>/enrol/", views.enrol_add, name="enrol_add"),
    path("<int:pk>/import/", views.enrol_import, name="enrol_import"),
    path("<int:pk>/certificates/", views.certificates_issue_view, name="certificates_issue"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path(
        "enrolments/<int:pk>/certificate.pdf", views_member.certificate_download, name="certificate"
    ),
    path("enrolments/<int:pk>/cancel/", views_member.enrolment_cancel, name="enrolment_cancel"),
    path("my/", views_member.my, name="my"),
    path("my/<int:pk>/enrol/", views_member.my_enrol, name="my_enrol"),
    path("verify/", views_member.verify, name="verify"),
    path("verify/<str:code>/", views_member.verify_code, name="verify_code"),
]
