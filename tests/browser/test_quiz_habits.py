"""The working habits of the quiz, on a desktop and on a phone: one question at a time with
a navigator that says what is answered, a check before grading that names the unanswered
questions, a retake that starts from the last answers (which the learner can clear), an
error summary that takes the focus and names the question, and results that lead on."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from courses.services import enrolment_create
from quizzes.models import Attempt
from tests.browser.photos import photograph
from tests.browser.plans import fill_plan
from tests.factories import (
    AdaptationRuleFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    LearnerFactory,
    ModulePageFactory,
    QuizPageFactory,
)
from tests.factories.accounts import PASSWORD
from tests.factories.progress import study

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def quiz(live_site):
    """Module 1's quiz: a choice question, a case question, a choice question."""
    course = CoursePageFactory(parent=CourseIndexPageFactory(), slug="safe-touch")
    first = ModulePageFactory(parent=course, slug="module-1", title="Module 1")
    ModulePageFactory(parent=course, slug="module-2", title="Module 2")
    AdaptationRuleFactory(rule_id="heme-test")
    questions = [
        ChoiceQuestionFactory(key="first-choice"),
        CaseQuestionFactory(
            key="ana", fields=["pressure", "md_release_required", "process", "max_duration_min"]
        ),
        ChoiceQuestionFactory(key="last-choice"),
    ]
    return QuizPageFactory.with_questions(first, questions)


def log_in(page: Page, live_site: str, quiz) -> None:
    learner = LearnerFactory()
    enrolment_create(user=learner, course=quiz.course)
    module = quiz.get_parent().specific
    study(user=learner, module=module, minutes=module.required_study_minutes)
    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_site + "/dashboard/")


def option(page: Page, key: str, *, correct: bool):
    """The open attempt's input for the first (in)correct option of a choice question."""
    attempt = Attempt.objects.get(submitted_at__isnull=True)
    entry = next(e for e in attempt.layout if e["key"] == key)
    value = next(o["value"] for o in entry["options"] if o["correct"] is correct)
    return page.locator(f"input[name='q-{key}-selected'][value='{value}']")


def nav(page: Page, number: int):
    return page.locator(f".quiz-nav__link[data-question='{number}']")


def no_sideways_scroll(page: Page, width: int, where: str) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{where} scrolls sideways at {width}px ({scroll}px)"


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_navigator_check_before_grading_retake_clear_errors_and_next_step(
    page: Page, live_site, output_path, quiz, viewport
):
    page.set_viewport_size(viewport)
    width = viewport["width"]
    shots = Path(output_path)
    log_in(page, live_site, quiz)
    page.goto(live_site + quiz.url)
    page.get_by_role("button", name="Start the quiz").click()

    # One question at a time, "Question n of N", a navigator that says what is answered.
    expect(page.get_by_role("heading", name="Question 1 of 3")).to_be_visible()
    expect(page.get_by_role("heading", name="Question 2 of 3")).to_be_hidden()
    expect(nav(page, 1)).to_have_attribute("aria-current", "step")
    expect(nav(page, 1)).to_contain_text("not answered")
    option(page, "first-choice", correct=False).check()
    expect(nav(page, 1)).to_contain_text("answered")
    expect(nav(page, 1)).not_to_contain_text("not answered")
    page.get_by_role("button", name="Next question").click()
    expect(page.get_by_role("heading", name="Question 2 of 3")).to_be_visible()
    expect(nav(page, 2)).to_have_attribute("aria-current", "step")
    fill_plan(
        page,
        "ana",
        {"max_pressure_global": 2, "md_release_required": True, "process": ["intake"]},
    )
    expect(nav(page, 2)).to_contain_text("answered")
    expect(page.locator("#save-status")).to_contain_text("Answers saved")
    no_sideways_scroll(page, width, "the attempt form")
    photograph(page, str(shots / f"quiz-habits-paging-{width}.png"), full_page=True)

    # The check before grading names the unanswered question; going back keeps the answers.
    page.get_by_role("button", name="Submit for grading").click()
    check = page.locator(".quiz-check")
    expect(check).to_contain_text("Question 3 has no answer.")
    expect(check).to_contain_text("An unanswered question scores nothing.")
    expect(page.get_by_role("heading", name="Before you submit attempt 1")).to_be_focused()
    no_sideways_scroll(page, width, "the check before grading")
    photograph(page, str(shots / f"quiz-habits-check-{width}.png"), full_page=True)
    page.get_by_role("link", name="Go back to the questions").click()
    nav(page, 3).click()
    option(page, "last-choice", correct=False).check()
    expect(nav(page, 3)).not_to_contain_text("not answered")
    page.get_by_role("button", name="Submit for grading").click()
    expect(check).to_contain_text("Every question has an answer.")
    expect(check).to_contain_text("You have 1 attempt left after this one.")
    page.get_by_role("button", name="Submit for grading").click()

    # A fail leads back to the module, and to the attempt left; never only "Try again".
    results = page.locator("#results")
    expect(results).to_contain_text("not passed")
    expect(results.get_by_role("link", name="Review the module")).to_be_visible()
    expect(results).to_contain_text("you have 1 attempt left")
    page.get_by_role("button", name="Try again (1 attempt left)").click()

    # The retake starts from the last answers; "Clear this answer" empties one question.
    expect(page.get_by_role("heading", name="Question 1 of 3")).to_be_visible()
    expect(option(page, "first-choice", correct=False)).to_be_checked()
    for number in (1, 2, 3):
        expect(nav(page, number)).not_to_contain_text("not answered")
    page.get_by_role("button", name="Clear this answer").filter(visible=True).click()
    expect(option(page, "first-choice", correct=False)).not_to_be_checked()
    expect(nav(page, 1)).to_contain_text("not answered")
    expect(page.locator("#save-status")).to_contain_text("Answers saved")
    retake = Attempt.objects.get(submitted_at__isnull=True)
    assert retake.number == 2
    assert retake.answers["first-choice"] == {}
    assert retake.answers["ana"]["max_pressure_global"] == ["2"]
    photograph(page, str(shots / f"quiz-habits-retake-{width}.png"), full_page=True)

    # A refused answer: the error summary takes the focus and names the question.
    option(page, "first-choice", correct=True).check()
    nav(page, 2).click()
    fill_plan(page, "ana", {"max_duration_min": 2})
    page.get_by_role("button", name="Submit for grading").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    link = summary.get_by_role("link", name="Question 2:")
    expect(link).to_contain_text("greater than or equal to 5")
    expect(nav(page, 2)).to_contain_text("needs attention")
    expect(page.get_by_role("heading", name="Question 2 of 3")).to_be_visible()
    no_sideways_scroll(page, width, "the error summary")
    photograph(page, str(shots / f"quiz-habits-errors-{width}.png"), full_page=True)
    link.click()
    expect(page.locator("input[name='q-ana-max_duration_min']")).to_be_focused()
    page.locator("input[name='q-ana-max_duration_min']").fill("60")
    nav(page, 3).click()
    option(page, "last-choice", correct=True).check()
    page.get_by_role("button", name="Submit for grading").click()
    expect(check).to_contain_text("This is your last attempt at this quiz.")
    page.get_by_role("button", name="Submit for grading").click()

    # A pass leads on to the course's next step: module 1 is studied and passed, so module 2.
    expect(results).not_to_contain_text("not passed")
    next_module = results.get_by_role("link", name="Study module 2: Module 2")
    expect(next_module).to_be_visible()
    no_sideways_scroll(page, width, "the results")
    photograph(page, str(shots / f"quiz-habits-passed-{width}.png"), full_page=True)
    next_module.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Module 2")


def test_without_javascript_every_question_shows_and_clearing_posts(
    browser, live_site, output_path, quiz
):
    """Native HTML first: with no script, all questions are on one page, the navigator is a
    list of in-page links, and the clear buttons post to the server."""
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    try:
        log_in(page, live_site, quiz)
        page.goto(live_site + quiz.url)
        page.get_by_role("button", name="Start the quiz").click()
        for number in (1, 2, 3):
            expect(page.get_by_role("heading", name=f"Question {number} of 3")).to_be_visible()
        expect(page.get_by_role("button", name="Next question")).to_be_hidden()
        expect(nav(page, 2)).to_have_attribute("href", "#question-2")

        option(page, "first-choice", correct=True).check()
        page.locator("input[name='q-ana-max_pressure_global'][value='2']").check()
        page.get_by_role("button", name="Save answers").click()
        expect(nav(page, 1)).not_to_contain_text("not answered")
        expect(nav(page, 2)).not_to_contain_text("not answered")

        page.get_by_role("button", name="Clear this answer (Question 1)").click()
        expect(page.get_by_text("Your answer to Question 1 is cleared.")).to_be_visible()
        expect(nav(page, 1)).to_contain_text("not answered")
        expect(nav(page, 2)).not_to_contain_text("not answered")

        page.get_by_role("button", name="Clear all answers").click()
        expect(page.get_by_role("heading", name="Clear every answer?")).to_be_visible()
        page.get_by_role("button", name="Clear all answers").click()
        expect(nav(page, 2)).to_contain_text("not answered")
        assert Attempt.objects.get(submitted_at__isnull=True).answers == {}
        photograph(page, str(Path(output_path) / "quiz-habits-no-script.png"), full_page=True)
    finally:
        context.close()
