from django.urls import path

from kesu.competitions import views

app_name = "competitions"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.competition_create, name="create"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/edit/", views.competition_edit, name="edit"),
    path("<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("ankang/", views.ankang, name="ankang"),
    path("libraries/", views.libraries, name="libraries"),
    path("libraries/<int:pk>/", views.library_detail, name="library_detail"),
    path("culture/", views.culture, name="culture"),
    path("culture/new/", views.culture_create, name="culture_create"),
    path("culture/<int:pk>/edit/", views.culture_edit, name="culture_edit"),
]
