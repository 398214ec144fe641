"""An instructor adds questions to a quiz from the quiz page's editor: the "Choice" block's
chooser creates a choice question with its options (a mistake is shown on the options and
corrected), the "Case plan" block's chooser creates a case-plan question by case title and
section names; each is chosen into its block, saved as a draft in Clinical review."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quizzes.models import CaseQuestion, ChoiceQuestion
from tests.browser.photos import photograph
from tests.factories import (
    CaseFactory,
    ChoiceQuestionFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    InstructorFactory,
    ModulePageFactory,
    QuizPageFactory,
)
from tests.factories.accounts import PASSWORD


@pytest.fixture
def quiz(live_site):
    course = CoursePageFactory(parent=CourseIndexPageFactory(), slug="safe-touch")
    module = ModulePageFactory(parent=course, slug="module-1", title="Module 1")
    CaseFactory(title="Ana, 58, between chemotherapy cycles")
    return QuizPageFactory.with_questions(module, [ChoiceQuestionFactory(key="existing")])


def log_in(page: Page, live_site: str) -> None:
    instructor = InstructorFactory()
    page.goto(live_site + "/admin/login/")
    page.get_by_label("Email").fill(instructor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Quiz library")).to_be_visible()


def add_block(page: Page, kind: str, index: int):
    """Insert a block of ``kind`` at the end of the questions (it becomes block ``index``)
    and open its chooser. Wagtail renders a new block a moment after the menu closes, so the
    chooser is found by the block's own id, never as "the last one on the page"."""
    page.locator("[data-contentpath='questions'] button[title='Insert a block']").last.click()
    page.get_by_role("option", name=kind, exact=True).click()
    page.locator(f"#questions-{index}-value-chooser [data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    expect(modal.get_by_role("tab", name="New question")).to_be_visible()
    modal.get_by_role("tab", name="New question").click()
    return modal


def test_an_instructor_creates_both_kinds_of_question_from_the_quiz_editor(
    page: Page, live_site, quiz, output_path
):
    log_in(page, live_site)
    page.goto(f"{live_site}/admin/pages/{quiz.pk}/edit/")

    modal = add_block(page, "Choice", 1)
    modal.get_by_label("Prompt").fill("Platelets are 40,000/µL. The most pressure you use?")
    modal.get_by_label("Category").fill("blood-counts")
    for n, (text, feedback) in enumerate(
        [("Level 2", "Right: skin only."), ("Level 4", "Too deep."), ("No massage", "Not so.")]
    ):
        modal.locator(f"[name='options-{n}-text']").fill(text)
        modal.locator(f"[name='options-{n}-feedback']").fill(feedback)
    modal.locator("[name='options-0-correct']").check()
    modal.locator("[name='options-1-correct']").check()
    modal.get_by_role("button", name="Create a draft question").click()
    expect(modal.locator("#options-errors")).to_contain_text("exactly one correct option")
    modal.locator("#options-errors").scroll_into_view_if_needed()
    photograph(page, str(Path(output_path) / "question-chooser-error.png"))
    assert not ChoiceQuestion.objects.exclude(key="existing").exists()
    modal.locator("[name='options-1-correct']").uncheck()
    modal.get_by_role("button", name="Create a draft question").click()
    expect(page.locator(".modal-dialog")).to_have_count(0)
    expect(page.locator("#questions-1-value")).to_have_value(re.compile(r"^\d+$"))  # chosen in
    expect(page.get_by_text("Platelets are 40,000/µL. The most pressure")).to_be_visible()

    modal = add_block(page, "Case plan", 2)
    modal.get_by_label("Client case").select_option(label="Ana, 58, between chemotherapy cycles")
    modal.get_by_label("Pressure", exact=True).check()
    modal.get_by_label("Process", exact=True).check()
    photograph(page, str(Path(output_path) / "question-chooser-case-plan.png"))
    modal.get_by_role("button", name="Create a draft question").click()
    expect(page.locator(".modal-dialog")).to_have_count(0)
    expect(page.locator("#questions-2-value")).to_have_value(re.compile(r"^\d+$"))  # chosen in
    expect(page.get_by_text("Ana, 58, between chemotherapy cycles")).to_be_visible()

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()

    choice = ChoiceQuestion.objects.exclude(key="existing").get()
    case_question = CaseQuestion.objects.get()
    assert case_question.fields == ["pressure", "process"]
    assert case_question.key == "ana-58-between-chemotherapy-cycles"
    assert [(o.text, o.correct) for o in choice.options.all()] == [
        ("Level 2", True),
        ("Level 4", False),
        ("No massage", False),
    ]
    for question in (choice, case_question):
        assert not question.live
        assert question.current_workflow_state.workflow.name == "Clinical review"
    quiz.refresh_from_db()
    chosen = [block["value"] for block in quiz.get_latest_revision_as_object().questions.raw_data]
    assert chosen[-2:] == [choice.pk, case_question.pk]
