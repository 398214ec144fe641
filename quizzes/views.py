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
    attempt_save,
    attempt_start,
    attempt_submit,
)


def _quiz(quiz_id: int):
    return get_object_or_404(QuizPage.objects.live(), pk=quiz_id)


def answers_from_post(post, layout) -> dict:
    """{question key: {field: [values]}} from inputs named ``q-<key>-<field>`` (field names
    never contain a hyphen, question keys may)."""
    keys = {entry["key"] for entry in layout}
    answers: dict = {}
    for name in post:
        key, _, field = name.removeprefix("q-").rpartition("-")
        if name.startswith("q-") and key in keys:
            answers.setdefault(key, {})[field] = post.getlist(name)
    return answers


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
    attempt = get_object_or_404(Attempt, pk=attempt_id, user=request.user)
    quiz = attempt.quiz
    try:
        if attempt.is_open:
            attempt_save(
                attempt_id=attempt.pk,
                user=request.user,
                answers=answers_from_post(request.POST, attempt.layout),
            )
        attempt = attempt_submit(attempt_id=attempt.pk, user=request.user, quiz=quiz)
    except (InvalidAnswers, UnacceptableAnswer) as error:
        request.quiz_errors = getattr(error, "errors", {})
        messages.error(request, str(error))
        response = quiz.serve(request)
        if isinstance(response, TemplateResponse):
            response.status_code = 400
        return response
    except QuizError as error:
        messages.error(request, str(error))
        return redirect(quiz.url)
    return redirect(f"{quiz.url}?attempt={attempt.pk}#results")
