"""The JSON API root: /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Authentication, the error shape and the routers are wired here; each app owns its router.
"""

from ninja import NinjaAPI, Swagger

from kesu.accounts.api import router as accounts_router
from kesu.accounts.schemas import FIELD_LABELS as ACCOUNT_LABELS
from kesu.achievements import api as achievements_api
from kesu.activities.api import router as activities_router
from kesu.activities.campaigns.api import FIELD_LABELS as CAMPAIGN_LABELS
from kesu.activities.campaigns.api import router as campaigns_router
from kesu.activities.schemas import FIELD_LABELS as ACTIVITY_LABELS
from kesu.archive import api as archive_api
from kesu.assessment import api as assessment_api
from kesu.checkin.api import router as checkin_router
from kesu.competitions import api as competitions_api
from kesu.contests import api as contests_api
from kesu.dashboard import api as dashboard_api
from kesu.employers import api as employers_api
from kesu.funds import api as funds_api
from kesu.hardship import api as hardship_api
from kesu.indicators.api import router as indicators_router
from kesu.indicators.schemas import FIELD_LABELS as INDICATOR_LABELS
from kesu.leadership import api as leadership_api
from kesu.members.api import router as members_router
from kesu.members.schemas import FIELD_LABELS as MEMBER_LABELS
from kesu.orgs.api import router as orgs_router
from kesu.orgs.schemas import FIELD_LABELS as ORG_LABELS
from kesu.plans import api as plans_api
from kesu.quiz import api as quiz_api
from kesu.resources import api as resources_api
from kesu.submissions import api as submissions_api
from kesu.training import api as training_api
from kesu.web.api_support import (
    API_AUTH,
    ChineseJSONRenderer,
    CleanTextParser,
    install_error_handlers,
)

api = NinjaAPI(
    title="kesu 科素 API",
    version="1",
    urls_namespace="api",
    description=(
        "工会科学素质工作平台接口。认证：请求头 Authorization: Bearer <令牌>，或浏览器会话"
        "（写操作需带 X-CSRFToken）。错误统一为 "
        '{"error": {"code": …, "message": 中文说明, "fields": {字段: 中文说明}}}。'
    ),
    auth=API_AUTH,
    renderer=ChineseJSONRenderer(),
    parser=CleanTextParser(),
    # Served from ninja's bundled static files (ninja is in INSTALLED_APPS): no CDN, and the
    # page has no inline script, so it works under our CSP. No online validator either.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)

install_error_handlers(
    api,
    common_labels={"page": "页码", "page_size": "每页条数"},
    labels={
        "tokens": ACCOUNT_LABELS,
        "orgs": ORG_LABELS,
        "members": MEMBER_LABELS,
        "indicators": INDICATOR_LABELS,
        "activities": ACTIVITY_LABELS,
        "campaigns": CAMPAIGN_LABELS,
        "theme-days": CAMPAIGN_LABELS,
        **quiz_api.API_LABELS,
        **contests_api.API_LABELS,
        **assessment_api.API_LABELS,
        **training_api.API_LABELS,
        **achievements_api.API_LABELS,
        **archive_api.API_LABELS,
        **employers_api.API_LABELS,
        **hardship_api.API_LABELS,
        **competitions_api.API_LABELS,
        **leadership_api.API_LABELS,
        **funds_api.API_LABELS,
        **dashboard_api.API_LABELS,
        **submissions_api.API_LABELS,
        **plans_api.API_LABELS,
        **resources_api.API_LABELS,
    },
)

api.add_router("", accounts_router)
api.add_router("", orgs_router)
api.add_router("", members_router)
api.add_router("", activities_router)
api.add_router("", campaigns_router)
api.add_router("", checkin_router)
api.add_router("", resources_api.router)
api.add_router("", indicators_router)
api.add_router("", plans_api.router)
api.add_router("", quiz_api.router)
api.add_router("", contests_api.router)
api.add_router("", assessment_api.router)
api.add_router("", training_api.router)
api.add_router("", achievements_api.router)
api.add_router("", archive_api.router)
api.add_router("", employers_api.router)
api.add_router("", hardship_api.router)
api.add_router("", competitions_api.router)
api.add_router("", leadership_api.router)
api.add_router("", funds_api.router)
api.add_router("", dashboard_api.router)
api.add_router("", submissions_api.router)
