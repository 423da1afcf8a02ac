from django.urls import path

from kesu.quiz.papers import views

# papers (staff)
urlpatterns = [
    path("papers/", views.paper_list, name="papers"),
    path("papers/new/", views.paper_create, name="paper_create"),
    path("papers/<int:pk>/", views.paper_detail, name="paper_detail"),
    path("papers/<int:pk>/edit/", views.paper_edit, name="paper_edit"),
    path("papers/<int:pk>/items/", views.paper_items, name="paper_items"),
    path("papers/<int:pk>/rules/", views.paper_rules, name="paper_rules"),
    path("papers/<int:pk>/status/", views.paper_status, name="paper_status"),
    path("papers/<int:pk>/results/", views.paper_results, name="paper_results"),
    path("papers/<int:pk>/results.xlsx", views.paper_export, name="paper_export"),
    path("papers/<int:pk>/import/", views.paper_import, name="paper_import"),
    path(
        "papers/<int:pk>/import-template.xlsx",
        views.paper_import_template,
        name="paper_import_template",
    ),
]
