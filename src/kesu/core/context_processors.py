from django.conf import settings


def kesu(request):
    return {"KESU_DEBUG": settings.DEBUG}
