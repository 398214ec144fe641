"""The whole learner journey in one browser: sign up, enrol, study every module, pass every
module quiz with an expert's answers, pass the final assessment, submit the evaluation and
download the certificate. It counts the learner's interactions (clicks, fields filled, choices
made, keys pressed) and prints them, so the closing note can compare the journey's cost."""

from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Keyboard, Locator, Page, expect

from cms.accounts.models import User
from cms.demo import demo_provider_ensure
from cms.importer.run import content_import
from courses.models import Certificate, CoursePage
from quizzes.models import QuizPage
from tests.browser.photos import photograph
from tests.browser.test_account_journey import sign_up
from tests.browser.test_quiz_journey import pass_quiz
from tests.factories.progress import study

ROOT = Path(__file__).parents[2]


@pytest.fixture
def interactions(monkeypatch) -> Counter:
    """Counts every learner action the test performs through Playwright: a click, a field
    filled, an option chosen, a key pressed. Ticking a box that is already ticked is no action."""
    counts: Counter = Counter()

    def counted(kind, method, changes=None):
        def wrapper(self, *args, **kwargs):
            if changes is None or changes(self, *args):
                counts[kind] += 1
            return method(self, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(Locator, "click", counted("click", Locator.click))
    monkeypatch.setattr(Locator, "fill", counted("fill", Locator.fill))
    monkeypatch.setattr(
        Locator, "check", counted("click", Locator.check, lambda loc: not loc.is_checked())
    )
    monkeypatch.setattr(
        Locator, "uncheck", counted("click", Locator.uncheck, lambda loc: loc.is_checked())
    )
    monkeypatch.setattr(
        Locator,
        "set_checked",
        counted("click", Locator.set_checked, lambda loc, value: loc.is_checked() != value),
    )
    monkeypatch.setattr(
        Locator,
        "select_option",
        counted("choose", Locator.select_option, lambda loc, value: loc.input_value() != value),
    )
    monkeypatch.setattr(Locator, "press", counted("key", Locator.press))
    monkeypatch.setattr(Keyboard, "press", counted("key", Keyboard.press))
    return counts


def next_step(page: Page, live_site: str):
    """The dashboard's one next step for the course: the learner follows it every time."""
    page.goto(live_site + "/dashboard/")
    return page.locator(".next-step").get_by_role("link")


# The journey on a desktop and on a phone held upright (the 390 x 844).
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


def fits_the_width(page: Page) -> None:
    """Nothing on the page scrolls sideways at this width."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_sign_up_to_certificate(page: Page, live_site, output_path, settings, interactions, screen):
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[screen], strict=True)))
    settings.CERTIFICATE_BASE_URL = live_site
    assert content_import(root=ROOT / "content").ok
    demo_provider_ensure()
    course = CoursePage.objects.get(slug="oncology-care")

    sign_up(page, live_site, email="rosa@example.org", legal_name="Rosa Delgado", license="MT-5120")
    page.goto(live_site + course.url)
    page.get_by_role("button", name="Enrol in this course").click()
    learner = User.objects.get(email="rosa@example.org")

    for module in course.modules():
        step = next_step(page, live_site)  # study (or resume) the module
        # The page reports the visit by itself; wait for it, so that it cannot land in the
        # middle of the study time recorded below and cut it short.
        with page.expect_response(lambda r: "/learning/visit/" in r.url):
            step.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        fits_the_width(page)
        # The browser does not wait the module's minutes: the same service the page reports
        # to records them, a few minutes apart, as the page would have.
        study(user=learner, module=module, minutes=module.required_study_minutes)
        quiz = QuizPage.objects.child_of(module).live().first()
        if quiz:
            next_step(page, live_site).click()  # take the module's quiz
            # Measure the quiz page, not the document in between: the click only starts
            # the navigation, and a clean-clone run measured a page with no document yet.
            expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title)
            fits_the_width(page)
            pass_quiz(page, learner)
            fits_the_width(page)

    final = QuizPage.objects.child_of(course).live().get()
    next_step(page, live_site).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(final.title)
    pass_quiz(page, learner)

    next_step(page, live_site).click()  # the course evaluation
    for question in ("met its learning objectives", "relevant to my practice", "clearly presented"):
        page.get_by_role("group", name=question).get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Submit evaluation").click()
    expect(page.get_by_text("Your certificate is ready")).to_be_visible()
    fits_the_width(page)
    with page.expect_download():
        page.get_by_role("link", name="download the PDF").click()
    photograph(page, str(Path(output_path) / f"journey-certificate-{screen}.png"), full_page=True)

    assert Certificate.objects.filter(enrolment__user=learner).count() == 1
    total = sum(interactions.values())
    print(
        f"\nlearner journey ({screen}), sign-up to certificate:"
        f" {total} interactions {dict(interactions)}"
    )
    assert total > 0
