from django.urls import path

from kesu.members import views, views_privacy
from kesu.web.routes import record_routes

urlpatterns = [
    *record_routes("", views, "member", name="", list_name="list"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/anonymise/", views_privacy.member_anonymise, name="anonymise"),
]
