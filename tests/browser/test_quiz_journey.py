"""A learner takes module 2's quiz: an unsafe plan fails with the rule's rationale; the
retake, with a safe plan, passes and marks the module's quiz as passed."""

import re
from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

from cms.importer.run import content_import
from courses.models import CoursePage, ModuleProgress
from courses.services import enrolment_create
from quizzes.models import Attempt, CaseQuestion
from tests.browser.photos import photograph
from tests.browser.plans import fill_plan, form_values
from tests.factories import LearnerFactory
from tests.factories.accounts import PASSWORD

ROOT = Path(__file__).parents[2]
CHECKS = ROOT / "tests" / "data" / "domain" / "checks"


def expert_plan(question: CaseQuestion) -> dict:
    case = question.case
    if case.expert_plan:
        return case.expert_plan
    return yaml.safe_load((CHECKS / f"{case.case_id}-model.yaml").read_text())["plan"]


def answer_quiz(page: Page, attempt: Attempt, unsafe_case: str | None = None) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    for number, entry in enumerate(attempt.layout, start=1):
        # One question is shown at a time: open it from the navigator first.
        page.locator(f".quiz-nav__link[data-question='{number}']").click()
        if entry["kind"] == "choice":
            for option in entry["options"]:
                if option["correct"]:
                    page.locator(
                        f"input[name='q-{entry['key']}-selected'][value='{option['value']}']"
                    ).check()
            continue
        question = CaseQuestion.objects.select_related("case").get(key=entry["key"])
        values = form_values(expert_plan(question), question.case.facts)
        if entry["key"] == unsafe_case:
            values["max_pressure_global"] = 3  # the client's bleeding risk caps pressure lower
        fill_plan(page, entry["key"], values)


def submit_for_grading(page: Page) -> None:
    """Submit, then confirm on the check before grading (every question is answered)."""
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_text("Every question has an answer.")).to_be_visible()
    page.get_by_role("button", name="Submit for grading").click()


def pass_quiz(page: Page, learner) -> None:
    """Start the quiz shown, answer it as an expert would, confirm, and see it passed."""
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("form.quiz-form")).to_be_visible()
    answer_quiz(page, Attempt.objects.get(user=learner, submitted_at__isnull=True))
    submit_for_grading(page)
    expect(page.locator("#results")).to_contain_text("passed")
    expect(page.locator("#results")).not_to_contain_text("not passed")


def test_unsafe_plan_fails_with_the_rationale_then_a_retake_passes(
    page: Page, live_site, output_path
):
    assert content_import(root=ROOT / "content").ok
    learner = LearnerFactory()
    enrolment_create(user=learner, course=CoursePage.objects.get(slug="oncology-care"))
    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(live_site + "/courses/oncology-care/oncology-adaptations/")
    # The quiz section's link (the progress list below links to the same quiz).
    quiz_section = page.get_by_role("region", name="Check your understanding", exact=True)
    quiz_section.get_by_role("link").click()
    page.get_by_role("button", name="Start the quiz").click()
    # "Question 1 of N" exactly: a bare "Question 1" also names questions 10 to 14, which are
    # visible for a moment before the script shows one question at a time
    expect(page.get_by_role("heading", name=re.compile(r"^Question 1 of \d+$"))).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the quiz form scrolls sideways on a phone ({width}px)"
    page.set_viewport_size({"width": 1280, "height": 900})

    attempt = Attempt.objects.get(user=learner)
    answer_quiz(page, attempt, unsafe_case="oa-case-c01")
    expect(page.locator("#save-status")).to_contain_text("Answers saved")
    submit_for_grading(page)

    results = page.locator("#results")
    expect(results).to_contain_text("not passed")
    expect(results).to_contain_text("unsafe")
    expect(results).to_contain_text("When platelets are low as well, the two risks add up")
    expect(results.get_by_role("link", name="Review this in the module").first).to_be_visible()
    photograph(page, str(Path(output_path) / "quiz-unsafe.png"), full_page=True)

    page.get_by_role("button", name="Try again").click()
    # Wait for the new attempt's form: answering before it loads would open the old page's
    # collapsed sections and leave the new page's closed.
    expect(page.locator("form.quiz-form")).to_be_visible()
    retake = Attempt.objects.get(user=learner, submitted_at__isnull=True)
    assert retake.number == 2
    answer_quiz(page, retake)
    submit_for_grading(page)

    expect(page.locator("#results")).to_contain_text("passed")
    expect(page.locator("#results")).not_to_contain_text("not passed")
    photograph(page, str(Path(output_path) / "quiz-passed.png"), full_page=True)
    assert ModuleProgress.objects.get(
        enrolment__user=learner, module__slug="oncology-adaptations"
    ).quiz_passed_at
