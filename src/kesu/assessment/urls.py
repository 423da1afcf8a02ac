from django.urls import path

from kesu.assessment import sample_views, views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.results, name="results"),
    path("<int:pk>/items.xlsx", views.items_xlsx, name="items_xlsx"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/import/", views.import_scores, name="import"),
    path("<int:pk>/import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/sample/", sample_views.sample, name="sample"),
    path("<int:pk>/sample/remind/", sample_views.remind, name="sample_remind"),
    path("<int:pk>/sample/<int:sm>/replace/", sample_views.replace, name="sample_replace"),
    path("<int:pk>/sample/qr.png", sample_views.invite_qr, name="invite_qr"),
    path("invite/<str:token>/", sample_views.invite, name="invite"),
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/new/", views.scheme_edit, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_edit, name="scheme_edit"),
]
