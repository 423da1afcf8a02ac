from django.urls import path

from kesu.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.results, name="results"),
    path("<int:pk>/items.xlsx", views.items_xlsx, name="items_xlsx"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/import/", views.import_scores, name="import"),
    path("<int:pk>/import/template.xlsx", views.import_template, name="import_template"),
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/new/", views.scheme_edit, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_edit, name="scheme_edit"),
]
