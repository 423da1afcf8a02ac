from django.urls import path

from kesu.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.index, name="index"),
    path("venues/", views.venue_list, name="venues"),
    path("venues/new/", views.venue_create, name="venue_create"),
    path("venues/<int:pk>/", views.venue_detail, name="venue_detail"),
    path("venues/<int:pk>/edit/", views.venue_edit, name="venue_edit"),
    path("venues/<int:pk>/visits/", views.visit_add, name="visit_add"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/", views.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("publications/", views.publication_list, name="publications"),
    path("publications/new/", views.publication_create, name="publication_create"),
    path("publications/<int:pk>/", views.publication_detail, name="publication_detail"),
    path("publications/<int:pk>/edit/", views.publication_edit, name="publication_edit"),
]
