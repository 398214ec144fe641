"""Clinical review of the quiz library: rules, cases and questions have drafts, locking and
the "Clinical review" workflow, and only what a clinical reviewer approved reaches learners.

The journeys go through the admin as an instructor and a reviewer use it (the edit form's
"Save draft", "Submit to Clinical review" and "Publish" actions, the workflow's approve and
"request changes" actions, the lock), then check what the grader and a quiz read.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import (
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
)

from cms.importer.run import content_import
from courses.services import enrolment_create
from quizzes.grading import rule_set
from quizzes.models import AdaptationRule, Case, CaseQuestion, ChoiceQuestion
from quizzes.selectors import grading_scale
from quizzes.services import attempt_start
from tests.conftest import ensure_site_tree
from tests.factories import (
    AdaptationRuleFactory,
    CaseFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    InstructorFactory,
    LearnerFactory,
    QuizPageFactory,
    ReviewerFactory,
)
from tests.integration.test_import_content import content  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
LIBRARY = (AdaptationRule, Case, ChoiceQuestion, CaseQuestion)


def url(obj, name: str, *args) -> str:
    meta = obj._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{name}", args=args)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rule_form(rule: AdaptationRule, **changes) -> dict:
    """The rule's edit form as posted, with ``changes``."""
    data = {
        "rule_id": rule.rule_id,
        "title": rule.title,
        "category": rule.category,
        "confidence": rule.confidence,
        "when": rule.when,
        "must": "max_pressure_global: 2\nmd_release_required: true\n",
        "should": "process:\n- intake\n",
        "advice": rule.advice,
        "rationale": rule.rationale,
        "sources": rule.sources,
        "teaches": rule.teaches,
        "active": "on",
    }
    return {**data, **changes}


@pytest.fixture
def rule():
    return AdaptationRuleFactory(rule_id="heme-test", when="labs.platelets_per_uL < 50000")


@pytest.fixture
def instructor_client():
    return client_of(InstructorFactory())


@pytest.fixture
def reviewer():
    return ReviewerFactory(email="rosa@example.org")


def test_a_fresh_database_has_the_clinical_review_workflow_on_the_library_and_no_default():
    workflow = Workflow.objects.get(name="Clinical review")
    for model in LIBRARY:
        assert model.get_default_workflow() == workflow
    assert WorkflowContentType.objects.filter(workflow=workflow).count() == 4
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Clinical review"]
    assert set(WorkflowPage.objects.values_list("workflow__name", flat=True)) <= {"Clinical review"}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_every_page_is_in_clinical_review_from_the_root_and_after_a_flush_too():
    root = Page.objects.get(depth=1)
    assert WorkflowPage.objects.get(page=root).workflow.name == "Clinical review"
    WorkflowPage.objects.all().delete()  # as a transactional test's flush leaves it
    ensure_site_tree()
    assert WorkflowPage.objects.get(page=root).workflow.name == "Clinical review"


def test_instructors_may_submit_but_not_publish_and_reviewers_may_publish():
    instructor, reviewer = InstructorFactory(), ReviewerFactory()
    for model in LIBRARY:
        label = model._meta.model_name
        for action in ("add", "change", "lock"):
            assert instructor.has_perm(f"quizzes.{action}_{label}")
        for action in ("publish", "delete", "unlock"):
            assert not instructor.has_perm(f"quizzes.{action}_{label}")
        for action in ("change", "publish", "unlock"):
            assert reviewer.has_perm(f"quizzes.{action}_{label}")
        assert not reviewer.has_perm(f"quizzes.delete_{label}")


def test_an_instructors_saved_draft_leaves_the_live_rule_and_the_grader_unchanged(
    rule, instructor_client
):
    graded_before = rule_set().by_id["heme-test"].raw["when"]
    response = instructor_client.post(
        url(rule, "edit", rule.pk), rule_form(rule, when="labs.platelets_per_uL < 20000")
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.when == "labs.platelets_per_uL < 50000"  # the live row
    assert rule.has_unpublished_changes
    assert rule.live
    assert rule.latest_revision.as_object().when == "labs.platelets_per_uL < 20000"
    graded = rule_set()
    assert [r.id for r in graded.rules] == ["heme-test"]
    assert graded.by_id["heme-test"].raw["when"] == graded_before


def test_an_instructor_cannot_publish_a_library_item(rule, instructor_client):
    data = rule_form(rule, title="Published by an instructor", **{"action-publish": "publish"})
    instructor_client.post(url(rule, "edit", rule.pk), data)
    rule.refresh_from_db()
    assert rule.title != "Published by an instructor"


def test_a_rule_submitted_is_in_clinical_review_and_the_reviewer_is_emailed_then_approves(
    rule, instructor_client, reviewer
):
    mail.outbox.clear()
    data = rule_form(rule, title="Platelets below 50,000/µL (revised)", **{"action-submit": "1"})
    response = instructor_client.post(url(rule, "edit", rule.pk), data, follow=True)
    assert response.status_code == 200
    assert "has been submitted for clinical review" in response.content.decode()
    rule.refresh_from_db()
    assert rule.workflow_in_progress
    state = rule.current_workflow_state
    assert state.workflow.name == "Clinical review"
    assert rule.title == "Platelets below 50,000/µL"  # not live yet

    to_reviewer = [m for m in mail.outbox if m.to == ["rosa@example.org"]]
    assert len(to_reviewer) == 1
    subject = to_reviewer[0].subject
    assert subject.startswith("Clinical review:"), subject
    assert "awaits your approval" in subject
    assert "moderation" not in (subject + to_reviewer[0].body).lower()
    assert "http://testserver/admin/snippets/quizzes/adaptationrule/edit/" in to_reviewer[0].body

    # the reviewer's dashboard lists it
    reviewer_client = client_of(reviewer)
    dashboard = reviewer_client.get("/admin/").content.decode()
    assert "Platelets below 50,000/µL (revised)" in dashboard

    task_state = state.current_task_state
    approve = url(rule, "workflow_action", rule.pk, "approve", task_state.pk)
    response = reviewer_client.post(approve, {})
    assert response.status_code in (200, 302)
    rule.refresh_from_db()
    assert rule.title == "Platelets below 50,000/µL (revised)"
    assert not rule.has_unpublished_changes
    assert not rule.workflow_in_progress
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED


def test_a_reviewer_requests_changes_and_the_draft_goes_back_with_the_live_rule_unchanged(
    rule, reviewer
):
    instructor = InstructorFactory(email="iris@example.org")
    data = rule_form(rule, when="labs.platelets_per_uL < 20000", **{"action-submit": "1"})
    client_of(instructor).post(url(rule, "edit", rule.pk), data)
    rule.refresh_from_db()
    task_state = rule.current_workflow_state.current_task_state
    mail.outbox.clear()
    reject = url(rule, "workflow_action", rule.pk, "reject", task_state.pk)
    response = client_of(reviewer).post(reject, {"comment": "Keep 50,000: the source says so."})
    assert response.status_code in (200, 302)
    rule.refresh_from_db()
    assert rule.when == "labs.platelets_per_uL < 50000"
    assert rule.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert rule.has_unpublished_changes
    assert rule_set().by_id["heme-test"].raw["when"] == "labs.platelets_per_uL < 50000"
    to_instructor = [m for m in mail.outbox if m.to == ["iris@example.org"]]
    assert to_instructor, [m.subject for m in mail.outbox]
    assert to_instructor[0].subject.startswith("Clinical review:")
    assert "changes requested" in to_instructor[0].subject
    assert "Keep 50,000" in to_instructor[0].body


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("approve", "approved in Clinical review and published."),
        ("reject", "Clinical review requested changes to the adaptation rule"),
    ],
)
def test_a_review_from_the_edit_screen_is_confirmed_naming_clinical_review(
    rule, instructor_client, reviewer, action, message
):
    data = rule_form(rule, title="Platelets below 50,000/µL (revised)", **{"action-submit": "1"})
    instructor_client.post(url(rule, "edit", rule.pk), data)
    data = rule_form(
        rule,
        title="Platelets below 50,000/µL (revised)",
        **{"action-workflow-action": "1", "workflow-action-name": action},
    )
    response = client_of(reviewer).post(url(rule, "edit", rule.pk), data, follow=True)
    assert message in response.content.decode()
    rule.refresh_from_db()
    assert (rule.title == "Platelets below 50,000/µL (revised)") is (action == "approve")
    if action == "reject":
        assert rule.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_a_question_in_review_never_reaches_a_learner_until_approved(course, modules):
    question = ChoiceQuestionFactory(key="q-live", prompt="Which pressure level?")
    quiz = QuizPageFactory.with_questions(modules[0], [question])
    # a change saved as a revision only: the learner still reads the published prompt
    question.prompt = "A draft prompt"
    question.save_revision(user=InstructorFactory())
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    assert [q["prompt"] for q in attempt.layout] == ["Which pressure level?"]


def test_items_never_published_are_left_out_of_quizzes_the_scale_and_the_grader(course, modules):
    live = ChoiceQuestionFactory(key="q-live")
    draft = ChoiceQuestionFactory(key="q-draft", live=False)
    draft_case = CaseFactory(case_id="D01", live=False)
    on_draft_case = CaseQuestionFactory(key="q-on-draft-case", case=draft_case)
    quiz = QuizPageFactory.with_questions(modules[0], [live, draft, on_draft_case])
    AdaptationRuleFactory(rule_id="live-rule")
    AdaptationRuleFactory(rule_id="draft-rule", live=False)

    assert grading_scale(quiz).choice_count == 1
    assert grading_scale(quiz).case_count == 0
    assert [r.id for r in rule_set().rules] == ["live-rule"]
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    assert [q["key"] for q in attempt_start(user=learner, quiz=quiz).layout] == ["q-live"]


def test_an_instructor_locks_an_item_and_a_reviewer_cannot_save_over_the_lock(
    rule, instructor_client, reviewer
):
    assert instructor_client.post(url(rule, "lock", rule.pk)).status_code == 302
    rule.refresh_from_db()
    assert rule.locked
    reviewer_client = client_of(reviewer)
    reviewer_client.post(url(rule, "edit", rule.pk), rule_form(rule, title="Over the lock"))
    rule.refresh_from_db()
    assert rule.latest_revision is None or rule.latest_revision.as_object().title != (
        "Over the lock"
    )
    # reviewers hold the unlock permission
    assert reviewer_client.post(url(rule, "unlock", rule.pk)).status_code == 302
    rule.refresh_from_db()
    assert not rule.locked


@pytest.mark.parametrize("kind", ["rule", "case", "question"])
def test_two_revisions_of_a_library_item_can_be_compared(kind, admin_client):
    if kind == "rule":
        obj = AdaptationRuleFactory(rule_id="compare-me", title="Before")
        field, after = "title", "After"
    elif kind == "case":
        obj = CaseFactory(case_id="C01", title="Before")
        field, after = "title", "After"
    else:
        obj = ChoiceQuestionFactory(key="compare-me", prompt="Before")
        field, after = "prompt", "After"
    first = obj.save_revision()
    setattr(obj, field, after)
    second = obj.save_revision()
    response = admin_client.get(url(obj, "revisions_compare", obj.pk, first.pk, second.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Before" in html
    assert "After" in html


def test_a_case_and_a_choice_question_preview_as_the_learner_reads_them(admin_client):
    case = CaseFactory(case_id="P01", title="Ana")
    form = {
        "case_id": "P01",
        "title": "Ana",
        "intro": "Ana comes for her usual session.",
        "module_slug": "",
    }  # the facts' panels are not posted: the case keeps its stored facts (the case editor)
    preview = url(case, "preview_on_edit", case.pk)
    assert admin_client.post(preview, form).json()["is_valid"]
    html = admin_client.get(preview).content.decode()
    assert "Ana comes for her usual session." in html
    assert "vignette" in html
    assert "40,000" in html  # the stored platelet count, read in the vignette

    question = ChoiceQuestionFactory(key="p-choice", prompt="Platelets are 40,000/µL. Pressure?")
    response = admin_client.get(url(question, "edit", question.pk))
    assert response.status_code == 200
    assert url(question, "preview_on_edit", question.pk) in response.content.decode()


def test_the_importer_keeps_an_item_with_a_pending_draft_or_review_unless_forced(content):  # noqa: F811
    root = content
    content_import(root=root)
    case = Case.objects.get(case_id="T01")
    assert case.live
    assert case.live_revision_id == case.latest_revision_id
    title = case.title
    case.title = "A draft title"
    case.save_revision(user=InstructorFactory())
    report = content_import(root=root)
    kept = [what for action, what in report.actions if action == "kept"]
    assert kept == [
        "case T01: edited in the admin since the last import (a draft is not yet published)"
        " (use --force to overwrite)"
    ]
    assert Case.objects.get(case_id="T01").title == title  # the live row is untouched
    content_import(root=root, force=True)
    case = Case.objects.get(case_id="T01")
    assert case.title == title
    assert not case.has_unpublished_changes
