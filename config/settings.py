"""Settings for the Community Volunteer Participation Program.

The only settings module. Every value is a constant or comes from the environment with a default
that is safe for a developer's laptop; `.env.example` documents each variable. Production mode
(`PRODUCTION=true`, or simply `DEBUG=false`) refuses to start with a development default for anything
security relevant, and turns on the secure defaults (HTTPS only, HSTS, secure cookies).
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.logging import log_format_is_json, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` is convenient for development; the process environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# An empty variable means its default, as in `.env.example` (`PRODUCTION=`, `PAGE_CACHE_SECONDS=`):
# never False, 0 or a crash.
env.ENVIRON = {name: value for name, value in env.ENVIRON.items() if value != ""}

# Production mode is on with PRODUCTION=true, and whenever DEBUG is turned off without saying
# PRODUCTION=false (a local run without debug pages, as `make bench` does): a server started with
# DEBUG=false is a real deployment, and gets the secure defaults below without having to ask.
_DEBUG_ASKED = env.bool("DEBUG", default=None)
PRODUCTION = env.bool("PRODUCTION", default=_DEBUG_ASKED is False)
DEV_SECRET_KEY = "dev-only-secret-key-do-not-use-in-production-0123456789abcdef"

DEBUG = not PRODUCTION if _DEBUG_ASKED is None else _DEBUG_ASKED
SECRET_KEY = env("SECRET_KEY", default=DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Said in every refusal: production mode may be on without PRODUCTION appearing anywhere.
_PRODUCTION_IS_ON = "Production mode is on (PRODUCTION=true, or DEBUG=false without PRODUCTION=false)"
if PRODUCTION:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(f"{_PRODUCTION_IS_ON}: set SECRET_KEY to a random string of 50+ characters.")
    if DEBUG:
        raise ImproperlyConfigured(f"{_PRODUCTION_IS_ON}: DEBUG must be off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(f"{_PRODUCTION_IS_ON}: set ALLOWED_HOSTS to the site's host names.")

SITE_NAME = env("SITE_NAME", default="COSCUP")
# The site's public address: the one source of every absolute link (emails, calendar feeds, the
# poster's and the venue screen's QR codes; core.urls.absolute_url). `make run` derives it from PORT.
SITE_URL = (env("SITE_URL", default="") or ("" if PRODUCTION else "http://127.0.0.1:8000")).rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        f"{_PRODUCTION_IS_ON}: set SITE_URL to the public https:// address people open (printed on posters, in emails)."
    )
# One-day volunteers get a reminder email this many hours before their task starts
# (`manage.py send_task_reminders`, run every few minutes).
TASK_REMINDER_HOURS = env.int("TASK_REMINDER_HOURS", default=3)
# A schedule import that would remove more than this share of the edition's scheduled sessions (and
# more than 3) is applied only when staff confirm it; the scheduled sync holds it for them instead.
SCHEDULE_IMPORT_MAX_REMOVAL_SHARE = env.float("SCHEDULE_IMPORT_MAX_REMOVAL_SHARE", default=0.2)

INSTALLED_APPS = [
    "config.apps.BackstageAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.google",
    "core",
    "accounts",
    "editions",
    "volunteering",
    "points",
    "communities",
    "contacts",
    "schedule",
    "follows",
    "checkin",
    "certificates",
    "figures",
    "pages",
    "manual",
    "demo",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    # Outermost: one log line per request, redirects included, with its id (core.request_logging).
    "core.request_logging.RequestLogMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the HTTPS redirect and the host check: probes get their answer over plain http, by any
    # host name, and a 503 (not a 500) with the database down (core.health).
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (the schedule is text many times over; WhiteNoise compresses static files
    # itself). Django's gzip pads each response with random bytes against BREACH-style guessing.
    "django.middleware.gzip.GZipMiddleware",
    # ETag on every page and feed, so a calendar app or a browser revalidating gets a 304.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "editions.middleware.EditionTimezoneMiddleware",
    # Innermost: the reader's parts of a page (core.personal) go in before anything compresses it.
    "core.middleware.PersonalPartsMiddleware",
]

# bench/ swaps in a URLconf with a minimal comparison view; nothing else should set this.
ROOT_URLCONF = env("ROOT_URLCONF", default="config.urls")
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.tz",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "core.context_processors.personal_csrf",
                "editions.context_processors.edition",
            ],
        },
    },
]

# SQLite is the embedded default; production sets DATABASE_URL=postgres://...
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0))
# A kept connection is checked before a request uses it: after PostgreSQL restarts (or a failover),
# the next request opens a new one instead of failing on the dead one, without restarting the app.
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database that does not answer fails a request (and the health check) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, the task worker and tests share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. Whatever must hold for every worker process lives in the "default" cache, which every
# process shares: login-code rate limits (allauth), the version numbers that invalidate shared pages
# (core.page_cache), role answers and the edition list. That is Redis with REDIS_URL, else a table in
# the database (created by the migration core/migrations/0001_cache_table.py: `migrate` is enough).
# The rendered page copies themselves go to the "pages" cache (and Django's {% cache %} fragments to
# "template_fragments"): without Redis that is per process, which is safe because every copy is
# keyed on the shared version numbers, so a write or a revocation reaches every process at once.
REDIS_URL = env("REDIS_URL", default="")
DATABASE_CACHE_TABLE = "django_cache"
if REDIS_URL:
    # Redis down (or slow) must not take pages down: every cache call gives up within a quarter of a
    # second and counts as a miss (django-redis IGNORE_EXCEPTIONS, each logged), so pages render from
    # the database, sessions are read from their table (cached_db) and emails wait in the database
    # queue. While it is down, limits kept in the cache (login codes) are not counted.
    _shared_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_TIMEOUT_SECONDS", default=0.25),
            "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT_SECONDS", default=0.25),
        },
    }
    CACHES = {"default": _shared_cache, "pages": _shared_cache, "template_fragments": _shared_cache}
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    _process_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
            # Culling drops entries in key order, live ones too: keep it for a flood, not for every day.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        "pages": _process_cache,
        "template_fragments": _process_cache,
    }
# How long the board, task and other public pages are shared between visitors without a session
# (core.page_cache). Writes invalidate them at once on every process; the timeout bounds what no
# write announces (a task whose start has passed).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Certificates of service (certificates/pdf.py): a TrueType font (.ttf, or a .ttc's first face) with Traditional
# Chinese, embedded in the PDFs, e.g. /usr/share/fonts/truetype/arphic/uming.ttc (Debian: fonts-arphic-uming).
# Empty: reportlab's built-in CID font, which PDF readers supply (one without Chinese fonts shows boxes).
CERTIFICATE_CJK_FONT = env("CERTIFICATE_CJK_FONT", default="")
# Who may do what (roles, responsible persons) is read on every logged-in page. Cached answers live
# in the shared cache under a version every change bumps, so a removal ends access on every worker at
# once. Without Redis a cached answer is a database read too, so by default they are not cached.
ROLE_CACHE_SECONDS = env.int("ROLE_CACHE_SECONDS", default=300 if REDIS_URL else 0)

# Background work (emails) goes through Django's tasks framework so no request waits for SMTP.
# immediate: run inline (development, tests); database: `manage.py db_worker`, the production default
# also with Redis, because a job is then written in the transaction of the change it reports
# (core.queue): nothing lost when Redis or the worker is down; rq: Redis + `manage.py rqworker`.
TASKS_BACKEND = env("TASKS_BACKEND", default="database" if PRODUCTION else "immediate")
# A job RUNNING this long had its worker die: `recover_tasks` (run by the scheduler) requeues it.
TASK_RECOVERY_MINUTES = env.int("TASK_RECOVERY_MINUTES", default=15)
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")  # for `manage.py rqworker`
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 300}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "editions.backends.EditionStaffBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pages:home"

# django-allauth: passwordless by default. People type their email and get a one-time code;
# a new address signs up with the email alone and confirms it with a code.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
# Phones at the venue stay logged in; there is no shared-computer kiosk mode.
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_SIGNUP_REDIRECT_URL = "accounts:profile"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    # Code requests cost an email each: few per address, a handful per network.
    "request_login_code": env("RATE_LIMIT_LOGIN_CODE", default="10/m/ip,3/5m/key"),
    "confirm_email": "1/30s/key",
    "signup": "20/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
}
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict = {}
# Where each provider's login form sends the browser (the Content-Security-Policy's form-action).
SOCIAL_LOGIN_ORIGINS = {"google": "https://accounts.google.com", "github": "https://github.com"}
for _provider in ("google", "github"):
    _client_id = env(f"{_provider.upper()}_CLIENT_ID", default="")
    if _client_id:
        SOCIALACCOUNT_PROVIDERS[_provider] = {
            "APPS": [{"client_id": _client_id, "secret": env(f"{_provider.upper()}_CLIENT_SECRET")}],
            "SCOPE": ["profile", "email"] if _provider == "google" else ["user:email"],
            "EMAIL_AUTHENTICATION": True,
        }

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="One-day Volunteer <volunteer@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One unambiguous date style per language (config/formats/): "Sat 7 Aug" / "8月7日（六）".
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
USE_TZ = True
# Server default; pages activate the edition's own time zone (editions.middleware).
TIME_ZONE = "Asia/Taipei"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Outside production WhiteNoise serves straight from the apps' static folders: no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Messages travel in a signed cookie (the session only when they don't fit): a sign-up or a follow and the
# page that shows its message then write no session row, where the session store wrote one for each.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# Security. Production mode (PRODUCTION=true, or DEBUG=false) turns all of this on by default, so a
# minimal production environment passes `manage.py check --deploy` with no warning. Behind a proxy
# that terminates TLS, BEHIND_TLS_PROXY=true tells Django which requests came in over https (without
# it every request looks like http and is redirected to https again).
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp) on every response: scripts, styles, pictures and requests from
# the site's own origin only. No inline script or style anywhere (templates link static files), so no
# 'unsafe-inline' and no nonce: a nonce would differ per response and break the shared page copies.
# The backstage (Django's admin) works under the same policy. The desk camera feeds a <video> through
# srcObject, which no media-src governs. Social login posts to our own address, which redirects to
# the provider: form-action must allow that provider too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF, *(SOCIAL_LOGIN_ORIGINS[name] for name in SOCIALACCOUNT_PROVIDERS)],
    },
}

# Logs go to stderr: JSON lines in production (LOG_FORMAT=json), readable text otherwise, each line with
# the id of the request it was written in (core.request_logging logs one line per request).
LOGGING = logging_config(
    json_logs=log_format_is_json(env("LOG_FORMAT", default="json" if PRODUCTION else "text")),
    level=env("LOG_LEVEL", default="INFO"),
)

# --- Schedule imports: limits (schedule app, issue 9) ---
# One import's fetch stops after this many seconds in all (connecting, every read, every page), and
# reads at most this many bytes from one answer, file or upload (a 600-session schedule.json is about
# 350 KB). The failed run says which limit it hit. The staff page fetches on the task queue.
SCHEDULE_IMPORT_DEADLINE_SECONDS = env.int("SCHEDULE_IMPORT_DEADLINE_SECONDS", default=60)
SCHEDULE_IMPORT_MAX_BYTES = env.int("SCHEDULE_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# --- end of schedule import limits ---
