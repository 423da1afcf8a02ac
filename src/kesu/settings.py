"""kesu settings: everything comes from environment variables (see README, 配置)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kesu.core.env import env_bool, env_int, env_list, env_networks, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("KESU_DATA_DIR", str(Path.cwd() / "kesu-data"))).resolve()

# Development defaults are safe on a laptop; KESU_PRODUCTION=true refuses them.
DEV_SECRET = "kesu-dev-secret-not-for-production"  # noqa: S105
DEV_DATA_KEY = "kesu-dev-data-key-not-for-production"
PRODUCTION = env_bool("KESU_PRODUCTION", False)
DEBUG = env_bool("KESU_DEBUG", False)
SECRET_KEY = env_str("KESU_SECRET_KEY", DEV_SECRET)
# Key material for personal data at rest (ID numbers, phones): encryption and keyed hashes.
DATA_KEY = env_str("KESU_DATA_KEY", DEV_DATA_KEY)
# Keys that still decrypt during a rotation (`kesu keys rotate`), newest first.
DATA_KEYS_OLD = env_list("KESU_DATA_KEYS_OLD", [])
# The keyed hashes' own secret: it must not follow KESU_DATA_KEY when that one rotates.
DATA_HASH_KEY = env_str("KESU_DATA_HASH_KEY", "") or DATA_KEY
if DATA_KEYS_OLD and not env_str("KESU_DATA_HASH_KEY"):
    raise ImproperlyConfigured(
        "KESU_DATA_KEYS_OLD needs KESU_DATA_HASH_KEY: set it to the key the lookup hashes were"
        " made with (the KESU_DATA_KEY in use before the first rotation)"
    )

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("KESU_PRODUCTION=true refuses KESU_DEBUG=true")
    if SECRET_KEY == DEV_SECRET or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("KESU_PRODUCTION=true needs KESU_SECRET_KEY (32+ characters)")
    if DATA_KEY == DEV_DATA_KEY or len(DATA_KEY) < 32:
        raise ImproperlyConfigured("KESU_PRODUCTION=true needs KESU_DATA_KEY (32+ characters)")
    if DATA_HASH_KEY == DEV_DATA_KEY or len(DATA_HASH_KEY) < 32:
        raise ImproperlyConfigured("KESU_PRODUCTION=true needs KESU_DATA_HASH_KEY (32+ characters)")

ALLOWED_HOSTS = env_list("KESU_ALLOWED_HOSTS", ["*"] if not PRODUCTION else [])
CSRF_TRUSTED_ORIGINS = env_list("KESU_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "kesu.core",
    "kesu.orgs",
    "kesu.accounts",
    "kesu.audit",
    "kesu.web",
    "kesu.members",
    "kesu.activities",
    "kesu.checkin",
    "kesu.resources",
    "kesu.quiz",
    "kesu.contests",
    "kesu.assessment",
    "kesu.training",
    "kesu.achievements",
    "kesu.archive",
    "kesu.employers",
    "kesu.hardship",
    "kesu.competitions",
    "kesu.leadership",
    "kesu.funds",
    "kesu.indicators",
    "kesu.reports",
    "kesu.plans",
    "kesu.evaluations",
    "kesu.dashboard",
    "kesu.submissions",
    "kesu.demo",
    "kesu.workbench",
]

MIDDLEWARE = [
    # Forwarding headers count only from a trusted proxy (kesu.core.proxies).
    "kesu.core.proxies.ForwardedHeadersGuard",
    "django.middleware.security.SecurityMiddleware",
    # These two only decorate responses, so they come before anything that may answer.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kesu.core.middleware.CSPMiddleware",  # django-csp, header built once per policy
    "kesu.quiz.attempts.submit_lane.SubmitLane",  # contest submissions with a token (see module)
    "kesu.quiz.attempts.start_lane.StartLane",  # contest starts and fetches with a token
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "kesu.core.middleware.CleanTextInput",  # after CSRF: see the class
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "kesu.web.api_support.ApiFallbackErrors",
    "kesu.web.idempotency.Idempotency",  # API writes with an Idempotency-Key (see module)
]

ROOT_URLCONF = "kesu.urls"
WSGI_APPLICATION = "kesu.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kesu.core.context_processors.kesu",
            ],
        },
    },
]

# Database: SQLite embedded by default, PostgreSQL via KESU_DATABASE_URL=postgres://…
SQLITE_OPTIONS = {
    # WAL lets readers proceed during writes; IMMEDIATE takes the write lock up front so
    # concurrent writers wait (busy timeout) instead of failing. A DEFERRED transaction
    # that has read and then writes is refused "database is locked" at once whenever
    # another connection wrote meanwhile: SQLite applies no busy wait to that upgrade.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000;"
    ),
}
DATABASE_URL = env_str("KESU_DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"KESU_DATABASE_URL is not a valid database URL: {exc}") from exc
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # A sqlite:// URL names another file, not other rules: the same options apply.
        DATABASES["default"]["OPTIONS"] = {
            **SQLITE_OPTIONS,
            **DATABASES["default"].get("OPTIONS", {}),
        }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "kesu.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
# How long an API write's Idempotency-Key is remembered (kesu.web.idempotency).
KESU_IDEMPOTENCY_HOURS = env_int("KESU_IDEMPOTENCY_HOURS", 24, minimum=1)
# A PostgreSQL streaming replica for the heavy reads (kesu.core.replica): dashboard,
# indicators, reports and exports; a user who has just written reads the primary for
# KESU_REPLICA_STICKY_SECONDS.
KESU_REPLICA_URL = env_str("KESU_REPLICA_URL", "")
KESU_REPLICA_PATHS = env_list(
    "KESU_REPLICA_PATHS",
    ["/dashboard/", "/indicators/", "/reports/", "/members/export", "/archive/export"],
)
KESU_REPLICA_STICKY_SECONDS = env_int("KESU_REPLICA_STICKY_SECONDS", 15, minimum=1)
if KESU_REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(KESU_REPLICA_URL, conn_max_age=60)
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"KESU_REPLICA_URL is not a valid database URL: {exc}") from exc
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["kesu.core.replica.ReplicaRouter"]
    MIDDLEWARE.insert(0, "kesu.core.replica.ReplicaReads")  # first: the whole request
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout after repeated failures (django-axes): per username and IP.
AXES_FAILURE_LIMIT = env_int("KESU_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("KESU_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "kesu.core.proxies.client_ip"

# Sessions: idle timeout (the expiry moves forward on every request).
SESSION_COOKIE_AGE = env_int("KESU_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Secure cookies unless explicitly serving plain HTTP on a laptop/intranet test box.
SECURE_COOKIES = env_bool("KESU_SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or
# CIDR networks); from anyone else those headers are dropped (kesu.core.proxies).
KESU_TRUSTED_PROXIES = env_networks("KESU_TRUSTED_PROXIES")
if KESU_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production is HTTPS only: HSTS for a year and plain-HTTP requests redirected. Behind a
# TLS-terminating proxy either list it in KESU_TRUSTED_PROXIES (it then says which requests
# came over HTTPS) or let the proxy redirect (KESU_SSL_REDIRECT=false); KESU_HSTS_SECONDS=0
# leaves HSTS to the proxy. Those explicit choices silence the matching deploy warnings.
SECURE_HSTS_SECONDS = env_int("KESU_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_SSL_REDIRECT = env_bool("KESU_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # a load balancer's plain-HTTP checks
SILENCED_SYSTEM_CHECKS = [
    # includeSubDomains/preload would force HTTPS on sibling sites of the unit's domain,
    # which kesu does not own.
    "security.W005",
    "security.W021",
    # SQLite builds the quiz attempts' covering index without its INCLUDE columns (the key
    # alone); PostgreSQL, the production database, carries them (kesu.quiz.models.Attempt).
    "models.W040",
]
if PRODUCTION and not SECURE_HSTS_SECONDS:
    SILENCED_SYSTEM_CHECKS.append("security.W004")
if PRODUCTION and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# Strict CSP: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("KESU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# Amounts grouped by thousands (477,400) where a template asks for it (intcomma): kesu's
# zh_Hans format module overrides the locale's separator-less grouping by 4.
FORMAT_MODULE_PATH = ["kesu.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even when using finders
# Serve app static files straight from the packages (no collectstatic step needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env_str("KESU_MEDIA_ROOT", str(DATA_DIR / "media"))).resolve()
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
KESU_MAX_IMPORT_BYTES = env_int("KESU_MAX_IMPORT_MB", 50, minimum=1) * 1024 * 1024
# Bounds checked before a parser reads an upload (kesu.core.uploads).
KESU_MAX_IMPORT_ROWS = env_int("KESU_MAX_IMPORT_ROWS", 300_000, minimum=1)
KESU_MAX_SHEET_CELLS = env_int("KESU_MAX_SHEET_CELLS", 20_000_000, minimum=1000)
KESU_MAX_UNZIPPED_BYTES = env_int("KESU_MAX_UNZIPPED_MB", 400, minimum=1) * 1024 * 1024
KESU_MAX_ZIP_RATIO = env_int("KESU_MAX_ZIP_RATIO", 100, minimum=10)
KESU_READ_SECONDS = env_int("KESU_READ_SECONDS", 120, minimum=1)
KESU_MAX_IMAGE_PIXELS = env_int("KESU_MAX_IMAGE_PIXELS", 50_000_000, minimum=1_000_000)

# Roles allowed to see unmasked personal data (ID numbers, phones).
KESU_PII_ROLES = env_list("KESU_PII_ROLES", ["admin"])
KESU_HARDSHIP_ROLES = env_list("KESU_HARDSHIP_ROLES", ["admin", "staff"])
# Compute every roll-up-read indicator from its records too and fail on a difference
# (on in the test suite; a diagnostic elsewhere).
KESU_ROLLUP_CHECK = env_bool("KESU_ROLLUP_CHECK", False)
# Prepared statements for the hot paths (token check, contest submit) on PostgreSQL; off
# behind a transaction-mode pooler that cannot keep them (kesu.accounts.lean_rows).
KESU_PREPARED_STATEMENTS = env_bool("KESU_PREPARED_STATEMENTS", True)
# Contest submissions, and starts with their first fetch, with a token answered before the
# URL resolver (kesu.quiz.attempts.submit_lane, start_lane); off, they take the ordinary API
# path (same answers, more work per request).
KESU_SUBMIT_LANE = env_bool("KESU_SUBMIT_LANE", True)
KESU_START_LANE = env_bool("KESU_START_LANE", True)
# Rate-limit counts shared by the server processes of this machine (kesu.core.ratelimit).
KESU_RATE_LIMIT_FILE = env_str("KESU_RATE_LIMIT_FILE", str(DATA_DIR / "ratelimit.bin"))

# Several app nodes: rate limits and caches in a Redis server shared by every node (Django's
# own RedisCache). Unset, one machine's processes share the table above and caches stay local.
KESU_REDIS_URL = env_str("KESU_REDIS_URL", "")
if KESU_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": KESU_REDIS_URL,
            "KEY_PREFIX": "kesu",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

# Uploads and generated files go through Django's storage API: a directory (shared by the
# nodes, e.g. over NFS) by default, or S3-compatible object storage (django-storages, boto3).
KESU_STORAGE = env_str("KESU_STORAGE", "filesystem")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if KESU_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("KESU_S3_BUCKET"),
            "endpoint_url": env_str("KESU_S3_ENDPOINT_URL") or None,
            "region_name": env_str("KESU_S3_REGION") or None,
            "access_key": env_str("KESU_S3_ACCESS_KEY") or None,
            "secret_key": env_str("KESU_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("KESU_STORAGE=s3 needs KESU_S3_BUCKET")
elif KESU_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"KESU_STORAGE must be filesystem or s3, got {KESU_STORAGE!r}")

# Background work: django-tasks with the database backend; `kesu serve` starts a worker.
TASKS = {
    "default": {
        "BACKEND": env_str("KESU_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KESU_LOG_LEVEL", "WARNING")},
}

os.environ.setdefault("KESU_SETTINGS_LOADED", "1")
