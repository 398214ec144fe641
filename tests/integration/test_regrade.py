"""The regrade after a change to the quiz library (``quizzes.regrade``): the dry run a clinical
reviewer reads before approving, and the regrade applied once the change is live.

The fixture is small and crafted: one course of one module whose quiz has a case-plan
question (a client with platelets at 40,000/µL, graded by the platelet rule: pressure at most
level 2, a medical release, intake) and a choice question; a second course's choice-only
quiz. Ana and Ben planned level 2 and passed (Ana holds the course's certificate); Cleo
planned level 3 and failed (unsafe); Dev took only the choice-only quiz.
"""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Workflow

from courses.certificates import evaluation_submit
from courses.models import Certificate, ModuleProgress
from courses.models.certificates import CertificateStatus
from courses.services import enrolment_create
from quizzes import regrade
from quizzes.grading import rule_set
from quizzes.models import Attempt, AttemptRegrade, RegradeImpactReport, RegradeRun
from quizzes.regrade import dry_run, regrade_apply, regrade_run_process, submitted_version
from quizzes.regrade_views import SHOWN
from quizzes.services import attempt_submit
from tests.factories import (
    AdaptationRuleFactory,
    CaseFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    CoursePageFactory,
    InstructorFactory,
    LearnerFactory,
    ModulePageFactory,
    QuizPageFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.factories.progress import study
from tests.integration.test_certificates import RATINGS, configure_provider
from tests.integration.test_library_review import client_of, rule_form, url
from tests.integration.test_quizzes_grading import take_quiz

pytestmark = pytest.mark.django_db

LEVEL_2 = {"max_pressure_global": ["2"], "md_release_required": ["on"], "process": ["intake"]}
LEVEL_3 = {**LEVEL_2, "max_pressure_global": ["3"]}
STRICTER = "max_pressure_global: 1\nmd_release_required: true\n"
LOOSER = "max_pressure_global: 3\nmd_release_required: true\n"


def take(quiz, user, plan=None) -> Attempt:
    attempt = take_quiz(quiz, user, plan)
    return attempt_submit(attempt_id=attempt.pk, user=user, quiz=quiz)


@pytest.fixture
def world(catalogue):
    configure_provider()
    rule = AdaptationRuleFactory(
        rule_id="heme-test", title="Platelets below 50,000/µL", when="labs.platelets_per_uL < 50000"
    )
    course = CoursePageFactory(parent=catalogue, slug="safe-touch", title="Safe Touch")
    module = ModulePageFactory(parent=course, slug="module-1")
    case = CaseFactory(case_id="R01")
    quiz = QuizPageFactory.with_questions(
        module, [CaseQuestionFactory(key="plan-r01", case=case), ChoiceQuestionFactory()]
    )
    other_course = CoursePageFactory(parent=catalogue, slug="skin-care", title="Skin Care")
    other_module = ModulePageFactory(parent=other_course, slug="module-1")
    choice_only = QuizPageFactory.with_questions(other_module, [ChoiceQuestionFactory()])

    people = {}
    for name, plan in (("ana", LEVEL_2), ("ben", LEVEL_2), ("cleo", LEVEL_3)):
        learner = LearnerFactory(email=f"{name}@example.org", legal_name=name.title())
        enrolment_create(user=learner, course=course)
        study(user=learner, module=module, minutes=module.required_study_minutes)
        people[name] = take(quiz, learner, plan)
    evaluation_submit(user=people["ana"].user, course=course, **RATINGS)
    dev = LearnerFactory(email="dev@example.org")
    enrolment_create(user=dev, course=other_course)
    people["dev"] = take(choice_only, dev)

    assert [people[n].passed for n in ("ana", "ben", "cleo", "dev")] == [True, True, False, True]
    certificate = Certificate.objects.get(user=people["ana"].user)
    return {
        "rule": rule,
        "case": case,
        "quiz": quiz,
        "module": module,
        "attempts": people,
        "certificate": certificate,
    }


def submit_change(rule, must: str, instructor=None):
    """An instructor submits a change of ``rule``'s must items to clinical review."""
    instructor = instructor or InstructorFactory()
    data = rule_form(rule, must=must, **{"action-submit": "1"})
    response = client_of(instructor).post(url(rule, "edit", rule.pk), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.workflow_in_progress
    return instructor


def approve(rule, reviewer):
    task_state = rule.current_workflow_state.current_task_state
    response = client_of(reviewer).post(
        url(rule, "workflow_action", rule.pk, "approve", task_state.pk), {}
    )
    assert response.status_code in (200, 302)
    rule.refresh_from_db()
    assert not rule.workflow_in_progress


def by_learner(impact):
    return {row.learner.split("@")[0]: row for row in impact.attempts}


# -- the dry run ------------------------------------------------------------------------------


def test_a_stricter_rule_in_review_would_fail_two_passes_and_touch_one_certificate(world):
    rule = world["rule"]
    submit_change(rule, STRICTER)
    before = list(Attempt.objects.values_list("pk", "score", "passed", "result"))

    impact = dry_run(rule, submitted_version(rule))

    rows = by_learner(impact)
    assert set(rows) == {"ana", "ben", "cleo"}  # the choice-only attempt is not considered
    assert impact.considered == 3
    assert impact.kept == 0
    assert {r.learner for r in impact.changed} == {"ana@example.org", "ben@example.org"}
    assert (rows["ana"].old_score, rows["ana"].new_score) == (Decimal("100.00"), Decimal("25.00"))
    assert (rows["ana"].old_passed, rows["ana"].new_passed) == (True, False)
    assert (rows["ana"].old_verdicts, rows["ana"].new_verdicts) == (["safe"], ["unsafe"])
    assert not rows["cleo"].changed  # unsafe before and after
    assert (impact.newly_failing, impact.newly_passing) == (2, 0)
    assert impact.certificates == [world["certificate"]]
    assert impact.earnable == []
    # a dry run writes nothing
    assert list(Attempt.objects.values_list("pk", "score", "passed", "result")) == before
    assert not RegradeRun.objects.exists()


def test_regrading_with_the_live_library_replays_every_grade_exactly(world):
    rule = world["rule"]
    assert dry_run(rule, rule).changed == []
    for attempt in Attempt.objects.exclude(pk=world["attempts"]["dev"].pk):
        grade = regrade.grade_attempt(attempt, rule_set(), world["quiz"].pass_mark)
        assert grade.result == attempt.result
        assert (grade.score, grade.passed, grade.layout) == (attempt.score, attempt.passed, None)


def test_a_looser_rule_would_pass_the_failed_learner_who_may_earn_a_certificate(world):
    rule = world["rule"]
    submit_change(rule, LOOSER)
    impact = dry_run(rule, submitted_version(rule))
    assert [r.learner for r in impact.changed] == ["cleo@example.org"]
    assert (impact.newly_failing, impact.newly_passing) == (0, 1)
    assert impact.certificates == []
    assert impact.earnable == [{"learner": "cleo@example.org", "quiz": world["quiz"].title}]


EXPERT = {"max_pressure_global": 2, "md_release_required": True, "process": ["intake"]}


def test_a_rule_that_would_grade_an_expert_plan_unsafe_is_named_before_approval(world):
    case = world["case"]
    case.expert_plan = EXPERT  # heavy lotioning: safe under the live rule
    case.save()
    other = CaseFactory(case_id="R02", facts={"service": "massage", "age": 40, "sex": "F"})
    other.expert_plan = EXPERT  # no low platelets: the rule does not fire
    other.save()
    rule, reviewer = world["rule"], ReviewerFactory()

    submit_change(rule, STRICTER)
    impact = dry_run(rule, submitted_version(rule))
    assert [(e.case, e.before, e.after, e.safe) for e in impact.expert_plans] == [
        (str(case), "safe", "unsafe", False)
    ]
    assert impact.experts_failed == impact.expert_plans
    assert impact.expert_plans[0].reasons  # the engine's reasons, in words
    page = client_of(reviewer).get(reverse("regrade_impact", args=["rule", rule.pk]))
    text = page.content.decode()
    assert "Expert plans this change would grade differently" in text
    assert "as the expert did would be marked down" in text
    assert "max_pressure_global" not in text


def test_a_looser_rule_leaves_every_expert_plan_as_it_grades(world):
    case = world["case"]
    case.expert_plan = EXPERT
    case.save()
    rule = world["rule"]
    submit_change(rule, LOOSER)
    impact = dry_run(rule, submitted_version(rule))
    assert impact.expert_plans == []
    page = client_of(ReviewerFactory()).get(reverse("regrade_impact", args=["rule", rule.pk]))
    assert "Expert plans this change" not in page.content.decode()


def test_a_case_correction_regrades_only_where_the_learner_read_the_same_vignette(world):
    case = world["case"]
    # a fact the vignette words: the learners read another client, so nothing is regraded
    version = type(case).objects.get(pk=case.pk)
    version.facts = {**case.facts, "labs": {"platelets_per_uL": 80000}}
    impact = dry_run(case, version)
    assert impact.considered == 3
    assert impact.kept == 3
    assert impact.changed == []
    # the same facts (a title correction): regraded, nothing changes
    version = type(case).objects.get(pk=case.pk)
    version.title = "Ana, 58 (corrected title)"
    impact = dry_run(case, version)
    assert impact.considered == 3
    assert impact.kept == 0
    assert impact.changed == []


def test_a_case_in_review_shows_its_impact_and_the_learners_kept_on_the_case_they_read(world):
    case, reviewer, instructor = world["case"], ReviewerFactory(), InstructorFactory()
    case.facts = {**case.facts, "labs": {"platelets_per_uL": 80000}}
    case.clean()
    case.save_revision(user=instructor)
    Workflow.objects.get(name="Clinical review").start(case, instructor)
    case = type(case).objects.get(pk=case.pk)
    assert case.facts["labs"]["platelets_per_uL"] == 40000  # the live row is unchanged
    client = client_of(reviewer)
    impact_url = reverse("regrade_impact", args=["case", case.pk])
    assert impact_url in client.get(url(case, "edit", case.pk)).content.decode()
    page = client.get(impact_url).content.decode()
    assert "could be affected, of which <strong>3</strong> kept as graded" in page
    assert "<strong>0</strong> attempt(s) would be graded differently" in page
    assert client_of(instructor).get(impact_url).status_code == 200  # their own submission


def test_a_change_to_the_expert_plan_alone_regrades_nothing_and_says_why(world):
    case, reviewer, instructor = world["case"], ReviewerFactory(), InstructorFactory()
    case.expert_plan = EXPERT
    case.save_revision(user=instructor)
    Workflow.objects.get(name="Clinical review").start(case, instructor)
    case = type(case).objects.get(pk=case.pk)
    impact = dry_run(case, submitted_version(case))
    assert (impact.considered, impact.kept, impact.changed) == (3, 0, [])
    page = client_of(reviewer).get(reverse("regrade_impact", args=["case", case.pk]))
    text = page.content.decode()
    assert "a change to the expert plan alone regrades no attempt" in text
    assert "<strong>0</strong> attempt(s) would be graded differently" in text


# -- the screens ------------------------------------------------------------------------------


def test_a_large_impact_is_computed_by_the_worker_and_shown_when_ready(
    world, settings, django_capture_on_commit_callbacks
):
    settings.REGRADE_INLINE_ATTEMPTS = 2  # the fixture's 3 case-plan attempts are "many"
    rule, reviewer = world["rule"], ReviewerFactory()
    submit_change(rule, STRICTER)
    client = client_of(reviewer)
    impact_url = reverse("regrade_impact", args=["rule", rule.pk])

    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(impact_url).content.decode()
    assert "could regrade 3 submitted attempts" in waiting
    assert 'http-equiv="refresh"' in waiting
    assert "In figures" not in waiting
    report = RegradeImpactReport.objects.get()
    assert (report.status, report.attempts) == (RegradeImpactReport.PENDING, 3)
    assert report.task_id  # enqueued on the regrade backend
    client.get(impact_url)
    assert RegradeImpactReport.objects.count() == 1  # one report while it is computed

    report = regrade.impact_report_compute(report.pk, SHOWN)
    assert report.status == RegradeImpactReport.DONE
    assert report.figures == regrade.impact_figures(dry_run(rule, submitted_version(rule)), SHOWN)
    assert regrade.impact_report_compute(report.pk, SHOWN).finished_at == report.finished_at
    shown = client.get(impact_url).content.decode()
    assert "<strong>2</strong> learner(s) would no longer pass" in shown
    assert "100.00% → 25.00%" in shown
    assert world["certificate"].code in shown
    assert "Computed by the regrade worker" in shown
    assert 'http-equiv="refresh"' not in shown
    assert RegradeImpactReport.objects.count() == 1  # a fresh report is shown again
    RegradeImpactReport.objects.update(created_at=report.created_at - regrade.REPORT_FRESH)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(impact_url)  # a stale report is computed again
    assert RegradeImpactReport.objects.count() == 2
    RegradeImpactReport.objects.filter(status=RegradeImpactReport.PENDING).delete()

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(impact_url)
    assert again.status_code == 302
    assert RegradeImpactReport.objects.count() == 2
    assert RegradeImpactReport.objects.first().status == RegradeImpactReport.PENDING


def test_a_background_impact_left_pending_too_long_is_asked_for_again(world, settings):
    settings.REGRADE_INLINE_ATTEMPTS = 0
    rule = world["rule"]
    submit_change(rule, STRICTER)
    client = client_of(ReviewerFactory())
    impact_url = reverse("regrade_impact", args=["rule", rule.pk])
    client.get(impact_url)
    client.get(impact_url)
    assert RegradeImpactReport.objects.count() == 1  # being computed: not asked twice
    lost = RegradeImpactReport.objects.get()
    RegradeImpactReport.objects.update(created_at=lost.created_at - regrade.REPORT_FRESH)
    client.get(impact_url)  # its worker died: a new report replaces it
    assert RegradeImpactReport.objects.count() == 2
    assert RegradeImpactReport.objects.first().pk != lost.pk


def test_a_background_impact_that_cannot_be_computed_says_why(world, settings, monkeypatch):
    settings.REGRADE_INLINE_ATTEMPTS = 0
    rule, reviewer = world["rule"], ReviewerFactory()
    submit_change(rule, STRICTER)
    client = client_of(reviewer)
    impact_url = reverse("regrade_impact", args=["rule", rule.pk])
    client.get(impact_url)

    def refused(*args):
        raise regrade.RegradeError("The changed rule cannot be used for grading: no.")

    monkeypatch.setattr(regrade, "dry_run", refused)
    report = regrade.impact_report_compute(RegradeImpactReport.objects.get().pk, SHOWN)
    assert report.status == RegradeImpactReport.FAILED
    page = client.get(impact_url).content.decode()
    assert "The changed rule cannot be used for grading: no." in page
    assert "Compute again" in page


def test_the_reviewer_sees_the_impact_in_clinical_words_from_the_edit_screen(world):
    rule, reviewer = world["rule"], ReviewerFactory()
    submit_change(rule, STRICTER)
    client = client_of(reviewer)
    edit = client.get(url(rule, "edit", rule.pk)).content.decode()
    impact_url = reverse("regrade_impact", args=["rule", rule.pk])
    assert impact_url in edit  # linked from the action menu, beside "Approve"
    page = client.get(impact_url).content.decode()
    assert "Platelets below 50,000/µL" in page
    assert "ana@example.org" in page
    assert "ben@example.org" in page
    assert "cleo@example.org" not in page  # unchanged rows are not listed
    assert "100.00% → 25.00%" in page
    assert "pass → fail" in page
    assert "safe → unsafe" in page
    assert world["certificate"].code in page
    assert "heme-test" not in page  # the rule's title, never its id
    assert "Apply the regrade" not in page  # not before approval
    dashboard = client.get("/admin/").content.decode()
    assert "Regrade impact of quiz library changes in review" in dashboard
    assert impact_url in dashboard


@pytest.mark.parametrize(
    ("role", "status"),
    [("learner", 403), ("other instructor", 302), ("submitter", 200), ("reviewer", 200)],
)
def test_who_may_see_the_impact(world, role, status):
    rule = world["rule"]
    submitter = submit_change(rule, STRICTER)
    user = {
        "learner": world["attempts"]["ana"].user,
        "other instructor": InstructorFactory(),
        "submitter": submitter,
        "reviewer": ReviewerFactory(),
    }[role]
    response = client_of(user).get(reverse("regrade_impact", args=["rule", rule.pk]))
    assert response.status_code == status


def test_only_reviewers_and_administrators_apply_and_an_unknown_kind_is_not_found(world):
    rule = world["rule"]
    submitter = submit_change(rule, STRICTER)
    approve(rule, ReviewerFactory())
    apply_url = reverse("regrade_apply", args=["rule", rule.pk])
    assert client_of(submitter).post(apply_url).status_code == 302
    assert client_of(world["attempts"]["ana"].user).post(apply_url).status_code == 403
    assert not RegradeRun.objects.exists()
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert client_of(admin).get("/admin/regrade/page/1/").status_code == 404


# -- applying ---------------------------------------------------------------------------------


@pytest.fixture
def applied(world, django_capture_on_commit_callbacks):
    """The stricter rule approved and the regrade applied from the impact screen (its task
    enqueued on the regrade backend, not run: no worker in tests)."""
    rule, reviewer = world["rule"], ReviewerFactory()
    submit_change(rule, STRICTER)
    approve(rule, reviewer)
    client = client_of(reviewer)
    page = client.get(reverse("regrade_impact", args=["rule", rule.pk])).content.decode()
    assert "Apply the regrade" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("regrade_apply", args=["rule", rule.pk]))
    run = RegradeRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("regrade_run", args=[run.pk])
    assert run.task_id  # enqueued
    assert (run.status, run.total, run.done) == (RegradeRun.PENDING, 3, 0)
    return {**world, "run": run, "reviewer": reviewer}


def test_applying_regrades_keeps_history_emails_changed_learners_and_revokes_nothing(applied):
    mail.outbox.clear()
    run = regrade_run_process(applied["run"].pk)
    assert (run.status, run.done, run.total, run.changed) == (RegradeRun.DONE, 3, 3, 2)
    ana, ben, cleo, dev = (
        Attempt.objects.get(pk=applied["attempts"][n].pk) for n in ("ana", "ben", "cleo", "dev")
    )
    assert (ana.score, ana.passed, ben.passed, cleo.passed) == (
        Decimal("25.00"),
        False,
        False,
        False,
    )
    assert ana.result["questions"][0]["verdict"] == "unsafe"
    history = AttemptRegrade.objects.get(attempt=ana)
    assert (history.previous_score, history.previous_passed) == (Decimal("100.00"), True)
    assert history.previous_result["questions"][0]["verdict"] == "safe"
    assert not dev.regrades.exists()  # choice-only: untouched
    # emails: the two learners whose result changed, in clinical words
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]
    body = mail.outbox[0].body
    assert "100.00% and is now 25.00%" in body
    assert "no longer reaches the pass mark" in body
    assert "heme-test" not in body
    assert "max_pressure" not in body
    # the certificate is listed for an administrator, not revoked
    certificate = Certificate.objects.get(pk=applied["certificate"].pk)
    assert certificate.status == CertificateStatus.VALID
    assert regrade.run_certificates(run)["on_lost_pass"] == [certificate]
    admin = UserFactory(is_superuser=True, is_staff=True)
    page = client_of(admin).get(reverse("regrade_run", args=[run.pk])).content.decode()
    assert "3 of 3" in page
    assert reverse("certificates:inspect", args=[certificate.pk]) in page


def test_running_the_regrade_twice_or_applying_again_regrades_each_attempt_once(applied):
    run = regrade_run_process(applied["run"].pk)
    mail.outbox.clear()
    regrade_run_process(run.pk)
    run.status = RegradeRun.RUNNING  # even a run marked unfinished finds nothing left to do
    run.save()
    regrade_run_process(run.pk)
    assert regrade_apply(obj=applied["rule"], user=applied["reviewer"]) == run
    assert AttemptRegrade.objects.count() == 3
    assert mail.outbox == []
    ana = AttemptRegrade.objects.get(attempt=applied["attempts"]["ana"])
    assert ana.previous_score == Decimal("100.00")  # the grade before, not the regraded one


def test_an_interrupted_regrade_resumes_and_regrades_each_attempt_exactly_once(
    applied, django_capture_on_commit_callbacks
):
    calls = {"n": 0}
    real = regrade.regrade_one

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    mail.outbox.clear()
    with mock.patch.object(regrade, "regrade_one", flaky), pytest.raises(RuntimeError):
        regrade_run_process(applied["run"].pk, batch=1)
    run = RegradeRun.objects.get()
    assert (run.status, run.done) == (RegradeRun.FAILED, 1)
    assert "worker killed" in run.error
    assert AttemptRegrade.objects.filter(done_at__isnull=False).count() == 1
    first_mail = [m.to[0] for m in mail.outbox]

    # the reviewer resumes it: the same run, enqueued again
    client = client_of(applied["reviewer"])
    run_page = client.get(reverse("regrade_run", args=[run.pk])).content.decode()
    assert "1 of 3" in run_page
    assert "Resume the regrade" in run_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("regrade_apply", args=["rule", applied["rule"].pk]))
    assert response["Location"] == reverse("regrade_run", args=[run.pk])
    assert RegradeRun.objects.count() == 1
    regrade_run_process(run.pk, batch=1)
    run.refresh_from_db()
    assert (run.status, run.done, run.changed) == (RegradeRun.DONE, 3, 2)
    for entry in AttemptRegrade.objects.all():
        assert entry.previous_passed == (entry.attempt.user.email != "cleo@example.org")
    every_mail = first_mail + [m.to[0] for m in mail.outbox[len(first_mail) :]]
    assert sorted(every_mail) == ["ana@example.org", "ben@example.org"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_enqueued_regrade_in_batch_mode(site_tree, applied):
    call_command("db_worker", "--batch", "--backend", "regrade", "--no-startup-delay")
    run = RegradeRun.objects.get()
    assert (run.status, run.done) == (RegradeRun.DONE, 3)


def test_a_learner_who_newly_passes_has_the_pass_recorded_when_they_submitted(world):
    rule, reviewer = world["rule"], ReviewerFactory()
    submit_change(rule, LOOSER)
    approve(rule, reviewer)
    run = regrade_run_process(regrade_apply(obj=rule, user=reviewer).pk)
    cleo = world["attempts"]["cleo"]
    progress = ModuleProgress.objects.get(enrolment__user=cleo.user)
    assert progress.quiz_passed_at == cleo.submitted_at
    assert run.changed == 1
    assert regrade.run_certificates(run)["newly_passed"][0]["quiz"] == world["quiz"].title


def test_the_regrade_backend_is_the_database_and_the_default_stays_immediate(settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert settings.TASKS["regrade"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in settings.INSTALLED_APPS


def test_the_run_page_is_refused_to_instructors_and_learners(applied):
    run_url = reverse("regrade_run", args=[applied["run"].pk])
    assert client_of(InstructorFactory()).get(run_url).status_code == 302
    assert client_of(applied["attempts"]["ana"].user).get(run_url).status_code == 403
    assert client_of(applied["reviewer"]).get(run_url).status_code == 200
    assert Client().get(run_url).status_code == 302
