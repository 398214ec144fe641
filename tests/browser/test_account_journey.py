"""A new learner signs up, lands on the dashboard, logs out and logs in again."""

from pathlib import Path

from playwright.sync_api import Page, expect

from cms.accounts.models import User
from tests.browser.photos import photograph


def sign_up(page: Page, live_site: str, *, email: str, legal_name: str, license: str) -> None:
    """Sign up from the home page as a New York massage therapist; lands on the dashboard."""
    page.goto(live_site + "/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Legal name").fill(legal_name)
    page.get_by_label("Profession").select_option("massage_therapist")
    page.get_by_label("License number (optional)").fill(license)
    page.get_by_label("License state (optional)").select_option("NY")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign Up").click()
    expect(page).to_have_url(live_site + "/dashboard/")


def test_sign_up_log_out_and_log_in_again(page: Page, live_site, output_path):
    sign_up(page, live_site, email="june@example.org", legal_name="June Ahn", license="MT-4471")

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, June")
    expect(page.get_by_text("No courses yet")).to_be_visible()
    photograph(page, str(Path(output_path) / "dashboard-after-signup.png"), full_page=True)
    assert User.objects.get(email="june@example.org").legal_name == "June Ahn"

    page.get_by_role("button", name="Log out").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_have_count(0)

    nav.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("june@example.org")
    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(live_site + "/dashboard/")
    expect(page.get_by_text("No courses yet")).to_be_visible()
    photograph(page, str(Path(output_path) / "dashboard-after-login.png"), full_page=True)


def test_keyboard_user_can_skip_to_main_content(page: Page, live_site):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
