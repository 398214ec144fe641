"""Quiz pages: a quiz at the end of a module, or the course's final assessment.

Declarative, as the course pages are: its context comes from ``quizzes.selectors``, which
never import this module."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.models import CoursePage, ModulePage
from quizzes import selectors

# A pass mark, a number of attempts or a question's points written into a quiz's free text:
# learners read them from the quiz's Grading fields and its questions (the grading scale on
# the quiz page), which the grader uses, so words cannot drift from them.
COUNT = r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|unlimited)\s+"
GRADING_IN_WORDS = re.compile(
    r"\bpass(?:ing)?[ -]?mark\b|\bpassing (?:score|grade)\b"
    rf"|{COUNT}(?:attempts?|tries|retakes?)\b"
    r"|\b(?:attempts?|tries) (?:allowed|left|remaining)\b"
    rf"|{COUNT}points?\b",
    re.IGNORECASE,
)
# A percentage is a pass mark only in a sentence about passing or scoring: "about 30 % of
# clients develop lymphoedema" is clinical content, "score 80% to pass" is a pass mark.
PERCENT = re.compile(r"\b\d{1,3}\s*(?:%|per ?cent\b)", re.IGNORECASE)
ABOUT_GRADING = re.compile(r"\bpass|\bscor|\bmark\b|\bgrade", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def grading_restated(text: str) -> str:
    """The words of ``text`` that state a pass mark, a number of attempts or a question's
    points ("" if none)."""
    text = text or ""
    found = GRADING_IN_WORDS.search(text)
    if found:
        return found.group(0)
    for sentence in SENTENCE_END.split(text):
        percent = PERCENT.search(sentence)
        if percent and ABOUT_GRADING.search(sentence):
            return percent.group(0)
    return ""


GRADING_RESTATED = (
    "“{words}”: learners read the pass mark, the attempts and the points from the quiz's"
    " Grading fields and its questions. Say here what the quiz covers, not how it is graded."
)


class QuizPage(Page):
    """Questions from the question bank, with the quiz's grading settings."""

    intro = models.TextField(
        blank=True,
        help_text=(
            "What the quiz covers, in words. Learners read the pass mark, the attempts and the"
            " points from the Grading fields and the questions: do not restate them here."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Percent of the points needed to pass.",
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    retake_after_days = models.PositiveSmallIntegerField(
        "retake after (days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=(
            "After a learner has used every attempt, a fresh set of attempts opens this many"
            " days after their last submission. Leave blank for no retake: an instructor can"
            " still grant extra attempts (Extra attempts, in the admin menu)."
        ),
    )
    reveal_answers = models.BooleanField(
        "reveal correct answers",
        default=True,
        help_text="Show the correct answers once the learner has passed or used every attempt.",
    )
    shuffle = models.BooleanField("shuffle options", default=True)
    draw_case_variants = models.BooleanField(
        "draw case variants",
        default=False,
        help_text=(
            "Each attempt shows a case question with one of its case's approved variants (or"
            " the case itself), drawn at random; the attempt keeps the variant's seed."
        ),
    )
    questions = StreamField(
        [
            ("choice", SnippetChooserBlock("quizzes.ChoiceQuestion", icon="list-ul")),
            ("case_plan", SnippetChooserBlock("quizzes.CaseQuestion", icon="user")),
        ]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("pass_mark"),
                        FieldPanel("attempts_allowed"),
                        FieldPanel("retake_after_days"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("reveal_answers"),
                        FieldPanel("shuffle"),
                        FieldPanel("draw_case_variants"),
                    ]
                ),
            ],
            heading="Grading",
        ),
        FieldPanel("questions"),
    ]
    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = "quiz"

    def clean(self):
        super().clean()
        restated = grading_restated(self.intro)
        if restated:
            raise ValidationError({"intro": GRADING_RESTATED.format(words=restated)})

    @cached_property
    def course(self) -> CoursePage:
        """The course it belongs to: its parent (a final assessment) or its grandparent."""
        return CoursePage.objects.ancestor_of(self).get()

    @cached_property
    def module(self) -> ModulePage | None:
        """The module it closes, or None for the course's final assessment."""
        return ModulePage.objects.parent_of(self).first()

    @property
    def assesses_course(self) -> bool:
        return self.depth == self.course.depth + 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.quiz_context(quiz=self, request=request))
        return context
