"""Deployment checks of our own, run by ``manage.py check --deploy``."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Login throttling counts attempts in the cache: a per-process cache lets each worker
    count on its own, so an attacker gets as many tries as there are workers."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                f"The default cache ({backend.rsplit('.', 1)[-1]}) is per process.",
                hint="Login throttling then counts per worker. Set CACHE_URL to a shared cache "
                "(dbcache://mantle_cache, the default, or rediscache://host:6379/1).",
                id="mantle.W001",
            )
        ]
    return []
