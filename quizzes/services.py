"""State changes of quiz attempts: start, save as you go, submit once.

A quiz is a ``QuizPage`` under the module it closes (or under the course, as its final
assessment); a passing submit records the result on that module or course through
``courses.services.assessment_record``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Enrolment
from courses.services import assessment_record
from quizzes.engine.plan import PlanError

from .forms import plan_form_for, stored_answer
from .grading import (
    grade_case_question,
    grade_choice_question,
    rule_set,
    unanswered_case_question,
)
from .models import Attempt, AttemptGrant
from .selectors import answered, attempts_status
from .variants import draw
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


def is_live(kind: str, question) -> bool:
    """Whether a question may reach learners: it is published, and so is a case question's
    case (a draft, or a change awaiting clinical review, is a revision and never shows)."""
    if question is None or not question.live:
        return False
    return kind != "case_plan" or question.case.live


def quiz_questions(quiz) -> list[tuple[str, object]]:
    """(kind, question) in page order, published questions only; kind is "choice" or
    "case_plan"."""
    return [
        (block.block_type, block.value)
        for block in quiz.questions
        if is_live(block.block_type, block.value)
    ]


def _layout(quiz) -> list[dict]:
    """The attempt's questions as they are now (``versions``): what it shows and grades. A
    quiz that draws case variants shows each case question one approved variant of its case
    (or the case itself)."""
    return [
        choice_entry(question, shuffle=quiz.shuffle)
        if kind == "choice"
        else case_entry(question, draw(question.case) if quiz.draw_case_variants else None)
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
                user=user, quiz=quiz, number=used + 1, started_at=now, **_opening(user, quiz)
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


def _opening(user, quiz) -> dict:
    """A new attempt's layout, and the answers it starts from: the learner's own answers of
    their last submitted attempt."""
    layout = _layout(quiz)
    last = (
        Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=False)
        .order_by("-number")
        .first()
    )
    return {"layout": layout, "answers": carried_answers(last, layout) if last else {}}


def carried_answers(last: Attempt, layout: list[dict]) -> dict:
    """The answers of ``last`` for the questions still in ``layout``. A choice answer is
    carried by its option's text onto the new attempt's own opaque values, and only for
    options the new attempt still offers; a plan answer is carried as it was stored. The
    learner's own answers only: nothing here says which option is correct."""
    before = {entry["key"]: entry for entry in last.layout}
    carried = {}
    for entry in layout:
        previous = before.get(entry["key"])
        answer = stored_answer(last.answers.get(entry["key"]))
        if not previous or previous["kind"] != entry["kind"] or not answer:
            continue
        if entry["kind"] != "choice":
            carried[entry["key"]] = answer
            continue
        text_of = {o["value"]: o["text"] for o in previous["options"]}
        value_of = {o["text"]: o["value"] for o in entry["options"]}
        selected = [
            value_of[text_of[value]]
            for value in answer.get("selected", [])
            if text_of.get(value) in value_of
        ]
        if selected:
            carried[entry["key"]] = {"selected": selected}
    return carried


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


@transaction.atomic
def attempt_clear(*, attempt_id: int, user, key: str | None = None, now=None) -> Attempt:
    """Clear one question's answer (``key``), or every answer of the open attempt."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id, user=user)
    if not attempt.is_open:
        raise AttemptClosed("This attempt has been submitted and cannot be changed.")
    if key is None:
        attempt.answers = {}
    elif key in {entry["key"] for entry in attempt.layout}:
        attempt.answers = {k: v for k, v in attempt.answers.items() if k != key}
    else:
        raise UnacceptableAnswer("That question is not part of this attempt.")
    attempt.saved_at = now or timezone.now()
    attempt.save(update_fields=["answers", "saved_at"])
    return attempt


@dataclass
class Review:
    """The check before grading: questions without an answer (their numbers), and the
    answers that would be refused (question key -> field errors)."""

    unanswered: list[int]
    errors: dict


def attempt_review(attempt: Attempt) -> Review:
    """What the learner is asked to confirm before an attempt is graded. Grading waits for
    a confirmation every time (as Moodle's summary page does): it spends an attempt and
    cannot be undone, so the learner sees what is unanswered and how many attempts remain.
    Answers that would be refused are reported first, on their fields."""
    unanswered, errors = [], {}
    for number, entry in enumerate(attempt.layout, start=1):
        question = version_of(entry)
        answer = stored_answer(attempt.answers.get(question.key))
        if not answered(question, answer):
            unanswered.append(number)
            continue
        _, problem = _checked(question, answer)
        if problem:
            errors[question.key] = problem
    return Review(unanswered=unanswered, errors=errors)


def choice_problem(question: ChoiceVersion, selected: list[str]) -> str | None:
    """Why a selection cannot be graded, or None: more than one answer to a single-answer
    question, or a value that is not one of this attempt's options."""
    values = {o.value for o in question.options}
    if any(value not in values for value in selected):
        return "Choose from the options shown."
    if not question.multiple and len(selected) > 1:
        return "Choose one answer."
    return None


def _checked(question, answer: dict) -> tuple[object, dict | None]:
    """(what grading reads, None), or (None, field errors) for an answer that cannot be
    graded: the selected values of a choice question, the plan of a case question."""
    if question.kind == "choice":
        selected = answer.get("selected", [])
        problem = choice_problem(question, selected)
        return (None, {"selected": [{"message": problem}]}) if problem else (selected, None)
    form = plan_form_for(question, answer, bound=True)
    if not form.is_valid():
        return None, form.errors.get_json_data()
    return form.to_plan(), None


def _grade(attempt: Attempt, quiz) -> tuple[list, dict]:
    """Grade the attempt against the question versions it started with. A case question
    left unanswered scores nothing (its form is not asked to validate)."""
    rules = rule_set()
    results, errors = [], {}
    for entry in attempt.layout:
        question = version_of(entry)
        answer = stored_answer(attempt.answers.get(question.key))
        if question.kind != "choice" and not answered(question, answer):
            results.append(unanswered_case_question(question))
            continue
        graded, problem = _checked(question, answer)
        if problem:
            errors[question.key] = problem
        elif question.kind == "choice":
            results.append(grade_choice_question(question, graded))
        else:
            try:
                results.append(grade_case_question(question, graded, rules))
            except PlanError as error:
                errors[question.key] = {path: [{"message": msg}] for path, msg in error.errors}
    return results, errors


def attempt_submit(*, attempt_id: int, user, quiz, now: datetime | None = None) -> Attempt:
    """Grade and close the attempt, exactly once.

    The row is locked for the whole grading, so two submits racing each other (a double
    click, two tabs) end with one graded attempt: the second finds it submitted and returns
    it unchanged. Answers that do not validate are refused with field errors, and nothing
    changes. A case question left without a plan scores nothing and the attempt cannot pass:
    an empty plan shows no safe session, like an unsafe one.
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
        plans_missing = any(not r.answered for r in results)
        passed = percent >= quiz.pass_mark and not unsafe and not plans_missing
        attempt.score = percent
        attempt.passed = passed
        attempt.submitted_at = now
        attempt.result = {
            "points": points,
            "earned": round(earned, 2),
            "percent": float(percent),
            "unsafe_plan": unsafe,
            "plan_missing": plans_missing,
            "questions": [r.to_dict() for r in results],
        }
        attempt.save(update_fields=["score", "passed", "submitted_at", "result"])
        assessed = quiz.module or quiz.course
        assessment_record(user=user, page=assessed, score=percent, passed=passed, now=now)
    return attempt
