"""Quiz attempts: start, save as you go, submit once, feedback, limits, no answer leakage."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from courses.models import ModuleProgress
from courses.services import enrolment_create
from quizzes.models import Attempt, QuizPage
from quizzes.services import (
    AttemptClosed,
    NoAttemptsLeft,
    NotEnrolled,
    attempt_save,
    attempt_start,
    attempt_submit,
)
from tests.conftest import run_concurrently
from tests.factories import (
    AdaptationRuleFactory,
    CaseFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    QuizPageFactory,
)
from tests.factories.progress import study

pytestmark = pytest.mark.django_db

SAFE_PLAN = {
    "max_pressure_global": ["2"],
    "md_release_required": ["on"],
    "process": ["intake"],
}
UNSAFE_PLAN = {"max_pressure_global": ["4"], "md_release_required": ["on"], "process": ["intake"]}


@pytest.fixture
def quiz(modules):
    AdaptationRuleFactory(rule_id="heme-test")
    choice = ChoiceQuestionFactory(key="q-platelets")
    case_question = CaseQuestionFactory(key="q-ana")
    return QuizPageFactory.with_questions(modules[0], [choice, case_question])


@pytest.fixture
def enrolled(learner, course):
    return enrolment_create(user=learner, course=course)


def correct_option(attempt):
    """The attempt's own opaque value for the correct option of its choice question."""
    attempt.refresh_from_db()
    entry = next(e for e in attempt.layout if e["kind"] == "choice")
    return next(o["value"] for o in entry["options"] if o["correct"])


def post_answers(client, attempt, choice_answer, plan, action="submit"):
    """Post the attempt form; a submit is confirmed at once (``confirm=1``), as the learner
    does on the check before grading."""
    data = {"q-q-platelets-selected": choice_answer, "answers": "1"}
    if action == "submit":
        data["confirm"] = "1"
    data.update({f"q-q-ana-{name}": value for name, value in plan.items()})
    return client.post(reverse(f"quizzes:{action}", args=[attempt.pk]), data)


def test_starting_requires_enrolment(learner, quiz):
    with pytest.raises(NotEnrolled):
        attempt_start(user=learner, quiz=quiz)


def test_starting_twice_resumes_the_open_attempt(learner, quiz, enrolled):
    first = attempt_start(user=learner, quiz=quiz)
    assert attempt_start(user=learner, quiz=quiz).pk == first.pk
    assert Attempt.objects.count() == 1


def test_answers_are_saved_as_the_learner_works_and_survive_a_reload(
    learner_client, learner, quiz, enrolled
):
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    response = learner_client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {"q-q-platelets-selected": correct_option(attempt), "q-q-ana-max_pressure_global": "2"},
        headers={"x-requested-with": "fetch"},
    )
    assert response.status_code == 200
    assert set(response.json()) == {"saved_at"}
    html = learner_client.get(quiz.url).content.decode()
    assert f'value="{correct_option(attempt)}" checked' in html
    assert 'id="id_q-q-ana-max_pressure_global_2" checked' in html


def test_a_safe_plan_and_right_answer_pass_and_mark_the_module(
    learner_client, learner, quiz, enrolled, modules
):
    attempt = attempt_start(user=learner, quiz=quiz)
    response = post_answers(learner_client, attempt, correct_option(attempt), SAFE_PLAN)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.passed, float(attempt.score)) == (True, 100.0)
    progress = ModuleProgress.objects.get(module=modules[0])
    assert progress.quiz_passed_at is not None
    assert float(progress.quiz_score) == 100.0


def test_an_unsafe_plan_fails_its_question_and_the_quiz_with_the_rules_rationale(
    learner_client, learner, quiz, enrolled, modules, course
):
    attempt = attempt_start(user=learner, quiz=quiz)
    post_answers(learner_client, attempt, correct_option(attempt), UNSAFE_PLAN)
    attempt.refresh_from_db()
    case_result = attempt.result["questions"][1]
    assert case_result["verdict"] == "unsafe"
    assert case_result["earned"] == 0
    assert attempt.passed is False
    assert not ModuleProgress.objects.filter(quiz_passed_at__isnull=False).exists()

    html = learner_client.get(f"{quiz.url}?attempt={attempt.pk}").content.decode()
    assert "Low platelets make bruising and bleeding more likely." in html
    assert "heme-test" not in html
    link = f"{course.url}module-1/#section-one"
    assert f'href="{link}"' in html
    target = learner_client.get(link.split("#")[0]).content.decode()
    assert 'id="section-one"' in target  # the feedback link resolves to the teaching section


def test_submitting_twice_grades_once_and_a_submitted_attempt_cannot_change(
    learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-ana": SAFE_PLAN})
    first = attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz)
    second = attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz)
    assert first.submitted_at == second.submitted_at
    assert first.result == second.result
    with pytest.raises(AttemptClosed):
        attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-ana": UNSAFE_PLAN})


def test_attempts_beyond_the_limit_are_refused(learner, quiz, enrolled):
    for _ in range(quiz.attempts_allowed):
        attempt = attempt_start(user=learner, quiz=quiz)
        attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-ana": SAFE_PLAN})
        attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz)
    with pytest.raises(NoAttemptsLeft):
        attempt_start(user=learner, quiz=quiz)
    assert Attempt.objects.count() == quiz.attempts_allowed


def test_an_invalid_plan_is_refused_with_a_field_error_and_nothing_is_graded(
    learner_client, learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    response = post_answers(
        learner_client,
        attempt,
        correct_option(attempt),
        {**SAFE_PLAN, "max_pressure_global": ["9"]},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_no_answer_reaches_the_browser_before_submission(learner_client, learner, quiz, enrolled):
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    html = learner_client.get(quiz.url).content.decode()
    choice = quiz.questions[0].value
    for option in choice.options.all():
        assert option.text in html
        assert option.feedback not in html
    assert "correct" not in html.lower().replace("incorrect", "")
    assert "Low platelets make bruising" not in html  # no rule rationale
    assert "expected" not in html.lower()


def test_other_learners_cannot_touch_an_attempt(learner, quiz, enrolled):
    from tests.factories import LearnerFactory

    attempt = attempt_start(user=learner, quiz=quiz)
    intruder = Client()
    intruder.force_login(LearnerFactory())
    assert intruder.post(reverse("quizzes:save", args=[attempt.pk]), {}).status_code == 404
    assert intruder.post(reverse("quizzes:submit", args=[attempt.pk]), {}).status_code == 404


def test_case_facts_are_validated_in_the_admin():
    case = CaseFactory.build(facts={"labs": {"platelets": 1}})
    with pytest.raises(ValidationError) as raised:
        case.clean()
    assert "labs.platelets: unknown fact" in str(raised.value)


def test_the_admin_refuses_a_rule_that_does_not_validate_with_the_reason(admin_client):
    data = {
        "rule_id": "new-rule",
        "title": "New",
        "category": "test",
        "confidence": "common",
        "when": "labs.platelets < 5",
        "must": "max_pressure_global: 9",
        "should": "",
        "advice": "",
        "rationale": "Why.",
        "sources": "S1",
        "teaches": "",
        "active": "on",
    }
    response = admin_client.post("/admin/snippets/quizzes/adaptationrule/add/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "unknown fact &#x27;labs.platelets&#x27;" in html or "unknown fact 'labs.platelets'" in html
    )
    assert "expected a pressure level from 0 to 5" in html
    data.update(when="labs.platelets_per_uL < 5", must="max_pressure_global: 1")
    response = admin_client.post("/admin/snippets/quizzes/adaptationrule/add/", data)
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_grade_one_attempt(site_tree):
    """Two requests submit the same attempt at once (a double click): one grading."""
    from tests.factories import (
        CourseIndexPageFactory,
        CoursePageFactory,
        LearnerFactory,
        ModulePageFactory,
    )

    course = CoursePageFactory(parent=CourseIndexPageFactory(slug="catalogue"))
    module = ModulePageFactory(parent=course, slug="module-1")
    AdaptationRuleFactory(rule_id="heme-test")
    quiz = QuizPageFactory.with_questions(module, [CaseQuestionFactory(key="q-ana")])
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-ana": SAFE_PLAN})

    results = run_concurrently(
        lambda: attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz)
    )
    assert len(results) == 2
    assert results[0].submitted_at == results[1].submitted_at
    assert Attempt.objects.filter(submitted_at__isnull=False).count() == 1
    assert ModuleProgress.objects.get(module=module).quiz_passed_at is not None


def test_passing_the_final_assessment_is_recorded_on_the_enrolment(learner, course, enrolled):
    AdaptationRuleFactory(rule_id="heme-test")
    final = QuizPageFactory.with_questions(
        course, [CaseQuestionFactory(key="q-final")], slug="final-assessment"
    )
    assert final.assesses_course
    for module in course.modules():  # the final opens once every module is complete
        study(user=learner, module=module, minutes=module.required_study_minutes)
    attempt = attempt_start(user=learner, quiz=final)
    attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-final": SAFE_PLAN})
    attempt_submit(attempt_id=attempt.pk, user=learner, quiz=final)
    enrolled.refresh_from_db()
    assert enrolled.final_passed_at is not None
    assert float(enrolled.final_score) == 100.0


def test_the_expected_plan_is_revealed_only_after_the_last_attempt(
    learner_client, learner, quiz, enrolled
):
    for number in range(1, quiz.attempts_allowed + 1):
        attempt = attempt_start(user=learner, quiz=quiz)
        attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-ana": UNSAFE_PLAN})
        attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz)
        html = learner_client.get(f"{quiz.url}?attempt={attempt.pk}").content.decode()
        revealed = "What the rules require for this client" in html
        assert revealed is (number == quiz.attempts_allowed)
    assert "Highest pressure anywhere:</strong> level 2" in html
    assert "heme-test" not in html  # the rules are named by their titles, never their ids


def choice_values(attempt) -> list[str]:
    return [o["value"] for o in next(e for e in attempt.layout if e["kind"] == "choice")["options"]]


def test_a_single_answer_question_refuses_two_answers_and_values_outside_the_attempt(
    learner_client, learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    values = choice_values(attempt)
    plan = {f"q-q-ana-{name}": value for name, value in SAFE_PLAN.items()}
    for selected, message in (
        (values[:2], "Choose one answer."),
        ([str(quiz.questions[0].value.options.first().pk)], "Choose from the options shown."),
        (["１２"], "Choose from the options shown."),
        (["9" * 4300], "larger than any question allows"),
    ):
        response = learner_client.post(
            reverse("quizzes:submit", args=[attempt.pk]),
            {"q-q-platelets-selected": selected, **plan},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
        attempt.refresh_from_db()
        assert attempt.submitted_at is None


def test_a_non_revealing_attempt_says_only_whether_each_question_was_right(
    learner_client, learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    wrong = next(o["value"] for o in attempt.layout[0]["options"] if not o["correct"])
    post_answers(learner_client, attempt, wrong, SAFE_PLAN)
    html = learner_client.get(f"{quiz.url}?attempt={attempt.pk}").content.decode()
    assert "not right" in html
    for option in quiz.questions[0].value.options.all():
        assert option.feedback not in html
    assert "a correct answer" not in html
    assert "Level 2" not in html  # the right option's text is not shown either


def test_an_open_attempt_grades_against_the_questions_it_started_with(
    learner_client, learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    right = correct_option(attempt)
    choice = quiz.questions[0].value
    choice.options.all().delete()  # a re-import recreates the options
    choice.options.create(text="Level 2", correct=True, feedback="New wording.", sort_order=0)
    choice.key = "renamed-in-the-admin"
    choice.save()
    response = post_answers(learner_client, attempt, right, SAFE_PLAN)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.result["questions"][0]["correct"] is True
    assert attempt.passed is True


# -- working habits: the navigator, the check before grading, retakes, clearing, errors -----


def submit_form(client, attempt, data, **extra):
    """Post the whole attempt form (as a browser does) to submit, and follow to the check
    before grading (a page of its own: a reload repeats nothing)."""
    return client.post(
        reverse("quizzes:submit", args=[attempt.pk]),
        {"answers": "1", **data, **extra},
        follow=True,
    )


def test_each_question_reads_question_n_of_n_and_the_navigator_says_what_is_answered(
    learner_client, learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-ana": SAFE_PLAN})
    html = learner_client.get(quiz.url).content.decode()
    assert "Question 1 of 2" in html
    assert "Question 2 of 2" in html
    nav = html[html.index('class="quiz-nav"') : html.index("</nav>", html.index("quiz-nav"))]
    assert nav.count('href="#question-') == 2
    first, second = nav.split('href="#question-2"')
    assert ">not answered<" in first  # the choice question, left blank
    assert ">answered<" in second
    assert "not answered" not in second


def test_submitting_with_an_unanswered_question_asks_first_and_grades_nothing(
    learner_client, learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    data = {f"q-q-ana-{name}": value for name, value in SAFE_PLAN.items()}
    response = submit_form(learner_client, attempt, data)
    html = response.content.decode()
    assert response.redirect_chain == [(f"{quiz.url}?check=submit", 302)]
    assert "Question 1 has no answer." in html
    assert "An unanswered question scores nothing." in html
    assert "Submit for grading anyway" in html
    assert "You have 1 attempt left after this one." in html
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.answers["q-ana"] == SAFE_PLAN  # the answers were saved on the way

    response = learner_client.post(reverse("quizzes:submit", args=[attempt.pk]), {"confirm": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.result["questions"][0]["earned"] == 0
    assert attempt.answers["q-ana"] == SAFE_PLAN  # the confirmation posts no answers


def test_a_fully_answered_attempt_is_also_confirmed_once(learner_client, learner, quiz, enrolled):
    attempt = attempt_start(user=learner, quiz=quiz)
    data = {f"q-q-ana-{name}": value for name, value in SAFE_PLAN.items()}
    data["q-q-platelets-selected"] = correct_option(attempt)
    html = submit_form(learner_client, attempt, data).content.decode()
    assert "Every question has an answer." in html
    assert "has no answer" not in html
    assert "Submit for grading anyway" not in html
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_an_empty_session_plan_is_named_and_cannot_pass(learner_client, learner, quiz, enrolled):
    attempt = attempt_start(user=learner, quiz=quiz)
    data = {"q-q-platelets-selected": correct_option(attempt), "q-q-ana-limit__left_arm": ""}
    html = submit_form(learner_client, attempt, data).content.decode()
    assert "Question 2 has no answer." in html  # an empty select is not an answer
    assert "A session plan left empty means this attempt cannot pass." in html
    learner_client.post(reverse("quizzes:submit", args=[attempt.pk]), {"confirm": "1"})
    attempt.refresh_from_db()
    assert attempt.passed is False
    page = learner_client.get(f"{quiz.url}?attempt={attempt.pk}").content.decode()
    assert "No session plan was given, so this question scores nothing." in page


def test_refused_answers_are_summarised_by_question_with_links_to_their_fields(
    learner_client, learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    data = {f"q-q-ana-{name}": value for name, value in SAFE_PLAN.items()}
    data["q-q-ana-max_pressure_global"] = "9"
    data["q-q-platelets-selected"] = choice_values(attempt)[:2]
    response = submit_form(learner_client, attempt, data)
    html = response.content.decode()
    assert response.status_code == 400
    summary = html[html.index('class="error-summary"') : html.index('class="quiz-form"')]
    assert 'role="alert"' in summary
    assert "There is a problem" in summary
    assert 'href="#q-q-platelets-o1" data-question="1">Question 1: Choose one answer.' in summary
    assert (
        'href="#id_q-q-ana-max_pressure_global_0" data-question="2">'
        "Question 2: Select a valid choice." in summary
    )
    assert html.count("quiz-nav__link--error") == 2
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_a_retake_starts_from_the_learners_last_answers(learner, quiz, enrolled):
    first = attempt_start(user=learner, quiz=quiz)
    right = correct_option(first)
    right_text = next(o["text"] for o in first.layout[0]["options"] if o["value"] == right)
    attempt_save(
        attempt_id=first.pk,
        user=learner,
        answers={"q-platelets": {"selected": [right]}, "q-ana": UNSAFE_PLAN},
    )
    attempt_submit(attempt_id=first.pk, user=learner, quiz=quiz)

    retake = attempt_start(user=learner, quiz=quiz)
    options = retake.layout[0]["options"]
    carried = retake.answers["q-platelets"]["selected"]
    assert carried != [right]  # values are the new attempt's own
    assert [o["text"] for o in options if o["value"] in carried] == [right_text]
    assert retake.answers["q-ana"] == UNSAFE_PLAN


def test_a_retake_carries_only_what_the_quiz_still_asks(learner, quiz, enrolled):
    first = attempt_start(user=learner, quiz=quiz)
    attempt_save(
        attempt_id=first.pk,
        user=learner,
        answers={"q-platelets": {"selected": [correct_option(first)]}, "q-ana": SAFE_PLAN},
    )
    attempt_submit(attempt_id=first.pk, user=learner, quiz=quiz)
    choice = quiz.questions[0].value
    choice.options.filter(correct=True).update(text="Level 2 (reworded)")
    stream = [{"type": "choice", "value": choice.pk}]
    quiz.questions = stream
    quiz.save()

    retake = attempt_start(user=learner, quiz=QuizPage.objects.get(pk=quiz.pk))
    assert [e["key"] for e in retake.layout] == ["q-platelets"]
    assert retake.answers == {}  # the chosen option is gone; the case question was removed


def test_a_retake_page_shows_the_carried_answers_and_no_answer_key(
    learner_client, learner, quiz, enrolled
):
    first = attempt_start(user=learner, quiz=quiz)
    wrong = next(o["value"] for o in first.layout[0]["options"] if not o["correct"])
    attempt_save(
        attempt_id=first.pk,
        user=learner,
        answers={"q-platelets": {"selected": [wrong]}, "q-ana": SAFE_PLAN},
    )
    attempt_submit(attempt_id=first.pk, user=learner, quiz=quiz)
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    retake = Attempt.objects.get(submitted_at__isnull=True)
    html = learner_client.get(quiz.url).content.decode()
    carried = retake.answers["q-platelets"]["selected"][0]
    assert f'value="{carried}" checked' in html
    assert 'id="id_q-q-ana-max_pressure_global_2" checked' in html
    assert "starts from your answers to the last one" in html
    assert "correct" not in html.lower().replace("incorrect", "")
    for option in quiz.questions[0].value.options.all():
        assert option.feedback not in html


def test_clearing_one_answer_keeps_the_others(learner_client, learner, quiz, enrolled):
    attempt = attempt_start(user=learner, quiz=quiz)
    data = {f"q-q-ana-{name}": value for name, value in SAFE_PLAN.items()}
    data["q-q-platelets-selected"] = correct_option(attempt)
    response = learner_client.post(
        reverse("quizzes:clear", args=[attempt.pk]), {"answers": "1", "clear": "q-ana", **data}
    )
    assert response.status_code == 302
    assert response.url.endswith("#question-2")
    attempt.refresh_from_db()
    assert "q-ana" not in attempt.answers
    assert attempt.answers["q-platelets"] == {"selected": [correct_option(attempt)]}


def test_clearing_every_answer_asks_first(learner_client, learner, quiz, enrolled):
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-ana": SAFE_PLAN})
    url = reverse("quizzes:clear", args=[attempt.pk])
    html = learner_client.post(url, {"clear": "all"}, follow=True).content.decode()
    assert "Clear every answer?" in html
    attempt.refresh_from_db()
    assert attempt.answers == {"q-ana": SAFE_PLAN}
    assert learner_client.post(url, {"clear": "all", "confirm": "1"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_clearing_is_refused_for_another_learner_or_a_submitted_attempt(
    learner_client, learner, quiz, enrolled
):
    from tests.factories import LearnerFactory

    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-ana": SAFE_PLAN})
    url = reverse("quizzes:clear", args=[attempt.pk])
    intruder = Client()
    intruder.force_login(LearnerFactory())
    assert intruder.post(url, {"clear": "all", "confirm": "1"}).status_code == 404
    assert learner_client.post(url, {"clear": "no-such-question"}).status_code == 400
    attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz)
    response = learner_client.post(url, {"clear": "all", "confirm": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.answers == {"q-ana": SAFE_PLAN}


def test_a_whole_form_save_clears_a_question_left_empty(learner_client, learner, quiz, enrolled):
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save(
        attempt_id=attempt.pk,
        user=learner,
        answers={"q-platelets": {"selected": [correct_option(attempt)]}},
    )
    data = {f"q-q-ana-{name}": value for name, value in SAFE_PLAN.items()}
    learner_client.post(reverse("quizzes:save", args=[attempt.pk]), {"answers": "1", **data})
    attempt.refresh_from_db()
    assert attempt.answers["q-platelets"] == {}  # every option unticked sends nothing
