"""A course with no dead ends: when a module counts as complete, when the final opens, what
happens when attempts run out, the one next step, and honest study time."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.certificates import certificate_issue, evaluation_submit
from courses.errors import NotIssuable
from courses.models import Certificate, Enrolment, ModuleProgress
from courses.selectors import course_progress, learner_transcript
from courses.services import assessment_record, enrolment_create, module_visit_record
from quizzes.models import AttemptGrant
from quizzes.selectors import answers_shown, attempt_feedback, attempts_status
from quizzes.services import (
    NoAttemptsLeft,
    QuizError,
    QuizLocked,
    attempt_start,
    attempt_submit,
    attempts_grant,
)
from tests.factories import (
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    CoursePageFactory,
    LearnerFactory,
    ModulePageFactory,
    QuizPageFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.factories.progress import complete_modules, study
from tests.integration.test_certificates import RATINGS, configure_provider

pytestmark = pytest.mark.django_db
T0 = timezone.now().replace(microsecond=0) - timedelta(days=30)


@pytest.fixture
def module_quiz(modules):
    """A one-question quiz closing module 1."""
    return QuizPageFactory.with_questions(modules[0], [ChoiceQuestionFactory()], slug="quiz")


@pytest.fixture
def final(course):
    return QuizPageFactory.with_questions(
        course, [ChoiceQuestionFactory()], slug="final", title="Final assessment"
    )


@pytest.fixture
def enrolled(learner, course):
    return enrolment_create(user=learner, course=course, now=T0)


def fail_attempt(user, quiz, now=None):
    """Start and submit an attempt with nothing chosen: graded, not passed."""
    attempt = attempt_start(user=user, quiz=quiz, now=now)
    return attempt_submit(attempt_id=attempt.pk, user=user, quiz=quiz, now=now)


def row(learner, module) -> ModuleProgress:
    return ModuleProgress.objects.get(enrolment__user=learner, module=module)


# -- when a module is complete ----------------------------------------------------------------


def test_a_passed_quiz_alone_does_not_complete_a_module(learner, modules, module_quiz, enrolled):
    module_visit_record(user=learner, module=modules[0], now=T0)
    assessment_record(
        user=learner, page=modules[0], score=100, passed=True, now=T0 + timedelta(minutes=5)
    )
    status = course_progress(user=learner, course=enrolled.course).status_of(modules[0])
    assert status.quiz_passed
    assert not status.complete
    assert (status.minutes_spent, status.minutes_required, status.minutes_left) == (5, 20, 15)
    assert row(learner, modules[0]).completed_at is None


def test_study_time_alone_does_not_complete_a_module_with_a_quiz(
    learner, modules, module_quiz, enrolled
):
    study(user=learner, module=modules[0], minutes=25, start=T0)
    status = course_progress(user=learner, course=enrolled.course).status_of(modules[0])
    assert status.time_done
    assert not status.complete
    assert row(learner, modules[0]).completed_at is None


def test_both_complete_the_module_once_in_either_order(learner, modules, module_quiz, enrolled):
    end = study(user=learner, module=modules[0], minutes=20, start=T0)
    passed_at = end + timedelta(hours=2)  # idle since: no time credited
    assessment_record(user=learner, page=modules[0], score=90, passed=True, now=passed_at)
    assert row(learner, modules[0]).completed_at == passed_at
    assessment_record(
        user=learner, page=modules[0], score=100, passed=True, now=passed_at + timedelta(minutes=1)
    )
    study(user=learner, module=modules[0], minutes=10, start=passed_at + timedelta(days=1))
    assert row(learner, modules[0]).completed_at == passed_at  # the first time is kept

    # the other order: the quiz first, then the reading that reaches the minimum
    assessment_record(user=learner, page=modules[1], score=100, passed=True, now=T0)
    assert row(learner, modules[1]).completed_at is None  # modules[1] has no quiz: time only
    end = study(user=learner, module=modules[1], minutes=20, start=T0 + timedelta(days=3))
    assert row(learner, modules[1]).completed_at == end


def test_a_module_without_a_quiz_completes_on_its_minimum_study_time(learner, modules, enrolled):
    modules[2].minimum_study_minutes = 30
    modules[2].save_revision().publish()
    study(user=learner, module=modules[2], minutes=29, start=T0)
    assert row(learner, modules[2]).completed_at is None
    study(user=learner, module=modules[2], minutes=1, start=T0 + timedelta(minutes=29))
    assert row(learner, modules[2]).completed_at is not None


def test_time_on_a_modules_quiz_counts_for_the_module(learner, modules, module_quiz, enrolled):
    module_visit_record(user=learner, module=modules[0], now=T0)
    assessment_record(
        user=learner, page=modules[0], score=100, passed=True, now=T0 + timedelta(minutes=20)
    )
    assert row(learner, modules[0]).seconds_spent == 20 * 60
    assert row(learner, modules[0]).completed_at == T0 + timedelta(minutes=20)


def test_a_completion_recorded_by_the_old_button_does_not_count_without_the_rule(
    learner, modules, module_quiz, enrolled
):
    """Rows the removed button wrote are kept (history), but the rule decides."""
    ModuleProgress.objects.create(
        enrolment=enrolled, module=modules[0], first_viewed_at=T0, completed_at=T0
    )
    progress = course_progress(user=learner, course=enrolled.course)
    assert not progress.status_of(modules[0]).complete
    assert progress.completed_count == 0


def test_the_module_page_states_recorded_and_required_time(
    learner_client, learner, modules, module_quiz, enrolled
):
    study(user=learner, module=modules[0], minutes=7, start=T0)
    html = learner_client.get(modules[0].url).content.decode()
    assert "Study time recorded: <strong>7 of 20 minutes</strong>" in html
    assert "(13 to go)" in html
    assert "not passed yet" in html
    assert "Mark this module complete" not in html


# -- the final assessment opens when the modules are complete -------------------------------


def test_the_final_is_refused_until_every_module_is_complete(
    learner, course, modules, final, enrolled
):
    study(user=learner, module=modules[0], minutes=20, start=T0)
    with pytest.raises(QuizLocked, match=r"Complete modules 2 and 3 first\."):
        attempt_start(user=learner, quiz=final)
    study(user=learner, module=modules[2], minutes=20, start=T0 + timedelta(hours=1))
    with pytest.raises(QuizLocked, match=r"Complete module 2 first\."):
        attempt_start(user=learner, quiz=final)
    study(user=learner, module=modules[1], minutes=20, start=T0 + timedelta(hours=2))
    assert attempt_start(user=learner, quiz=final).number == 1


def test_the_final_page_says_what_is_left_and_offers_no_start(
    learner_client, learner, modules, final, enrolled
):
    study(user=learner, module=modules[1], minutes=20, start=T0)
    html = learner_client.get(final.url).content.decode()
    assert "Complete modules 1 and 3 first." in html
    assert "Start the quiz" not in html
    response = learner_client.post(reverse("quizzes:start", args=[final.pk]), follow=True)
    assert "Complete modules 1 and 3 first." in response.content.decode()
    assert not final.attempts.exists()


def test_a_module_quiz_is_never_locked(learner, module_quiz, enrolled):
    assert attempt_start(user=learner, quiz=module_quiz).number == 1


# -- when attempts run out ---------------------------------------------------------------------


def test_used_up_attempts_say_the_instructor_can_grant_more(
    learner_client, learner, module_quiz, enrolled
):
    for _ in range(module_quiz.attempts_allowed):
        fail_attempt(learner, module_quiz)
    status = attempts_status(user=learner, quiz=module_quiz)
    assert (status.allowed, status.used, status.left, status.next_opens_at) == (2, 2, 0, None)
    assert "Your instructor can grant you more attempts" in status.reason
    with pytest.raises(NoAttemptsLeft, match="instructor can grant"):
        attempt_start(user=learner, quiz=module_quiz)
    html = learner_client.get(module_quiz.url).content.decode()
    assert "What happens next" in html
    assert "Your instructor can grant you more attempts" in html


def test_a_grant_opens_more_attempts_and_needs_a_reason(learner, instructor, module_quiz, enrolled):
    for _ in range(2):
        fail_attempt(learner, module_quiz)
    with pytest.raises(QuizError, match="reason"):
        attempts_grant(
            learner=learner, quiz=module_quiz, extra_attempts=1, reason=" ", granted_by=instructor
        )
    assert not AttemptGrant.objects.exists()
    attempts_grant(
        learner=learner,
        quiz=module_quiz,
        extra_attempts=1,
        reason="Internet dropped during attempt 2.",
        granted_by=instructor,
    )
    status = attempts_status(user=learner, quiz=module_quiz)
    assert (status.allowed, status.left, status.granted) == (3, 1, 1)
    assert attempt_start(user=learner, quiz=module_quiz).number == 3


def test_a_retake_opens_a_fresh_set_after_the_waiting_period(
    learner_client, learner, module_quiz, enrolled
):
    module_quiz.retake_after_days = 7
    module_quiz.save_revision().publish()
    module_quiz.refresh_from_db()
    for n in range(2):
        fail_attempt(learner, module_quiz, now=T0 + timedelta(minutes=n))
    last = T0 + timedelta(minutes=1)
    waiting = attempts_status(user=learner, quiz=module_quiz, now=last + timedelta(days=6))
    assert waiting.left == 0
    assert waiting.next_opens_at == last + timedelta(days=7)
    assert "A new set of 2 opens on" in waiting.reason
    with pytest.raises(NoAttemptsLeft):
        attempt_start(user=learner, quiz=module_quiz, now=last + timedelta(days=6))

    reopened = last + timedelta(days=7)
    assert attempts_status(user=learner, quiz=module_quiz, now=reopened).left == 2
    for n in range(2):
        fail_attempt(learner, module_quiz, now=reopened + timedelta(minutes=n))
    again = attempts_status(
        user=learner, quiz=module_quiz, now=reopened + timedelta(days=1)
    )  # the second set is used: the next opens a week after its last submission
    assert (again.allowed, again.used, again.left) == (4, 4, 0)
    assert again.next_opens_at == reopened + timedelta(minutes=1, days=7)


def test_answers_stay_hidden_while_a_retake_is_coming(learner_client, learner, enrolled, modules):
    quiz = QuizPageFactory.with_questions(
        modules[1], [ChoiceQuestionFactory()], retake_after_days=3, attempts_allowed=1
    )
    fail_attempt(learner, quiz)
    html = learner_client.get(quiz.url).content.decode()
    assert "A new set of 1 opens on" in html
    assert "Right: below 50,000" not in html  # the correct option's feedback is not revealed


# -- the grant admin -------------------------------------------------------------------------


def test_the_grant_admin_is_for_instructors(client, learner, instructor, module_quiz, enrolled):
    client.force_login(learner)
    assert client.get("/admin/attempt_grants/new/").status_code == 403
    client.force_login(ReviewerFactory())
    assert client.get("/admin/attempt_grants/new/").status_code == 302
    data = {
        "learner_email": learner.email,
        "quiz": module_quiz.pk,
        "extra_attempts": 2,
        "reason": "",
    }
    client.force_login(instructor)
    response = client.post("/admin/attempt_grants/new/", data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not AttemptGrant.objects.exists()

    response = client.post("/admin/attempt_grants/new/", {**data, "reason": "Was ill."})
    assert response.status_code == 302
    grant = AttemptGrant.objects.get()
    assert (grant.user, grant.granted_by, grant.extra_attempts) == (learner, instructor, 2)
    listing = client.get("/admin/attempt_grants/").content.decode()
    assert learner.email in listing
    assert "Was ill." in listing
    assert client.get(f"/admin/attempt_grants/delete/{grant.pk}/").status_code == 404


def test_a_grant_names_an_enrolled_learner(client, instructor, module_quiz):
    client.force_login(instructor)
    stranger = LearnerFactory()
    for email, message in (
        ("nobody@example.org", "No account has this email."),
        (stranger.email, "This learner is not enrolled in the quiz&#x27;s course."),
    ):
        data = {"learner_email": email, "quiz": module_quiz.pk, "extra_attempts": 1, "reason": "x"}
        response = client.post("/admin/attempt_grants/new/", data)
        assert message in response.content.decode()
    assert not AttemptGrant.objects.exists()


def grant_form(learner, quiz, **extra) -> dict:
    return {
        "learner_email": learner.email,
        "quiz": quiz.pk,
        "extra_attempts": 1,
        "reason": "Internet dropped during the last attempt.",
        **extra,
    }


def test_a_grant_after_the_answers_were_shown_asks_to_be_confirmed(
    client, instructor, learner, module_quiz, enrolled
):
    for _ in range(module_quiz.attempts_allowed):
        fail_attempt(learner, module_quiz)  # the last one reveals the answers
    assert answers_shown(user=learner, quiz=module_quiz)
    client.force_login(instructor)
    response = client.post("/admin/attempt_grants/new/", grant_form(learner, module_quiz))
    assert response.status_code == 200
    html = response.content.decode()
    assert "already shown this learner its answers" in html
    assert not AttemptGrant.objects.exists()

    confirmed = grant_form(learner, module_quiz, despite_answers="on")
    assert client.post("/admin/attempt_grants/new/", confirmed).status_code == 302
    assert AttemptGrant.objects.get().extra_attempts == 1
    # once granted, the learner still counts as having seen them for the next grant
    assert answers_shown(user=learner, quiz=module_quiz)


def test_no_confirmation_while_the_answers_were_never_shown(
    client, instructor, learner, module_quiz, enrolled
):
    fail_attempt(learner, module_quiz)  # one of two: answers stay hidden
    client.force_login(instructor)
    response = client.post("/admin/attempt_grants/new/", grant_form(learner, module_quiz))
    assert response.status_code == 302
    assert AttemptGrant.objects.count() == 1


@pytest.mark.parametrize(
    ("settings", "shown"),
    [
        ({"reveal_answers": False}, False),  # a quiz that never reveals them
        ({"retake_after_days": 7}, False),  # a new set of attempts always comes
        ({}, True),
    ],
    ids=["not-revealing", "retake-period", "revealing"],
)
def test_answers_shown_follows_what_the_feedback_reveals(
    learner, modules, enrolled, settings, shown
):
    quiz = QuizPageFactory.with_questions(
        modules[1], [ChoiceQuestionFactory()], attempts_allowed=1, **settings
    )
    assert not answers_shown(user=learner, quiz=quiz)
    attempt = fail_attempt(learner, quiz)
    assert answers_shown(user=learner, quiz=quiz) is shown
    feedback = attempt_feedback(attempt, quiz, course_url="/")
    assert feedback["reveal"] is shown


# -- the next step, through to the certificate ----------------------------------------------


def next_step(learner, course):
    return course_progress(user=learner, course=course).next_step


def test_the_next_step_at_every_stage(learner, course, modules, module_quiz, final):
    configure_provider()
    assert next_step(learner, course).label == f"Enrol in {course.title}"
    enrolment_create(user=learner, course=course, now=T0)
    step = next_step(learner, course)
    assert (step.label, step.page.pk) == ("Study module 1: Module 1", modules[0].pk)
    assert step.detail == "0 of 20 minutes of study recorded; 20 to go."

    end = study(user=learner, module=modules[0], minutes=12, start=T0)
    assert next_step(learner, course).label == "Resume module 1: Module 1"
    end = study(user=learner, module=modules[0], minutes=8, start=end)
    step = next_step(learner, course)
    assert (step.label, step.page.pk) == ("Take the quiz of module 1", module_quiz.pk)

    assessment_record(user=learner, page=modules[0], score=100, passed=True, now=end)
    assert next_step(learner, course).label == "Study module 2: Module 2"
    end = study(user=learner, module=modules[1], minutes=20, start=end + timedelta(hours=1))
    end = study(user=learner, module=modules[2], minutes=20, start=end + timedelta(hours=1))
    step = next_step(learner, course)
    assert (step.label, step.page.pk) == ("Take the final assessment", final.pk)

    assessment_record(user=learner, page=course, score=100, passed=True, now=end)
    step = next_step(learner, course)
    assert (step.label, step.url) == (
        "Complete the course evaluation",
        reverse("courses:evaluation", args=[course.pk]),
    )
    learner.legal_name = ""  # the certificate waits for a legal name: pending
    learner.save()
    evaluation_submit(user=learner, course=course, **RATINGS)
    assert Enrolment.objects.get(user=learner).completed_at is not None
    assert next_step(learner, course).label == "Your certificate is being reviewed"

    learner.legal_name = "Lena Learner"
    learner.save()
    certificate = certificate_issue(enrolment=Enrolment.objects.get(user=learner))
    step = next_step(learner, course)
    assert step.label == "Download your certificate"
    assert step.done
    assert step.url == reverse("courses:certificate_download", args=[certificate.code])


def test_the_dashboard_never_says_resume_for_a_completed_course(
    learner_client, learner, course, modules
):
    configure_provider()
    enrolment_create(user=learner, course=course, now=T0)
    complete_modules(user=learner, course=course, start=T0)
    evaluation_submit(user=learner, course=course, **RATINGS)
    html = learner_client.get(reverse("courses:dashboard")).content.decode()
    assert Certificate.objects.filter(user=learner).exists()
    assert "Download your certificate" in html
    assert "Resume" not in html
    assert "Study module" not in html
    assert "Study time recorded: 60 of 60 minutes required." in html


def test_the_course_page_shows_the_next_step_and_time(learner_client, learner, course, modules):
    enrolment_create(user=learner, course=course, now=T0)
    study(user=learner, module=modules[0], minutes=20, start=T0)
    html = learner_client.get(course.url).content.decode()
    assert "Study time recorded: 20 of 60 minutes required." in html
    assert "Study module 2: Module 2" in html
    assert "20 of 20 min studied" in html
    assert "Reach the minimum study time in modules 2 and 3" in html


def dashboard_with(catalogue, courses: int, client) -> tuple[int, str]:
    """A learner in ``courses`` courses (every other one completed with its certificate):
    the dashboard's query count and page."""
    learner = LearnerFactory(legal_name="Dana Learner")
    for n in range(courses):
        course = CoursePageFactory(parent=catalogue)
        for _ in range(3):
            module = ModulePageFactory(parent=course)
            QuizPageFactory.with_questions(module, [ChoiceQuestionFactory()])
        QuizPageFactory.with_questions(course, [ChoiceQuestionFactory()], slug="final")
        enrolment_create(user=learner, course=course)
        if n % 2:
            complete_modules(user=learner, course=course)
            assessment_record(user=learner, page=course, score=100, passed=True)
            evaluation_submit(user=learner, course=course, **RATINGS)
    client.force_login(learner)
    client.get(reverse("courses:dashboard"))  # the site's root paths are cached from here on
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("courses:dashboard"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_dashboard_query_count_is_flat_across_courses(
    client, catalogue, django_assert_max_num_queries
):
    configure_provider()
    one, _ = dashboard_with(catalogue, 1, client)
    six, html = dashboard_with(catalogue, 6, client)
    assert html.count("Download your certificate") == 3
    assert html.count("Study module 1") == 3
    assert one == six
    with django_assert_max_num_queries(one):
        client.get(reverse("courses:dashboard"))


# -- honest time and hours ------------------------------------------------------------------


def test_no_certificate_below_the_required_study_time(learner, course, modules):
    """Completion recorded some other way (the old button) with six minutes of study:
    the certificate is refused, with the reason an administrator reads."""
    configure_provider()
    enrolment = enrolment_create(user=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=T0, seconds_spent=6 * 60)
    with pytest.raises(NotIssuable, match="recorded study time \\(6 minutes\\) is below the 60"):
        certificate_issue(enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_completion_waits_for_the_study_time(learner, course, modules, final):
    configure_provider()
    enrolment_create(user=learner, course=course, now=T0)
    for module in modules:
        study(user=learner, module=module, minutes=19, start=T0)
    assessment_record(user=learner, page=course, score=100, passed=True, now=T0)
    evaluation_submit(user=learner, course=course, **RATINGS)
    assert Enrolment.objects.get(user=learner).completed_at is None
    for module in modules:
        study(user=learner, module=module, minutes=1, start=T0 + timedelta(days=1))
    evaluation_submit(user=learner, course=course, **RATINGS)  # a second submit re-checks
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is not None
    assert enrolment.seconds_spent >= 60 * 60
    assert Certificate.objects.get(user=learner).study_minutes >= 60


def test_the_ce_estimate_warns_when_minutes_and_hours_disagree(course, modules):
    estimate = course.ce_estimate()
    assert (estimate.module_minutes, estimate.study_minutes) == (60, 60)
    assert estimate.module_hours == Decimal("1.00")
    problems = estimate.disagreements(Decimal("2.0"))
    assert any("modules state 60 minutes: 60 minutes (1.00 CEs)" in p for p in problems)
    assert any("minimum study times add up to 60 minutes" in p for p in problems)
    assert not [p for p in estimate.disagreements(Decimal("1.0")) if "state" in p or "study" in p]
    modules[0].minimum_study_minutes = 5
    modules[0].save_revision().publish()
    problems = course.ce_estimate().disagreements(Decimal("1.0"))
    assert any("add up to 45 minutes" in p for p in problems)


def test_the_ce_estimate_counts_the_quizzes_and_states_the_final(course, modules):
    QuizPageFactory.with_questions(modules[0], [ChoiceQuestionFactory(), CaseQuestionFactory()])
    QuizPageFactory.with_questions(
        course, [ChoiceQuestionFactory(), ChoiceQuestionFactory(), CaseQuestionFactory()]
    )

    estimate = course.ce_estimate()

    # 1.5 minutes per choice question, 6 per client case; the final stated by no module.
    assert estimate.assessment.module_quizzes == Decimal("7.5")
    assert estimate.assessment.final == Decimal("9")
    assert estimate.stated_minutes == 60 + 9
    assert not [p for p in estimate.disagreements(Decimal("1.0")) if "state" in p]
    assert any("69 minutes (1.15 CEs)" in p for p in estimate.disagreements(Decimal("1.5")))


def test_the_shipped_course_hours_agree_with_its_minutes_and_content(shipped_content):
    from courses.models import CoursePage

    course = CoursePage.objects.get(slug="oncology-care")
    estimate = course.ce_estimate()
    print(
        f"CE estimate: approved {course.ce_hours}; stated {estimate.stated_minutes} min"
        f" ({estimate.module_minutes} modules + {estimate.final_minutes} final); content"
        f" {estimate.hours} CEs = {estimate.words} words ({estimate.reading_minutes} min)"
        f" + {estimate.assessment_minutes} min of quizzes; study {estimate.study_minutes} min"
    )
    assert estimate.disagreements(course.ce_hours) == []


def test_the_roster_lists_the_study_time(admin_client, learner, course, modules):
    configure_provider()
    enrolment_create(user=learner, course=course, now=T0)
    complete_modules(user=learner, course=course, start=T0)
    evaluation_submit(user=learner, course=course, **RATINGS)
    html = admin_client.get("/admin/certificates/").content.decode()
    assert "Study time (min)" in html
    response = admin_client.get("/admin/certificates/", {"export": "csv"})
    csv = b"".join(response.streaming_content).decode()
    header, line = csv.splitlines()[:2]
    assert "study time recorded (minutes)" in header
    assert ",60," in line


def test_the_transcript_data_carries_the_study_time(learner, course, modules):
    configure_provider()
    enrolment_create(user=learner, course=course, now=T0)
    complete_modules(user=learner, course=course, start=T0)
    evaluation_submit(user=learner, course=course, **RATINGS)
    transcript = learner_transcript(user=learner)
    assert [row.study_minutes for row in transcript["rows"]] == [60]
    assert transcript["study_minutes"] == 60


def test_the_ce_estimate_panel_warns_the_instructor(client, course, modules):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert "Stated:</strong> 60 module minutes" in html
    assert (
        "The modules state 60 minutes: 60 minutes (1.00 CEs), but the course is approved for 2.0"
        in html
    )


def test_without_javascript_a_button_records_the_study_time(learner_client, learner, modules):
    enrolment_create(user=learner, course=modules[0].get_parent().specific, now=T0)
    html = learner_client.get(modules[0].url).content.decode()
    assert "Record my study time" in html  # inside <noscript>
    response = learner_client.post(reverse("courses:visit", args=[modules[0].pk]), {"form": "1"})
    assert response.status_code == 302
    assert response["Location"] == modules[0].url
    assert row(learner, modules[0]).first_viewed_at is not None
