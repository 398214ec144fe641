"""The grading adapter (``quizzes.grading``): the stored rules and a stored case question, as an
attempt snapshots it, graded by the engine. Built on the small rule folder of
``tests/data/content`` (the importer's own test data) and its case T01, plus the library's
rule against blanket refusal."""

import re
from pathlib import Path

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrolment_create
from quizzes.engine.plan import PlanError
from quizzes.grading import grade_case_question, grade_choice_question, rule_set
from quizzes.models import AdaptationRule, QuizPage
from quizzes.services import (
    InvalidAnswers,
    UnacceptableAnswer,
    attempt_review,
    attempt_save,
    attempt_start,
    attempt_submit,
)
from quizzes.versions import case_entry, choice_entry, version_of
from tests.factories import (
    AdaptationRuleFactory,
    CaseFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    LearnerFactory,
    QuizPageFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).parents[2]
SMALL = ROOT / "tests" / "data" / "content"
T01 = yaml.safe_load((SMALL / "cases" / "T01.yaml").read_text(encoding="utf-8"))


def rules_in(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]


RULE_DATA = [
    *(rule for path in sorted((SMALL / "rules").glob("*.yaml")) for rule in rules_in(path)),
    *(
        rule
        for rule in rules_in(ROOT / "content" / "rules" / "process.yaml")
        if rule["id"] == "proc-no-blanket-refusal"
    ),
]
FIELDS = [
    "postpone",
    "md_release_required",
    "pressure",
    "avoid_sites",
    "techniques",
    "thermal",
    "stroke_direction",
    "products",
    "process",
]

# What the rules ask for T01 (platelets 42,000/µL; left axillary nodes removed):
EXPERT_PLAN = {
    "max_pressure_global": 2,  # heme-plt-20k-50k; also the at-risk limit of lymph-at-risk-region
    "md_release_required": True,  # heme-plt-20k-50k
    "joint_movement": "gentle_within_range",  # heme-plt-20k-50k
    "techniques": ["effleurage_light"],
    "thermal": {"no_heat": ["quadrant_upper_left"], "no_cold": ["quadrant_upper_left"]},
    "stroke_direction": ["centripetal_light"],  # lymph-at-risk-region
    "product_constraints": ["fragrance_free", "ph_4_5_to_5_5"],  # lymph-at-risk-region
    "process": ["intake", "care_team_feedback"],  # heme-plt-20k-50k
}
TOKEN = re.compile(r"\b\w+_\w+\b|\b[a-z]+:[a-z]")  # deep_tissue, no_product_on:chest_left
FACT_PATH = re.compile(r"\b[a-z]+\.[a-z_]{2,}")  # labs.platelets_per_uL


@pytest.fixture
def rules(db):
    """The rule rows as the importer writes them (same fields, catalogue order)."""
    return {
        data["id"]: AdaptationRuleFactory(
            rule_id=data["id"], sort_order=order, **AdaptationRule.fields_from_data(data)
        )
        for order, data in enumerate(RULE_DATA)
    }


def stored_question(fields=FIELDS, points=4):
    """A case question as an attempt stores and grades it: its snapshot."""
    case = CaseFactory(case_id="T01", title=T01["title"], facts=T01["facts"])
    question = CaseQuestionFactory(case=case, fields=list(fields), points=points)
    return version_of(case_entry(question))


def rule_ids(result) -> set[str]:
    return {v["rule"] for v in result.violations}


# -- a stored case and the active rules ------------------------------------------------------


def test_an_expert_plan_earns_every_point(rules):
    question = stored_question()
    result = grade_case_question(question, EXPERT_PLAN, rule_set())
    assert (result.verdict, result.correct) == ("safe", True)
    assert result.earned == question.points
    assert result.violations == []
    assert set(T01["expected"]["triggered_rules"]) <= set(result.triggered_rules)
    assert result.expected["must"]["max_pressure_global"]["value"] == 2


def test_an_empty_plan_is_unsafe_and_earns_nothing(rules):
    result = grade_case_question(stored_question(), {}, rule_set())
    assert (result.verdict, result.correct, result.earned) == ("unsafe", False, 0)
    assert set(T01["expected"]["triggered_rules"]) <= rule_ids(result)
    assert any(v["severity"] == "unsafe" for v in result.violations)


@pytest.mark.parametrize(
    "refusal",
    [
        {"avoid_sites": ["global"]},
        {"postpone": True},
        {"postpone": True, "avoid_sites": ["global"], "md_release_required": True},
    ],
    ids=["avoid-everything", "postpone", "both"],
)
def test_refusing_the_session_is_not_a_pass(rules, refusal):
    question = stored_question()
    result = grade_case_question(question, refusal, rule_set())
    assert result.correct is False
    assert result.verdict != "safe"
    assert result.earned <= question.points / 4
    assert "proc-no-blanket-refusal" in rule_ids(result)


def test_a_question_is_judged_on_the_sections_it_asks_and_a_caution_loses_only_deductions(
    rules,
):
    question = stored_question(fields=["process"])
    result = grade_case_question(question, {}, rule_set())
    assert {v["field"] for v in result.violations} == {"process"}
    assert (result.verdict, result.correct) == ("caution", False)
    assert 0 < result.earned < question.points


def test_inactive_rules_do_not_grade(rules):
    without_release = {**EXPERT_PLAN, "md_release_required": False}
    question = stored_question()
    assert grade_case_question(question, without_release, rule_set()).verdict == "unsafe"

    platelets = rules["heme-plt-20k-50k"]
    platelets.active = False
    platelets.save()
    assert "heme-plt-20k-50k" not in rule_set().by_id
    result = grade_case_question(question, without_release, rule_set())
    assert result.verdict == "safe"
    assert "heme-plt-20k-50k" not in result.triggered_rules
    assert "heme-plt-20k-50k" not in rule_ids(grade_case_question(question, {}, rule_set()))


def test_an_instructors_edit_grades_the_next_submission(rules):
    question = stored_question()
    assert grade_case_question(question, EXPERT_PLAN, rule_set()).verdict == "safe"
    platelets = rules["heme-plt-20k-50k"]
    assert platelets.must["max_pressure_global"] == 2
    platelets.must = {**platelets.must, "max_pressure_global": 1}
    platelets.save()
    result = grade_case_question(question, EXPERT_PLAN, rule_set())
    assert result.verdict == "unsafe"
    assert {v["field"] for v in result.violations} == {"max_pressure_global"}


def test_the_rule_set_costs_one_query_while_no_rule_changes(rules, django_assert_num_queries):
    first = rule_set()
    with django_assert_num_queries(1):
        assert rule_set() is first


def test_a_choice_question_is_all_or_nothing(db):
    question = version_of(choice_entry(ChoiceQuestionFactory(points=2), shuffle=True))
    right = sorted(question.correct_values)
    wrong = [o.value for o in question.options if not o.correct][:1]
    graded = grade_choice_question(question, right)
    assert (graded.correct, graded.earned) == (True, 2.0)
    assert grade_choice_question(question, wrong).earned == 0.0
    assert grade_choice_question(question, right + wrong).correct is False
    assert grade_choice_question(question, []).earned == 0.0


# -- what the learner reads ------------------------------------------------------------------


def test_feedback_is_in_clinical_words_never_ids_tokens_or_fact_names(rules):
    question = stored_question()
    plans = [
        {},
        {"postpone": True},
        {
            "max_pressure_global": 4,
            "techniques": ["deep_tissue", "hot_stones"],
            "products_used": ["fragranced_lotion"],
            "stroke_direction": ["drainage_toward:axillary_left"],
        },
    ]
    texts = []
    for plan in plans:
        result = grade_case_question(question, plan, rule_set())
        assert result.violations
        for violation in result.violations:
            assert violation["rationale"] == rules[violation["rule"]].rationale
            texts += [violation["detail"], violation["rationale"], violation["message"]]
    for text in texts:
        assert text.strip()
        assert not TOKEN.search(text), text  # no token, no fact name like platelets_per_uL
        assert not FACT_PATH.search(text), text
        assert not [rule_id for rule_id in rules if rule_id in text], text
        assert not re.search(r"\b(LYM|PLT|HEME|PROC)-", text, re.IGNORECASE), text


# -- malformed stored answers ------------------------------------------------------------------


def test_a_plan_outside_the_vocabulary_is_a_plan_error_naming_each_field(rules):
    malformed = {
        "max_pressure_global": "deep",
        "techniques": ["telekinesis"],
        "site_limits": {"chest_middle": 2},
        "bedside_manner": True,
    }
    question = stored_question()
    with pytest.raises(PlanError) as raised:
        grade_case_question(question, malformed, rule_set())
    paths = {path for path, _ in raised.value.errors}
    assert paths == {
        "max_pressure_global",
        "techniques[0]",
        "site_limits.chest_middle",
        "bedside_manner",
    }
    with pytest.raises(PlanError):
        grade_case_question(question, ["not", "a", "plan"], rule_set())


@pytest.fixture
def enrolled_quiz(rules, modules, learner, course):
    enrolment_create(user=learner, course=course)
    case = CaseFactory(case_id="T01", title=T01["title"], facts=T01["facts"])
    question = CaseQuestionFactory(key="q-t01", case=case, fields=FIELDS)
    return QuizPageFactory.with_questions(modules[0], [question])


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ({"max_pressure_global": ["nine"]}, "max_pressure_global"),
        ({"max_pressure_global": ["2"], "techniques": ["deep_tissue", "levitation"]}, "techniques"),
        ({"max_pressure_global": ["2"], "limit__left_arm": ["7"]}, "limit__left_arm"),
        (
            {"max_pressure_global": ["2"], "postpone": ["on"], "limit__left_arm": ["elsewhere"]},
            "limit__left_arm",
        ),
        ({"max_pressure_global": [""]}, "max_pressure_global"),
    ],
)
def test_a_malformed_stored_answer_is_refused_with_its_field_and_nothing_is_graded(
    enrolled_quiz, learner, answer, field
):
    answer = {"joint_movement": ["gentle_within_range"], **answer}
    attempt = attempt_start(user=learner, quiz=enrolled_quiz)
    attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-t01": answer})
    with pytest.raises(InvalidAnswers) as raised:
        attempt_submit(attempt_id=attempt.pk, user=learner, quiz=enrolled_quiz)
    assert list(raised.value.errors) == ["q-t01"]
    assert field in raised.value.errors["q-t01"]
    assert raised.value.errors["q-t01"][field][0]["message"]
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.result) == (None, None)


# -- queries ---------------------------------------------------------------------------------

SAFE_ANSWER = {"max_pressure_global": ["2"], "md_release_required": ["on"], "process": ["intake"]}


def take_quiz(quiz, user, plan=SAFE_ANSWER):
    """Start an attempt and save right answers to every choice question and ``plan`` to
    every case question, ready to submit."""
    attempt = attempt_start(user=user, quiz=quiz)
    answers = {}
    for entry in attempt.layout:
        if entry["kind"] == "choice":
            answers[entry["key"]] = {
                "selected": [o["value"] for o in entry["options"] if o["correct"]]
            }
        else:
            answers[entry["key"]] = plan
    attempt_save(attempt_id=attempt.pk, user=user, answers=answers)
    return attempt


def test_grading_a_submission_costs_the_same_queries_for_one_question_or_many(
    modules, course, django_assert_num_queries
):
    AdaptationRuleFactory(rule_id="heme-test")  # the factory's platelet rule
    one = QuizPageFactory.with_questions(modules[0], [CaseQuestionFactory()])
    many = QuizPageFactory.with_mixed_questions(modules[1], 5)
    first, second = LearnerFactory(), LearnerFactory()
    attempts = []
    for user, quiz in ((first, one), (second, many)):
        enrolment_create(user=user, course=course)
        attempts.append(take_quiz(quiz, user))
    rule_set()  # compiled once, as on a running site

    quiz = QuizPage.objects.get(pk=one.pk)
    with CaptureQueriesContext(connection) as baseline:
        graded = attempt_submit(attempt_id=attempts[0].pk, user=first, quiz=quiz)
    assert graded.passed is True
    assert len(graded.result["questions"]) == 1

    quiz = QuizPage.objects.get(pk=many.pk)
    with django_assert_num_queries(len(baseline.captured_queries)):
        graded = attempt_submit(attempt_id=attempts[1].pk, user=second, quiz=quiz)
    assert graded.passed is True
    assert len(graded.result["questions"]) == 5


@pytest.mark.parametrize(
    "stored",
    [
        {"max_pressure_global": 2, "joint_movement": ["none"]},  # a number, not a list
        ["2"],  # a list, not a mapping of fields
        {"max_pressure_global": "24"},  # a bare text, not a list of texts
    ],
)
def test_a_stored_answer_of_the_wrong_shape_reads_as_no_answer_not_a_server_error(
    enrolled_quiz, learner, stored
):
    """Whatever a writer stored as an answer, it is never read letter by letter and never
    fails: with no value the form can read, the question counts as unanswered (the check
    before grading names it), and grading scores it nothing and does not pass."""
    attempt = attempt_start(user=learner, quiz=enrolled_quiz)
    attempt.answers = {"q-t01": stored}
    attempt.save(update_fields=["answers"])
    assert attempt_review(attempt).unanswered == [1]
    graded = attempt_submit(attempt_id=attempt.pk, user=learner, quiz=enrolled_quiz)
    assert graded.result["questions"][0]["answered"] is False
    assert (graded.result["earned"], graded.passed) == (0, False)


def test_saving_an_answer_that_is_not_texts_is_refused(enrolled_quiz, learner):
    attempt = attempt_start(user=learner, quiz=enrolled_quiz)
    with pytest.raises(UnacceptableAnswer):
        attempt_save(
            attempt_id=attempt.pk, user=learner, answers={"q-t01": {"max_pressure_global": 2}}
        )
    attempt.refresh_from_db()
    assert attempt.answers == {}


@pytest.mark.parametrize(
    ("fields", "refusal"),
    [
        (["pressure", "avoid_sites"], {"max_pressure_global": 2, "avoid_sites": ["global"]}),
        (["pressure"], {"max_pressure_global": 0}),
    ],
    ids=["avoid-everything", "hold-everything"],
)
def test_a_refusal_on_a_question_without_postponing_is_capped_and_not_correct(
    rules, fields, refusal
):
    """The refusal cap withholds points even where the question does not ask about
    postponing (so the blanket-refusal rule itself is set aside): such a plan is neither
    correct nor silent about why it lost its points."""
    question = stored_question(fields=fields)
    result = grade_case_question(question, refusal, rule_set())
    assert result.earned < question.points
    assert result.correct is False
    assert result.refused is True


def test_the_feedback_says_in_clinical_words_why_a_refusal_lost_its_points(
    rules, modules, learner, learner_client, course
):
    enrolment_create(user=learner, course=course)
    case = CaseFactory(case_id="T01", title=T01["title"], facts=T01["facts"])
    question = CaseQuestionFactory(key="q-t01", case=case, fields=["pressure"])
    quiz = QuizPageFactory.with_questions(modules[0], [question])
    attempt = attempt_start(user=learner, quiz=quiz)
    refusal = {"max_pressure_global": ["0"]}  # a still hold over the whole body
    attempt_save(attempt_id=attempt.pk, user=learner, answers={"q-t01": refusal})
    graded = attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz)
    assert graded.result["questions"][0]["refused"] is True
    assert graded.result["questions"][0]["correct"] is False

    html = learner_client.get(quiz.url).content.decode()
    assert "This plan turns the client away" in html
    assert "earns at most a quarter of the points" in html
    assert "Your plan meets every adaptation rule" not in html
    assert "proc-no-blanket-refusal" not in html
    start = html.index('id="results"')
    results = html[start : html.index("</section>", start)]
    assert not TOKEN.search(re.sub(r"<[^>]+>", " ", results))  # words only, no tokens
