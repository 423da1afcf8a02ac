from django.urls import path

from kesu.achievements import views

app_name = "achievements"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/files/", views.file_upload, name="file_upload"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    path("honours/", views.honour_index, name="honours"),
    path("honours/new/", views.honour_create, name="honour_create"),
    path("honours/<int:pk>/", views.honour_detail, name="honour_detail"),
    path("honours/<int:pk>/edit/", views.honour_edit, name="honour_edit"),
]
