"""Settings for the newsroom CMS: one module, configured from the environment.

Every variable is listed in `.env.example`; a `.env` file beside `manage.py` is read when present.
Production is simply `DJANGO_DEBUG=false` with a real `DJANGO_SECRET_KEY`.
"""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: it is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "desk.apps.NewsroomAdminConfig",  # Django's admin, with the desk on its home page (desk/sites.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "newsroom",
    "pages",
    "resolutions",
    "articles",
    "django_prose_editor",
    "desk",
    "api",
    "search",
    "autosave",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outside the session, CSRF and auth middleware: a cached page is served without touching them.
    "newsroom.middleware.PageCacheMiddleware",
    "newsroom.middleware.NulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "newsroom.middleware.LoginRateLimitMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
# Off by default: a health check is one more round trip per request, on the page cache's fast path too.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DJANGO_CONN_HEALTH_CHECKS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Read the database file through memory mapping: looking up thousands of stories (a search's matches) by id
    # costs a fraction of the read() calls. Set per connection; the file itself is unchanged.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("init_command", "PRAGMA mmap_size = 268435456;")
    # The chair-year index carries extra columns on PostgreSQL (INCLUDE, for index-only scans); SQLite builds
    # it without them, which is all it can do: no warning on every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Full-text search (articles/search.py). Only on PostgreSQL: the app imports psycopg type handlers.
    INSTALLED_APPS.append("django.contrib.postgres")


def cache_from_url(url):
    """django-environ picks django_redis for redis:// when that package is importable; we use Django's own."""
    config = env.cache_url_config(url)
    if config["BACKEND"].startswith("django_redis"):
        config = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return config


# One process's local memory by default. Several workers or servers: Redis (see README, "Caching").
CACHE_URL = env("CACHE_URL", default="") or "locmemcache://newsroom"
CACHES = {"default": cache_from_url(CACHE_URL)}

# Public pages are cached for anonymous readers (newsroom/cache.py); browsers may keep a page this many seconds
# (max-age). 0 makes them revalidate every time (cheap: ETag and 304).
NEWSROOM_CACHE_SECONDS = env.int("NEWSROOM_CACHE_SECONDS", default=60)
# How long the server keeps a rendered page at most; a change purges the pages that showed it at once.
NEWSROOM_PAGE_CACHE_TIMEOUT = env.int("NEWSROOM_PAGE_CACHE_TIMEOUT", default=600)
# HTTP caches in front (Varnish with xkey, deploy/varnish.vcl) that the app purges on every change, e.g.
# http://127.0.0.1:6081. When set, they may keep a page as long as the page cache (s-maxage).
NEWSROOM_PURGE_URLS = env.list("NEWSROOM_PURGE_URLS", default=[])
NEWSROOM_PURGE_TIMEOUT = env.float("NEWSROOM_PURGE_TIMEOUT", default=2.0)
# Admin login: failures allowed per username and address, and per address, within the window.
NEWSROOM_LOGIN_FAILURES_PER_USER = env.int("NEWSROOM_LOGIN_FAILURES_PER_USER", default=5)
NEWSROOM_LOGIN_FAILURES_PER_IP = env.int("NEWSROOM_LOGIN_FAILURES_PER_IP", default=30)
NEWSROOM_LOGIN_WINDOW_SECONDS = env.int("NEWSROOM_LOGIN_WINDOW_SECONDS", default=15 * 60)
# Number of reverse proxies in front of the app whose X-Forwarded-For can be trusted (0: use REMOTE_ADDR).
NEWSROOM_PROXY_COUNT = env.int("NEWSROOM_PROXY_COUNT", default=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / env("DJANGO_STATIC_ROOT", default="staticfiles")  # where collectstatic writes
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / env("DJANGO_MEDIA_ROOT", default="media")  # relative paths are under the project
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
# Uploads on S3-compatible object storage, so several app servers share them.
MEDIA_S3_BUCKET = env("DJANGO_MEDIA_S3_BUCKET", default="")
# With debug off and uploads on local disk, the app serves /media/ itself (newsroom/views.py); set false when a
# web server in front serves the media folder.
NEWSROOM_SERVE_MEDIA = env.bool("NEWSROOM_SERVE_MEDIA", default=not MEDIA_S3_BUCKET)
MEDIA_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default="")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": MEDIA_S3_CUSTOM_DOMAIN or None,
            "location": env("AWS_LOCATION", default=""),
            # Photos on a news site are public: plain URLs that a CDN can cache, not expiring signed ones.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "default_acl": env("AWS_DEFAULT_ACL", default="") or None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }

LOGIN_URL = "admin:login"

# Mail (desk notifications): EMAIL_URL picks the server, e.g. smtp://user:password@mail.internal:587/?tls=True;
# the console by default, so nothing is sent anywhere until a server is named. Mail is sent after the save has
# committed, and a server that is down is logged, never in the way of a save; the timeout bounds how long a
# request waits for an unanswering server.
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="newsroom@localhost")
# The open data API (api/): read-only JSON for anyone, no session or authentication, so its answers are plain
# anonymous GETs the page cache keeps; one renderer, so they never vary by Accept.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "The Diplomatic Desk: open data",
    "DESCRIPTION": "UN resolutions, their votes and co-sponsors, ambassadors, ASEAN chair years and published "
    "stories, each fact with its source. Read-only; no key needed.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# The UN Digital Library's search API, for `import_undl --symbol` (a token only when the Library asks for one).
UNDL_API_URL = env("UNDL_API_URL", default="https://digitallibrary.un.org/api/v1/search")
UNDL_API_TOKEN = env("UNDL_API_TOKEN", default="")
UNDL_TIMEOUT = env.float("UNDL_TIMEOUT", default=20)

# The public name of the site, used in titles, feeds and JSON-LD.
SITE_NAME = env("NEWSROOM_SITE_NAME", default="The Diplomatic Desk")
# Share links and notification e-mails are built from it, so production must say which host readers use.
SITE_URL = env("NEWSROOM_SITE_URL", default="")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set NEWSROOM_SITE_URL (e.g. https://news.example.org): it is required when DJANGO_DEBUG is off."
        )
    SITE_URL = "http://127.0.0.1:8000"

# Security: on by default whenever debug is off.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Cookies only over HTTPS in production; `make serve` turns it off to sign in over plain local HTTP.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4): no inline scripts or styles anywhere, the admin included (checked in
# Chromium: Django's admin needs neither; tests/browser/test_csp.py keeps it so).
_IMG_SOURCES = ["'self'", "data:"]
if MEDIA_S3_CUSTOM_DOMAIN:
    _IMG_SOURCES.append(f"https://{MEDIA_S3_CUSTOM_DOMAIN}")
elif MEDIA_S3_BUCKET and STORAGES["default"]["OPTIONS"]["endpoint_url"]:
    _IMG_SOURCES.append(STORAGES["default"]["OPTIONS"]["endpoint_url"].rstrip("/"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # A nonce only where a page asks for one (django-csp adds it to the header only then): the story form's
        # import map for its editor modules, which browsers accept only inline.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": _IMG_SOURCES + env.list("NEWSROOM_CSP_IMG_SOURCES", default=[]),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
