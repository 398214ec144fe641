"""State changes of quiz attempts: start, save as you go, submit once.

The quiz is a Wagtail page (``cms.QuizPage``) that this app reads by duck typing: it has
``pass_mark``, ``attempts_allowed``, ``shuffle`` and a ``questions`` stream of choice and
case-plan questions, and its parent is the module (or course) it assesses.
"""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Enrolment
from courses.services import assessment_record
from quizzes.engine.plan import PlanError

from .forms import plan_form_for
from .grading import grade_case_question, grade_choice_question, rule_set
from .models import Attempt, CaseQuestion, ChoiceQuestion


class QuizError(Exception):
    """A refused quiz action, with a message for the learner."""


class NotEnrolled(QuizError):
    pass


class NoAttemptsLeft(QuizError):
    pass


class AttemptClosed(QuizError):
    pass


class InvalidAnswers(QuizError):
    """Submitted answers that do not validate; ``errors`` maps question key -> form errors."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__("Some answers need attention before you can submit.")


def quiz_questions(quiz) -> list[tuple[str, object]]:
    """(kind, question) in page order; kind is "choice" or "case_plan"."""
    return [(block.block_type, block.value) for block in quiz.questions if block.value is not None]


def course_of(quiz):
    """The course page a quiz belongs to (its parent, or its parent's parent)."""
    parent = quiz.get_parent()
    if quiz.assesses_course:
        return parent
    return parent.get_parent()


def _layout(quiz) -> list[dict]:
    layout = []
    for kind, question in quiz_questions(quiz):
        entry = {"kind": kind, "key": question.key}
        if kind == "choice":
            options = list(question.options.values_list("pk", flat=True))
            if quiz.shuffle:
                random.shuffle(options)
            entry["options"] = options
        layout.append(entry)
    return layout


def attempt_start(*, user, quiz, now: datetime | None = None) -> Attempt:
    """Resume the learner's open attempt, or start the next one within the limit."""
    now = now or timezone.now()
    if not Enrolment.objects.filter(user=user, course=course_of(quiz)).exists():
        raise NotEnrolled("Enrol in the course to take its quizzes.")
    open_attempt = Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).first()
    if open_attempt:
        return open_attempt
    used = Attempt.objects.filter(user=user, quiz=quiz).count()
    if used >= quiz.attempts_allowed:
        raise NoAttemptsLeft(f"You have used all {quiz.attempts_allowed} attempts at this quiz.")
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user, quiz=quiz, number=used + 1, started_at=now, layout=_layout(quiz)
            )
    except IntegrityError:  # a double click started it a moment ago
        attempt = Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).first()
        if attempt is None:
            raise NoAttemptsLeft("You have no attempts left at this quiz.") from None
        return attempt


def _clean_answers(attempt: Attempt, answers: dict) -> dict:
    keys = {entry["key"] for entry in attempt.layout}
    return {key: value for key, value in (answers or {}).items() if key in keys}


@transaction.atomic
def attempt_save(*, attempt_id: int, user, answers: dict, now: datetime | None = None) -> Attempt:
    """Store work in progress. A submitted attempt cannot change."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id, user=user)
    if not attempt.is_open:
        raise AttemptClosed("This attempt has been submitted and cannot be changed.")
    attempt.answers = {**attempt.answers, **_clean_answers(attempt, answers)}
    attempt.saved_at = now or timezone.now()
    attempt.save(update_fields=["answers", "saved_at"])
    return attempt


def _grade(attempt: Attempt, quiz) -> tuple[list, dict]:
    choice = {q.key: q for q in ChoiceQuestion.objects.filter(
        key__in=[e["key"] for e in attempt.layout if e["kind"] == "choice"]
    ).prefetch_related("options")}  # fmt: skip
    cases = {q.key: q for q in CaseQuestion.objects.filter(
        key__in=[e["key"] for e in attempt.layout if e["kind"] == "case_plan"]
    ).select_related("case")}  # fmt: skip
    rules = rule_set()
    results, errors = [], {}
    for entry in attempt.layout:
        answer = attempt.answers.get(entry["key"]) or {}
        if entry["kind"] == "choice":
            question = choice[entry["key"]]
            selected = [s for s in answer.get("selected", []) if str(s).isdigit()]
            results.append(grade_choice_question(question, selected))
            continue
        question = cases[entry["key"]]
        form = plan_form_for(question, answer, bound=True)
        if not form.is_valid():
            errors[entry["key"]] = form.errors.get_json_data()
            continue
        try:
            results.append(grade_case_question(question, form.to_plan(), rules))
        except PlanError as error:
            errors[entry["key"]] = {path: [{"message": msg}] for path, msg in error.errors}
    return results, errors


def attempt_submit(*, attempt_id: int, user, quiz, now: datetime | None = None) -> Attempt:
    """Grade and close the attempt, exactly once.

    The row is locked for the whole grading, so two submits racing each other (a double
    click, two tabs) end with one graded attempt: the second finds it submitted and returns
    it unchanged. Answers that do not validate are refused with field errors, and nothing
    changes.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt_id, user=user, quiz=quiz)
        if not attempt.is_open:
            return attempt
        results, errors = _grade(attempt, quiz)
        if errors:
            raise InvalidAnswers(errors)
        points = sum(r.points for r in results)
        earned = sum(r.earned for r in results)
        percent = Decimal(100 * earned / points).quantize(Decimal("0.01")) if points else Decimal(0)
        unsafe = any(r.verdict == "unsafe" for r in results)
        passed = percent >= quiz.pass_mark and not unsafe
        attempt.score = percent
        attempt.passed = passed
        attempt.submitted_at = now
        attempt.result = {
            "points": points,
            "earned": round(earned, 2),
            "percent": float(percent),
            "unsafe_plan": unsafe,
            "questions": [r.to_dict() for r in results],
        }
        attempt.save(update_fields=["score", "passed", "submitted_at", "result"])
        assessment_record(user=user, page=quiz.get_parent(), score=percent, passed=passed, now=now)
    return attempt
