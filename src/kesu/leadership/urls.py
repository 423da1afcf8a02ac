from django.urls import path

from kesu.leadership import views

app_name = "leadership"
urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<slug:kind>/", views.record_list, name="list"),
    path("<slug:kind>/new/", views.record_form, name="create"),
    path("<slug:kind>/new/<int:parent>/", views.record_form, name="create_under"),
    path("<slug:kind>/<int:pk>/", views.record_detail, name="detail"),
    path("<slug:kind>/<int:pk>/edit/", views.record_form, name="edit"),
    path("<slug:kind>/<int:pk>/delete/", views.record_delete, name="delete"),
]
