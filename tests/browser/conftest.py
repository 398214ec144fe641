"""Browser journeys: Playwright drives Debian's chromium against pytest-django's live server.

No browser is downloaded. Where chromium is missing the journeys are skipped locally with
the command that installs it; under CI=true a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# around it are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _chromium_available():
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} not found. Install Debian's chromium: sudo apt-get install -y chromium"
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run in CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS],
    }


@pytest.fixture
def live_site(live_server, site_tree):
    """The live server's URL, with the Wagtail page tree rebuilt after earlier flushes."""
    return live_server.url
