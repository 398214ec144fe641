"""Regrades of submitted attempts after an approved change to a rule or a case.

A ``RegradeRun`` is one approved change (its published revision) being applied to the
attempts it affects; its ``AttemptRegrade`` rows are both the run's work list (one per
attempt, ``done_at`` empty until graded) and the attempt's grade history: each keeps the
grade the attempt had before (score, pass, result) beside the new one. Like attempts, they
are records: never cascaded away (PROTECT), whatever is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RegradeRun(models.Model):
    PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
    STATUSES = [
        (PENDING, "Waiting for the worker"),
        (RUNNING, "Regrading"),
        (DONE, "Done"),
        (FAILED, "Stopped by an error (apply again to resume)"),
    ]
    RULE, CASE = "rule", "case"
    KINDS = [(RULE, "Adaptation rule"), (CASE, "Client case")]

    kind = models.CharField(max_length=8, choices=KINDS)
    object_id = models.PositiveBigIntegerField(help_text="The rule's or case's primary key.")
    title = models.CharField(max_length=255, help_text="The item's title when applied.")
    # One run per approved change: applying the same revision again resumes that run. A
    # live revision is never purged; an old one may be (purge_revisions), and the run stays.
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        related_name="regrade_run",
    )
    status = models.CharField(max_length=8, choices=STATUSES, default=PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Regrade after '{self.title}' ({self.done} of {self.total})"


class AttemptRegrade(models.Model):
    """One attempt in one run: its grade before (kept) and after."""

    run = models.ForeignKey(RegradeRun, on_delete=models.PROTECT, related_name="entries")
    attempt = models.ForeignKey(
        "quizzes.Attempt", on_delete=models.PROTECT, related_name="regrades"
    )
    previous_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    previous_passed = models.BooleanField(null=True)
    previous_result = models.JSONField(null=True)
    previous_layout = models.JSONField(
        null=True, help_text="The attempt's questions before, when the regrade changed them."
    )
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(null=True)
    result_changed = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "attempt"], name="one_regrade_per_run_attempt")
        ]
        ordering = ["run_id", "attempt_id"]
        verbose_name = "attempt regrade"

    def __str__(self):
        return f"attempt {self.attempt_id} in regrade {self.run_id}"


class RegradeImpactReport(models.Model):
    """A dry run computed by the worker, for a change that could regrade more attempts than
    the impact page grades within a request (``settings.REGRADE_INLINE_ATTEMPTS``). Its
    figures are what the page shows, stored as computed; a report is reused while it is
    fresh and computed again on request. A cache, not a record: it goes with its revision."""

    PENDING, DONE, FAILED = "pending", "done", "failed"
    STATUSES = [(PENDING, "Being computed"), (DONE, "Computed"), (FAILED, "Stopped by an error")]

    kind = models.CharField(max_length=8, choices=RegradeRun.KINDS)
    object_id = models.PositiveBigIntegerField(help_text="The rule's or case's primary key.")
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="regrade_impacts"
    )
    status = models.CharField(max_length=8, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(help_text="Submitted attempts it could regrade.")
    figures = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "object_id", "revision"])]

    def __str__(self):
        return f"Regrade impact of {self.kind} {self.object_id} ({self.get_status_display()})"
