"""Fixtures shared by every kind of test."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_supported_language_variant

ROOT = Path(__file__).parents[1]
SHIPPED = "shipped_content"


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
    from wagtail.models import Collection, Locale, Page, Site, Workflow, WorkflowPage

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
    # The Clinical review workflow, its assignment to the quiz library and the roles' library
    # permissions (the data migrations are idempotent: they get or create).
    importlib.import_module("cms.migrations.0003_clinical_review_workflow").create_workflow(
        django_apps, None
    )
    importlib.import_module("cms.migrations.0005_library_clinical_review").library_review(
        django_apps, None
    )
    # Wagtail's migrations put their default workflow on the root page, and ours hand that
    # assignment to Clinical review: every page is reviewed. A flush drops it; put it back.
    WorkflowPage.objects.get_or_create(
        page=root, defaults={"workflow": Workflow.objects.get(name="Clinical review")}
    )
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


# -- the shipped content/, imported once per run -----------------------------------------------


class _Shipped:
    """The open transaction that holds the shipped import, and the pytest-django blocker
    needed to roll it back from a hook."""

    atomic = None
    blocker = None
    closed = False

    @classmethod
    def close(cls):
        if cls.atomic is None:
            return
        with cls.blocker.unblock():
            transaction.set_rollback(True)
            cls.atomic.__exit__(None, None, None)
        cls.atomic, cls.closed = None, True


@pytest.fixture(scope="session")
def shipped_content(django_db_setup, django_db_blocker):
    """The project's own ``content/`` imported once for the whole run; returns the report.

    Importing it takes seconds, so tests about the shipped courses, rules and quizzes share
    one import: they run together after every other plain database test (see
    ``pytest_collection_modifyitems``), each inside its own savepoint as usual, and the import
    is rolled back after the last of them, before the transactional tests start. Tests of
    the importer itself use the small folder in ``tests/data/content``.
    """
    from cms.importer.run import content_import

    _Shipped.blocker = django_db_blocker
    with django_db_blocker.unblock():
        _Shipped.atomic = transaction.atomic()
        _Shipped.atomic.__enter__()
        report = content_import(root=ROOT / "content")
    assert report.ok, report.errors
    yield report
    _Shipped.close()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    flagged = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    return bool(flagged) or bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _plain_db(item) -> bool:
    uses_db = item.get_closest_marker("django_db") is not None or "db" in item.fixturenames
    return uses_db and not _transactional(item)


def pytest_itemcollected(item):
    """With pytest-xdist (``--dist loadgroup``) the shipped tests go to one worker together."""
    if SHIPPED in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.xdist_group(SHIPPED))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the tests that use the shipped import together, right after the other plain
    database tests (pytest-django has already put those first and transactional ones after)."""
    shipped = [item for item in items if SHIPPED in getattr(item, "fixturenames", ())]
    if not shipped:
        return
    wrong = [item.nodeid for item in shipped if _transactional(item)]
    if wrong:
        raise pytest.UsageError(f"{SHIPPED} is for plain database tests, not {wrong}")
    rest = [item for item in items if SHIPPED not in getattr(item, "fixturenames", ())]
    last = max((n for n, item in enumerate(rest) if _plain_db(item)), default=-1)
    items[:] = rest[: last + 1] + shipped + rest[last + 1 :]


def pytest_runtest_setup(item):
    if SHIPPED in item.fixturenames and _Shipped.closed:
        raise RuntimeError(
            f"{item.nodeid} runs after the shipped import was rolled back: the tests that "
            f"use {SHIPPED} must run one after another"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test that uses the shipped import, once its own savepoint is gone."""
    yield
    if SHIPPED in item.fixturenames and (nextitem is None or SHIPPED not in nextitem.fixturenames):
        _Shipped.close()
