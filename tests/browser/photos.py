"""Screenshots for the journeys' evidence (the PNGs under ``test-results/``).

Chromium sometimes refuses one capture outright ("Protocol error (Page.captureScreenshot):
Unable to capture screenshot") and takes the very same picture when asked again a moment
later; it did so once in CI on a quiz's results page (9,936 px tall) right after the
assertions on it had passed. The picture is evidence, not the test's claim, so that one
refusal is asked again once, a moment later; any other error, or a second refusal, still
fails the test. (Playwright already waits for the page's fonts before each capture. Nothing
here runs a script in the page: some journeys browse with JavaScript turned off.)
"""

import time
from pathlib import Path

from playwright.sync_api import Error, Locator, Page

REFUSED = "Unable to capture screenshot"
PAUSE = 0.25  # seconds before asking again


def photograph(
    target: Page | Locator, path: str | Path, *, full_page: bool = False, attempts: int = 2
) -> None:
    """Save a screenshot of ``target`` (a page, or one element) to ``path``."""
    options = {"full_page": full_page} if isinstance(target, Page) else {}
    for attempt in range(1, attempts + 1):
        try:
            target.screenshot(path=str(path), **options)
            return
        except Error as error:
            if REFUSED not in error.message or attempt == attempts:
                raise
            time.sleep(PAUSE)
