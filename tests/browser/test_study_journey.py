"""A learner enrols, studies module 1, completes it, and the dashboard offers to resume."""

from pathlib import Path

from playwright.sync_api import Page, expect

from cms.importer.run import content_import
from tests.factories import LearnerFactory
from tests.factories.accounts import PASSWORD

CONTENT = Path(__file__).parents[2] / "content"


def log_in(page: Page, live_site: str, email: str) -> None:
    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_site + "/dashboard/")


def test_enrol_study_complete_and_resume(page: Page, live_site, output_path):
    assert content_import(root=CONTENT).ok
    learner = LearnerFactory(legal_name="Rosa Diaz")
    log_in(page, live_site, learner.email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    page.get_by_role("link", name="Oncology-Informed Touch").click()
    page.get_by_role("button", name="Enrol in this course").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Foundations")
    expect(page.get_by_text("0 of 5 modules complete")).to_be_visible()
    expect(page.locator("#md-release")).to_be_visible()
    page.get_by_text("Discussion: how to adapt the session").first.click()
    page.get_by_role("button", name="Mark this module complete").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Oncology adaptations")
    expect(page.get_by_text("1 of 5 modules complete")).to_be_visible()

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_text("1 of 5 modules complete")).to_be_visible()
    resume = page.get_by_role("link", name="Resume: Oncology adaptations")
    expect(resume).to_be_visible()
    page.screenshot(path=str(Path(output_path) / "dashboard-progress.png"), full_page=True)

    resume.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oncology adaptations")


def test_module_page_is_usable_on_a_phone(page: Page, live_site, output_path):
    assert content_import(root=CONTENT).ok
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_site + "/courses/oncology-care/")
    expect(page.get_by_role("link", name="Log in to enrol")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(Path(output_path) / "course-phone.png"), full_page=True)
