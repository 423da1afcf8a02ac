from django.urls import path

from kesu.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("<int:pk>/", views.scheme_detail, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
]
