from django.conf import settings
from django.urls import include, path
from django.views.static import serve

from kesu.api import api

urlpatterns = [
    path("", include("kesu.workbench.urls")),
    path("", include("kesu.web.urls")),
    path("accounts/", include("kesu.accounts.urls")),
    path("orgs/", include("kesu.orgs.urls")),
    path("members/", include("kesu.members.urls")),
    path("indicators/", include("kesu.indicators.urls")),
    path("reports/", include("kesu.reports.urls")),
    path("audit/", include("kesu.audit.urls")),
    path("activities/", include("kesu.activities.urls")),
    path("campaigns/", include("kesu.activities.campaigns.urls")),
    path("checkin/", include("kesu.checkin.urls")),
    path("resources/", include("kesu.resources.urls")),
    path("plans/", include("kesu.plans.urls")),
    path("evaluations/", include("kesu.evaluations.urls")),
    path("quiz/", include("kesu.quiz.urls")),
    path("contests/", include("kesu.contests.urls")),
    path("assessment/", include("kesu.assessment.urls")),
    path("training/", include("kesu.training.urls")),
    path("achievements/", include("kesu.achievements.urls")),
    path("archive/", include("kesu.archive.urls")),
    path("employers/", include("kesu.employers.urls")),
    path("hardship/", include("kesu.hardship.urls")),
    path("competitions/", include("kesu.competitions.urls")),
    path("leadership/", include("kesu.leadership.urls")),
    path("funds/", include("kesu.funds.urls")),
    path("dashboard/", include("kesu.dashboard.urls")),
    path("submissions/", include("kesu.submissions.urls")),
    path("api/v1/", api.urls),
]

# Rendered without the database, with a fixed page should the template fail.
handler500 = "kesu.core.error_pages.server_error"

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
