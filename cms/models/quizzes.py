"""Quiz pages: a quiz at the end of a module, or the course's final assessment."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from quizzes.selectors import quiz_context


class QuizPage(Page):
    """Questions from the question bank, with the quiz's grading settings."""

    intro = models.TextField(blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Percent of the points needed to pass.",
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    reveal_answers = models.BooleanField(
        "reveal correct answers", default=True,
        help_text="Show the correct answers once the learner has passed or used every attempt.",
    )  # fmt: skip
    shuffle = models.BooleanField("shuffle options", default=True)
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
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("attempts_allowed")]),
                FieldRowPanel([FieldPanel("reveal_answers"), FieldPanel("shuffle")]),
            ],
            heading="Grading",
        ),
        FieldPanel("questions"),
    ]
    parent_page_types = ["cms.ModulePage", "cms.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = "quiz"

    @property
    def assesses_course(self) -> bool:
        from .courses import CoursePage

        return isinstance(self.get_parent().specific, CoursePage)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_context(quiz=self, request=request))
        return context
