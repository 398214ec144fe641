"""State changes of quiz attempts: start, save as you go, submit once.

A quiz is a ``QuizPage`` under the module it closes (or under the course, as its final
assessment); a passing submit records the result on that module or course through
``courses.services.assessment_record``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Enrolment
from courses.services import assessment_record
from quizzes.engine.plan import PlanError

from .forms import plan_form_for, stored_answer
from .grading import grade_case_question, grade_choice_question, rule_set
from .models import Attempt, AttemptGrant
from .selectors import attempts_status
from .versions import ChoiceVersion, case_entry, choice_entry, version_of


class QuizError(Exception):
    """A refused quiz action, with a message for the learner."""


class NotEnrolled(QuizError):
    pass


class NoAttemptsLeft(QuizError):
    pass


class QuizLocked(QuizError):
    """A final assessment whose course still has modules to complete."""


class AttemptClosed(QuizError):
    pass


class UnacceptableAnswer(QuizError):
    """An answer no question accepts: larger than any form sends, or not texts at all."""


class InvalidAnswers(QuizError):
    """Submitted answers that do not validate; ``errors`` maps question key -> form errors."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__("Some answers need attention before you can submit.")


def quiz_questions(quiz) -> list[tuple[str, object]]:
    """(kind, question) in page order; kind is "choice" or "case_plan"."""
    return [(block.block_type, block.value) for block in quiz.questions if block.value is not None]


def _layout(quiz) -> list[dict]:
    """The attempt's questions as they are now (``versions``): what it shows and grades."""
    return [
        choice_entry(question, shuffle=quiz.shuffle) if kind == "choice" else case_entry(question)
        for kind, question in quiz_questions(quiz)
    ]


def attempt_start(*, user, quiz, now: datetime | None = None) -> Attempt:
    """Resume the learner's open attempt, or start the next one within the limit."""
    now = now or timezone.now()
    if not Enrolment.objects.filter(user=user, course=quiz.course).exists():
        raise NotEnrolled("Enrol in the course to take its quizzes.")
    open_attempt = Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).first()
    if open_attempt:
        return open_attempt
    status = attempts_status(user=user, quiz=quiz, now=now)
    if not status.can_start:
        raise (NoAttemptsLeft if status.exhausted else QuizLocked)(status.reason)
    used = status.used
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


@transaction.atomic
def attempts_grant(
    *, learner, quiz, extra_attempts: int, reason: str, granted_by, now: datetime | None = None
) -> AttemptGrant:
    """An instructor gives ``learner`` more attempts at ``quiz``; the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise QuizError("Give a reason for the extra attempts.")
    if not 1 <= extra_attempts <= 10:
        raise QuizError("Grant between 1 and 10 attempts.")
    return AttemptGrant.objects.create(
        user=learner,
        quiz=quiz,
        extra_attempts=extra_attempts,
        reason=reason,
        granted_by=granted_by,
        granted_at=now or timezone.now(),
    )


MAX_VALUES_PER_FIELD = 100
MAX_VALUE_LENGTH = 200


def _clean_answers(attempt: Attempt, answers: dict) -> dict:
    """Answers to this attempt's questions only, within sane sizes (a form never sends more
    than a hundred values per field, none longer than a few words)."""
    keys = {entry["key"] for entry in attempt.layout}
    cleaned = {}
    for key, fields in (answers or {}).items():
        if key not in keys or not isinstance(fields, dict):
            continue
        for values in fields.values():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise UnacceptableAnswer("An answer is not in a form any question accepts.")
            if len(values) > MAX_VALUES_PER_FIELD or any(len(v) > MAX_VALUE_LENGTH for v in values):
                raise UnacceptableAnswer("An answer is larger than any question allows.")
        cleaned[key] = fields
    return cleaned


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


def choice_problem(question: ChoiceVersion, selected: list[str]) -> str | None:
    """Why a selection cannot be graded, or None: more than one answer to a single-answer
    question, or a value that is not one of this attempt's options."""
    values = {o.value for o in question.options}
    if any(value not in values for value in selected):
        return "Choose from the options shown."
    if not question.multiple and len(selected) > 1:
        return "Choose one answer."
    return None


def _grade(attempt: Attempt, quiz) -> tuple[list, dict]:
    """Grade the attempt against the question versions it started with."""
    rules = rule_set()
    results, errors = [], {}
    for entry in attempt.layout:
        question = version_of(entry)
        answer = stored_answer(attempt.answers.get(question.key))
        if question.kind == "choice":
            selected = answer.get("selected", [])
            problem = choice_problem(question, selected)
            if problem:
                errors[question.key] = {"selected": [{"message": problem}]}
            else:
                results.append(grade_choice_question(question, selected))
            continue
        form = plan_form_for(question, answer, bound=True)
        if not form.is_valid():
            errors[question.key] = form.errors.get_json_data()
            continue
        try:
            results.append(grade_case_question(question, form.to_plan(), rules))
        except PlanError as error:
            errors[question.key] = {path: [{"message": msg}] for path, msg in error.errors}
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
        assessed = quiz.module or quiz.course
        assessment_record(user=user, page=assessed, score=percent, passed=passed, now=now)
    return attempt
