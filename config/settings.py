"""One settings module, driven by the environment (see .env.example).

With no environment at all it runs the embedded default: SQLite, and a Celery broker on the
filesystem, so `make run` needs no server installed. DATABASE_URL and CELERY_BROKER_URL switch
to PostgreSQL and Redis with no code change.
"""

import os
from pathlib import Path

import dj_database_url
import jinja2
from celery.schedules import crontab
from csp.constants import NONE, SELF

from .env import env_bool, env_cache, env_int, env_list, env_rate, env_str
from .logging_filters import ROUTINE_LOGGERS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("PRODUCTION", False)
SECRET_KEY = env_str("SECRET_KEY", None if PRODUCTION else "insecure-development-key-only")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_ratelimit",
    "django_fsm",
    "simple_history",
    "django_celery_results",
    "govuk_frontend_django",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "govuk_forms",
    "accounts",  # staff two-factor sign-in, session limits, password reset
    "feedback",
    "escalation",
    "ombudsman",
    "letters",
    "surveys",  # satisfaction surveys after a case closes or a stage is answered
    "equality",  # equality monitoring: answers apart from the case, aggregate reports only
    "reporting",
    "api",
    "mailintake",  # the intake mailbox (IMAP or a folder) read into feedback's email intake
    "devtools",  # the demo, the benchmarks and council_setup; no other app imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.two_factor.CompiledDeviceOTPMiddleware",  # django-otp's, one read compiled
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.StaffSessionMiddleware",
    "accounts.two_factor.TwoFactorRequiredMiddleware",
    "feedback.middleware.KeptPermissionsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.CSPMiddleware",  # django-csp's, the policy built once
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last (django-axes): turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "feedback.context_processors.organisation",
            ],
        },
    },
    {
        # Only the few fragments printed many times a page (an app's jinja2/ folder); every
        # page is Django's.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        # A misspelt name fails loudly rather than printing nothing.
        "OPTIONS": {
            "environment": "govuk_forms.jinja_env.environment",
            "undefined": jinja2.StrictUndefined,
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the worker write to one file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so a real Celery worker started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes first: it counts failed passwords (officer sign-in and the admin alike) and
# refuses even the right password while an account is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with a user's and their groups' permissions read in one query. (Sessions
    # signed in under django.contrib.auth.backends.ModelBackend end once: sign in again.)
    "accounts.backends.PermissionsInOneQueryBackend",
]
LOGIN_URL = "officer:login"
LOGIN_REDIRECT_URL = "officer:dashboard"
LOGOUT_REDIRECT_URL = "officer:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("govuk-frontend/dist/govuk", BASE_DIR / "node_modules/govuk-frontend/dist/govuk"),
    BASE_DIR / "build/css",
    BASE_DIR / "static",
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Attachments and letters are personal data: kept outside STATIC/public URLs and served
    # only through views that check access.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "config.storage.IncrementalCompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# The telephone number the error pages give when the database cannot be asked for the
# council's own (it is down): set it in production.
COUNCIL_PHONE = env_str("COUNCIL_PHONE", "")

# Uploads on the public form
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_FILES = env_int("ATTACHMENT_MAX_FILES", 5)
ATTACHMENT_ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG image",
    "image/png": "PNG image",
    "text/plain": "text file",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/msword": "Word document",
}
# Virus scanning (feedback.upload_safety): with CLAMD_SOCKET set (a Unix socket path such as
# /run/clamav/clamd.ctl, or host:3310) every upload is scanned by clamd. CLAMD_MODE
# "quarantine" (the default): the file is stored as "waiting for a virus scan", not served until
# a Celery task (feedback.quarantine) finds it clean; "upload": scanned before it is stored,
# refused at once if infected or if clamd cannot be reached.
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
CLAMD_MODE = env_str("CLAMD_MODE", "quarantine")
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)
# The public form: answers wait in the session this long (seconds) after the last page; a form
# sent sooner than SPAM_MIN_SECONDS after it was started is taken for a robot.
FEEDBACK_DRAFT_MAX_AGE = env_int("FEEDBACK_DRAFT_MAX_AGE", 24 * 3600)
# The read-access log (who opened which case, customer, letter, attachment): kept this long.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 2 * 365)
SPAM_MIN_SECONDS = env_int("SPAM_MIN_SECONDS", 3)
# Rate limits on the public pages (feedback.ratelimits, django-ratelimit): how often one
# internet connection may send the form, ask for a progress link and upload a document.
# Counted in the cache, which every web process must share (Redis) in production: the embedded
# default's memory cache counts per process, so `check --deploy` refuses it with PRODUCTION.
CACHES = {"default": env_cache("CACHE_URL", "locmem://")}
# The public statistics page is anonymous and its figures cost seconds at a million cases: they
# are kept this long in the cache (0: computed on every request).
PUBLIC_STATISTICS_CACHE_SECONDS = env_int("PUBLIC_STATISTICS_CACHE_SECONDS", 600)
# The council's row is kept per process under a stamp in the cache, replaced when its reference
# data changes (feedback.reference): only with a cache every process shares (Redis).
ORGANISATION_CACHE_READS = env_bool(
    "ORGANISATION_CACHE_READS", CACHES["default"]["BACKEND"].endswith("RedisCache")
)
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_SUBMIT = env_rate("RATELIMIT_SUBMIT", "10/h")
RATELIMIT_PROGRESS = env_rate("RATELIMIT_PROGRESS", "10/h")
RATELIMIT_UPLOAD = env_rate("RATELIMIT_UPLOAD", "30/h")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "feedback.ratelimits.client_ip"
# A cache that cannot be reached lets people through (the pages must keep working).
RATELIMIT_FAIL_OPEN = True
# Behind a reverse proxy REMOTE_ADDR is the proxy's: name the header it sets (X-Forwarded-For)
# and how many proxies you run that append to it. Only then is the header trusted, and only its
# last TRUSTED_PROXY_COUNT entries (the ones your proxies wrote; earlier ones the client can
# forge). Unset: REMOTE_ADDR.
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
SILENCED_SYSTEM_CHECKS = [
    # Django's own RedisCache (config.cache keeps its clients) is not on django-ratelimit's list,
    # but its incr is Redis INCRBY.
    "django_ratelimit.W001",
    # Development and tests may count in memory; production may not.
    *([] if PRODUCTION else ["django_ratelimit.E003"]),
    # SQLite has no covering indexes: the reports' index (feedback.Case) is built there without
    # its INCLUDE columns, on purpose, and the warning read as an error to newcomers.
    *(["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []),
]
# Request bodies (config.request_limits): a form without files is at most this big (the
# longest public form is well under 100 KB); a multipart body may carry the attachments above
# plus this much of form fields. Larger bodies are refused unread with a 413 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
REQUEST_FORM_OVERHEAD_BYTES = env_int("REQUEST_FORM_OVERHEAD_BYTES", 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email intake: an IMAP folder when INTAKE_IMAP_HOST is set, else a folder of .eml files.
INTAKE_MAIL_DIR = Path(env_str("INTAKE_MAIL_DIR", str(VAR_DIR / "intake")))
INTAKE_IMAP_HOST = env_str("INTAKE_IMAP_HOST", "")
INTAKE_IMAP_USER = env_str("INTAKE_IMAP_USER", "")
INTAKE_IMAP_PASSWORD = env_str("INTAKE_IMAP_PASSWORD", "")
INTAKE_IMAP_FOLDER = env_str("INTAKE_IMAP_FOLDER", "INBOX")
INTAKE_IMAP_TIMEOUT = env_int("INTAKE_IMAP_TIMEOUT", 30)
# Email arrives untriaged: it goes to the central team's service, as a complaint until triage
# says otherwise (a complaint is the kind with deadlines, so nothing waits unnoticed).
INTAKE_SERVICE = env_str("INTAKE_SERVICE", "customer-services")
INTAKE_KIND = env_str("INTAKE_KIND", "complaint")

# Email: Django's backends, so a council plugs in its provider with settings alone.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = str(VAR_DIR / "sent-email")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "complaints@example-council.gov.uk")
# Seconds for each exchange with the mail server: a hung provider must not stall a worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# The outbox (feedback.notifications): how long one sending attempt may hold an email before
# another may take it (well above EMAIL_TIMEOUT), how often the sweep publishes what the broker
# lost, and how old a pending email must be before the sweep takes it from its own task.
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 300)
NOTIFICATION_SWEEP_SECONDS = env_int("NOTIFICATION_SWEEP_SECONDS", 300)
NOTIFICATION_SWEEP_GRACE_SECONDS = env_int("NOTIFICATION_SWEEP_GRACE_SECONDS", 60)
LETTER_RENDER_SWEEP_SECONDS = env_int("LETTER_RENDER_SWEEP_SECONDS", 60)
# Longer than a render waits in a busy queue, so a long batch is not queued twice.
LETTER_RENDER_SWEEP_GRACE_SECONDS = env_int("LETTER_RENDER_SWEEP_GRACE_SECONDS", 300)

# Celery: filesystem broker by default (no server); Redis via CELERY_BROKER_URL.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://localhost/")
CELERY_QUEUE_DIR = VAR_DIR / "celery-queue"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "out"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "out"),  # must be the same folder
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "store_processed": False,
        # The exchange table; kombu's default is ./control in whatever folder the worker runs.
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than any task or countdown, so a slow task is not redelivered while it runs.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
        "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
        # A broker that is down or hung must not hold a web request: publishing gives up fast
        # and the outbox sweep sends later (feedback.notifications).
        "socket_connect_timeout": env_int("CELERY_BROKER_SOCKET_TIMEOUT", 3),
        "socket_timeout": env_int("CELERY_BROKER_SOCKET_TIMEOUT", 3),
    }
if CELERY_BROKER_URL.startswith("redis://"):
    # kombu's Redis transport, publishing with one client per channel, not one per message.
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
# Each pytest-xdist process (PYTEST_XDIST_WORKER=gw0, gw1, ...) sends to a queue of its own, and
# the real worker a test starts inherits the variable: one process's worker never takes the tasks
# of another process's test database, on Redis or the filesystem broker alike.
CELERY_TASK_DEFAULT_QUEUE = env_str(
    "CELERY_TASK_DEFAULT_QUEUE",
    "-".join(filter(None, ["celery", os.environ.get("PYTEST_XDIST_WORKER")])),
)
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_SOCKET_TIMEOUT", 3)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "django-db")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup closes the database connection before and after every task unless this
# is set (celery.fixups.django), so each task paid for a new PostgreSQL connection: a backend
# forked and its catalogue caches filled again. A worker process now keeps its connection for up
# to this many tasks, and between tasks Django's own rule decides, as between web requests
# (config.celery: CONN_MAX_AGE, a broken connection or one left inside a transaction is closed).
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = TIME_ZONE
# An idle worker stops at once on SIGTERM instead of at its next broker poll (config.celery).
CELERY_WORKER_STOP_WHEN_IDLE = env_bool("CELERY_WORKER_STOP_WHEN_IDLE", False)
CELERY_BEAT_SCHEDULE: dict = {
    # Reminders, overdue flags and outstanding actions (escalation.sweep); idempotent.
    "escalation-deadline-sweep": {
        "task": "escalation.tasks.deadline_sweep",
        "schedule": env_int("DEADLINE_SWEEP_SECONDS", 15 * 60),
    },
    "escalation-daily-digest": {
        "task": "escalation.tasks.deadline_digest",
        "schedule": crontab(hour=7, minute=30),
    },
    # The outbox sweep: emails still pending after their task (worker lost, broker down).
    "resend-pending-notifications": {
        "task": "feedback.tasks.resend_pending_notifications",
        "schedule": float(NOTIFICATION_SWEEP_SECONDS),
    },
    # Letter renders the broker lost (letters.render_queue): queued again after the grace.
    "letters-render-sweep": {
        "task": "letters.tasks.render_sweep",
        "schedule": float(LETTER_RENDER_SWEEP_SECONDS),
    },
    # The retention schedule (feedback.retention): anonymise what has passed its period.
    "retention-sweep": {
        "task": "feedback.tasks.retention_sweep",
        "schedule": crontab(hour=2, minute=15),
    },
    "purge-subject-access-exports": {
        "task": "feedback.tasks.purge_subject_access_exports",
        "schedule": 3600.0,
    },
    # Upload quarantine: scans the broker lost are queued again.
    "requeue-pending-scans": {
        "task": "feedback.tasks.requeue_pending_scans",
        "schedule": 3600.0,
    },
    "purge-pending-uploads": {
        "task": "feedback.tasks.purge_pending_uploads",
        "schedule": 3600.0,
    },
    "purge-access-log": {
        "task": "feedback.tasks.purge_access_log",
        "schedule": crontab(hour=3, minute=15),
    },
    # The shared complaints inbox becomes cases (mailintake, feedback.email_intake); each
    # message once.
    "feedback-email-intake": {
        "task": "mailintake.tasks.intake_mail",
        "schedule": env_int("INTAKE_SECONDS", 60),
    },
}
# How many days before a review date of reasonable adjustments or a contact restriction the
# owner is reminded and the review shows on the complaints manager's dashboard.
REVIEW_NOTICE_DAYS = env_int("REVIEW_NOTICE_DAYS", 14)
# A subject access export (feedback.subject_access) is deleted this many days after it is made.
SUBJECT_ACCESS_EXPORT_DAYS = env_int("SUBJECT_ACCESS_EXPORT_DAYS", 30)
# The deadline sweep calls each of these with `now=`; each must be idempotent.
DEADLINE_SWEEPERS: list[str] = [
    "feedback.reviews.review_reminders",
    "ombudsman.sweep.response_deadlines",
    "ombudsman.sweep.remedy_deadlines",
]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Hashed, expiring, scoped tokens, one per integration (api.tokens, the admin).
        "api.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.tokens.TokenScopes",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.tokens.PerTokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens: how long a new one lasts unless told (days), and how many requests each token may
# make (DRF rate: 600/min, 20000/day...). The schema and docs pages are for signed-in staff and
# token holders unless API_DOCS_PUBLIC.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 365)
API_TOKEN_RATE = env_str("API_TOKEN_RATE", "600/min")
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)

SPECTACULAR_SETTINGS = {
    "TITLE": "Council feedback API",
    "DESCRIPTION": "Complaints, comments and compliments: create feedback from a CRM or "
    "contact-centre system, follow cases and their deadlines, take lifecycle transitions, read "
    "reference data and statistics. Authenticate with `Authorization: Token <key>` "
    "(`manage.py api_token <username> --name <integration> --scopes read,create`). Errors "
    "share one JSON shape (the Error schema).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.AllowAny"
        if API_DOCS_PUBLIC
        else "rest_framework.permissions.IsAuthenticated"
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page's JavaScript and CSS are served from our static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "FeedbackKindEnum": "feedback.models.FeedbackKind",
        "CaseEventKindEnum": "feedback.models.CaseEvent.Kind",
        "DayUnitEnum": "escalation.models.DayUnit",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# Staff sign-in (accounts). Two factors for every staff account: on in production, and on by
# default everywhere else too; `make run` turns it off for the demo only (its users are also
# pre-enrolled, see the README), and the tests turn it on where they test it.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Council feedback")
# A signed-in officer is signed out after this long without a request, and this long after
# signing in whatever they do (seconds).
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
STAFF_SESSION_MAX_SECONDS = env_int("STAFF_SESSION_MAX_SECONDS", 10 * 3600)
# Lockout (django-axes): this many wrong passwords for one username locks it for
# AXES_COOLOFF_MINUTES, the right password included; every failure is recorded (admin:
# Axes > Access attempts / failures) and logged.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
# Counted per username (rotating the address or browser does not get round it) and, with its
# own higher limit, per address across usernames (accounts.lockout).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 40)
AXES_HANDLER = "accounts.lockout.SignInLockoutHandler"
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "errors/429_locked_out.html"
# The address recorded with each attempt: the one the rate limits trust (TRUSTED_PROXY_HEADER).
AXES_CLIENT_IP_CALLABLE = "feedback.ratelimits.client_ip"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)

# Database sessions without a transaction around each write (accounts/session_store.py); a
# visitor's session (the public form's answers) is also read from the cache when the cache is
# shared by every process (Redis): the database stays the record.
SESSION_ENGINE = "accounts.session_store"
SESSION_CACHE_READS = env_bool(
    "SESSION_CACHE_READS", CACHES["default"]["BACKEND"].endswith("RedisCache")
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy (django-csp 4): nothing inline. GOV.UK Frontend's start-up is in
# static/app/js-enabled.js and init.js; report charts are inline SVG drawn with presentation
# attributes, not style (reporting.charts); the QR code of two-factor set-up is a data: image.
# CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only, to try a change first.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "svg_styles": {"()": "config.logging_filters.DropUnknownSvgProperties"},
        "expected_refusals": {"()": "config.logging_filters.ExpectedRefusalsWithoutTraceback"},
        "routine_tasks": {"()": "config.logging_filters.QuietRoutineTasks"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["svg_styles"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint logs each parsing and layout step at INFO, three lines of them as soon as
        # it is imported: set here, before any app imports it, not in an app's ready().
        "weasyprint.progress": {"level": "WARNING"},
        # django-axes: its start-up banner is INFO; each failed sign-in is a WARNING.
        "axes": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},  # announces its logger bridge at INFO on import
        # Django's own console handler as well as the root's printed every line twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # Expected 403s and 404s: one line each, no traceback.
        "django.request": {"filters": ["expected_refusals"]},
        # On the loggers, not the handler: Celery's worker installs handlers of its own.
        **{name: {"filters": ["routine_tasks"]} for name in ROUTINE_LOGGERS},
    },
}

for folder in (
    VAR_DIR,
    MEDIA_ROOT,
    CELERY_QUEUE_DIR / "out",
    CELERY_QUEUE_DIR / "processed",
    CELERY_QUEUE_DIR / "control",
    INTAKE_MAIL_DIR,
):
    folder.mkdir(parents=True, exist_ok=True)
