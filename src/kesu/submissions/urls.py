from django.urls import path

from kesu.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.index, name="index"),
    path("submit/", views.submit, name="submit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/docx/", views.download, name="download"),
    path("<int:pk>/<str:action>/", views.review, name="review"),
]
