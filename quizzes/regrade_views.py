"""Admin screens of the regrade (``quizzes.regrade``): a change's impact on learners'
submitted attempts, shown to the clinical reviewer before approving; "Apply the regrade" once
it is live; and a run's progress. Registered in ``quizzes.wagtail_hooks``.

Clinical reviewers and administrators see and apply; an instructor sees the impact of an item
they submitted (or last edited), and nothing else. Others are refused as Wagtail refuses
(redirected to the dashboard with a message)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.auth import permission_denied

from cms.accounts.roles import CLINICAL_REVIEWERS, INSTRUCTORS

from .models import RegradeImpactReport, RegradeRun
from .regrade import (
    MODELS,
    RegradeError,
    could_regrade,
    dry_run,
    impact_figures,
    impact_report,
    may_apply,
    regrade_apply,
    run_certificates,
    submitted_revision,
)
from .tasks import regrade_enqueue, regrade_impact_enqueue

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


@require_http_methods(["GET", "POST"])
def impact(request, kind: str, pk: int):
    """The change's impact: graded here when it could regrade few enough attempts, else by
    the worker (a report, shown when ready; a POST asks for it to be computed again)."""
    obj = _item(kind, pk)
    if not may_see(request.user, obj):
        return permission_denied(request)
    stage, version, revision_id = _stage(obj)
    context = {
        "obj": obj,
        "kind": kind,
        "title": obj.title,
        "stage": stage,
        "figures": None,
        "report": None,
        "error": "",
        "run": None,
        "edit_url": reverse(f"wagtailsnippets_quizzes_{obj._meta.model_name}:edit", args=[obj.pk]),
    }
    if stage == "live":
        context["run"] = RegradeRun.objects.filter(revision_id=obj.live_revision_id).first()
    if version is not None:
        attempts = could_regrade(obj)  # counted once: the report records it too
        if attempts <= settings.REGRADE_INLINE_ATTEMPTS:
            try:
                context["figures"] = impact_figures(dry_run(obj, version), SHOWN)
            except RegradeError as exc:
                context["error"] = str(exc)
        elif request.method == "POST":  # computed again, then back to a page safe to reload
            _report(obj, revision_id, attempts, again=True)
            return redirect("regrade_impact", kind, pk)
        else:
            report = _report(obj, revision_id, attempts)
            context.update(
                report=report,
                figures=report.figures if report.status == RegradeImpactReport.DONE else None,
                error=report.error,
            )
    run = context["run"]
    context["can_apply"] = (
        stage == "live" and may_review(request.user) and (run is None or resumable(run))
    )
    return TemplateResponse(request, "quizzes/admin/regrade/impact.html", context)


def _stage(obj):
    """(stage, version, revision id): the version in clinical review, the live version once
    approved, or nothing to regrade."""
    revision = submitted_revision(obj)  # one look at the workflow, not two
    if revision is not None:
        return "review", revision.as_object(), revision.pk
    if may_apply(obj):
        return "live", obj, obj.live_revision_id
    return "none", None, None


def _report(obj, revision_id: int, attempts: int, *, again: bool = False) -> RegradeImpactReport:
    """The worker's report of this change, enqueued when there is none fresh (or when the
    reviewer asks for it again)."""
    report, created = impact_report(obj, revision_id, attempts=attempts, again=again)
    if created:
        regrade_impact_enqueue(report, SHOWN)
    return report


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
