"""Production: PostgreSQL, gunicorn, WhiteNoise, SMTP, HTTPS.

Refuses to start without ``SECRET_KEY`` or ``WAGTAILADMIN_BASE_URL``. ``manage.py check
--deploy`` is clean with the documented environment set (see README)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default=None)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings refuse to start without it: "
        "export SECRET_KEY=\"$(python -c 'import secrets; print(secrets.token_urlsafe(50))')\""
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# The base URL goes into certificate QR codes and every email: a wrong default would print
# certificates that verify nowhere.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="")
if not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL is not set. Production settings refuse to start without the "
        "public base URL used in certificate QR codes and emails, e.g. https://ce.example.org"
    )
CERTIFICATE_BASE_URL = env("CERTIFICATE_BASE_URL", default=WAGTAILADMIN_BASE_URL)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# EMAIL_URL, e.g. "smtp+tls://user:password@smtp.example.org:587"
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
ACCOUNT_EMAIL_VERIFICATION = "mandatory"

# One cache shared by every worker: allauth's login throttling and Wagtail's site cache must
# count across processes. The database cache needs `manage.py createcachetable` once; set
# CACHE_URL (e.g. rediscache://127.0.0.1:6379/1) for Redis. `check --deploy` warns about a
# per-process cache.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://mantle_cache")}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
    }

# HTTPS. Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=true.
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# X_FRAME_OPTIONS stays SAMEORIGIN (base): Wagtail's live preview renders the page in a
# same-origin iframe, which DENY would break. SAMEORIGIN still blocks framing by other sites.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
