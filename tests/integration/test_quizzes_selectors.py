"""What a quiz page shows (``quizzes.selectors``): a learner's own attempts only, on published
quizzes; an open attempt as it was when it started, with nothing that gives an answer away;
graded feedback in clinical words, revealed only when the quiz allows; and a number of queries
that does not grow with the attempts or the questions."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrolment_create
from quizzes.models import QuizPage
from quizzes.selectors import (
    answered,
    attempt_feedback,
    attempt_questions,
    grading_scale,
    next_step,
    numbered,
    quiz_context,
)
from quizzes.services import attempt_save, attempt_start, attempt_submit
from quizzes.versions import case_entry, version_of
from tests.factories import (
    AdaptationRuleFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    LearnerFactory,
    QuizPageFactory,
)

pytestmark = pytest.mark.django_db

SAFE_PLAN = {
    "max_pressure_global": ["2"],
    "md_release_required": ["on"],
    "process": ["intake", "care_team_feedback"],
}
UNSAFE_PLAN = {"max_pressure_global": ["4"], "process": ["intake"]}
TOKEN = re.compile(r"\b\w+_\w+\b|\b[a-z]+:[a-z]")


@pytest.fixture
def quiz(modules):
    AdaptationRuleFactory(
        rule_id="heme-test",
        must={
            "max_pressure_global": 2,
            "md_release_required": True,
            "excluded_techniques": ["deep_tissue", "cupping"],
        },
        should={"process": ["intake", "care_team_feedback"]},
    )
    choice = ChoiceQuestionFactory(key="q-platelets")
    case_question = CaseQuestionFactory(key="q-ana")
    return QuizPageFactory.with_questions(modules[0], [choice, case_question])


@pytest.fixture
def enrolled(learner, course):
    return enrolment_create(user=learner, course=course)


def answers_for(attempt, *, right=True, plan=SAFE_PLAN) -> dict:
    answers = {}
    for entry in attempt.layout:
        if entry["kind"] == "choice":
            chosen = [o["value"] for o in entry["options"] if o["correct"] is right][:1]
            answers[entry["key"]] = {"selected": chosen}
        else:
            answers[entry["key"]] = plan
    return answers


def take(user, quiz, *, right=True, plan=SAFE_PLAN):
    attempt = attempt_start(user=user, quiz=quiz)
    attempt_save(
        attempt_id=attempt.pk, user=user, answers=answers_for(attempt, right=right, plan=plan)
    )
    return attempt_submit(attempt_id=attempt.pk, user=user, quiz=quiz)


def page_request(rf, user, **params):
    request = rf.get("/quiz/", params)
    request.user = user
    return request


# -- the open attempt ------------------------------------------------------------------------


def test_an_open_attempt_shows_its_questions_in_order_with_the_saved_answers(
    learner, quiz, enrolled
):
    attempt = attempt_start(user=learner, quiz=quiz)
    chosen = attempt.layout[0]["options"][1]["value"]
    attempt = attempt_save(
        attempt_id=attempt.pk,
        user=learner,
        answers={"q-platelets": {"selected": [chosen]}, "q-ana": SAFE_PLAN},
    )
    items = attempt_questions(attempt)
    assert [(i["number"], i["key"], i["kind"]) for i in items] == [
        (1, "q-platelets", "choice"),
        (2, "q-ana", "case_plan"),
    ]
    options = items[0]["options"]
    assert [o["value"] for o in options] == [o["value"] for o in attempt.layout[0]["options"]]
    assert [o["value"] for o in options if o["checked"]] == [chosen]
    form = items[1]["form"]
    assert form["max_pressure_global"].value() == "2"
    assert form["process"].value() == ["intake", "care_team_feedback"]
    assert items[1]["case"].case_id == quiz.questions[1].value.case.case_id


def test_an_open_attempt_gives_no_answer_away(learner, quiz, enrolled):
    attempt = attempt_start(user=learner, quiz=quiz)
    choice, case = attempt_questions(attempt)
    for option in choice["options"]:
        assert set(option) == {"value", "text", "checked"}  # no correctness, no feedback
        assert not option["value"].isdigit()
    assert not case["form"].is_bound  # an empty plan form, no expected plan
    assert "expected" not in case
    assert "feedback" not in choice


def test_an_open_attempt_shows_the_questions_as_they_were_when_it_started(learner, quiz, enrolled):
    attempt = attempt_start(user=learner, quiz=quiz)
    choice = quiz.questions[0].value
    choice.options.update(text="Edited in the admin")
    choice.prompt = "A new prompt"
    choice.save()
    item = attempt_questions(attempt)[0]
    assert item["question"].prompt != "A new prompt"
    assert "Edited in the admin" not in {o["text"] for o in item["options"]}


def test_refused_answers_are_shown_on_their_fields(learner, quiz, enrolled):
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save(
        attempt_id=attempt.pk, user=learner, answers={"q-ana": {"max_pressure_global": ["9"]}}
    )
    errors = {
        "q-platelets": {"selected": [{"message": "Choose one answer."}]},
        "q-ana": {"max_pressure_global": [{"message": "Select a valid choice."}]},
    }
    choice, case = attempt_questions(attempt, errors)
    assert choice["errors"] == ["Choose one answer."]
    assert "max_pressure_global" in case["form"].errors


# -- feedback --------------------------------------------------------------------------------


def test_a_failed_attempt_with_attempts_left_reveals_no_answer(learner, quiz, enrolled, course):
    attempt = take(learner, quiz, right=False, plan=UNSAFE_PLAN)
    feedback = attempt_feedback(attempt, quiz, course.url)
    assert feedback["reveal"] is False
    choice, case = feedback["questions"]
    chosen = next(
        o["text"]
        for o in attempt.layout[0]["options"]
        if o["value"] in attempt.answers["q-platelets"]["selected"]
    )
    assert choice["feedback"] == [{"text": chosen, "chosen": True}]
    assert case["expected_plan"] == []
    [rule] = case["rules"]  # one entry per rule, however many of its items were missed
    assert "rule" not in rule  # learners read the rule's title, never its id
    assert rule["severity"] == "unsafe"
    assert len(rule["details"]) >= 2
    assert rule["title"] == "Platelets below 50,000/µL"
    assert rule["rationale"] == "Low platelets make bruising and bleeding more likely."
    assert rule["link"] == f"{course.url}module-1/#section-one"


def test_the_last_attempt_reveals_the_answers_and_the_plan_in_words(
    learner, quiz, enrolled, course
):
    take(learner, quiz, right=False, plan=UNSAFE_PLAN)
    last = take(learner, quiz, right=False, plan=UNSAFE_PLAN)
    feedback = attempt_feedback(last, quiz, course.url)
    assert feedback["reveal"] is True
    choice, case = feedback["questions"]
    assert [o["correct"] for o in choice["feedback"]] == [
        o["correct"] for o in last.layout[0]["options"]
    ]
    assert all(o["feedback"] for o in choice["feedback"])
    rows = {(row["severity"], row["label"]): row["value"] for row in case["expected_plan"]}
    assert rows[("Must", "Highest pressure anywhere")] == "level 2"
    assert rows[("Must", "Confirm the plan with the treating team")] == "yes"
    assert "Deep-tissue work" in rows[("Must", "Techniques left out")]
    why = {row["label"]: row["rules"] for row in case["expected_plan"]}
    assert why["Highest pressure anywhere"] == ["Platelets below 50,000/µL"]  # titles, not ids


def test_revealed_feedback_of_a_postponed_session_names_its_rules(modules, course):
    """When a rule postpones the session, the engine's expected plan also says that the
    postponement dominates: revealing it must not break the results page (it did: a 500
    on a passed final assessment)."""
    AdaptationRuleFactory(
        rule_id="fever-test",
        title="Fever on the day",
        must={"postpone": True, "refer": ["physician_urgent"]},
    )
    quiz = QuizPageFactory.with_questions(modules[0], [CaseQuestionFactory(key="q-fever")])
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    plan = {"postpone": ["on"], "refer": ["physician_urgent"], "max_pressure_global": ["0"]}
    attempt = take(learner, quiz, plan=plan)
    assert attempt.result["questions"][0]["expected"]["postpone_dominates"] is True

    feedback = attempt_feedback(attempt, quiz, course.url)

    assert feedback["reveal"] is True
    [case] = feedback["questions"]
    why = {row["label"]: row["rules"] for row in case["expected_plan"]}
    assert why["Postpone today's session"] == ["Fever on the day"]


def test_a_passed_attempt_reveals_only_where_the_quiz_allows(learner, quiz, enrolled, course):
    passed = take(learner, quiz)
    assert passed.passed is True
    assert attempt_feedback(passed, quiz, course.url)["reveal"] is True
    quiz.reveal_answers = False
    quiz.save()
    assert attempt_feedback(passed, quiz, course.url)["reveal"] is False
    used_up = take(learner, quiz, right=False, plan=UNSAFE_PLAN)
    assert attempt_feedback(used_up, quiz, course.url)["reveal"] is False


def test_feedback_words_carry_no_token_fact_name_or_rule_id(learner, quiz, enrolled, course):
    take(learner, quiz, right=False, plan=UNSAFE_PLAN)
    last = take(learner, quiz, right=False, plan={"max_pressure_global": ["5"]})
    case = attempt_feedback(last, quiz, course.url)["questions"][1]
    texts = [row[k] for row in case["expected_plan"] for k in ("label", "value")]
    texts += [title for row in case["expected_plan"] for title in row["rules"]]
    for rule in case["rules"]:
        texts += [rule["title"], rule["rationale"], *rule["details"]]
    assert len(texts) > 6
    for text in texts:
        assert not TOKEN.search(text), text
        assert "heme-test" not in text
        assert "labs." not in text
        assert "platelets_per" not in text


# -- what a learner may see ------------------------------------------------------------------


def test_a_learner_sees_only_their_own_attempts(rf, learner, quiz, enrolled, course):
    other = LearnerFactory()
    enrolment_create(user=other, course=course)
    theirs = take(other, quiz)
    mine = take(learner, quiz, right=False, plan=UNSAFE_PLAN)

    context = quiz_context(quiz=quiz, request=page_request(rf, learner, attempt=theirs.pk))
    assert context["attempts"] == [mine]
    assert context["feedback"]["attempt"] == mine  # another learner's id falls back to mine
    assert context["passed"] is False
    assert context["attempts_left"] == quiz.attempts_allowed - 1

    context = quiz_context(quiz=quiz, request=page_request(rf, other))
    assert context["attempts"] == [theirs]
    assert context["passed"] is True


def test_a_visitor_sees_no_attempt(rf, learner, quiz, enrolled):
    take(learner, quiz)
    context = quiz_context(quiz=quiz, request=page_request(rf, AnonymousUser()))
    assert (context["enrolled"], context["attempts"], context["open_attempt"]) == (False, [], None)
    assert "feedback" not in context
    assert "questions" not in context


def test_an_open_attempt_hides_the_feedback_of_the_last(rf, learner, quiz, enrolled):
    take(learner, quiz, right=False, plan=UNSAFE_PLAN)
    open_attempt = attempt_start(user=learner, quiz=quiz)
    context = quiz_context(quiz=quiz, request=page_request(rf, learner))
    assert context["open_attempt"] == open_attempt
    assert [q["key"] for q in context["questions"]] == ["q-platelets", "q-ana"]
    assert "feedback" not in context


def test_an_unpublished_quiz_is_not_shown(learner_client, learner, quiz, enrolled):
    take(learner, quiz)
    assert learner_client.get(quiz.url).status_code == 200
    quiz.unpublish()
    assert learner_client.get(quiz.url).status_code == 404


# -- queries ---------------------------------------------------------------------------------


def queries_of(function, *args) -> int:
    """Queries of a call once Wagtail's site cache is warm, as on a running site."""
    function(*args)
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured.captured_queries)


def context_of(rf, user, quiz_pk):
    """The page's context, built as for a request: from a freshly loaded quiz page."""
    return quiz_context(quiz=QuizPage.objects.get(pk=quiz_pk), request=page_request(rf, user))


def test_queries_do_not_grow_with_the_attempts(rf, quiz, course, django_assert_num_queries):
    quiz.attempts_allowed = 5
    quiz.save()
    few, many = LearnerFactory(), LearnerFactory()
    for user, attempts in ((few, 1), (many, 5)):
        enrolment_create(user=user, course=course)
        for _ in range(attempts):
            take(user, quiz, right=False, plan=UNSAFE_PLAN)
    baseline = queries_of(context_of, rf, few, quiz.pk)
    with django_assert_num_queries(baseline):
        context = context_of(rf, many, quiz.pk)
    assert len(context["attempts"]) == 5
    assert context["feedback"]["reveal"] is True


def test_queries_do_not_grow_with_the_questions(rf, modules, course, django_assert_num_queries):
    AdaptationRuleFactory(rule_id="heme-test")
    one = QuizPageFactory.with_questions(modules[0], [CaseQuestionFactory()])
    many = QuizPageFactory.with_mixed_questions(modules[1], 6)
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    for quiz in (one, many):
        take(learner, quiz, right=False, plan=UNSAFE_PLAN)

    baseline = queries_of(context_of, rf, learner, one.pk)  # feedback on the graded attempt
    with django_assert_num_queries(baseline):
        context = context_of(rf, learner, many.pk)
    assert len(context["feedback"]["questions"]) == 6

    for quiz in (one, many):
        attempt_start(user=learner, quiz=quiz)
    baseline = queries_of(context_of, rf, learner, one.pk)  # the open attempt's questions
    with django_assert_num_queries(baseline):
        context = context_of(rf, learner, many.pk)
    assert len(context["questions"]) == 6


def test_an_open_attempt_is_shown_from_its_snapshot_without_a_query(
    learner, modules, course, django_assert_num_queries
):
    quiz = QuizPageFactory.with_questions(
        modules[0], [CaseQuestionFactory(), ChoiceQuestionFactory(), CaseQuestionFactory()]
    )
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    with django_assert_num_queries(0):
        items = attempt_questions(attempt)
    assert len(items) == 3


# -- answered or not, and the next step --------------------------------------------------------


def test_a_plan_counts_as_answered_only_by_a_value_the_learner_gave(db):
    question = CaseQuestionFactory(fields=["pressure", "infection_control", "techniques"])
    version = version_of(case_entry(question))
    preset = {"infection_control": ["standard"], "joint_movement": ["none"], "limit__chest": [""]}
    assert answered(version, {}) is False
    assert answered(version, preset) is False  # what the form preselects, and empty selects
    assert answered(version, {"not_a_field": ["2"]}) is False
    assert answered(version, {**preset, "infection_control": ["enhanced"]}) is True
    assert answered(version, {"max_pressure_global": ["0"]}) is True  # level 0 is an answer


def test_unanswered_questions_are_named_in_words():
    assert numbered([2]) == "Question 2"
    assert numbered([2, 5]) == "Question 2 and Question 5"
    assert numbered([1, 2, 5]) == "Question 1, Question 2 and Question 5"


def test_after_a_pass_the_next_step_leads_through_the_course(learner, course, modules, enrolled):
    """The results page offers the course's one next step: the module still to finish, then
    the final assessment, then the evaluation."""
    from django.utils import timezone

    from courses.models import CourseEvaluation
    from courses.services import assessment_record
    from tests.factories.progress import complete_modules

    quizzes = [
        QuizPageFactory.with_questions(module, [CaseQuestionFactory()], slug=f"quiz-{n}")
        for n, module in enumerate(modules)
    ]
    final = QuizPageFactory.with_questions(course, [CaseQuestionFactory()], slug="final")
    first = next_step(quiz=quizzes[2], user=learner)
    assert first["url"] == modules[0].url  # nothing studied yet: module 1 comes first

    complete_modules(user=learner, course=course)
    step = next_step(quiz=quizzes[2], user=learner)
    assert step["url"] == final.url
    assert "final assessment" in step["text"]

    assessment_record(user=learner, page=course, score=100, passed=True)
    assert next_step(quiz=final, user=learner)["text"] == "Complete the course evaluation"
    CourseEvaluation.objects.create(
        enrolment=enrolled,
        objectives_met=5,
        relevance=5,
        presentation=5,
        submitted_at=timezone.now(),
    )
    assert next_step(quiz=final, user=learner)["text"] != "Complete the course evaluation"


def test_the_results_lead_on_after_a_pass_and_back_to_the_module_after_a_fail(
    learner_client, learner, quiz, enrolled, modules
):
    failed = take(learner, quiz, right=False, plan=UNSAFE_PLAN)
    html = learner_client.get(f"{quiz.url}?attempt={failed.pk}").content.decode()
    assert f'<a href="{modules[0].url}">Review the module</a>' in html
    assert "you have 1 attempt left" in html
    assert "Try again (1 attempt left)" in html
    assert "Go on to the next module" not in html

    take(learner, quiz)
    html = learner_client.get(quiz.url).content.decode()
    step = next_step(quiz=quiz, user=learner)  # the course's next step (module 1's study time)
    assert f'href="{step["url"]}">{step["text"]}</a>' in html
    assert "Review the module" not in html


def test_the_grading_scale_comes_from_the_quiz_fields_and_the_questions_points(modules):
    questions = [
        ChoiceQuestionFactory(key="q-one", points=1),
        ChoiceQuestionFactory(key="q-two", points=2),
        CaseQuestionFactory(key="q-case", points=3),
    ]
    quiz = QuizPageFactory.with_questions(
        modules[0], questions, pass_mark=75, attempts_allowed=2, retake_after_days=14
    )

    scale = grading_scale(quiz)

    assert (scale.choice_count, scale.choice_points) == (2, 3)
    assert (scale.case_count, scale.case_points, scale.points_per_case) == (1, 3, "3")
    assert scale.points_per_choice == "on average 1.5"
    # 75 % of 6 points is 4.5: the learner needs 5 whole points.
    assert (scale.total, scale.needed) == (6, 5)
    assert (scale.attempts_allowed, scale.retake_after_days) == (2, 14)


def test_the_quiz_page_publishes_its_grading_scale_before_enrolment(client, modules):
    quiz = QuizPageFactory.with_questions(
        modules[0],
        [ChoiceQuestionFactory(key="q-one"), CaseQuestionFactory(key="q-case")],
        pass_mark=80,
        attempts_allowed=3,
    )

    page = client.get(quiz.url).content.decode()

    assert "How this quiz is graded" in page
    # 1 + 3 points; 80 % of 4 is 3.2, so 4 points are needed.
    assert "80% of the points (4 of 4)" in page
    assert "scores 3 points" in page
    assert "unsafe: it scores nothing" in page
