app_name = "leadership"
urlpatterns = []
