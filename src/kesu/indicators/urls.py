from django.urls import path

from kesu.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_index, name="index"),
    path("<str:code>/evidence/", views.indicator_evidence, name="evidence"),
    path("<str:code>/breakdown/", views.indicator_breakdown, name="breakdown"),
]
