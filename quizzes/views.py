"""Thin views: read the POST, call one service, turn its error into a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .models import Attempt, QuizPage
from .services import (
    InvalidAnswers,
    QuizError,
    UnacceptableAnswer,
    attempt_clear,
    attempt_review,
    attempt_save,
    attempt_start,
    attempt_submit,
)

# The attempt form posts this marker with its answers: a question it sends no value for has
# been cleared by the learner (a checkbox left unticked sends nothing at all).
WHOLE_FORM = "answers"


def _quiz(quiz_id: int):
    return get_object_or_404(QuizPage.objects.live(), pk=quiz_id)


def answers_from_post(post, layout) -> dict:
    """{question key: {field: [values]}} from inputs named ``q-<key>-<field>`` (field names
    never contain a hyphen, question keys may). From the whole attempt form, every question
    is in the result, an emptied one as ``{}``."""
    keys = {entry["key"] for entry in layout}
    answers: dict = {key: {} for key in keys} if WHOLE_FORM in post else {}
    for name in post:
        key, _, field = name.removeprefix("q-").rpartition("-")
        if name.startswith("q-") and key in keys:
            answers[key] = {**answers.get(key, {}), field: post.getlist(name)}
    return answers


def _save_posted(request, attempt) -> Attempt:
    """Save the answers a form posted along with another action (submit, clear)."""
    if not attempt.is_open or not any(n.startswith("q-") or n == WHOLE_FORM for n in request.POST):
        return attempt
    return attempt_save(
        attempt_id=attempt.pk,
        user=request.user,
        answers=answers_from_post(request.POST, attempt.layout),
    )


def _page(request, quiz, status: int = 200):
    """The quiz page for this request, with the refused answers on their fields."""
    response = quiz.serve(request)
    if isinstance(response, TemplateResponse):
        response.status_code = status
    return response


@login_required
@require_POST
def start(request, quiz_id: int):
    quiz = _quiz(quiz_id)
    try:
        attempt_start(user=request.user, quiz=quiz)
    except QuizError as error:
        messages.error(request, str(error))
    return redirect(quiz.url)


@login_required
@require_POST
def save(request, attempt_id: int):
    attempt = get_object_or_404(Attempt, pk=attempt_id, user=request.user)
    try:
        attempt = attempt_save(
            attempt_id=attempt.pk,
            user=request.user,
            answers=answers_from_post(request.POST, attempt.layout),
        )
    except QuizError as error:
        if request.headers.get("x-requested-with") == "fetch":
            status = 400 if isinstance(error, UnacceptableAnswer) else 409
            return JsonResponse({"error": str(error)}, status=status)
        messages.error(request, str(error))
        return redirect(attempt.quiz.url)
    if request.headers.get("x-requested-with") == "fetch":
        return JsonResponse({"saved_at": attempt.saved_at.isoformat()})
    messages.success(request, "Your answers are saved.")
    return redirect(attempt.quiz.url)


@login_required
@require_POST
def submit(request, attempt_id: int):
    """Save the posted answers, then show the check before grading (a page of its own, so
    a reload or the back button repeats nothing); grade once the learner confirms it
    (``confirm=1``)."""
    attempt = get_object_or_404(Attempt, pk=attempt_id, user=request.user)
    quiz = attempt.quiz
    try:
        attempt = _save_posted(request, attempt)
        if attempt.is_open and request.POST.get("confirm") != "1":
            review = attempt_review(attempt)
            if review.errors:
                raise InvalidAnswers(review.errors)
            return redirect(f"{quiz.url}?check=submit")
        attempt = attempt_submit(attempt_id=attempt.pk, user=request.user, quiz=quiz)
    except (InvalidAnswers, UnacceptableAnswer) as error:
        request.quiz_errors = getattr(error, "errors", {})
        if not request.quiz_errors:  # an answer no form sends: no field to name
            messages.error(request, str(error))
        return _page(request, quiz, status=400)
    except QuizError as error:
        messages.error(request, str(error))
        return redirect(quiz.url)
    return redirect(f"{quiz.url}?attempt={attempt.pk}#results")


@login_required
@require_POST
def clear(request, attempt_id: int):
    """Clear one answer (``clear=<question key>``) or, once confirmed, every answer
    (``clear=all``, ``confirm=1``). Answers posted with it are saved first."""
    attempt = get_object_or_404(Attempt, pk=attempt_id, user=request.user)
    quiz = attempt.quiz
    target = request.POST.get("clear", "")
    try:
        attempt = _save_posted(request, attempt)
        if target == "all" and request.POST.get("confirm") != "1":
            return redirect(f"{quiz.url}?check=clear")
        attempt_clear(
            attempt_id=attempt.pk, user=request.user, key=None if target == "all" else target
        )
    except UnacceptableAnswer as error:
        messages.error(request, str(error))
        return _page(request, quiz, status=400)
    except QuizError as error:
        messages.error(request, str(error))
        return redirect(quiz.url)
    if target == "all":
        messages.success(request, "Every answer in this attempt is cleared.")
        return redirect(quiz.url)
    number = next(n for n, e in enumerate(attempt.layout, start=1) if e["key"] == target)
    messages.success(request, f"Your answer to Question {number} is cleared.")
    return redirect(f"{quiz.url}#question-{number}")
