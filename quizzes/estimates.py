"""The quizzes' share of a course's CE estimate (``courses.estimates``), given through the
``course_assessment_minutes`` hook registered in ``quizzes.wagtail_hooks``."""

from __future__ import annotations

from decimal import Decimal

from courses.estimates import AssessmentTime

from .models.pages import QuizPage

# Minutes a learner needs per question: a choice question is read and answered in about a
# minute and a half; a client case takes about six (read the vignette, write a plan of
# several sections). content/README.md states the same rates.
QUESTION_MINUTES = {"choice": Decimal("1.5"), "case_plan": Decimal(6)}


def quiz_minutes(quiz: QuizPage) -> Decimal:
    return sum(
        (QUESTION_MINUTES.get(block["type"], Decimal(0)) for block in quiz.questions.raw_data),
        Decimal(0),
    )


def assessment_time(course) -> AssessmentTime:
    """The minutes of ``course``'s live quizzes, module quizzes and the final apart. One
    query."""
    module_quizzes = final = Decimal(0)
    for quiz in QuizPage.objects.live().descendant_of(course).only("questions", "depth"):
        if quiz.depth == course.depth + 1:
            final += quiz_minutes(quiz)
        else:
            module_quizzes += quiz_minutes(quiz)
    return AssessmentTime(module_quizzes=module_quizzes, final=final)
