"""Background tasks of the quizzes app (django-tasks).

Both run on the "regrade" backend (the database backend: ``manage.py db_worker --backend
regrade`` executes them; see ``cms.settings.base.TASKS``):

- the regrade, whose body ``quizzes.regrade.regrade_run_process`` is resumable and
  idempotent, so a task enqueued twice or retried after a crash regrades each attempt once;
- a dry run too large to grade within a request (``quizzes.regrade.impact_report_compute``),
  which computes a report once however often it runs.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from .models import RegradeImpactReport, RegradeRun
from .regrade import impact_report_compute, regrade_run_process

REGRADE_BACKEND = "regrade"


@task(backend=REGRADE_BACKEND)
def regrade_task(run_id: int) -> None:
    regrade_run_process(run_id)


def regrade_enqueue(run: RegradeRun) -> None:
    """Enqueue the run's task once the transaction that created the run commits."""

    def enqueue():
        result = regrade_task.enqueue(run.pk)
        RegradeRun.objects.filter(pk=run.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


@task(backend=REGRADE_BACKEND)
def regrade_impact_task(report_id: int, shown: int) -> None:
    impact_report_compute(report_id, shown)


def regrade_impact_enqueue(report: RegradeImpactReport, shown: int) -> None:
    """Enqueue the report's dry run once the transaction that created it commits."""

    def enqueue():
        result = regrade_impact_task.enqueue(report.pk, shown)
        RegradeImpactReport.objects.filter(pk=report.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
