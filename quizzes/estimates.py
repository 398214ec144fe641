"""The quizzes' share of a course's CE estimate (``courses.estimates``), given through the
``course_assessment_minutes`` hook registered in ``quizzes.wagtail_hooks``."""

from __future__ import annotations

from decimal import Decimal

from courses.estimates import AssessmentTime

from .models.pages import QuizPage
from .models.questions import CaseQuestion, ChoiceQuestion

# Minutes a learner needs per question: a choice question is read and answered in about a
# minute and a half; a client case takes about six (read the vignette, write a plan of
# several sections). content/README.md states the same rates.
QUESTION_MINUTES = {"choice": Decimal("1.5"), "case_plan": Decimal(6)}


# Question kind -> the ids (as text: a stream block may hold a number or its digits) of live ones.
LiveQuestions = dict[str, set[str]]


def _question_ids(quizzes) -> dict[str, set[int]]:
    ids: dict[str, set[int]] = {kind: set() for kind in QUESTION_MINUTES}
    for quiz in quizzes:
        for block in quiz.questions.raw_data:
            if block["type"] in ids and str(block["value"]).isdigit():
                ids[block["type"]].add(int(block["value"]))
    return ids


def live_questions(quizzes) -> LiveQuestions:
    """The ids of the questions of ``quizzes`` that learners are given: published, and for a
    case-plan question on a published case (as ``selectors.grading_scale`` counts them). A
    question still in Clinical review, or never approved, takes no learner any time. Two
    queries, however many quizzes."""
    ids = _question_ids(quizzes)
    choice = ChoiceQuestion.objects.filter(pk__in=ids["choice"], live=True)
    case_plan = CaseQuestion.objects.filter(pk__in=ids["case_plan"], live=True, case__live=True)
    return {
        "choice": {str(pk) for pk in choice.values_list("pk", flat=True)},
        "case_plan": {str(pk) for pk in case_plan.values_list("pk", flat=True)},
    }


def quiz_minutes(quiz: QuizPage, live: LiveQuestions | None = None) -> Decimal:
    """The minutes of ``quiz``'s live questions (``live``: from ``live_questions``, looked up
    for this quiz alone when not given)."""
    if live is None:
        live = live_questions([quiz])
    return sum(
        (
            QUESTION_MINUTES[block["type"]]
            for block in quiz.questions.raw_data
            if block["type"] in live and str(block["value"]) in live[block["type"]]
        ),
        Decimal(0),
    )


def assessment_time(course) -> AssessmentTime:
    """The minutes of ``course``'s live quizzes and their live questions, module quizzes and
    the final apart. Three queries."""
    quizzes = list(QuizPage.objects.live().descendant_of(course).only("questions", "depth"))
    live = live_questions(quizzes)
    module_quizzes = final = Decimal(0)
    for quiz in quizzes:
        if quiz.depth == course.depth + 1:
            final += quiz_minutes(quiz, live)
        else:
            module_quizzes += quiz_minutes(quiz, live)
    return AssessmentTime(module_quizzes=module_quizzes, final=final)
