"""The screenshot helper asks again once when Chromium refuses a capture, and only then."""

import pytest
from playwright.sync_api import Error, Page

from tests.browser.photos import photograph

REFUSAL = "Protocol error (Page.captureScreenshot): Unable to capture screenshot"


def refusing(page: Page, monkeypatch, failures: list[str]) -> list[int]:
    """Make ``page.screenshot`` raise each of ``failures`` in turn, then work; returns the
    list of calls made, to count them."""
    calls: list[int] = []
    real = page.screenshot

    def screenshot(**options):
        calls.append(1)
        if len(calls) <= len(failures):
            raise Error(failures[len(calls) - 1])
        return real(**options)

    monkeypatch.setattr(page, "screenshot", screenshot)
    return calls


def test_a_refused_capture_is_asked_again_once(page: Page, monkeypatch, tmp_path):
    page.set_content("<h1>Results</h1>")
    calls = refusing(page, monkeypatch, [REFUSAL])
    photograph(page, tmp_path / "shot.png", full_page=True)
    assert len(calls) == 2
    assert (tmp_path / "shot.png").read_bytes().startswith(b"\x89PNG")


def test_a_second_refusal_fails(page: Page, monkeypatch, tmp_path):
    page.set_content("<h1>Results</h1>")
    calls = refusing(page, monkeypatch, [REFUSAL, REFUSAL])
    with pytest.raises(Error, match="Unable to capture screenshot"):
        photograph(page, tmp_path / "shot.png")
    assert len(calls) == 2
    assert not (tmp_path / "shot.png").exists()


def test_any_other_error_fails_at_once(page: Page, monkeypatch, tmp_path):
    page.set_content("<h1>Results</h1>")
    calls = refusing(page, monkeypatch, ["Target page, context or browser has been closed"])
    with pytest.raises(Error, match="has been closed"):
        photograph(page, tmp_path / "shot.png")
    assert len(calls) == 1


def test_an_element_is_photographed_alone(page: Page, tmp_path):
    page.set_content('<p>before</p><div id="map" style="width:120px;height:80px">map</div>')
    photograph(page.locator("#map"), tmp_path / "map.png")
    png = (tmp_path / "map.png").read_bytes()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (120, 80)


def test_a_page_without_javascript_is_photographed(browser, tmp_path):
    """Nothing in the helper needs a script in the page (an earlier version waited for a
    painted frame by a script, and waited for ever where JavaScript was off)."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_content("<h1>No script</h1>")
        photograph(page, tmp_path / "plain.png", full_page=True)
    finally:
        context.close()
    assert (tmp_path / "plain.png").read_bytes().startswith(b"\x89PNG")
