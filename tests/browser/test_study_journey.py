"""A learner enrols and reads module 1: the page reports the reading, the time shows on the
module page and the dashboard, and the module completes only with its minimum study time
and its quiz passed. Study time beyond the first minutes is recorded through the visit
service at the times the page would report (``tests.factories.progress.study``)."""

from pathlib import Path

from playwright.sync_api import Page, expect

from cms.importer.run import content_import
from courses.models import ModulePage, ModuleProgress
from courses.services import assessment_record
from tests.browser.photos import photograph
from tests.factories import LearnerFactory
from tests.factories.accounts import PASSWORD
from tests.factories.progress import study

CONTENT = Path(__file__).parents[2] / "content"


def log_in(page: Page, live_site: str, email: str) -> None:
    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_site + "/dashboard/")


def test_enrol_study_time_quiz_and_next_step(page: Page, live_site, output_path):
    assert content_import(root=CONTENT).ok
    learner = LearnerFactory(legal_name="Rosa Diaz")
    log_in(page, live_site, learner.email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    page.get_by_role("link", name="Oncology-Informed Touch").click()
    with page.expect_response(lambda r: "/learning/visit/" in r.url):
        page.get_by_role("button", name="Enrol in this course").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Foundations")
    expect(page.get_by_text("0 of 6 modules complete")).to_be_visible()
    expect(page.locator("#md-release")).to_be_visible()
    page.get_by_text("Discussion: how to adapt the session").first.click()
    expect(page.get_by_role("button", name="Mark this module complete")).to_have_count(0)
    foundations = ModulePage.objects.get(slug="foundations")
    needed = foundations.required_study_minutes
    in_all = sum(m.required_study_minutes for m in ModulePage.objects.live())
    progress = page.locator(".module-complete")
    expect(progress).to_contain_text(f"Study time recorded: 0 of {needed} minutes")
    expect(progress).to_contain_text("not passed yet")
    assert ModuleProgress.objects.get(enrolment__user=learner).module.slug == "foundations"

    end = study(user=learner, module=foundations, minutes=needed - 15)
    page.reload()
    expect(progress).to_contain_text(f"Study time recorded: {needed - 15} of {needed} minutes")
    expect(progress).to_contain_text("(15 to go)")

    page.get_by_role("link", name="Dashboard").click()
    recorded = f"Study time recorded: {needed - 15} of {in_all} minutes required."
    expect(page.get_by_text(recorded)).to_be_visible()
    resume = page.get_by_role("link", name="Resume module 1: Foundations")
    expect(resume).to_be_visible()
    photograph(page, str(Path(output_path) / "dashboard-progress.png"), full_page=True)

    # the quiz passed, but 15 minutes short: still not complete
    assessment_record(user=learner, page=foundations, score=100, passed=True, now=end)
    page.reload()
    expect(page.get_by_text("0 of 6 modules complete")).to_be_visible()
    study(user=learner, module=foundations, minutes=15)
    page.reload()
    expect(page.get_by_text("1 of 6 modules complete")).to_be_visible()
    step = page.locator(".next-step").get_by_role("link")
    expect(step).to_contain_text("Study module 2: Oncology adaptations")
    step.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oncology adaptations")


def test_module_page_is_usable_on_a_phone(page: Page, live_site, output_path):
    assert content_import(root=CONTENT).ok
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_site + "/courses/oncology-care/")
    expect(page.get_by_role("link", name="Log in to enrol")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    photograph(page, str(Path(output_path) / "course-phone.png"), full_page=True)
