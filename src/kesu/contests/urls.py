from django.urls import path

from kesu.contests import views
from kesu.web.routes import record_actions, record_routes

app_name = "contests"
urlpatterns = [
    *record_routes("", views),
    *record_actions(
        "", {"status": views.set_status, "poster": views.poster, "export": views.export}
    ),
    path("<int:pk>/qr.png", views.qr, name="qr"),
    path("<int:pk>/board/people/", views.board_people, name="board_people"),
    path("<int:pk>/board/orgs/", views.board_orgs, name="board_orgs"),
    path(
        "<int:pk>/certificates/<int:member_id>/<str:kind>/",
        views.certificate,
        name="certificate",
    ),
    path("<int:pk>/my-certificate/<str:kind>/", views.my_certificate, name="my_certificate"),
]
