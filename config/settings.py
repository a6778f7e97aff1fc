"""Polku's settings: one module, driven by the environment.

Every variable Polku reads is declared in ``ENVIRONMENT`` below with its type and
default, and documented in README.md. Defaults suit development; production sets
``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``, and gets
secure transport settings by default.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from bootstrap_wrapper import get_bootstrap_dir
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets the generic classes of the type stubs be subscripted at run time (ModelForm[Case]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

# The one place where Polku's environment is declared: name -> (type, default).
# Variables whose default depends on DEBUG are marked None here and resolved
# below, so that production is secure without having to opt in.
ENVIRONMENT: dict[str, tuple[type, object]] = {
    "DEBUG": (bool, False),
    "SECRET_KEY": (str, ""),
    "ALLOWED_HOSTS": (list, ["localhost", "127.0.0.1", "[::1]"]),
    "CSRF_TRUSTED_ORIGINS": (list, []),
    "DATABASE_URL": (str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    "DATABASE_POOL": (bool, True),
    "DATABASE_POOL_MAX_SIZE": (int, 10),
    "DATABASE_PARALLEL_WORKERS": (int, 0),
    "DATABASE_RANDOM_PAGE_COST": (float, 1.1),
    "DATABASE_PREPARE_THRESHOLD": (int, 5),
    "ORGANISATION_NAME": (str, "Esimerkin hyvinvointialue"),
    "SESSION_IDLE_MINUTES": (int, 30),
    "SECURE_SSL_REDIRECT": (bool, None),
    "SECURE_HSTS_SECONDS": (int, None),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": (bool, None),
    "SECURE_HSTS_PRELOAD": (bool, None),
    "SECURE_COOKIES": (bool, None),
    "SECURE_PROXY_SSL_HEADER": (bool, False),
    "BREAK_GLASS_HOURS": (int, 24),
    "REFERRAL_ANSWER_DAYS": (int, 14),
    "LOGIN_FAILURE_LIMIT": (int, 5),
    "LOGIN_COOLOFF_MINUTES": (int, 15),
    "SECOND_FACTOR_REQUIRED": (bool, True),
    "DEMO_PASSWORD": (str, "polku-demo-2026"),
    "RETENTION_BIRTHDAY_SAMPLE": (bool, False),
    "ACCESS_LOG_RETENTION_YEARS": (int, 12),
    "DISCLOSURE_LOG_RETENTION_YEARS": (int, 12),
    "DEVTOOLS": (bool, None),
    "LOG_LEVEL": (str, "INFO"),
    "PLAN_TEXT_LANGUAGE": (str, "fi"),
}

env = environ.Env(**{name: spec for name, spec in ENVIRONMENT.items() if spec[1] is not None})
# A developer's .env (created by `make install` from .env.example) never
# overrides variables that are really set in the environment.
environ.Env.read_env(BASE_DIR / ".env")

DEBUG: bool = env("DEBUG")
# Only ever used with DEBUG; production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY: str = env("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY is the development key: set a real one.")

ALLOWED_HOSTS: list[str] = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS: list[str] = env("CSRF_TRUSTED_ORIGINS")
ORGANISATION_NAME: str = env("ORGANISATION_NAME")
DEMO_PASSWORD: str = env("DEMO_PASSWORD")
# How long a colleague's break-glass access to a case lasts.
BREAK_GLASS_HOURS: int = env("BREAK_GLASS_HOURS")
# Days a provider has to answer a referral before the referral counts as overdue.
REFERRAL_ANSWER_DAYS: int = env("REFERRAL_ANSWER_DAYS")
# Retention (lifecycle.retention): keep permanently the records of clients born on
# the 8th, 18th or 28th day of a month (the National Archives' sample), if the
# organisation's information management plan applies it to Polku's records.
RETENTION_BIRTHDAY_SAMPLE: bool = env("RETENTION_BIRTHDAY_SAMPLE")
# The logs' own retention, in years from each row (README: not verified).
ACCESS_LOG_RETENTION_YEARS: int = env("ACCESS_LOG_RETENTION_YEARS")
DISCLOSURE_LOG_RETENTION_YEARS: int = env("DISCLOSURE_LOG_RETENTION_YEARS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    # The second factor: TOTP from an authenticator app, recovery codes as static tokens.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Polku's apps, in the order of the pathway: each imports only those before it.
    "core",
    "cases",
    "services",
    "checkpoints",
    "plans",
    "dashboard",
    "lifecycle",
]

# Demo data and benchmarks (seed_demo, bench): development, CI and the
# benchmark machine only. Production carries neither them nor Faker.
DEVTOOLS: bool = env.bool("DEVTOOLS", default=DEBUG)
if DEVTOOLS:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.OrganisationLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After authentication: which device verified the user, then the pages a
    # signed-in user without a verified second factor may still reach.
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.SecondFactorMiddleware",
    "core.actor.ActorMiddleware",
    "core.middleware.NoStoreMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "core.middleware.SessionIdleRenewalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader over the project's and the apps' templates, except that
            # crispy-bootstrap5's field, layout and form templates are written in Python
            # (core/forms/crispy/): a large plan's edit page renders eight hundred fields.
            "loaders": [
                (
                    "core.forms.crispy.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.polku",
            ],
        },
    },
]

# Database: SQLite by default so that `make run` needs nothing; PostgreSQL in
# production through psycopg 3 with its connection pool.
DATABASES = {"default": env.db_url("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env("DATABASE_POOL"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool, not Django, keeps connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env("DATABASE_POOL_MAX_SIZE"),
        "timeout": 10,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel workers per query by default. Polku's pages ask for a few rows each,
    # on two cores shared with the web workers; a parallel plan costs ~10-20 ms just
    # to start its workers (measured: the caseload's queries at 100 000 clients went
    # from 110-137 ms to 53-59 ms without them, the dashboard's count no slower) and
    # takes the core another request needs. A bulk job may set it higher.
    # And an index lookup priced as what it is when the data is in memory or on SSD
    # (PostgreSQL's default, 4, is a spinning disk's): planned with 4, the caseload's
    # page of 200 candidate cases at 10 000 clients read the clients, cases and plans
    # whole and hashed them (22 ms); with 1.1, by their keys (6.5 ms).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (
        f"{options.get('options', '')} "
        f"-c max_parallel_workers_per_gather={env('DATABASE_PARALLEL_WORKERS')} "
        f"-c random_page_cost={env('DATABASE_RANDOM_PAGE_COST')}"
    ).strip()
    # Prepared statements: a query that a connection has run this many times is prepared
    # on the server, which then plans it once rather than on every run. Planning took
    # most of PostgreSQL's time for a page (the case page's 16 queries at 10 000
    # clients: 2.8 ms of planning, 0.6 ms of execution). psycopg prepares only
    # statements whose parameters the server binds; Django leaves both off so that
    # transaction-mode poolers (PgBouncer) keep working: 0 turns them off for one.
    if env("DATABASE_PREPARE_THRESHOLD") > 0:
        options["server_side_binding"] = True
        options["prepare_threshold"] = env("DATABASE_PREPARE_THRESHOLD")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cases.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT: int = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"
AXES_VERBOSE = False  # keep usernames out of the logs

# The second factor (cases.views.second_factor, core.middleware.SecondFactorMiddleware):
# every staff user signs in with a password and a TOTP code. Only with DEBUG may a
# user flagged by seed_demo (User.demo_skips_second_factor) go without.
SECOND_FACTOR_REQUIRED: bool = env("SECOND_FACTOR_REQUIRED")
OTP_TOTP_ISSUER = f"Polku ({ORGANISATION_NAME})"
# Wrong codes slow the next try down, per user and device: 1, 2, 4, 8 … seconds;
# after LOGIN_FAILURE_LIMIT wrong codes in a row the code step locks for
# LOGIN_COOLOFF_MINUTES (cases.actions.second_factor_verify).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SECOND_FACTOR_RECOVERY_CODES = 10

# Sessions end after a period of inactivity: requests renew the session and its
# cookie, at most once a minute (core.middleware.SessionIdleRenewalMiddleware).
SESSION_COOKIE_AGE: int = env("SESSION_IDLE_MINUTES") * 60
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Transport security: on by default in production, configurable for deployments
# behind a TLS-terminating proxy.
SECURE_SSL_REDIRECT: bool = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS: int = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS: bool = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD: bool = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy: our own files only, and no inline script at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls' icons from data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    },
}

# Languages: Finnish first and default, then Swedish and English.
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first dates and spaced thousands in English too (core/formats).
FORMAT_MODULE_PATH = ["core.formats"]

# The languages a client's copy of a plan is printed in: a data file, not code
# (core.printlanguages reads it at start-up). Their catalogues are apart from the
# interface's, in the gettext domain "print": locale_print/<locale>/LC_MESSAGES/print.po.
PRINT_LOCALE_DIR = BASE_DIR / "locale_print"
PRINT_LANGUAGES_FILE = PRINT_LOCALE_DIR / "languages.toml"
# The files whose messages the print catalogues hold (manage.py printmessages);
# the interface's catalogues leave them out (the Makefile's `messages`), except
# core/pdf.py, whose page counter every printout shares.
PRINT_MESSAGE_SOURCES = [
    "core/pdf.py",
    "plans/print_texts.py",
    "templates/print/plan_copy.html",
    "templates/print/plan_copy_status.html",
    "templates/print/plan_copy_text.html",
]
# The language workers write plans in: the original under each translation.
PLAN_TEXT_LANGUAGE: str = env("PLAN_TEXT_LANGUAGE")
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

# Static files: our own and Bootstrap's (from the bootstrap-wrapper package),
# served by WhiteNoise; never a CDN.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", get_bootstrap_dir())]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Inputs never carry maxlength: the browser would cut text silently (core.forms.renderer).
FORM_RENDERER = "core.forms.renderer.PolkuFormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Logs carry no personal data: no request bodies, no query strings with names;
# URLs carry only UUIDs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Sign-in bookkeeping at INFO would flood the log; failures still show.
        "axes": {"level": "WARNING"},
    },
}
