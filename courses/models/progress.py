"""Enrolment and progress: one learner in one course, and in each of its modules."""

from django.conf import settings
from django.db import models


class Enrolment(models.Model):
    # Records a provider keeps for six years: deleting the learner or the course is refused
    # while they exist (PROTECT), never cascaded.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField()
    last_module = models.ForeignKey(
        "courses.ModulePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The module the learner last opened: where 'resume' takes them.",
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)
    final_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    final_passed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the learner first passed the final assessment."
    )
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="When every completion requirement was first met."
    )
    seconds_spent = models.PositiveIntegerField(
        default=0, help_text="Study time at completion (reading time of the modules)."
    )
    completion_note = models.CharField(
        max_length=200, blank=True, help_text="How completion was recorded, e.g. live attendance."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]
        ordering = ["-last_activity_at", "-enrolled_at"]

    def __str__(self):
        return f"{self.user} in {self.course_id}"


class ModuleProgress(models.Model):
    """A learner's time in, and completion of, one module."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="progress")
    module = models.ForeignKey("courses.ModulePage", on_delete=models.PROTECT, related_name="+")
    first_viewed_at = models.DateTimeField()
    seconds_spent = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    quiz_score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="Best quiz score, %."
    )
    quiz_passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "module"], name="one_progress_row_per_module"
            )
        ]
        verbose_name_plural = "module progress"

    def __str__(self):
        return f"{self.enrolment} / module {self.module_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class CourseEvaluation(models.Model):
    """The evaluation a learner fills in at the end of a course (boards expect one)."""

    RATINGS = [
        (5, "Strongly agree"),
        (4, "Agree"),
        (3, "Neutral"),
        (2, "Disagree"),
        (1, "Strongly disagree"),
    ]

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="evaluation")
    objectives_met = models.PositiveSmallIntegerField(
        "the course met its learning objectives", choices=RATINGS
    )
    relevance = models.PositiveSmallIntegerField(
        "the content is relevant to my practice", choices=RATINGS
    )
    presentation = models.PositiveSmallIntegerField(
        "the material was clearly presented", choices=RATINGS
    )
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"Evaluation by {self.enrolment.user} of course {self.enrolment.course_id}"
