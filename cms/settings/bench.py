"""Production settings made runnable on loopback for ``make bench`` (tests/perf/bench.py).

Only what plain HTTP on 127.0.0.1 needs is relaxed; a bare ``HttpResponse`` view exists here
(and nowhere else) as the yardstick that every page is reported against.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

from .production import *

ROOT_URLCONF = "cms.bench_urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
DEMO_ACCOUNTS_ALLOWED = True
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
