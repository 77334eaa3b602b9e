"""Settings of the member portal: one module, driven by environment variables.

Development needs nothing: with no DATABASE_URL the portal uses SQLite, with no CELERY_BROKER_URL tasks run
in-process. Production sets DJANGO_DEBUG=0 and must then provide every secret below, or start-up fails loudly.
Reference: https://docs.djangoproject.com/en/5.2/ref/settings/
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# The test runner imports this module before any test code runs; tests get development secrets and
# production-like cookies (see HTTPS below).
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

# ---------------------------------------------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------------------------------------------
# Development is the default (as in healthchecks): production says DJANGO_DEBUG=0 and must then set every secret.
DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEVELOPMENT = DEBUG or TESTING


def _secret(name, *, development_value):
    """A secret from the environment; a fixed, clearly fake value only in development and tests."""
    value = env(name, default="")
    if value:
        return value
    if DEVELOPMENT:
        return development_value
    raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is off.")


SECRET_KEY = _secret("DJANGO_SECRET_KEY", development_value="development-only-secret-key-never-use-in-production")
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Number of reverse proxies in front of the portal that append to X-Forwarded-For. 0 = trust only REMOTE_ADDR,
# so a forged X-Forwarded-For cannot reset lockouts or rate limits (SECURITY.md CF-6).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",  # the member's signed-in devices, each can be ended (SECURITY.md SS-8)
    "axes",
    "csp",
    "simple_history",
    "accounts",
    "accounts.message_board",
    "pensions",
    "insurance",
    "applications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.upload_limit.UploadLimitMiddleware",  # 413 for an upload cut off at the size limit (FI-2)
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.dashboard_cache.RecordsVersionPerRequest",  # one read of a member's records version per request
    "portal.middleware.SessionLifetimeMiddleware",
    "portal.middleware.SecondFactorRequiredMiddleware",
    "portal.middleware.NoStoreForAuthenticatedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last (its documentation).
    "axes.middleware.AxesMiddleware",
]

if not DEVELOPMENT:
    # Production serves collected static files itself (stateless web nodes); development uses runserver's finders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
            ],
            # The portal's number and date filters, table regions and form fields on every page
            # (portal/templatetags/portal_format.py, portal_tables.py, portal_forms.py).
            # https://docs.djangoproject.com/en/5.2/topics/templates/#module-django.template.backends.django
            "builtins": ["portal.templatetags.portal_format", "portal.templatetags.portal_tables",
                         "portal.templatetags.portal_forms"],
        },
    },
]

# ---------------------------------------------------------------------------------------------------------------
# Database: PostgreSQL (psycopg 3) when DATABASE_URL is set, else a local SQLite file.
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
# ---------------------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions (STYLE.md)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Many web nodes (issue 16): each process keeps a pool of connections (psycopg_pool through Django 5.2's
    # OPTIONS["pool"]), so a request borrows one instead of opening its own. A pool replaces persistent connections
    # (Django refuses both). The tests run without it: the test runner swaps the database name after start-up
    # and closes connections between tests, which a pool opened on the first name would outlive.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#connection-pool
    if env.bool("DJANGO_DB_POOL", default=not TESTING):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DJANGO_DB_POOL_MIN_SIZE", default=2),
            "max_size": env.int("DJANGO_DB_POOL_MAX_SIZE", default=10),
            "timeout": env.int("DJANGO_DB_POOL_TIMEOUT", default=10),  # seconds waiting for a free connection
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    else:
        DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
        DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------------------------------------------
# Cache: Redis when CACHE_URL is set (rate limits then hold across processes), else process memory.
# ---------------------------------------------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis down degrades, never fails a page (portal/cache.py, SECURITY.md LG-7); a dead server is noticed fast.
    CACHES["default"]["BACKEND"] = "portal.cache.TolerantRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.5, "socket_timeout": 0.5})

# ---------------------------------------------------------------------------------------------------------------
# Authentication: e-mail login through django-allauth, TOTP MFA, django-axes lockout, Argon2 hashes.
# ---------------------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out login never reaches the others
    # Django's and allauth's backends, loading the member with the user (accounts/auth.py).
    "accounts.auth.ModelBackend",
    "accounts.auth.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # only to upgrade legacy hashes on next login
]
if TESTING:
    # Argon2 at its defaults costs ~100 MiB and ~50 ms a hash; tests that check the hasher read PASSWORD_HASHERS.
    PASSWORD_HASHERS = ["accounts.hashers.FastArgon2PasswordHasher", *PASSWORD_HASHERS]
# SECURITY.md AU-3..AU-5: at least 12 characters, at most 128, no composition rules, common and context words refused.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "accounts.validators.ContextWordsValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # a reset never logs in, so it never bypasses MFA (SECURITY.md AU-2)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False
# Every credential or contact change asks for a recent re-authentication (SECURITY.md SS-9): allauth's MFA pages by
# default, its password change and the devices page through portal/urls.py, the portal's e-mail page through its
# view; allauth's e-mail and set-password pages are closed (portal/allauth_urls.py) and would ask too.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300  # seconds: sensitive changes need a fresh password (SECURITY.md SS-9)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Member portal] "
ACCOUNT_RATE_LIMITS = {
    # SECURITY.md AU-8: 10 failures a minute per IP, 5 per account in 5 minutes (allauth defaults, made explicit).
    "login_failed": "10/m/ip,5/5m/key",
    # Claiming a record proves identity with member ID + birth date + SSN digits: slow guessing down hard.
    "claim_account": "10/h/ip,5/h/key",
    # SECURITY.md VL-6: uploads are costly to check.
    "upload_document": "10/m/user",
    # SECURITY.md TK-7: opening e-mailed links (claim, spouse, notary), per address: a person opens a handful, a
    # guesser thousands.
    "open_link": "30/10m/ip",
}
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# Every member and staff user sets up a second factor at first sign-in (portal.middleware, SECURITY.md AU-1): a
# passkey (WebAuthn: the phone's or computer's screen lock) or an authenticator app, plus recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False  # a passkey is the second step after the password, not a password replacement
# Browsers offer passkeys only over HTTPS or on localhost; the development server speaks plain HTTP.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "Member portal"
MFA_TOTP_TOLERANCE = 0  # only the current 30-second step (SECURITY.md AU-10: at most ±1)

# django-axes: after 5 failed logins, lock that address and that account for 15 minutes (never permanently: AU-8).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one locks: one address, or one account
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions: server-side (cache + database), 30 minutes idle for members, 15 for staff, 12 hours absolute.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 30 * 60
# Saved when something in it changes, no more: the idle clock moves at most once a minute (portal.middleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Flash messages live in the session: the only cookies are the session's and CSRF's (SECURITY.md CR-8); a message
# cookie would carry what a message says (an e-mail address) in the browser.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
STAFF_SESSION_IDLE_SECONDS = 15 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60

# ---------------------------------------------------------------------------------------------------------------
# Transport and headers. HTTPS is on whenever DEBUG is off; the development server runs over plain HTTP.
# Tests keep production cookie names and flags but do not redirect to HTTPS (the test client speaks HTTP).
# ---------------------------------------------------------------------------------------------------------------
HTTPS = env.bool("DJANGO_HTTPS", default=TESTING or not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and not TESTING
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # only behind a proxy that overwrites it
    # Behind a proxy REMOTE_ADDR is the proxy's: with no trusted hop every member shares one address, so allauth's
    # per-address limits apply to the whole site and django-axes can lock everyone out (issue 16 item 7, CF-6).
    if not DEVELOPMENT and TRUSTED_PROXY_COUNT < 1:
        raise ImproperlyConfigured("DJANGO_BEHIND_TLS_PROXY is set: set DJANGO_TRUSTED_PROXY_COUNT to the number of "
                                   "proxies in front of the portal that append to X-Forwarded-For (at least 1).")
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading commits the domain and every subdomain to HTTPS in browsers for good: an operator's deliberate decision
# (SECURITY.md settings baseline), so it is a switch, and Django's reminder about it is silenced until then.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp 4): no inline script or style anywhere; scripts need the request's nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# ---------------------------------------------------------------------------------------------------------------
# Field encryption (SSN, Medicare and bank numbers): AES-256-GCM under keys of their own, not SECRET_KEY.
# FIELD_ENCRYPTION_KEYS = "kid:base64key,kid:base64key" (first = primary); BLIND_INDEX_KEY = base64 (32 bytes).
# Generate with: python manage.py generate_field_key
# ---------------------------------------------------------------------------------------------------------------
# Production processes refuse to start without them (portal.startup), while `check --deploy` can run without.
DEVELOPMENT_FIELD_KEYS = "dev1:ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMzJieXQ="
DEVELOPMENT_BLIND_INDEX_KEY = "ZGV2ZWxvcG1lbnQtb25seS1ibGluZC1pbmRleC1rZXk="
FIELD_ENCRYPTION_KEYS = env("FIELD_ENCRYPTION_KEYS", default=DEVELOPMENT_FIELD_KEYS if DEVELOPMENT else "")
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY", default=DEVELOPMENT_BLIND_INDEX_KEY if DEVELOPMENT else "")

# ---------------------------------------------------------------------------------------------------------------
# Files. Public static files only; every member file lives in private storage, served through ownership checks.
# ---------------------------------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic_bootstrap.BASE_DIR)]
PRIVATE_STORAGE_ROOT = env("PRIVATE_STORAGE_ROOT", default=str(BASE_DIR / "private-files"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None}},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not DEVELOPMENT else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# The first handler stops reading a request as soon as a file passes UPLOAD_MAX_BYTES (portal/upload_limit.py).
FILE_UPLOAD_HANDLERS = [
    "portal.upload_limit.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# ---------------------------------------------------------------------------------------------------------------
# E-mail: console in development, SMTP (EMAIL_URL=smtp+tls://user:pass@host:587) in production.
# ---------------------------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Office of Retirement Services <no-reply@portal.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Operations", a) for a in env.list("DJANGO_ADMINS", default=[])]

# ---------------------------------------------------------------------------------------------------------------
# Celery: Redis broker when CELERY_BROKER_URL is set; otherwise tasks run in-process (development only).
# Exactly-once effects come from the database; the broker settings below make loss unlikely (SECURITY.md F7-F10).
# ---------------------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Results are kept only by the tasks that return one (a fanned-out batch of estimates: `estimate --chunks`), in the
# broker's Redis unless told otherwise, for an hour.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL) or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 30
CELERY_TIMEZONE = "America/Detroit"
# A task module autodiscovery (each app's tasks.py) does not find: the e-mail outbox keeps its tasks beside it.
CELERY_IMPORTS = ["accounts.outbox", "applications.waivers.tasks", "applications.waivers.beat"]
# Every sweep (a task declared with ``sweep=True``: re-enqueue what should have been produced and is missing) is here;
# tests/portal/test_beat_schedule.py fails on one that is not.
CELERY_BEAT_SCHEDULE = {
    "send-outbox": {"task": "accounts.outbox.send_outbox_task", "schedule": 60.0},
    "requeue-billing-statements": {"task": "pensions.tasks.requeue_billing_statements_task", "schedule": 300.0},
    "requeue-acknowledgments": {"task": "applications.tasks.requeue_acknowledgments_task", "schedule": 300.0},
    "requeue-award-letters": {"task": "applications.tasks.requeue_award_letters_task", "schedule": 300.0},
    # Awarded members become retirees on their RED (issue 19 item 6): hourly, so the first hour of the day does it.
    "make-retirees": {"task": "applications.tasks.make_retirees_task", "schedule": 3600.0},
    "remove-orphan-files": {"task": "accounts.tasks.remove_orphan_files_task", "schedule": 3600.0},
    "insurance-age-out-notices": {"task": "insurance.tasks.send_age_out_notices_task", "schedule": 6 * 3600.0},
    "insurance-medicare-reminders": {"task": "insurance.tasks.send_medicare_reminders_task", "schedule": 6 * 3600.0},
    "insurance-verify-other-coverage": {"task": "insurance.tasks.verify_other_coverage_task", "schedule": 6 * 3600.0},
    # Supervisors hear of a Message board thread past its answer time within five minutes (RULES §12).
    "message-board-overdue": {"task": "accounts.message_board.tasks.alert_overdue_threads_task", "schedule": 300.0},
    # Expired sessions leave the database once an hour (Django's clearsessions: nothing else removes them).
    "clear-expired-sessions": {"task": "accounts.tasks.clear_expired_sessions_task", "schedule": 3600.0},
    # Spousal waivers (issue 18 item 7): lapses at midnight, reminders after 7 days, expired links, documents.
    "spousal-waivers": {"task": "applications.waivers.beat.sweep_waivers_task", "schedule": 300.0},
}

# ---------------------------------------------------------------------------------------------------------------
# Internationalisation: the office is in Lansing.
# ---------------------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Detroit"
USE_I18N = True
USE_TZ = True

# Plain inputs and selects rendered without their templates, to the same markup (portal/form_renderer.py).
FORM_RENDERER = "portal.form_renderer.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Upload policy (SECURITY.md FI-1): one constant, read by the validator and shown to members.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Virus scanning (SECURITY.md FI-9; accounts/scanning.py). Production: the ClamAV daemon, its signatures kept current
# by freshclam, at CLAMAV_URL = unix:///run/clamav/clamd.ctl (Debian's socket) or tcp://host:3310. Without it only
# development and tests run, on a development-only scanner that finds nothing but EICAR: a production web node or
# worker refuses to start with it and `check --deploy` fails. https://docs.clamav.net/manual/Usage/Scanning.html
CLAMAV_URL = env("CLAMAV_URL", default="")
CLAMAV_TIMEOUT_SECONDS = env.int("CLAMAV_TIMEOUT_SECONDS", default=30)
UPLOAD_SCANNER = "accounts.scanning.ClamdScanner" if CLAMAV_URL else "accounts.scanning.DevelopmentEicarScanner"

# ---------------------------------------------------------------------------------------------------------------
# Logging: never log request bodies; security events go to the "portal.security" logger.
# ---------------------------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "pikepdf": {"level": "WARNING"},  # its INFO start-up line would clutter every command's output
    },
}
