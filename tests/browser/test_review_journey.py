"""From an instructor's new case to a learner's graded answer, through clinical review.

An instructor, with no YAML and no engine tokens (every value is picked or typed under its
clinical label), writes a new client case in the case editor, its expert plan in the
learners' plan form, and a case-plan question from the quiz page's chooser, and submits all
of it to Clinical review. A clinical lead submits a stricter platelet rule. The reviewer is
emailed, reads the rule's regrade dry run (two past passes would fail), approves everything,
and applies the regrade. A learner then takes the quiz with the new question and passes.

Screenshots of every admin screen on the way go to test-results/<test-name>/.
"""

from __future__ import annotations

import re
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, Locator, Page, expect

from courses.services import enrolment_create
from quizzes.models import Attempt, AttemptRegrade, Case, CaseQuestion
from quizzes.services import attempt_submit
from tests.browser.photos import photograph
from tests.browser.test_question_authoring_journey import add_block
from tests.factories import (
    AdaptationRuleFactory,
    CaseFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    InstructorFactory,
    LearnerFactory,
    ModulePageFactory,
    QuizPageFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.factories.accounts import PASSWORD
from tests.factories.progress import study
from tests.integration.test_quizzes_grading import take_quiz

TITLE = "Mei, 62, on chemotherapy with low platelets"
# The expert's answer, as the instructor picks it and as the learner gives it: clinical words.
PRESSURE = "1: light lotioning"
TEAM = "Confirm this plan with the treating team before the session"
INTAKE = "Intake: update the health history, labs and medications"
CHOICE = [
    ("1: light lotioning", True, "Right: below 50,000/µL strokes move skin only."),
    ("4: deep", False, "Too deep for a bleeding risk."),
]
CHOSEN = re.compile(r"^\d+$")  # a block's value once a question is chosen into it: its id
# A past pass: heavy lotioning was within the rule before the change.
LEVEL_2 = {"max_pressure_global": ["2"], "md_release_required": ["on"], "process": ["intake"]}


@pytest.fixture
def world(live_site):
    """A course whose module quiz has a platelet case and a choice question; two learners
    passed it with heavy lotioning (level 2), which the platelet rule allows today."""
    rule = AdaptationRuleFactory(
        rule_id="heme-plt-review",
        title="Platelets below 50,000/µL: gentle pressure and the team's confirmation",
        rationale="Low platelets make bruising and bleeding more likely.",
    )
    course = CoursePageFactory(parent=CourseIndexPageFactory(), slug="safe-touch")
    module = ModulePageFactory(parent=course, slug="module-1", title="Blood counts")
    quiz = QuizPageFactory.with_questions(
        module,
        [
            CaseQuestionFactory(key="plan-ana", case=CaseFactory(case_id="R01")),
            ChoiceQuestionFactory(options=CHOICE),
        ],
    )
    passed = []
    for name in ("ana", "ben"):
        learner = LearnerFactory(email=f"{name}@example.org", legal_name=name.title())
        enrolment_create(user=learner, course=course)
        study(user=learner, module=module, minutes=module.required_study_minutes)
        attempt = take_quiz(quiz, learner, LEVEL_2)
        passed.append(attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz))
    assert all(attempt.passed for attempt in passed)
    return {
        "rule": rule,
        "course": course,
        "module": module,
        "quiz": quiz,
        "instructor": InstructorFactory(email="ines@example.org"),
        "reviewer": ReviewerFactory(email="rhea@example.org"),
        "lead": UserFactory(email="lead@example.org", is_superuser=True, is_staff=True),
    }


def watched(page: Page, errors: list[str]) -> Page:
    """``page``, its script errors and a crash of its renderer collected in ``errors``."""
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("crash", lambda crashed: errors.append(f"the page crashed at {crashed.url}"))
    return page


def person(browser: Browser, live_site: str, user, errors: list[str]) -> Page:
    """A browser of ``user``'s own, signed in to the admin with their password."""
    page = watched(browser.new_page(viewport={"width": 1280, "height": 900}), errors)
    page.goto(live_site + "/admin/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_site + "/admin/")  # signed in before going anywhere else
    return page


def pick(scope: Page | Locator, label: str) -> None:
    """Tick the control labelled ``label`` in a plan form, opening its group first if it is
    collapsed, as a person would."""
    control = scope.get_by_label(label)
    closed = control.locator("xpath=ancestor::details[not(@open)]")
    for _ in range(closed.count()):
        closed.nth(0).locator("xpath=./summary").click()
    control.check()


def submit_for_review(page: Page) -> None:
    """Submit the item being edited to Clinical review from the editor's action menu."""
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Clinical review").click()
    submitted = re.compile("submitted for clinical review", re.IGNORECASE)
    expect(page.locator(".messages")).to_contain_text(submitted)


def approve(page: Page, says: str = "approved in Clinical review and published") -> None:
    """Approve the item being edited from the editor's action menu."""
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(says)


def shot(page: Page, folder: str, name: str, *, full: bool = True) -> None:
    photograph(page, str(Path(folder) / f"{name}.png"), full_page=full)


@contextmanager
def photographed_on_failure(people: dict[str, Page], folder: str, errors: list[str]):
    """If a step fails, a screenshot of what each person's browser shows, and its address
    and heading in the failure's report, with the pages' script errors and crashes."""
    try:
        yield
    except Exception as error:
        for line in errors:
            error.add_note(f"page error: {line}")
        for name, page in people.items():
            with suppress(Exception):
                shot(page, folder, f"failed-{name}")
                heading = page.locator("h1").first.inner_text(timeout=1000).strip()
                error.add_note(f"{name}'s browser: {page.url} ({heading!r})")
        raise


def test_an_instructors_case_and_question_go_through_review_to_a_learner(
    browser: Browser, live_site, world, output_path
):
    errors: list[str] = []
    people: dict[str, Page] = {}  # every browser open, photographed if a step fails
    with photographed_on_failure(people, output_path, errors):
        ines = people["instructor"] = person(browser, live_site, world["instructor"], errors)

        # 1. The case, in the case editor's labelled fields.
        ines.get_by_role("button", name="Quiz library").click()
        ines.get_by_role("link", name="Client cases").click()
        expect(ines.get_by_role("heading", level=1)).to_contain_text("Client cases")
        ines.get_by_role("link", name="Add client case").click()
        ines.get_by_role("textbox", name="Case id").fill("J02")
        ines.get_by_role("textbox", name="Title").fill(TITLE)
        ines.get_by_role("combobox", name="Service booked").select_option(label="Massage")
        ines.get_by_role("spinbutton", name="Age").fill("62")
        ines.get_by_role("spinbutton", name="Platelets").fill("30000")
        ines.get_by_role("button", name="Save draft").click()
        expect(ines.get_by_text(world["rule"].title).first).to_be_visible()
        shot(ines, output_path, "01-case-saved-with-triggered-rules")
        case = Case.objects.get(case_id="J02")
        assert case.facts["labs"] == {"platelets_per_uL": 30000}

        # 2. Its expert plan, in the plan form learners answer.
        ines.get_by_role("link", name="Expert plan", exact=True).click()
        expect(ines.get_by_role("heading", name="Rules these facts trigger")).to_be_visible()
        for label in (PRESSURE, TEAM, INTAKE):
            pick(ines, label)
        ines.get_by_role("button", name="Save the expert plan as a draft").click()
        verdict = ines.locator("[data-expert-verdict]")
        expect(verdict).to_have_attribute("data-expert-verdict", "safe")
        expect(verdict).to_contain_text(re.compile("graded safe", re.IGNORECASE))
        shot(ines, output_path, "02-expert-plan-graded-safe")

        # 3. The case goes to clinical review.
        ines.get_by_role("link", name="Back to the case's facts").click()
        submit_for_review(ines)
        case.refresh_from_db()
        assert (case.workflow_in_progress, case.live) == (True, False)

        # 4. The question, created from the quiz page's chooser; the page goes to review too.
        ines.goto(f"{live_site}/admin/pages/{world['quiz'].pk}/edit/")
        modal = add_block(ines, "Case plan", 2)
        modal.get_by_label("Client case").select_option(label=f"{TITLE} (not yet approved)")
        for section in ("Pressure", "The treating team", "Process"):
            modal.get_by_label(section, exact=True).check()
        shot(ines, output_path, "03-question-from-the-chooser", full=False)
        modal.get_by_role("button", name="Create a draft question").click()
        expect(ines.locator(".modal-dialog")).to_have_count(0)
        expect(ines.locator("#questions-2-value")).to_have_value(CHOSEN)
        submit_for_review(ines)
        question = CaseQuestion.objects.get(case=case)
        assert (question.workflow_in_progress, question.live) == (True, False)
        assert world["quiz"].__class__.objects.get(pk=world["quiz"].pk).workflow_in_progress

        # 5. A clinical lead tightens the platelet rule and submits it.
        lead = people["lead"] = person(browser, live_site, world["lead"], errors)
        rule = world["rule"]
        lead.goto(f"{live_site}/admin/snippets/quizzes/adaptationrule/edit/{rule.pk}/")
        lead.get_by_role("textbox", name="Must").fill(
            "max_pressure_global: 1\nmd_release_required: true\n"
        )
        submit_for_review(lead)
        rule.refresh_from_db()
        assert rule.workflow_in_progress
        assert rule.must["max_pressure_global"] == 2  # the live rule is unchanged until approval

        # 6. The reviewer is emailed for each submission, "Clinical review" named.
        to_reviewer = [m for m in mail.outbox if world["reviewer"].email in m.to]
        assert len(to_reviewer) >= 4, [m.subject for m in mail.outbox]
        assert all("Clinical review" in m.subject for m in to_reviewer)
        rhea = people["reviewer"] = person(browser, live_site, world["reviewer"], errors)
        shot(rhea, output_path, "04-reviewer-dashboard")

        # 7. The rule's regrade dry run, then approval and the regrade.
        rhea.get_by_role("link", name=f"{rule.title}: regrade impact").click()
        expect(rhea.get_by_role("heading", name="In figures")).to_be_visible()
        figures = rhea.locator("main")
        expect(figures).to_contain_text("2 learner(s) would no longer pass a quiz they passed")
        for learner in ("ana@example.org", "ben@example.org"):
            expect(rhea.get_by_role("row", name=re.compile(learner))).to_contain_text("pass → fail")
        shot(rhea, output_path, "05-regrade-dry-run")
        assert not AttemptRegrade.objects.exists()  # a dry run changes nothing

        rhea.get_by_role("link", name=f"Back to “{rule.title}”").click()
        approve(rhea)
        rule.refresh_from_db()
        assert (rule.live, rule.must["max_pressure_global"]) == (True, 1)
        rhea.goto(f"{live_site}/admin/regrade/rule/{rule.pk}/")
        rhea.get_by_role("button", name="Apply the regrade").click()
        expect(rhea.locator(".messages")).to_contain_text("under way")
        # The worker started by `make run`, run here once over what is queued.
        call_command("db_worker", "--batch", "--backend", "regrade", "--no-startup-delay")
        rhea.reload()
        expect(rhea.locator("main")).to_contain_text("2 of 2 attempt(s) regraded")
        shot(rhea, output_path, "06-regrade-applied")
        earlier = ["ana@example.org", "ben@example.org"]
        assert not Attempt.objects.filter(user__email__in=earlier, passed=True).exists()
        told = {m.to[0] for m in mail.outbox if m.subject.startswith("Your result for")}
        assert told == set(earlier)

        # 8. The case, the question and the quiz page, approved in turn.
        for url in (
            f"/admin/snippets/quizzes/case/edit/{case.pk}/",
            f"/admin/snippets/quizzes/casequestion/edit/{question.pk}/",
        ):
            rhea.goto(live_site + url)
            approve(rhea)
        rhea.goto(f"{live_site}/admin/pages/{world['quiz'].pk}/edit/")
        approve(rhea)  # a page's approval names Clinical review as a library item's does
        case.refresh_from_db()
        question.refresh_from_db()
        assert (case.live, question.live, case.expert_plan["max_pressure_global"]) == (
            True,
            True,
            1,
        )
        quiz = type(world["quiz"]).objects.get(pk=world["quiz"].pk)
        assert not quiz.workflow_in_progress
        assert [block.value.pk for block in quiz.questions][-1] == question.pk  # live, with it

        # 9. The instructor makes two variants of the approved case, in review like any case.
        ines.goto(f"{live_site}/admin/snippets/quizzes/case/")
        ines.get_by_role("row", name=re.compile("J02")).get_by_role(
            "button", name="More options"
        ).click()
        ines.get_by_role("link", name="Make variants").click()
        ines.get_by_label("Vary: Platelet count (/µL)").check()
        ines.get_by_label("Platelet count (/µL): lowest").fill("20000")
        ines.get_by_label("Platelet count (/µL): highest").fill("45000")
        ines.get_by_label("How many variants").fill("2")
        ines.get_by_role("button", name="Make variants").click()
        expect(
            ines.get_by_role("heading", name="2 new variants, awaiting clinical review")
        ).to_be_visible()
        shot(ines, output_path, "07-make-variants")
        expect(ines.get_by_text("(in clinical review)")).to_have_count(2)
        variants = Case.objects.filter(variant_of=case)
        assert [(v.live, v.workflow_in_progress) for v in variants] == [(False, True)] * 2

        # 10. A learner takes the quiz: the new question is there, and the expert's answer passes.
        rosa = LearnerFactory(email="rosa@example.org")
        enrolment_create(user=rosa, course=world["course"])
        study(user=rosa, module=world["module"], minutes=world["module"].required_study_minutes)
        learner = people["learner"] = watched(
            browser.new_page(viewport={"width": 390, "height": 844}), errors
        )
        learner.goto(live_site + "/accounts/login/")
        learner.get_by_label("Email").fill(rosa.email)
        learner.get_by_label("Password").fill(PASSWORD)
        learner.get_by_role("button", name="Sign In").click()
        expect(learner).to_have_url(live_site + "/dashboard/")
        learner.goto(live_site + world["quiz"].url)
        learner.get_by_role("button", name="Start the quiz").click()
        expect(learner.locator("form.quiz-form")).to_be_visible()
        for number in (1, 2, 3):
            learner.locator(f".quiz-nav__link[data-question='{number}']").click()
            question_shown = learner.locator(f"#question-{number}")
            if number == 2:
                question_shown.get_by_label(CHOICE[0][0]).check()
                continue
            for label in (PRESSURE, TEAM, INTAKE):
                pick(question_shown, label)
        expect(learner.locator("#question-3")).to_contain_text("30,000")
        shot(learner, output_path, "08-learner-new-question", full=False)
        learner.get_by_role("button", name="Submit for grading").click()
        expect(learner.get_by_text("Every question has an answer.")).to_be_visible()
        learner.get_by_role("button", name="Submit for grading").click()
        results = learner.locator("#results")
        expect(results).to_contain_text("passed")
        expect(results).not_to_contain_text("not passed")
        expect(results.get_by_text("Your plan meets every adaptation rule")).to_have_count(2)
        expect(results).to_contain_text(rule.title)  # the requirements, cited by their rule
        shot(learner, output_path, "09-learner-result")
        attempt = Attempt.objects.get(user=rosa)
        assert attempt.passed
        assert attempt.layout[-1]["key"] == question.key
        assert errors == []
