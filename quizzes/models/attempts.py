from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Attempt(models.Model):
    """One learner's attempt at one quiz.

    ``answers`` is saved as the learner works; ``submitted_at`` closes the attempt and
    ``result`` keeps the graded feedback. A database constraint allows one open attempt per
    learner and quiz, and numbers attempts, so double clicks and races cannot create two.
    """

    # Assessment records are kept six years: never cascaded away with a learner or a quiz.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey("quizzes.QuizPage", on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    layout = models.JSONField(
        default=list, help_text="Questions and option order shown in this attempt."
    )
    answers = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_quiz",
            ),
        ]
        ordering = ["quiz_id", "user_id", "number"]

    def __str__(self):
        return f"{self.user} · quiz {self.quiz_id} · attempt {self.number}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AttemptGrant(models.Model):
    """Extra attempts an instructor gives one learner at one quiz, with the reason.

    A record like an attempt: kept six years, never cascaded away with the learner, the
    instructor or the quiz. Grants add up; ``quizzes.selectors.attempts_status`` counts them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="attempt_grants",
        verbose_name="learner",
    )
    quiz = models.ForeignKey("quizzes.QuizPage", on_delete=models.PROTECT, related_name="grants")
    extra_attempts = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reason = models.TextField(
        max_length=1000, help_text="Why the learner gets more attempts (kept with the record)."
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    granted_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "extra attempts"
        verbose_name_plural = "extra attempts"

    def __str__(self):
        return f"{self.extra_attempts} more for {self.user} at quiz {self.quiz_id}"
