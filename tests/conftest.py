"""Fixtures shared by every kind of test."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_supported_language_variant


@pytest.fixture(autouse=True)
def _clear_cache():
    """Wagtail caches site root paths; a Site from a rolled-back test must not leak (STACK.md)."""
    yield
    cache.clear()


def ensure_site_tree():
    """Recreate what Wagtail's and our data migrations put in an empty database.

    Transactional and live-server tests flush the database afterwards, deleting the root
    page, the home page, the Site, the Locale, the root Collection and our role groups. Tests
    that run after such a flush call this to get the same starting point back.
    """
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage

    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not HomePage.objects.exists():
        home = root.add_child(
            instance=HomePage(
                title="Mantle CE",
                slug="home",
                locale=locale,
                lead="Continuing education for massage therapists and estheticians.",
            )
        )
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    roles = importlib.import_module("cms.accounts.migrations.0002_roles")
    roles.create_roles(django_apps, None)
    cache.clear()


@pytest.fixture
def site_tree(transactional_db):
    """For transactional and live-server tests: a database with the Wagtail tree in place."""
    ensure_site_tree()


def run_concurrently(function, times: int = 2) -> list:
    """Call ``function`` from ``times`` threads released at the same instant (a double
    click, two tabs); return what each call returned. Each thread closes its own database
    connection, as a request would."""
    import threading

    from django.db import connection

    results, barrier = [], threading.Barrier(times)

    def call():
        try:
            barrier.wait()
            results.append(function())
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
