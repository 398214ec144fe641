from django.conf import settings
from django.db import models
from django.db.models import Q


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
