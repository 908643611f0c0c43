"""Django settings for Wegweiser, read from the environment (see docs/configuration.md).

Two modes: development (``WEGWEISER_DEBUG=1``: debug pages, a fixed development key, e-mail to
the console) and production (the default: ``SECRET_KEY`` required, HTTPS-only cookies, HSTS,
JSON logs). ``wegweiser check --deploy`` reports nothing in production mode.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wegweiser.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("WEGWEISER_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("WEGWEISER_DEBUG", default=False)

_DEVELOPMENT_KEY = "django-insecure-wegweiser-development-only-never-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEVELOPMENT_KEY if DEBUG else None)
if not DEBUG and (SECRET_KEY == _DEVELOPMENT_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY muss im Produktivbetrieb gesetzt sein, mindestens 50 Zeichen, nicht der "
        "Entwicklungsschlüssel (SECRET_KEY must be set in production: 50+ characters)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS muss im Produktivbetrieb gesetzt sein, z. B. ALLOWED_HOSTS=wegweiser.kassel.de "
        "(ALLOWED_HOSTS is required in production)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin, on a site that only administrators enter and that signs in through the
    # staff login (brute-force protection, second factor): wegweiser.accounts.admin_site.
    "wegweiser.accounts.admin_apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wegweiser.accounts",
    "wegweiser.directory",
    "wegweiser.editorial",
    "wegweiser.surveys",
    "wegweiser.public",
    "wegweiser.reports",
    "wegweiser.monitoring",
    "wegweiser.concept",
    # django-ninja serves Swagger UI from its own static files (no CDN) when listed here.
    "ninja",
    "wegweiser.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /api/ and /opendata/: CORS for reading and the per-client rate limit (docs/api.md).
    "wegweiser.api.http.ApiHttpMiddleware",
    # Production serves static files itself (collected, compressed, cache-busted); development
    # and tests use Django's staticfiles finders through runserver and the live server.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    # ETag from the rendered page and 304 answers to conditional requests.
    "django.middleware.http.ConditionalGetMiddleware",
    "wegweiser.public.middleware.VaryOnLanguageAndCookie",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff sessions end after idle and absolute limits; staff pages speak the user's language;
    # administrators may be required to use a second factor (docs/accounts.md).
    "wegweiser.accounts.middleware.StaffSessionExpiryMiddleware",
    "wegweiser.accounts.middleware.StaffLanguageMiddleware",
    "wegweiser.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wegweiser.urls"
WSGI_APPLICATION = "wegweiser.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wegweiser.public.context_processors.language_switch",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wegweiser.sqlite3'}"),
        sqlite_timeout=env_int("WEGWEISER_SQLITE_TIMEOUT", 20, minimum=1),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
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
    # First: refuses the attempt while the user name and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env_int("WEGWEISER_PASSWORD_RESET_HOURS", 24, minimum=1) * 3600

# Staff sessions (public visitors get no session from this): they end after this long without
# a request, and this long after the login whatever happens.
WEGWEISER_STAFF_SESSION_IDLE_MINUTES = env_int(
    "WEGWEISER_STAFF_SESSION_IDLE_MINUTES", 30, minimum=1
)
WEGWEISER_STAFF_SESSION_MAX_HOURS = env_int("WEGWEISER_STAFF_SESSION_MAX_HOURS", 12, minimum=1)
# How long the link in an invitation e-mail stays valid.
WEGWEISER_INVITATION_DAYS = env_int("WEGWEISER_INVITATION_DAYS", 7, minimum=1)
# Administrators (superusers and the administrator role) must set up a second factor (TOTP).
WEGWEISER_REQUIRE_2FA_FOR_ADMINS = env_bool("WEGWEISER_REQUIRE_2FA_FOR_ADMINS", default=False)

# Brute-force protection (django-axes): failures are counted per e-mail address AND client
# address together, so nobody can lock a user out from elsewhere; the lockout always ends after
# the cool-off, and failures during a lockout do not extend it.
AXES_FAILURE_LIMIT = env_int("WEGWEISER_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("WEGWEISER_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "wegweiser.accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "wegweiser.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind reverse proxies the connection comes from the proxy: with WEGWEISER_PROXY_COUNT=N the
# client's address is the N-th entry from the right of X-Forwarded-For (the ones our proxies
# appended; whatever the client sent itself stands further left and is ignored).
WEGWEISER_PROXY_COUNT = env_int("WEGWEISER_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "wegweiser.accounts.lockout.client_ip_address"

# Second factor (django-otp, TOTP): the name authenticator apps show next to the code.
OTP_TOTP_ISSUER = "Wegweiser"

# --- Languages --------------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ru", _("Russisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
]
# The languages that offer and provider texts can be translated into (German is the source).
WEGWEISER_TRANSLATION_LANGUAGES = [code for code, _label in LANGUAGES if code != "de"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("WEGWEISER_STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("WEGWEISER_PLAIN_STATIC", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS und EMAIL_USE_SSL schließen sich aus (set at most one of them)."
    )
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "wegweiser@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if env_bool("WEGWEISER_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SILENCED_SYSTEM_CHECKS = [
    # security.W021 asks for SECURE_HSTS_PRELOAD. Entering a domain into the browsers' preload
    # list binds every subdomain of the city's domain to HTTPS for months and cannot be undone
    # quickly; that is the domain owner's decision, so it is a setting (default off), not ours.
    "security.W021",
]
if not DEBUG and not env_bool("SECURE_SSL_REDIRECT", default=True):
    # security.W008: a deployment behind a TLS-terminating proxy that redirects itself may turn
    # Django's redirect off (SECURE_SSL_REDIRECT=0); it then says so explicitly.
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# --- Logging: structured (JSON lines) in production, readable key=value in development ---------
LOG_FORMAT = env_choice("WEGWEISER_LOG_FORMAT", "text" if DEBUG else "json", ("json", "text"))
LOG_LEVEL = env_choice(
    "WEGWEISER_LOG_LEVEL", "INFO", ("debug", "info", "warning", "error", "critical")
).upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own loggers would print a second, unstructured copy of each line.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step of a PDF (30 lines for the council report) at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Wegweiser --------------------------------------------------------------------------------
# Who runs the installation, for the imprint, privacy notice and accessibility statement. Set
# from WEGWEISER_OPERATOR_* variables; without any, the pages show marked placeholders.
_OPERATOR_TEXT = (
    "name", "department", "address", "email", "phone", "represented_by",
    "content_responsible", "data_protection_officer", "accessibility_statement_date",
)  # fmt: skip
_operator: dict[str, object] = {
    key: env_str(f"WEGWEISER_OPERATOR_{key.upper()}").replace("\\n", "\n")
    for key in _OPERATOR_TEXT
    if f"WEGWEISER_OPERATOR_{key.upper()}" in os.environ
}
if "WEGWEISER_OPERATOR_LOG_RETENTION_DAYS" in os.environ:
    _operator["log_retention_days"] = env_int(
        "WEGWEISER_OPERATOR_LOG_RETENTION_DAYS", 14, minimum=0
    )
WEGWEISER_OPERATOR: dict[str, object] | None = _operator or None

# Editorial workflow: freshness of offers and public reports (docs/editorial.md). Months are
# calendar months counted from the last confirmation (``verified_at``, else the creation).
WEGWEISER_REMINDER_AFTER_MONTHS = env_int("WEGWEISER_REMINDER_AFTER_MONTHS", 6, minimum=1)
WEGWEISER_STALE_NOTICE_AFTER_MONTHS = env_int("WEGWEISER_STALE_NOTICE_AFTER_MONTHS", 12, minimum=1)
# 0 turns automatic unpublishing off.
WEGWEISER_UNPUBLISH_AFTER_MONTHS = env_int("WEGWEISER_UNPUBLISH_AFTER_MONTHS", 18, minimum=0)
WEGWEISER_UNPUBLISH_ENDED_PROJECTS = env_bool("WEGWEISER_UNPUBLISH_ENDED_PROJECTS", default=True)
WEGWEISER_ESCALATE_AFTER_DAYS = env_int("WEGWEISER_ESCALATE_AFTER_DAYS", 28, minimum=1)
# The address links in e-mails start with (e-mails sent by commands have no request to ask).
WEGWEISER_SITE_URL = env_str("WEGWEISER_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
WEGWEISER_PUBLIC_REPORTS_PER_HOUR = env_int("WEGWEISER_PUBLIC_REPORTS_PER_HOUR", 5, minimum=1)
# Survey rounds (docs/surveys.md): how long a personal link works after it was sent, and the
# least number of days between two reminders of ``wegweiser survey_reminders``.
WEGWEISER_SURVEY_LINK_DAYS = env_int("WEGWEISER_SURVEY_LINK_DAYS", 90, minimum=1)
# Personal links for progress updates on a measure of the integration concept (docs/concept.md).
WEGWEISER_CONCEPT_LINK_DAYS = env_int("WEGWEISER_CONCEPT_LINK_DAYS", 365, minimum=1)
WEGWEISER_SURVEY_REMINDER_DAYS = env_int("WEGWEISER_SURVEY_REMINDER_DAYS", 7, minimum=1)

# Attribution required by the licence of the Kassel district geometry (dl-de/by-2-0).
WEGWEISER_GEODATA_ATTRIBUTION = "Stadt Kassel, Vermessung und Geoinformation, dl-de/by-2-0"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Integration monitoring (docs/monitoring.md): DuckDB's memory limit and its temporary files.
WEGWEISER_MONITORING_MEMORY_LIMIT = env_str("WEGWEISER_MONITORING_MEMORY_LIMIT", "2.5GB")
WEGWEISER_MONITORING_TEMP_DIR = VAR_DIR / "duckdb"
WEGWEISER_MONITORING_DEFAULT_REGION = env_str("WEGWEISER_MONITORING_DEFAULT_REGION", "stadt-kassel")

# API and open data (docs/api.md): requests per client and window (0: no limit), and the
# licence the open data are published under (DCAT-AP.de names it by its URI).
WEGWEISER_API_RATE_LIMIT = env_int("WEGWEISER_API_RATE_LIMIT", 300, minimum=0)
WEGWEISER_API_RATE_WINDOW = env_int("WEGWEISER_API_RATE_WINDOW", 60, minimum=1)
WEGWEISER_OPENDATA_LICENSE = env_str(
    "WEGWEISER_OPENDATA_LICENSE", "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
)
WEGWEISER_OPENDATA_LICENSE_NAME = env_str(
    "WEGWEISER_OPENDATA_LICENSE_NAME", "Datenlizenz Deutschland – Namensnennung – Version 2.0"
)
WEGWEISER_OPENDATA_PUBLISHER = env_str("WEGWEISER_OPENDATA_PUBLISHER", "Stadt Kassel")
