from django.urls import path

from kesu.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("me/card.pdf", views.my_card, name="my_card"),
    path("me/data.<str:fmt>", views.my_data, name="my_data"),
    path("members/<int:pk>/", views.member, name="member"),
    path("members/<int:pk>/card.pdf", views.card, name="card"),
    path("export/", views.export, name="export"),
    path("export/<int:pk>/", views.export_job, name="export_job"),
    path("export/<int:pk>/retry/", views.export_retry, name="export_retry"),
    path("export/<int:pk>/download/", views.export_download, name="export_download"),
    path("rules/", views.rules_page, name="rules"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("shortfalls/", views.shortfalls, name="shortfalls"),
]
