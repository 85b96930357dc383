"""
Settings for the Somatics Library: one module, every difference from the environment.

With no environment variables set you get a safe, closed site (DEBUG off) that refuses to start
without SECRET_KEY. `make run` sets DEBUG=1, which gives the laptop defaults: SQLite in the
project folder, media on local disk, email printed to the console. README.md lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from somatics.object_storage import storage_origin

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable: 1/true/yes/on are true, anything else false."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core: DEBUG is off unless asked for; without DEBUG a real SECRET_KEY is required.
DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local development use `make run`, "
            "which sets DEBUG=1."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (DEBUG only)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Applications: Django's own, then ours.
INSTALLED_APPS = [
    "modeltranslation",  # before admin: its admin classes show each language side by side
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "csp",
    "somatics",
    "routines",
    "submissions",
    "questions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "somatics.middleware.CompressPagesMiddleware",  # before anything that renders a body
    "django.middleware.http.ConditionalGetMiddleware",  # ETag and 304 for unchanged pages
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the language the address says
    "somatics.languages.HomeLanguageMiddleware",  # `/` by Accept-Language, before the page cache
    "somatics.languages.RememberLanguageMiddleware",  # the language cookie, cached pages too
    "routines.caching.PageCacheMiddleware",  # library pages for anonymous readers, whole
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "somatics.languages.AdminLanguageMiddleware",  # the admin in the editor's own language
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "somatics.urls"
WSGI_APPLICATION = "somatics.wsgi.application"

# Templates: project-level folder, one subfolder per app; the cached loader is Django's default.
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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer overlap. Connections are kept too (DB_CONN_MAX_AGE): opening
    # one costs more than serving a cached page (about 1.5 ms against 0.5).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. "default" is shared by every process and server, so that allauth's rate limits count
# together: Redis when REDIS_URL is set, else a table in the database (made by a migration).
# "library" holds rendered pages, search results and related routines in each process's own
# memory: each entry is kept under the library version, a row in the database that every change
# bumps, so no process ever serves an entry made before a change (routines/caching.py).
if os.environ.get("REDIS_URL"):
    _shared_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # A cache server that stops answering fails fast, and /healthz says so.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
else:
    _shared_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
CACHES = {
    "default": _shared_cache,
    "library": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "library",
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
}

# Accounts: email and password through django-allauth; the email is verified before a first
# submission (browsing needs no account); allauth's rate limits stay on, counted in the shared
# cache by each reader's own address.
AUTH_USER_MODEL = "somatics.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "somatics.adapter.AccountAdapter"  # rate limits by the reader's real address
# allauth's forms with labels in the site's own words (somatics/account_forms.py).
ACCOUNT_FORMS = {
    name: f"somatics.account_forms.{form}"
    for name, form in [
        ("login", "LoginForm"),
        ("signup", "SignupForm"),
        ("reset_password", "ResetPasswordForm"),
        ("reset_password_from_key", "ResetPasswordKeyForm"),
        ("change_password", "ChangePasswordForm"),
        ("set_password", "SetPasswordForm"),
        ("reauthenticate", "ReauthenticateForm"),
    ]
}
# The proxies in front of the app servers, whose X-Forwarded-For is believed (addresses.py):
# the same variable gunicorn reads for X-Forwarded-Proto (gunicorn.conf.py), with its default.
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Passwords: Django's validators.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English at today's addresses, French and Spanish under /fr/ and /es/. Each language
# is named in itself (the switcher shows "Français" to a Spanish reader too).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["somatics.formats"]  # dates in the reader's language (English as before)
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG  # like the session's: no script and no plain HTTP reads it
LANGUAGE_COOKIE_HTTPONLY = True
# Routine text (routines/translation.py): a field not yet translated into the reader's language
# shows the first of these that has it. English first: the starter library is written in it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "es")
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves them compressed, with hashed names cached for a year.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads waiting for review live here: outside MEDIA_ROOT, never served by URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "somatics.static_files.StaticFilesStorage"},
    "private": {
        "BACKEND": "submissions.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}

# Media on S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set, so that several app
# servers share it: published media public with a year's cache; uploads waiting for review in a
# private bucket (or prefix), reachable only through signed URLs that expire within minutes.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the machine's role), which
# boto3 reads itself, so they never sit in settings.
MEDIA_ORIGINS: list[str] = []  # what the CSP must allow for images and video besides 'self'
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _s3 = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    _public = {
        **_s3,
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "location": os.environ.get("AWS_LOCATION", "media").strip("/"),
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH"),
        "object_parameters": {"CacheControl": "public, max-age=31536000"},
    }
    _private = {
        **_s3,
        "bucket_name": os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME") or _public["bucket_name"],
        "location": os.environ.get("AWS_PRIVATE_LOCATION", "private").strip("/"),
        "querystring_auth": True,
        "querystring_expire": int(os.environ.get("AWS_PRIVATE_URL_EXPIRE", "300")),
        "object_parameters": {"CacheControl": "private, no-cache"},
    }
    if _private["bucket_name"] == _public["bucket_name"] and (
        not _public["location"]
        or not _private["location"]
        or f"{_private['location']}/".startswith(f"{_public['location']}/")
        or f"{_public['location']}/".startswith(f"{_private['location']}/")
    ):
        raise ImproperlyConfigured(
            "With one bucket, AWS_LOCATION and AWS_PRIVATE_LOCATION must be two separate "
            "prefixes (default: media and private), so that only the public one is made public."
        )
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _public}
    STORAGES["private"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _private}
    MEDIA_ORIGINS = sorted({storage_origin(_public), storage_origin(_private)})

# Email: console on a laptop; SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif DEBUG:
    # A laptop: each email saved in sent-emails/ and announced in the log with its links.
    EMAIL_BACKEND = "somatics.mail.DevelopmentEmailBackend"
    EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Somatics Library <library@localhost>")
# Where readers may write to, named on the account pages and in emails (default: the sender's).
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
# A mail server that hangs must not hold a task worker forever: the send fails and is retried.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (emails, video work): queued in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
# Notifications: who hears of new submissions (empty = active members of the "Moderators" group),
# and the site's address for links in emails, which tasks build outside any request.
MODERATOR_EMAILS = env_list("MODERATOR_EMAILS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security: strict by default outside DEBUG; HTTPS assumed behind a proxy that sets the header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preload binds the whole domain to HTTPS for good, so it is an operator's deliberate choice
# (README, "Deployment"); until it is made, Django's reminder about it (W021) stays quiet.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Load balancers probe /healthz over plain HTTP without the proxy's header: answer, don't redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: our own files only (and the media bucket), no inline script or style.
_csp_directives = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", *MEDIA_ORIGINS],
    "media-src": [SELF, *MEDIA_ORIGINS],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],  # video embeds
    "frame-ancestors": [NONE],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
if os.environ.get("CSP_REPORT_URI"):
    _csp_directives["report-uri"] = [os.environ["CSP_REPORT_URI"]]
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _csp_directives}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _csp_directives}

# Logging: one line per record to stderr, level from LOG_LEVEL; LOG_FORMAT=json for a collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "somatics.logs.JsonFormatter"},
    },
    "filters": {"quiet_static": {"()": "somatics.logs.QuietStaticFiles"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT", "").lower() == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    # runserver's request lines (`make run`), without the static files it served.
    "loggers": {
        "django.server": {"handlers": ["console"], "filters": ["quiet_static"], "propagate": False}
    },
}

# The library: how many routines a page of the browse list shows.
ROUTINES_PER_PAGE = 12

# Submissions: upload size limit, and how many a reader may send in 24 hours.
SUBMISSION_MAX_UPLOAD_BYTES = int(os.environ.get("SUBMISSION_MAX_UPLOAD_MB", "500")) * 1024 * 1024
SUBMISSIONS_PER_DAY = int(os.environ.get("SUBMISSIONS_PER_DAY", "5"))
# Videos: the longest a submitted video may be (processing refuses longer ones with a reason).
VIDEO_MAX_SECONDS = int(os.environ.get("VIDEO_MAX_MINUTES", "30")) * 60
# Uploads stream to temporary files on disk from the first byte: memory stays flat.
FILE_UPLOAD_MAX_MEMORY_SIZE = 0

# Readers' questions (questions/): a reader with this many published questions is trusted (theirs
# are published at once, unless they hold a web address); each reader may ask at most
# QUESTIONS_RATE (allauth's rate format, counted in the shared cache).
QUESTIONS_TRUSTED_AFTER = int(os.environ.get("QUESTIONS_TRUSTED_AFTER", "3"))
QUESTIONS_RATE = os.environ.get("QUESTIONS_RATE", "5/1h/user,20/1d/user")
QUESTIONS_REPORT_RATE = os.environ.get("QUESTIONS_REPORT_RATE", "10/1d/user")
QUESTIONS_PER_PAGE = 10
# Resumable (tus) uploads: unfinished ones on local disk (a folder every app server shares),
# sent in chunks of this size; nginx's limit for them sits just above (deploy/nginx).
RESUMABLE_UPLOAD_ROOT = Path(
    os.environ.get("RESUMABLE_UPLOAD_ROOT", PRIVATE_MEDIA_ROOT / "resumable")
)
RESUMABLE_CHUNK_BYTES = 32 * 1024 * 1024
