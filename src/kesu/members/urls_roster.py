from django.urls import path

from kesu.members import views, views_privacy

urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/anonymise/", views_privacy.member_anonymise, name="anonymise"),
]
