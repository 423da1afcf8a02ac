from kesu.members.urls_import import urlpatterns as import_urlpatterns
from kesu.members.urls_roster import urlpatterns as roster_urlpatterns

app_name = "members"
# Roster pages (list, detail, edit, transfer) and Excel import/export live in separate modules.
urlpatterns = roster_urlpatterns + import_urlpatterns
