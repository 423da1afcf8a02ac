from django.urls import path

from kesu.achievements import views
from kesu.web.routes import record_routes

app_name = "achievements"
urlpatterns = [
    *record_routes("", views),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/files/", views.file_upload, name="file_upload"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    *record_routes("honours/", views, "honour"),
]
