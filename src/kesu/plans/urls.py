from django.urls import path

from kesu.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_detail, name="detail"),
    path("children/", views.children_grid, name="children"),
    path("children/template.xlsx", views.children_template, name="children_template"),
    path("children/import/", views.children_import, name="children_import"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
]
