from django.urls import path

from kesu.quiz.papers import views
from kesu.web.routes import record_actions, record_routes

# papers (staff)
urlpatterns = [
    *record_routes("papers/", views, "paper"),
    *record_actions(
        "papers/",
        {
            "items": views.paper_items,
            "rules": views.paper_rules,
            "status": views.paper_status,
            "results": views.paper_results,
            "import": views.paper_import,
        },
        name="paper_",
    ),
    path("papers/<int:pk>/results.xlsx", views.paper_export, name="paper_export"),
    path(
        "papers/<int:pk>/import-template.xlsx",
        views.paper_import_template,
        name="paper_import_template",
    ),
]
