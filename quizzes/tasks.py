"""Background tasks of the quizzes app (django-tasks).

The regrade runs on the "regrade" backend (the database backend: ``manage.py db_worker
--backend regrade`` executes it; see ``cms.settings.base.TASKS``). Its body is
``quizzes.regrade.regrade_run_process``, resumable and idempotent, so a task enqueued twice
or retried after a crash regrades each attempt once.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from .models import RegradeRun
from .regrade import regrade_run_process

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
