import time

from django.http import HttpResponse
from django.urls import include, path


def slow(request):
    time.sleep(float(request.GET.get("s", "2")))
    return HttpResponse("slow done", content_type="text/plain")


urlpatterns = [path("slow", slow), path("", include("kesu.urls"))]
