"""Settings for PACS Vendor Desk, read from the environment (django-environ).

``DJANGO_ENV`` selects the mode: ``development`` (``make run``), ``test`` (``make test``) or
``production`` (the default, so a server started without configuration fails closed: it refuses
to start without ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``). Every variable is listed in
the README.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="production")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be one of development, test, production.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=DJANGO_ENV == "development")

if PRODUCTION:
    # No defaults: a production server without its secret or host list must not start.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS in production.")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-development-key-" + "x" * 40)
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_htmx",
    "django_celery_beat",
    "auditlog",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Project apps, bottom layer first (see docs/architecture.md).
    "core",
    "vendors",
    "accounts",
    "notifications",
    "slas",
    "tickets",
    "kpis",
    "operations",
    "governance",
    "scorecards",
    "compliance",
    "training",
    "reports",
    "overview",
    "portal",
]
if not PRODUCTION:
    # Development only (demo data, the demo Orthanc, seed_demo and bench_data): never in production,
    # where demo logins with published passwords have no place. See docs/architecture.md.
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before any password is checked: a client over the sign-in limit per client (accounts).
    "accounts.middleware.SignInClientLimitMiddleware",
    # Every vendor user's request, as answered, into the vendor access log (compliance).
    "compliance.middleware.VendorAccessLogMiddleware",
    "core.middleware.VendorUserConfinementMiddleware",
    # Sessions that still owe their second factor reach only the 2FA pages (accounts/middleware.py).
    "accounts.middleware.SecondFactorMiddleware",
    "core.middleware.RequestBodyLimitMiddleware",
    "core.middleware.AtomicWriteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last: turns a sign-in refused for too many failures into the "locked" page (accounts.views).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pacsvendor.urls"
WSGI_APPLICATION = "pacsvendor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.layout",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/pacsvendor")}
# Tests close connections after each request, so no thread (live server) keeps the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0 if DJANGO_ENV == "test" else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")


def _next_redis_database(url: str) -> str:
    """The same Redis server, the next database number: the cache must not share a database with
    the Celery broker, or clearing the cache would drop queued tasks."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + 1
    return urlunsplit(parts._replace(path=f"/{number}"))


REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default=_next_redis_database(REDIS_URL))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
        "KEY_PREFIX": "pacsvendor",
    }
}

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username+client before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in lockout (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one username from one
# client lock that pair for LOGIN_LOCKOUT_MINUTES, on the sign-in page, the Django admin login and
# the API token endpoint alike; the right password is refused meanwhile. Other accounts and other
# clients are unaffected; a successful sign-in clears the count. See docs/operations.md.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
# Across accounts: wrong passwords from one client, whichever usernames, within the lockout's
# window before that client's sign-ins pause (accounts.sign_in_limit).
LOGIN_CLIENT_FAILURE_LIMIT = env.int("LOGIN_CLIENT_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
# Proxies in front of the app whose X-Forwarded-For entries are trusted (0: none, REMOTE_ADDR is
# the client). Throttles and the lockout count per the client this gives (core/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
# Two-factor authentication (django-otp, accounts/two_factor.py): hospital admins and vendor users
# must enrol and pass a code at each sign-in while this is on; anyone who enrolled (staff may)
# always passes it. The API's password-to-token endpoint then asks for an ``otp`` field too.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("TWO_FACTOR_ISSUER", default="PACS Vendor Desk")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
HOSPITAL_HOME_URL = "overview:overview"
VENDOR_HOME_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_HOURS", default=72) * 3600

# Idle timeout: the cookie's age is renewed on every request.
SESSION_COOKIE_AGE = env.int("SESSION_TIMEOUT_MINUTES", default=60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=False)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["pacsvendor.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded documents are never served from a public URL: only through scoped views.
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The size cap of a request body other than a file upload (JSON, form data): larger ones answer
# 413 (core.middleware). Files have their own limits below.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("REQUEST_BODY_MAX_KB", default=2560) * 1024
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=25)
TICKET_REOPEN_DAYS = env.int("TICKET_REOPEN_DAYS", default=14)
TICKET_ATTACHMENT_MAX_MB = env.int("TICKET_ATTACHMENT_MAX_MB", default=20)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Files browsers ask for at the site's root (favicon.ico: pages without an icon link, such as
# the browsable API or a JSON error, still get one).
WHITENOISE_ROOT = BASE_DIR / "public"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# All mail goes into the outbox first; the outbox delivers through the transport of EMAIL_URL.
OUTBOX_TRANSPORT_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PACS Vendor Desk <pacs-vendor-desk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Outbox delivery: attempts before a message is marked failed, and the first retry delay.
EMAIL_OUTBOX_MAX_ATTEMPTS = env.int("EMAIL_OUTBOX_MAX_ATTEMPTS", default=6)
EMAIL_OUTBOX_RETRY_SECONDS = env.int("EMAIL_OUTBOX_RETRY_SECONDS", default=60)
# A worker claims a message for this long before it talks SMTP; a message still claimed after
# that (the worker died mid-send) is sent again. Longer than any one SMTP conversation takes.
EMAIL_OUTBOX_LEASE_SECONDS = env.int("EMAIL_OUTBOX_LEASE_SECONDS", default=300)
# The daily notification digest goes out at this time, in the hospital's zone (TIME_ZONE): after
# the morning's contract (07:00) and credit-claim (07:05) reminders, so a digest has them.
NOTIFICATIONS_DIGEST_TIME = env.str("NOTIFICATIONS_DIGEST_TIME", default="07:15")
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", NOTIFICATIONS_DIGEST_TIME):
    raise ImproperlyConfigured("NOTIFICATIONS_DIGEST_TIME must be a time of day as HH:MM, e.g. 07:15.")

# Monthly vendor reports: last month's are generated and emailed on this day of the month at
# this time, in the hospital's zone (TIME_ZONE). Days after the 28th would skip short months.
MONTHLY_REPORTS_DAY = env.int("MONTHLY_REPORTS_DAY", default=1)
MONTHLY_REPORTS_TIME = env.str("MONTHLY_REPORTS_TIME", default="07:30")
if not 1 <= MONTHLY_REPORTS_DAY <= 28:
    raise ImproperlyConfigured("MONTHLY_REPORTS_DAY must be a day from 1 to 28.")

# Raw KPI samples are kept for this many whole months before the current one (roll-ups for
# ever); the nightly maintenance drops older monthly partitions. 13 compares a month with the
# same month a year before.
KPI_SAMPLE_RETENTION_MONTHS = env.int("KPI_SAMPLE_RETENTION_MONTHS", default=13)
if KPI_SAMPLE_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("KPI_SAMPLE_RETENTION_MONTHS must be at least 1.")
# Whole months of the vendor access log kept before the current one (compliance); older months
# are dropped by the nightly partition maintenance.
ACCESS_LOG_RETENTION_MONTHS = env.int("ACCESS_LOG_RETENTION_MONTHS", default=24)
if ACCESS_LOG_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("ACCESS_LOG_RETENTION_MONTHS must be at least 1.")

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated API calls get 401 with "WWW-Authenticate: Token".
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.ActionPermission"],
    # JSON nested too deep is a 400, not a 500 (core.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    # Services' (Django's) ValidationError is a 400 with messages per field, as a serializer's.
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"auth": env.str("API_AUTH_THROTTLE_RATE", default="30/min")},
    # The same trusted-proxy rule as core.client_ip, for any DRF throttle keyed by DRF's get_ident.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# The OpenAPI schema (/api/schema/) and its readers (/api/docs/, /api/redoc/): signed-in users
# only unless this is true (core.api.permissions.ApiDocsAccess).
API_DOCS_PUBLIC = env.bool("API_DOCS_PUBLIC", default=False)
SPECTACULAR_SETTINGS = {
    # builds the lazily built API routers (core.api.routers) before listing the routes
    "DEFAULT_GENERATOR_CLASS": "core.api.schema_generator.SchemaGenerator",
    "TITLE": "PACS Vendor Desk API",
    "DESCRIPTION": (
        "Vendors, contracts, SLAs, tickets and KPIs of a hospital's PACS vendors.\n\n"
        "Lists are paged one of two ways, as each list's parameters say: by `page` and `page_size` "
        "(50 a page, up to 500; the answer has `count`), or, for lists that grow without end "
        "(tickets, KPI samples, probe runs), by `cursor` and `page_size`: follow `next` and "
        "`previous`. A GET answers 400 naming any query parameter it does not take, so `page` "
        "on a list paged by cursor is an error, never the first page again."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["core.api.permissions.ApiDocsAccess"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": None,  # core/templates/core/api/ link the site's own icon
    # No validator badge: Swagger UI would load it from validator.swagger.io. Tags start folded,
    # with a filter box: unfolded, Swagger UI stopped drawing after three tags once the API passed
    # about 125 operations (and a reader looks for one resource, not all of them).
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "validatorUrl": None,
        "docExpansion": "none",
        "filter": True,
        "defaultModelsExpandDepth": -1,
    },
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One name per choice set used by several fields.
    "ENUM_NAME_OVERRIDES": {
        "ContactRoleEnum": "vendors.models.Contact.Role",
        "SupportTierEnum": "slas.models.agreements.SupportTier",
        "TicketStatusEnum": "tickets.models.Status",
        "IncidentReviewStatusEnum": "slas.models.incidents.IncidentReview.Status",
        "FollowUpStatusEnum": "slas.models.incidents.FollowUpAction.Status",
        "NotificationEventTypeEnum": "notifications.event_types.EventType",
        "NotificationEmailDeliveryEnum": "notifications.event_types.EmailDelivery",
        "CreditStatementStateEnum": "slas.models.credits.CreditStatement.State",
        "MaintenanceWindowStateEnum": "slas.models.maintenance.MaintenanceWindow.State",
        "MonthlyReportStateEnum": "reports.models.MonthlyReport.State",
        "HistoryImportStatusEnum": "tickets.models.HistoryImport.Status",
        "SeverityEnum": "slas.models.agreements.Severity",
        "MeetingStatusEnum": "governance.models.meetings.Meeting.Status",
        "MeetingActionStatusEnum": "governance.models.actions.ActionStatus",
        "EvaluationStateEnum": "scorecards.models.evaluations.Evaluation.State",
        "ImprovementPlanStateEnum": "scorecards.models.plans.ImprovementPlan.State",
        "PlanItemStatusEnum": "scorecards.models.plans.PlanItem.Status",
        "SurveyStateEnum": "scorecards.models.surveys.Survey.State",
        # Security severities: a vendor bulletin's and an assessment finding's, one scale.
        "SecuritySeverityEnum": "compliance.models.assessments.FindingSeverity",
        "SideEnum": "core.roles.Side",
        "VendorKindEnum": "vendors.models.Vendor.Kind",
        "AssessmentKindEnum": "compliance.models.assessments.Assessment.Kind",
        "ProfessionEnum": "accounts.models.Profession",
        "TrainingCompletionSourceEnum": "training.models.completions.Source",
        "KpiSourceEnum": "kpis.models.catalogue.Source",
        "ChangePlanOutcomeEnum": "operations.models.plans.ChangePlan.Outcome",
        # training: sessions
        "TrainingSessionStatusEnum": "training.models.sessions.Session.Status",
        "EnrolmentStatusEnum": "training.models.sessions.Enrolment.Status",
        "AttendanceStatusEnum": "training.models.sessions.ATTENDANCE_CHOICES",
        # operations: test protocols, backup and DR tests
        "ComponentKindEnum": "vendors.models.Component.Kind",
        "PlanTestCaseResultEnum": "operations.models.protocols.PlanTestCase.Result",
        "RecoveryTestRunResultEnum": "operations.models.recovery.RecoveryTestRun.Result",
        # training: the knowledge base
        "ArticleKindEnum": "training.models.articles.ArticleKind",
        "ArticleStatusEnum": "training.models.articles.ArticleStatus",
        # governance: SLA annual reviews
        "SlaReviewOutcomeEnum": "governance.models.reviews.ReviewOutcome",
        "SlaReviewStatusEnum": "governance.models.reviews.SlaReview.Status",
        # operations: health assessments
        "HealthCheckResultEnum": "operations.models.health.HealthCheckResult.Result",
        "OpenOrDoneEnum": "operations.models.health.HealthFinding.Status",
    },
}

FILTERS_EMPTY_CHOICE_LABEL = "Any"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle mb-0"}

AUDITLOG_DISABLE_REMOTE_ADDR = False

# Content Security Policy: no third-party origins at all (closed hospital networks, no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a decision for the hospital's domain owners, not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env.bool("USE_X_FORWARDED_PROTO", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # pynetdicom logs every association and dataset at INFO, WeasyPrint every layout step and
    # fontTools every subset: probes and reports would drown the worker's log.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pynetdicom": {"level": "WARNING"},
        # WeasyPrint warns of every SVG presentation attribute it does not support in charts.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every start and every failed sign-in at INFO; lockouts stay (WARNING).
        "axes": {"level": "WARNING"},
    },
}
