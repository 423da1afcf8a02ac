# Placeholder routes, replaced by the Excel import/export module.
from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse("建设中", status=501)


urlpatterns = [
    path("import/", _todo, name="import"),
    path("export/", _todo, name="export"),
]
