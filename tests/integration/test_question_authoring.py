"""Questions authored from the quiz page: the question choosers create a draft question that
goes through Clinical review, asked sections are chosen by name, a case-plan question
previews as a learner sees it, the pass mark and attempts learners read come from the quiz's
fields, and the CE estimate counts only the questions learners are given.

The chooser's "New question" tab is driven through the test client as the modal's script
posts it (the form's fields as named in the tab, answered with the modal's JSON steps)."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
import yaml
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import WorkflowState

from courses.services import enrolment_create
from quizzes.engine.vocabulary import SECTIONS
from quizzes.estimates import assessment_time, quiz_minutes
from quizzes.models import CaseQuestion, ChoiceOption, ChoiceQuestion
from quizzes.models.pages import grading_restated
from quizzes.services import attempt_start
from tests.factories import (
    CaseFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    InstructorFactory,
    LearnerFactory,
    QuizPageFactory,
    ReviewerFactory,
)

pytestmark = pytest.mark.django_db


def chooser(model, name: str) -> str:
    return reverse(f"wagtailsnippetchoosers_quizzes_{model._meta.model_name}:{name}")


def snippet_url(obj, name: str, *args) -> str:
    meta = obj._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{name}", args=args)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def choice_post(options, **fields) -> dict:
    """The choice question's creation tab as posted: its fields and one row per option
    (text, correct, feedback), the unused rows of the tab left blank."""
    rows = 5
    data = {
        "prompt": "Platelets are 40,000/µL today. What is the most pressure you use?",
        "category": "blood-counts",
        "points": "1",
        "key": "",
        "submit_for_review": "on",
        "options-TOTAL_FORMS": str(rows),
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
    }
    for n in range(rows):
        text, correct, feedback = options[n] if n < len(options) else ("", False, "")
        data[f"options-{n}-text"] = text
        data[f"options-{n}-feedback"] = feedback
        if correct:
            data[f"options-{n}-correct"] = "on"
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


GOOD_OPTIONS = [
    ("Level 2", True, "Right: below 50,000/µL strokes move the skin only."),
    ("Level 4", False, "Too deep while bruising is likely."),
    ("No massage today", False, "Refusing is not expert practice here."),
]


@pytest.fixture
def instructor_client():
    return client_of(InstructorFactory())


@pytest.fixture
def reviewer():
    return ReviewerFactory(email="rosa@example.org")


# -- the chooser's creation tab --------------------------------------------------------------


@pytest.mark.parametrize("model", [ChoiceQuestion, CaseQuestion])
def test_the_chooser_of_each_block_has_a_new_question_tab_for_an_instructor(
    model, instructor_client
):
    CaseFactory(title="Ana, 58, between chemotherapy cycles")
    ChoiceQuestionFactory(category="blood-counts")
    response = instructor_client.get(chooser(model, "choose"))
    assert response.status_code == 200
    html = response.json()["html"]
    assert "New question" in html
    assert "Create a draft question" in html
    assert "Submit to Clinical review now" in html
    assert chooser(model, "create") in html
    if model is ChoiceQuestion:
        assert 'name="options-0-text"' in html
        assert 'name="options-4-feedback"' in html
        assert '<option value="blood-counts">' in html  # categories in use are suggested
    else:
        assert "Ana, 58, between chemotherapy cycles" in html  # the case, by title


def test_an_instructor_creates_a_choice_question_in_the_chooser_as_a_draft_in_review(
    instructor_client, reviewer
):
    mail.outbox.clear()
    response = instructor_client.post(chooser(ChoiceQuestion, "create"), choice_post(GOOD_OPTIONS))
    assert response.status_code == 200
    step = response.json()
    assert step["step"] == "chosen", step
    question = ChoiceQuestion.objects.get()
    assert str(question.pk) == str(step["result"]["id"])  # chosen into the block
    assert question.key == "platelets-are-40000l-today-what-is-the-most-pressure-you-use"
    assert [(o.text, o.correct, o.feedback) for o in question.options.all()] == GOOD_OPTIONS
    # a draft: never live until approved, with its first revision, in Clinical review
    assert not question.live
    assert question.latest_revision is not None
    assert question.latest_revision.as_object().options.count() == 3
    state = question.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Clinical review"
    assert [m.subject for m in mail.outbox if m.to == ["rosa@example.org"]]
    assert all(m.subject.startswith("Clinical review:") for m in mail.outbox)

    # the reviewer approves: now it is live, with its options
    task_state = state.current_task_state
    approve = snippet_url(question, "workflow_action", question.pk, "approve", task_state.pk)
    assert client_of(reviewer).post(approve, {}).status_code in (200, 302)
    question.refresh_from_db()
    assert question.live
    assert question.options.count() == 3


def test_a_question_created_in_the_chooser_stays_out_of_quizzes_until_approved(
    course, modules, instructor_client
):
    instructor_client.post(chooser(ChoiceQuestion, "create"), choice_post(GOOD_OPTIONS))
    draft = ChoiceQuestion.objects.get()
    live = ChoiceQuestionFactory(key="already-live")
    quiz = QuizPageFactory.with_questions(modules[0], [live, draft])
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    assert [q["key"] for q in attempt_start(user=learner, quiz=quiz).layout] == ["already-live"]


def test_a_draft_created_without_submitting_can_be_submitted_to_clinical_review_later(
    instructor_client,
):
    data = choice_post(GOOD_OPTIONS, submit_for_review=None, key="later")
    step = instructor_client.post(chooser(ChoiceQuestion, "create"), data).json()
    assert step["step"] == "chosen"
    question = ChoiceQuestion.objects.get(key="later")
    assert not question.live
    assert question.current_workflow_state is None
    # the workflow can start on it from the edit form, as for any library item
    edit = client_of(question.latest_revision.user)
    form = edit.get(snippet_url(question, "edit", question.pk))
    assert form.status_code == 200
    assert "Submit to Clinical review" in form.content.decode()
    workflow = question.get_workflow()
    workflow.start(question, question.latest_revision.user)
    question.refresh_from_db()
    assert question.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.parametrize(
    ("options", "fields", "message"),
    [
        (
            [("Level 2", True, "Right."), ("Level 4", True, "Also right?")],
            {},
            "A single-answer question needs exactly one correct option",
        ),
        ([("Level 2", False, "No."), ("Level 4", False, "No.")], {}, "Mark at least one option"),
        ([("Level 2", True, "Right.")], {}, "Give at least 2 options."),
    ],
    ids=["two-correct", "none-correct", "one-option"],
)
def test_options_that_do_not_make_a_question_are_refused_on_the_options_and_nothing_is_saved(
    instructor_client, options, fields, message
):
    response = instructor_client.post(
        chooser(ChoiceQuestion, "create"), choice_post(options, **fields)
    )
    step = response.json()
    assert step["step"] == "reshow_creation_form"
    html = step["htmlFragment"]
    # the message sits on the options, above their rows
    options_block = html[html.index("data-options") :]
    assert message in options_block.split('name="options-0-text"')[0]
    assert not ChoiceQuestion.objects.exists()
    assert not ChoiceOption.objects.exists()
    assert not WorkflowState.objects.exists()


def test_several_correct_options_are_accepted_when_several_answers_are_correct(
    instructor_client,
):
    options = [
        ("Level 2", True, "Right."),
        ("Hold only", True, "Also safe."),
        ("Level 4", False, "No."),
    ]
    step = instructor_client.post(
        chooser(ChoiceQuestion, "create"), choice_post(options, multiple="on")
    ).json()
    assert step["step"] == "chosen"
    assert ChoiceQuestion.objects.get().multiple


FEEDBACK_NEEDED = "Give the feedback learners read for this option."


def error_on(html: str, field_id: str) -> str:
    """The error shown in the wrapper of the field with ``field_id`` (Wagtail puts a field's
    errors just above its input), or ""."""
    before = html[: html.index(f'id="{field_id}"')]
    errors = before[before.rindex("w-field__errors") :]
    found = re.search(r'class="error-message"[^>]*>\s*(.*?)\s*</p>', errors, re.S)
    return unescape(found.group(1)) if found else ""


def test_no_option_row_is_marked_required_since_a_blank_row_is_skipped(instructor_client):
    html = instructor_client.get(chooser(ChoiceQuestion, "choose")).json()["html"]
    rows = html[html.index("data-options") :].split("Submit to Clinical review now")[0]
    assert rows.count('name="options-') >= 10  # five rows' text and feedback
    assert "w-required-mark" not in rows
    assert "w-required-mark" in html.split("data-options")[0]  # the prompt still is


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (("", True, "Right."), "text", "Give this option's text, or clear the row."),
        (("Level 3", False, ""), "feedback", FEEDBACK_NEEDED),
    ],
    ids=["feedback-without-text", "text-without-feedback"],
)
def test_a_row_begun_needs_its_text_and_its_feedback_on_the_field(
    instructor_client, row, field, message
):
    options = [("Level 2", True, "Right."), ("Level 4", False, "Too deep."), row]
    step = instructor_client.post(chooser(ChoiceQuestion, "create"), choice_post(options)).json()
    assert step["step"] == "reshow_creation_form"
    html = step["htmlFragment"]
    assert error_on(html, f"id_options-2-{field}") == message
    assert not ChoiceQuestion.objects.exists()


def test_blank_rows_are_skipped(instructor_client):
    options = [("Level 2", True, "Right."), ("", False, ""), ("Level 4", False, "Too deep.")]
    step = instructor_client.post(chooser(ChoiceQuestion, "create"), choice_post(options)).json()
    assert step["step"] == "chosen"
    question = ChoiceQuestion.objects.get()
    assert [o.text for o in question.latest_revision.as_object().options.all()] == [
        "Level 2",
        "Level 4",
    ]


def test_a_missing_feedback_and_a_taken_key_are_refused_on_their_fields(instructor_client):
    ChoiceQuestionFactory(key="taken")
    options = [("Level 2", True, ""), ("Level 4", False, "Too deep.")]
    step = instructor_client.post(
        chooser(ChoiceQuestion, "create"), choice_post(options, key="taken")
    ).json()
    assert step["step"] == "reshow_creation_form"
    html = step["htmlFragment"]
    assert "already exists" in html  # on the key
    assert error_on(html, "id_options-0-feedback") == FEEDBACK_NEEDED
    assert ChoiceQuestion.objects.count() == 1


def test_the_edit_form_refuses_two_correct_options_on_the_options(admin_client):
    question = ChoiceQuestionFactory(key="edit-me")
    options = list(question.options.all())
    data = {
        "key": "edit-me",
        "category": question.category,
        "points": "1",
        "prompt": question.prompt,
        "teaches": "",
        "assesses": "[]",
        "options-TOTAL_FORMS": str(len(options)),
        "options-INITIAL_FORMS": str(len(options)),
        "options-MIN_NUM_FORMS": "2",
        "options-MAX_NUM_FORMS": "1000",
    }
    for n, option in enumerate(options):
        data |= {
            f"options-{n}-id": str(option.pk),
            f"options-{n}-ORDER": str(n + 1),
            f"options-{n}-text": option.text,
            f"options-{n}-feedback": option.feedback,
            f"options-{n}-correct": "on",
        }
    response = admin_client.post(snippet_url(question, "edit", question.pk), data)
    assert response.status_code == 200
    assert "needs exactly one correct option" in response.content.decode()
    assert question.options.filter(correct=True).count() == 1
    assert question.revisions.count() == 0


def case_post(for_case, **fields) -> dict:
    data = {
        "case": str(for_case.pk),
        "prompt": "Propose a plan for today's session.",
        "fields": ["pressure", "process"],
        "points": "3",
        "key": "",
        "submit_for_review": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_an_instructor_creates_a_case_plan_question_in_the_chooser_by_case_and_section_names(
    instructor_client,
):
    case = CaseFactory(title="Ana, 58, between chemotherapy cycles")
    step = instructor_client.post(
        chooser(CaseQuestion, "create"),
        case_post(case, key="ana-plan", fields=["process", "pressure", "avoid_sites"]),
    ).json()
    assert step["step"] == "chosen", step
    question = CaseQuestion.objects.get(key="ana-plan")
    assert str(question.pk) == str(step["result"]["id"])
    assert question.case == case
    assert question.fields == ["pressure", "avoid_sites", "process"]  # stored in plan order
    assert not question.live
    assert question.current_workflow_state.workflow.name == "Clinical review"


def test_a_blank_key_is_made_from_the_case_title_and_never_repeats(instructor_client):
    case = CaseFactory(title="Ana, 58, between chemotherapy cycles")
    for _ in range(2):
        step = instructor_client.post(chooser(CaseQuestion, "create"), case_post(case)).json()
        assert step["step"] == "chosen", step
    assert sorted(CaseQuestion.objects.values_list("key", flat=True)) == [
        "ana-58-between-chemotherapy-cycles",
        "ana-58-between-chemotherapy-cycles-2",
    ]


def test_a_missing_prompt_is_refused_on_the_prompt_alone(instructor_client):
    step = instructor_client.post(
        chooser(ChoiceQuestion, "create"), choice_post(GOOD_OPTIONS, prompt="")
    ).json()
    assert step["step"] == "reshow_creation_form"
    html = step["htmlFragment"]
    assert re.search(r'id="id_prompt"', html)
    assert "cannot be blank" not in html  # not on the key, which is made from the prompt
    assert "This field is required." in html
    assert not ChoiceQuestion.objects.exists()


def test_a_key_taken_between_the_check_and_the_save_is_refused_on_the_key(
    instructor_client, monkeypatch
):
    ChoiceQuestionFactory(key="raced")
    # the form's uniqueness check passes, as when another author saves the same key meanwhile
    monkeypatch.setattr(ChoiceQuestion, "validate_unique", lambda self, exclude=None: None)
    response = instructor_client.post(
        chooser(ChoiceQuestion, "create"), choice_post(GOOD_OPTIONS, key="raced")
    )
    assert response.status_code == 200
    step = response.json()
    assert step["step"] == "reshow_creation_form"
    assert "A question with this key was saved meanwhile." in step["htmlFragment"]
    assert ChoiceQuestion.objects.count() == 1
    assert not ChoiceOption.objects.exclude(question__key="raced").exists()
    assert not WorkflowState.objects.exists()


def test_a_case_plan_question_without_sections_or_case_is_refused_on_the_field(
    instructor_client,
):
    case = CaseFactory()
    step = instructor_client.post(
        chooser(CaseQuestion, "create"), case_post(case, fields=None)
    ).json()
    assert step["step"] == "reshow_creation_form"
    assert "Choose at least one plan section to ask for." in step["htmlFragment"]
    step = instructor_client.post(
        chooser(CaseQuestion, "create"), case_post(case, fields=["pressure", "not_a_section"])
    ).json()
    assert step["step"] == "reshow_creation_form"
    assert "not_a_section is not one of the available choices" in step["htmlFragment"]
    step = instructor_client.post(
        chooser(CaseQuestion, "create"), case_post(case, case="999999")
    ).json()
    assert step["step"] == "reshow_creation_form"
    assert "Select a valid choice" in step["htmlFragment"]
    assert not CaseQuestion.objects.exists()


# -- asked sections by name ------------------------------------------------------------------


def _section_checkboxes(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="fields" value="([^"]+)"', html)


def test_sections_are_checkboxes_named_and_explained_from_the_vocabulary_in_the_edit_form(
    admin_client,
):
    question = CaseQuestionFactory(fields=["pressure", "process"])
    html = admin_client.get(snippet_url(question, "edit", question.pk)).content.decode()
    assert _section_checkboxes(html) == list(SECTIONS)
    for section in SECTIONS.values():
        assert escape(section.label) in html
        assert escape(section.help) in html
    for group in ("Whether to go ahead", "Where and how hard", "What you do"):
        assert f">{group}</legend>" in html
    checked = re.findall(r'name="fields" value="([^"]+)"[^>]*checked', html)
    assert checked == ["pressure", "process"]
    assert "postpone (Today" not in html  # never the JSON list's token help
    assert "[&quot;pressure&quot;" not in html


def test_the_case_question_listing_names_the_asked_sections(instructor_client):
    CaseQuestionFactory(fields=["pressure", "thermal"])
    html = instructor_client.get("/admin/snippets/quizzes/casequestion/").content.decode()
    assert "Sections asked" in html
    assert "Pressure, Heat and cold" in html
    assert "thermal" not in html


def test_the_edit_form_saves_sections_chosen_by_name_as_tokens(admin_client):
    question = CaseQuestionFactory(key="by-name", fields=["pressure"])
    data = {
        "key": "by-name",
        "category": "cases",
        "points": "3",
        "case": str(question.case.pk),
        "prompt": question.prompt,
        "fields": ["thermal", "pressure"],
    }
    response = admin_client.post(snippet_url(question, "edit", question.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    latest = question.latest_revision.as_object()
    assert latest.fields == ["pressure", "thermal"]


def test_two_revisions_compare_the_asked_sections_by_name(admin_client):
    question = CaseQuestionFactory(fields=["pressure"])
    first = question.save_revision()
    question.fields = ["pressure", "thermal"]
    second = question.save_revision()
    response = admin_client.get(
        snippet_url(question, "revisions_compare", question.pk, first.pk, second.pk)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plan sections asked" in html
    assert "Heat and cold" in html
    assert "thermal" not in html


def test_the_full_add_form_takes_sections_by_name_and_submits_to_clinical_review(
    instructor_client,
):
    case = CaseFactory()
    data = {
        "key": "full-form",
        "category": "cases",
        "points": "3",
        "case": str(case.pk),
        "prompt": "Plan today's session.",
        "fields": ["process", "refer"],
        "action-submit": "1",
    }
    add = reverse("wagtailsnippets_quizzes_casequestion:add")
    response = instructor_client.post(add, data)
    assert response.status_code == 302
    question = CaseQuestion.objects.get(key="full-form")
    assert question.fields == ["refer", "process"]
    assert not question.live
    assert question.current_workflow_state.workflow.name == "Clinical review"


# -- preview ---------------------------------------------------------------------------------


def test_a_case_plan_question_previews_with_the_vignette_and_only_the_asked_sections(
    admin_client,
):
    case = CaseFactory(case_id="P01", title="Ana", intro="Ana comes for her usual session.")
    question = CaseQuestionFactory(key="p-case", case=case, fields=["pressure", "process"])
    form = {
        "key": "p-case",
        "category": "cases",
        "points": "3",
        "case": str(case.pk),
        "prompt": "Plan Ana's session today.",
        "fields": ["pressure", "process"],
    }
    preview = snippet_url(question, "preview_on_edit", question.pk)
    assert admin_client.post(preview, form).json()["is_valid"]
    html = admin_client.get(preview).content.decode()
    assert "Ana comes for her usual session." in html
    assert escape("Plan Ana's session today.") in html
    assert "vignette" in html
    assert escape(SECTIONS["pressure"].label) in html
    assert escape(SECTIONS["process"].label) in html
    for other in ("positions", "products", "refer", "infection_control"):
        assert f'data-section="{other}"' not in html
    assert 'data-section="pressure"' in html
    # nothing of the answer key: no expected plan, no rule, no "correct"
    lowered = html.lower()
    for key_word in ("expected", "correct", "rule", "rationale", "must", "unsafe"):
        assert key_word not in lowered, key_word
    assert "heme-" not in html


def test_the_case_question_edit_form_offers_its_preview(admin_client):
    question = CaseQuestionFactory()
    html = admin_client.get(snippet_url(question, "edit", question.pk)).content.decode()
    assert snippet_url(question, "preview_on_edit", question.pk) in html


def test_a_reviewer_previews_the_submitted_revision_of_a_case_plan_question(reviewer):
    question = CaseQuestionFactory(fields=["pressure"])
    question.fields = ["process"]
    revision = question.save_revision(user=InstructorFactory())
    response = client_of(reviewer).get(
        snippet_url(question, "revisions_view", question.pk, revision.pk)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-section="process"' in html
    assert 'data-section="pressure"' not in html


# -- the pass mark and attempts learners read ------------------------------------------------


def _scale_text(html: str) -> str:
    start = html.index("How this quiz is graded")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start : start + 3000]))


def test_the_pass_mark_and_attempts_learners_read_follow_the_quiz_fields(course, modules):
    quiz = QuizPageFactory.with_questions(
        modules[0],
        [ChoiceQuestionFactory(points=2), ChoiceQuestionFactory(points=3)],
        pass_mark=80,
        attempts_allowed=2,
        intro="Blood counts and devices.",
    )
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    client = client_of(learner)
    before = _scale_text(client.get(quiz.url).content.decode())
    assert "To pass 80% of the points (4 of 5)" in before
    assert "Attempts 2;" in before

    quiz.pass_mark, quiz.attempts_allowed = 60, 5
    quiz.save_revision().publish()
    after = _scale_text(client.get(quiz.url).content.decode())
    assert "To pass 60% of the points (3 of 5)" in after
    assert "Attempts 5;" in after
    assert "80%" not in after
    # the attempt itself counts against the quiz's field too
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert "Attempt 1 of 5." in client.get(quiz.url).content.decode()


def test_the_quiz_editor_tells_authors_not_to_restate_the_pass_mark_in_the_intro(course, modules):
    quiz = QuizPageFactory.with_questions(modules[0], [ChoiceQuestionFactory()])
    html = client_of(InstructorFactory()).get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))
    assert "do not restate them here" in html.content.decode()


@pytest.mark.parametrize(
    ("intro", "words"),
    [
        ("You need 80% to pass.", "80%"),
        ("Score 75 percent or more.", "75 percent"),
        ("About 30% of people treated for breast cancer develop lymphedema.", ""),
        ("Up to 40% of clients report neuropathy.", ""),
        ("Questions score one point each.", "one point"),
        ("The case scores 3 points; an unsafe plan scores 0.", "3 points"),
        ("Pressing the point on the inner wrist, and what the evidence says.", ""),
        ("The pass mark is high.", "pass mark"),
        ("You have three attempts.", "three attempts"),
        ("2 tries at most.", "2 tries"),
        ("Attempts allowed: as many as you need.", "Attempts allowed"),
        ("Eight short client scenarios, then one client case.", ""),
        ("Choice questions score one point each, all or nothing.", "one point"),
    ],
)
def test_a_pass_mark_attempts_or_points_in_the_intro_are_refused_on_the_intro(
    course, modules, intro, words
):
    quiz = QuizPageFactory.with_questions(modules[0], [ChoiceQuestionFactory()])
    quiz.intro = intro
    if not words:
        quiz.full_clean()
        return
    with pytest.raises(ValidationError) as refused:
        quiz.full_clean()
    assert list(refused.value.message_dict) == ["intro"]
    assert f"“{words}”" in refused.value.message_dict["intro"][0]
    assert "Grading fields" in refused.value.message_dict["intro"][0]


ROOT = Path(__file__).parents[2]


def test_no_shipped_quiz_states_its_pass_mark_attempts_or_points_in_words():
    intros = [
        yaml.safe_load(path.read_text())["intro"]
        for path in sorted((ROOT / "content" / "quizzes").glob("*.yaml"))
    ]
    assert len(intros) >= 5
    assert [intro for intro in intros if grading_restated(intro)] == []


# -- the CE estimate counts live questions only ----------------------------------------------


def test_the_ce_estimate_counts_only_the_questions_learners_are_given(course, modules):
    live_choice = ChoiceQuestionFactory()
    draft_choice = ChoiceQuestionFactory(live=False)
    live_case = CaseQuestionFactory()
    draft_case = CaseQuestionFactory(live=False)
    on_draft_case = CaseQuestionFactory(case=CaseFactory(live=False))
    module_quiz = QuizPageFactory.with_questions(
        modules[0], [live_choice, draft_choice, live_case, draft_case, on_draft_case]
    )
    final = QuizPageFactory.with_questions(
        course, [ChoiceQuestionFactory(), ChoiceQuestionFactory(live=False)], slug="final"
    )
    assert quiz_minutes(module_quiz) == Decimal("7.5")  # 1.5 + 6
    assert quiz_minutes(final) == Decimal("1.5")
    time = assessment_time(course)
    assert time.module_quizzes == Decimal("7.5")
    assert time.final == Decimal("1.5")

    # approving the draft adds its minutes
    draft_choice.save_revision().publish()
    assert assessment_time(course).module_quizzes == Decimal(9)


def test_the_ce_estimate_takes_three_queries_however_many_quizzes(
    course, modules, django_assert_num_queries
):
    for module in modules:
        QuizPageFactory.with_mixed_questions(module, 4)
    QuizPageFactory.with_mixed_questions(course, 6, slug="final")
    with django_assert_num_queries(3):  # the quizzes, then each bank's live questions
        time = assessment_time(course)
    assert time.module_quizzes == 3 * (2 * Decimal(6) + 2 * Decimal("1.5"))
    assert time.final == 3 * Decimal(6) + 3 * Decimal("1.5")


# -- who may create --------------------------------------------------------------------------


@pytest.mark.parametrize("model", [ChoiceQuestion, CaseQuestion])
def test_a_learner_is_refused_the_chooser_and_its_creation_form(model):
    client = client_of(LearnerFactory())
    assert client.get(chooser(model, "choose")).status_code == 403
    response = client.post(chooser(model, "create"), choice_post(GOOD_OPTIONS))
    assert response.status_code == 403
    assert not model.objects.exists()


def test_a_reviewer_approves_but_does_not_create_from_the_chooser(reviewer):
    client = client_of(reviewer)
    html = client.get(chooser(ChoiceQuestion, "choose")).json()["html"]
    assert "Create a draft question" not in html
    response = client.post(chooser(ChoiceQuestion, "create"), choice_post(GOOD_OPTIONS))
    assert response.status_code in (302, 403)
    assert not ChoiceQuestion.objects.exists()


def test_an_instructor_sees_the_quiz_library_and_the_blocks_chooser_in_the_quiz_editor(
    course, modules
):
    instructor = InstructorFactory()
    quiz = QuizPageFactory.with_questions(modules[0], [ChoiceQuestionFactory()])
    client = client_of(instructor)
    assert "Quiz library" in client.get("/admin/").content.decode()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk])).content.decode()
    assert chooser(ChoiceQuestion, "choose") in html
    assert chooser(CaseQuestion, "choose") in html
