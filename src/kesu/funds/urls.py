from django.urls import path

from kesu.funds import views
from kesu.leadership import views as records

app_name = "funds"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", records.record_list, name="list"),
    path("<slug:kind>/new/", records.record_form, name="create"),
    path("<slug:kind>/<int:pk>/", records.record_detail, name="detail"),
    path("<slug:kind>/<int:pk>/edit/", records.record_form, name="edit"),
    path("<slug:kind>/<int:pk>/delete/", records.record_delete, name="delete"),
]
