from django.urls import path

from kesu.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    # Two segments, so no organisation code can shadow it.
    path("-/lookup/", views.lookup, name="lookup"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/children/", views.children, name="children"),
    path("<str:code>/new/", views.create, name="create"),
    path("<str:code>/edit/", views.edit, name="edit"),
    path("<str:code>/move/", views.move, name="move"),
]
