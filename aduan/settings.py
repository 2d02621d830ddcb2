"""aduan settings: one module, driven by environment variables (docs/configuration.md)."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from aduan.core.env import env_bool, env_int, env_secret, env_str, secret_key_from_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ADUAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY") or secret_key_from_file(VAR_DIR / "secret_key")
ALLOWED_HOSTS = [h.strip() for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SITE_NAME = env_str("SITE_NAME", "aduan")
# Where people reach this site: the base of every link in an e-mail, SMS or printed receipt.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# The event log's anchors (docs/event-log.md): secrets kept outside the database, so that
# someone with the database alone can neither forge an event nor a checkpoint. Without the
# variables, `make run` and development make each one once under ADUAN_VAR_DIR (mode 600);
# keep those files out of the database's backups.
EVENT_LOG_KEY = env_secret("EVENT_LOG_KEY") or secret_key_from_file(VAR_DIR / "event_log_key")
EVENT_LOG_SIGNING_KEY = env_secret("EVENT_LOG_SIGNING_KEY") or secret_key_from_file(
    VAR_DIR / "event_log_signing_key", make=lambda: secrets.token_hex(32)
)
# Hours between two signed checkpoints of every chain's tail, written by `aduan worker`.
ADUAN_EVENT_CHECKPOINT_HOURS = env_int("ADUAN_EVENT_CHECKPOINT_HOURS", 24)

# Citizen portal (docs/configuration.md): where web reports go, and the intake limits.
ADUAN_DEFAULT_INSTANSI = env_str("ADUAN_DEFAULT_INSTANSI", "luwu")
ADUAN_INTAKE_PER_IP_PER_HOUR = env_int("ADUAN_INTAKE_PER_IP_PER_HOUR", 10)
ADUAN_INTAKE_PER_PHONE_PER_DAY = env_int("ADUAN_INTAKE_PER_PHONE_PER_DAY", 5)
ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR = env_int("ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR", 20)
ADUAN_PROXY_HOPS = env_int("ADUAN_PROXY_HOPS", 0)
# Satisfaction survey answers per IP address per hour (0: no limit).
ADUAN_SURVEY_PER_IP_PER_HOUR = env_int("ADUAN_SURVEY_PER_IP_PER_HOUR", 30)
# Open data: where the daily dataset files are written (and served from, at /data/).
ADUAN_OPEN_DATA_DIR = Path(env_str("ADUAN_OPEN_DATA_DIR", str(VAR_DIR / "opendata")))
# Photos: the most pixels ever decoded from one (a larger JPEG is decoded at a reduced scale,
# a larger PNG or WebP refused), and the largest request body read at all (413 before reading).
ADUAN_IMAGE_MAX_PIXELS = env_int("ADUAN_IMAGE_MAX_PIXELS", 16_000_000)
ADUAN_IMAGE_MAX_SIDE = env_int("ADUAN_IMAGE_MAX_SIDE", 2560)  # larger photos are scaled down
ADUAN_MAX_REQUEST_MB = env_int("ADUAN_MAX_REQUEST_MB", 55)
# Django's own limits on what passes: form fields in memory (files go to temporary files past
# FILE_UPLOAD_MAX_MEMORY_SIZE), and files per request (5 attachments and a letter's scan).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10
ADUAN_MAP_TILES_URL = env_str(
    "ADUAN_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)

# Sign-in (docs/configuration.md): staff add a TOTP code; repeated failures lock for a while.
ADUAN_LOGIN_MAX_FAILURES = env_int("ADUAN_LOGIN_MAX_FAILURES", 5)
ADUAN_LOGIN_LOCKOUT_MINUTES = env_int("ADUAN_LOGIN_LOCKOUT_MINUTES", 15)
AUTHENTICATION_BACKENDS = ["aduan.accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
OTP_TOTP_ISSUER = SITE_NAME  # the name authenticator apps show next to the code

# Notifications and the background worker (docs/configuration.md).
# Email: files under $ADUAN_VAR_DIR/mail unless EMAIL_BACKEND says otherwise (SMTP in production).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "aduan@localhost")
# SMS and WhatsApp: one generic HTTP gateway; unset means no SMS/WhatsApp is enqueued.
ADUAN_SMS_GATEWAY_URL = env_str("ADUAN_SMS_GATEWAY_URL", "")
ADUAN_SMS_GATEWAY_TOKEN = env_secret("ADUAN_SMS_GATEWAY_TOKEN") or ""
ADUAN_SMS_GATEWAY_TIMEOUT: float = env_int("ADUAN_SMS_GATEWAY_TIMEOUT", 10)
# SP4N-LAPOR!: the national API of the instansi (empty: the link is off) and its token.
ADUAN_LAPOR_URL = env_str("ADUAN_LAPOR_URL", "")
ADUAN_LAPOR_TOKEN = env_secret("ADUAN_LAPOR_TOKEN") or ""
# The national public tracking page of a report, "{id}" replaced by its national id ("": none).
ADUAN_LAPOR_TRACK_URL = env_str("ADUAN_LAPOR_TRACK_URL", "")
# Citizens' conversations on WhatsApp, SMS and email (aduan.conversations).
ADUAN_CONVERSATION_TIMEOUT_MINUTES = env_int("ADUAN_CONVERSATION_TIMEOUT_MINUTES", 24 * 60)
# A shared location farther than this from every desa's centroid is taken as outside the
# regency: the kecamatan and desa are then asked from the lists.
ADUAN_LOCATION_MAX_KM = env_int("ADUAN_LOCATION_MAX_KM", 10)
# Inbound SMS from the generic gateway: the shared secret of its HMAC signature.
ADUAN_SMS_INBOUND_SECRET = env_secret("ADUAN_SMS_INBOUND_SECRET") or ""
# Inbound email webhook (/integrasi/email/masuk/): the shared secret of its HMAC signature;
# empty: the webhook is off (404) and only the IMAP mailbox brings mail in.
ADUAN_EMAIL_INBOUND_SECRET = env_secret("ADUAN_EMAIL_INBOUND_SECRET") or ""
# WhatsApp Business Cloud API (integrations/whatsapp); unset: WhatsApp goes through the
# generic gateway above, and the webhook refuses every call.
ADUAN_WHATSAPP_API_URL = env_str("ADUAN_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
ADUAN_WHATSAPP_PHONE_NUMBER_ID = env_str("ADUAN_WHATSAPP_PHONE_NUMBER_ID", "")
ADUAN_WHATSAPP_TOKEN = env_secret("ADUAN_WHATSAPP_TOKEN") or ""
ADUAN_WHATSAPP_APP_SECRET = env_secret("ADUAN_WHATSAPP_APP_SECRET") or ""
ADUAN_WHATSAPP_VERIFY_TOKEN = env_secret("ADUAN_WHATSAPP_VERIFY_TOKEN") or ""
ADUAN_WHATSAPP_TEMPLATE = env_str("ADUAN_WHATSAPP_TEMPLATE", "aduan_pemberitahuan")
ADUAN_WHATSAPP_TIMEOUT: float = env_int("ADUAN_WHATSAPP_TIMEOUT", 10)
# Email in: the complaint mailbox the worker reads over IMAP; unset host: no email in.
ADUAN_EMAIL_IMAP_HOST = env_str("ADUAN_EMAIL_IMAP_HOST", "")
ADUAN_EMAIL_IMAP_PORT = env_int("ADUAN_EMAIL_IMAP_PORT", 993)
ADUAN_EMAIL_IMAP_SECURITY = env_str("ADUAN_EMAIL_IMAP_SECURITY", "ssl")  # ssl, starttls, none
ADUAN_EMAIL_IMAP_USER = env_str("ADUAN_EMAIL_IMAP_USER", "")
ADUAN_EMAIL_IMAP_PASSWORD = env_secret("ADUAN_EMAIL_IMAP_PASSWORD") or ""
ADUAN_EMAIL_IMAP_FOLDER = env_str("ADUAN_EMAIL_IMAP_FOLDER", "INBOX")
ADUAN_EMAIL_IMAP_TIMEOUT = env_int("ADUAN_EMAIL_IMAP_TIMEOUT", 20)
ADUAN_EMAIL_IMAP_POLL_SECONDS = env_int("ADUAN_EMAIL_IMAP_POLL_SECONDS", 60)
# The demo (`make run`): serves the channel simulator (/konsol/simulator/). Its webhooks get
# secrets derived from SECRET_KEY when none are set, so a demo needs no configuration.
ADUAN_DEMO = env_bool("ADUAN_DEMO", False)
# The demo's fake SP4N-LAPOR! (`aduan lapor_demo`, started by `make run`) on 127.0.0.1 at this
# port (0: none); with the demo on and ADUAN_LAPOR_URL unset, the adapter points at it. Its
# random faults (429/503, slow answers, a disposition twice), in percent: 0, so the demo works.
ADUAN_DEMO_LAPOR_PORT = env_int("ADUAN_DEMO_LAPOR_PORT", 8001)
ADUAN_DEMO_LAPOR_FAULTS = env_int("ADUAN_DEMO_LAPOR_FAULTS", 0)
ADUAN_DEMO_LAPOR = False  # set below: the adapter talks to the demo's fake
ADUAN_WORKER_POLL_SECONDS: float = env_int("ADUAN_WORKER_POLL_SECONDS", 2)
ADUAN_WORKER_SWEEP_SECONDS = env_int("ADUAN_WORKER_SWEEP_SECONDS", 60)
ADUAN_STATISTICS_REFRESH_SECONDS = env_int("ADUAN_STATISTICS_REFRESH_SECONDS", 300)
ADUAN_WORKER_LEASE_SECONDS = env_int("ADUAN_WORKER_LEASE_SECONDS", 300)
ADUAN_WORKER_MAX_ATTEMPTS = env_int("ADUAN_WORKER_MAX_ATTEMPTS", 5)
ADUAN_WORKER_BACKOFF_SECONDS = env_int("ADUAN_WORKER_BACKOFF_SECONDS", 60)
# Inbound chat messages the worker works in one transaction (docs/performance.md).
ADUAN_INBOUND_TRANSACTION_MESSAGES = env_int("ADUAN_INBOUND_TRANSACTION_MESSAGES", 20)
ADUAN_ESCALATE_AFTER_WORKING_DAYS = env_int("ADUAN_ESCALATE_AFTER_WORKING_DAYS", 1)
ADUAN_AUTOCLOSE_WARNING_WORKING_DAYS = env_int("ADUAN_AUTOCLOSE_WARNING_WORKING_DAYS", 2)
ADUAN_OMBUDSMAN_DAYS = env_int("ADUAN_OMBUDSMAN_DAYS", 60)
ADUAN_SWEEP_LIMIT = env_int("ADUAN_SWEEP_LIMIT", 2000)
ADUAN_ROUTING_RETRAIN_DAYS = env_int("ADUAN_ROUTING_RETRAIN_DAYS", 7)

INSTALLED_APPS = [
    "aduan.accounts.admin_site.StaffAdminConfig",  # django.contrib.admin behind the 2FA sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # only for its static files: the API docs page (Swagger UI) without a CDN
    "django_otp",  # two-factor sign-in of staff: TOTP apps and recovery codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "aduan.core",
    "aduan.accounts",
    "aduan.organisation",
    "aduan.complaints",
    "aduan.workflow",
    "aduan.reporting",
    "aduan.actionplan",
    "aduan.surveys",
    "aduan.routing",
    "aduan.conversations",
    "aduan.notifications",
    "aduan.integrations.open311",
    "aduan.integrations.webhooks",
    "aduan.integrations.lapor",
    "aduan.staffapi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "aduan.core.middleware.LanguageMiddleware",  # Indonesian unless the switch chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): passed the 2nd factor
    "aduan.core.middleware.RequestBodyLimitMiddleware",  # 413 before a too-large body is read
    "aduan.core.middleware.ApiJsonBodyMiddleware",  # 415 for an API body that is not JSON
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every answer
]

ROOT_URLCONF = "aduan.urls"
WSGI_APPLICATION = "aduan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aduan.core.context_processors.display",
            ],
        },
    },
]

# Django's form templates, with required fields marked in their labels (aduan/core/forms.py).
FORM_RENDERER = "aduan.core.forms.FormRenderer"

# Milliseconds between the WAL checkpoints of the background thread (0: SQLite checkpoints in
# the committing request, every 1,000 pages, as it does by default).
SQLITE_CHECKPOINT_INTERVAL_MS = env_int("SQLITE_CHECKPOINT_INTERVAL_MS", 200)


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django's backend, with write transactions taking turns promptly (core/sqlite/base.py).
        config["ENGINE"] = "aduan.core.sqlite"
        # IMMEDIATE takes the write lock when a transaction starts, so concurrent writers
        # queue (up to the busy timeout) instead of failing halfway; WAL lets readers go on.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            # With the checkpoint thread (core/sqlite_checkpoint.py), SQLite's own automatic
            # checkpoint in a committing request is only a safety net.
            + (" PRAGMA wal_autocheckpoint=10000;" if SQLITE_CHECKPOINT_INTERVAL_MS > 0 else ""),
        }
        # Tests use a real file, not shared-cache memory, so locking behaves as in production.
        config["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
        config["CONN_MAX_AGE"] = 0 if config["NAME"] == ":memory:" else config["CONN_MAX_AGE"]
    else:
        config["CONN_HEALTH_CHECKS"] = True
        if env_bool("DB_PREPARED_STATEMENTS", True):
            # psycopg prepares a query the fifth time a connection runs it, so PostgreSQL plans
            # the feed's and the submission's queries once per connection rather than on every
            # request (docs/performance.md); server-side binding is what lets it prepare. Set
            # to 0 behind a connection pooler that cannot keep prepared statements.
            config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
    return config


VAR_DIR.mkdir(parents=True, exist_ok=True)
if ADUAN_DEMO:
    _demo = hashlib.sha256(f"aduan-demo-webhooks:{SECRET_KEY}".encode()).hexdigest()
    ADUAN_WHATSAPP_APP_SECRET = ADUAN_WHATSAPP_APP_SECRET or f"wa-{_demo[:32]}"
    ADUAN_SMS_INBOUND_SECRET = ADUAN_SMS_INBOUND_SECRET or f"sms-{_demo[32:]}"
    if not ADUAN_LAPOR_URL and ADUAN_DEMO_LAPOR_PORT:
        ADUAN_DEMO_LAPOR = True
        ADUAN_LAPOR_URL = f"http://127.0.0.1:{ADUAN_DEMO_LAPOR_PORT}"
        ADUAN_LAPOR_TOKEN = ADUAN_LAPOR_TOKEN or f"lapor-{_demo[:32]}"
        ADUAN_LAPOR_TRACK_URL = ADUAN_LAPOR_TRACK_URL or ADUAN_LAPOR_URL + "/lacak/{id}"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'aduan.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The cache holds statistics (and with Redis the rate-limit counters). The database table works with
# no other server and is shared by every gunicorn worker; REDIS_URL moves it to Redis.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "aduan_cache",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Makassar")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after a working day (counted from sign-in) or when the browser closes.
SESSION_COOKIE_AGE = env_int("ADUAN_SESSION_MINUTES", 480) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# HTTPS=true: the site is served over HTTPS (usually behind a proxy that sets
# X-Forwarded-Proto): HTTP redirects to HTTPS, browsers are told to use nothing else (HSTS),
# cookies go over HTTPS only. `aduan check --deploy` is clean with it on.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("ADUAN_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True  # has an effect only once the domain is submitted to the list
    # /healthz is probed over plain HTTP from inside the host.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles from this site only, never inline;
# images also from the map's tile server (ADUAN_MAP_TILES_URL).
_TILES_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(ADUAN_MAP_TILES_URL))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _TILES_ORIGIN],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
