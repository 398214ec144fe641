"""Admin screens of the regrade (``quizzes.regrade``): a change's impact on learners'
submitted attempts, shown to the clinical reviewer before approving; "Apply the regrade" once
it is live; and a run's progress. Registered in ``quizzes.wagtail_hooks``.

Clinical reviewers and administrators see and apply; an instructor sees the impact of an item
they submitted (or last edited), and nothing else. Others are refused as Wagtail refuses
(redirected to the dashboard with a message)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied

from cms.accounts.roles import CLINICAL_REVIEWERS, INSTRUCTORS

from .models import RegradeRun
from .regrade import (
    MODELS,
    RegradeError,
    dry_run,
    may_apply,
    regrade_apply,
    run_certificates,
    submitted_version,
)
from .tasks import regrade_enqueue

SHOWN = 200  # rows of attempts shown on a page; the figures count all of them


def may_review(user) -> bool:
    return user.is_superuser or user.groups.filter(name=CLINICAL_REVIEWERS).exists()


def may_see(user, obj) -> bool:
    """Reviewers and administrators; an instructor for the item they submitted or edited."""
    if may_review(user):
        return True
    if not user.groups.filter(name=INSTRUCTORS).exists():
        return False
    state = obj.current_workflow_state
    if state is not None and state.requested_by_id == user.pk:
        return True
    latest = obj.latest_revision
    return latest is not None and latest.user_id == user.pk


def _item(kind: str, pk: int):
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=pk)


def impact_url(obj) -> str:
    kind = "rule" if obj._meta.model_name == "adaptationrule" else "case"
    return reverse("regrade_impact", args=[kind, obj.pk])


def resumable(run: RegradeRun) -> bool:
    """A run not done (stopped by an error, or its worker killed) is resumed by applying
    again: done attempts are skipped, and two workers on one run take turns batch by batch
    (each batch locks its entries), so resuming a run still in progress is harmless."""
    return run.status != RegradeRun.DONE


def impact(request, kind: str, pk: int):
    obj = _item(kind, pk)
    if not may_see(request.user, obj):
        return permission_denied(request)
    version, stage, error, result = submitted_version(obj), "review", "", None
    run = None
    if version is None:
        stage = "live" if may_apply(obj) else "none"
        version = obj if stage == "live" else None
        run = RegradeRun.objects.filter(revision_id=obj.live_revision_id).first()
    if version is not None:
        try:
            result = dry_run(obj, version)
        except RegradeError as exc:
            error = str(exc)
    context = {
        "obj": obj,
        "kind": kind,
        "title": obj.title,
        "stage": stage,
        "impact": result,
        "rows": result.changed[:SHOWN] if result else [],
        "error": error,
        "run": run,
        "can_apply": stage == "live"
        and may_review(request.user)
        and (run is None or resumable(run)),
        "edit_url": reverse(f"wagtailsnippets_quizzes_{obj._meta.model_name}:edit", args=[obj.pk]),
    }
    return TemplateResponse(request, "quizzes/admin/regrade/impact.html", context)


@require_POST
def apply(request, kind: str, pk: int):
    obj = _item(kind, pk)
    if not may_review(request.user):
        return permission_denied(request)
    try:
        run = regrade_apply(obj=obj, user=request.user)
    except RegradeError as exc:
        messages.error(request, str(exc))
        return redirect("regrade_impact", kind, pk)
    if run.status != RegradeRun.DONE:
        regrade_enqueue(run)
    messages.success(request, f"The regrade of {run.total} attempt(s) is under way.")
    return redirect("regrade_run", run.pk)


def run_detail(request, pk: int):
    if not may_review(request.user):
        return permission_denied(request)
    run = get_object_or_404(RegradeRun, pk=pk)
    entries = (
        run.entries.filter(result_changed=True)
        .select_related("attempt__user", "attempt__quiz")
        .order_by("pk")[:SHOWN]
    )
    context = {
        "run": run,
        "entries": entries,
        "certificates": run_certificates(run),
        "percent": round(100 * run.done / run.total) if run.total else 100,
        "resume_url": (
            reverse("regrade_apply", args=[run.kind, run.object_id]) if resumable(run) else ""
        ),
    }
    return TemplateResponse(request, "quizzes/admin/regrade/run.html", context)
