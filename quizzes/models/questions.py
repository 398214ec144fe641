"""The question bank: choice questions and case-plan questions, reusable across quizzes.

Drafts, locking and the "Clinical review" workflow as for rules and cases
(``quizzes.models.rules``): the row is the published question; quizzes show only live ones."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from quizzes.engine.vocabulary import SECTIONS


def _sections() -> str:
    """The plan sections an author may name, each with the title learners see."""
    return "; ".join(f"{name} ({section.label})" for name, section in SECTIONS.items())


class ChoiceQuestionForm(WagtailAdminModelForm):
    """Checks the options together: a single-answer question needs exactly one correct one."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("options")
        if formset is not None and formset.is_valid():
            options = [
                form.cleaned_data
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            correct = sum(1 for option in options if option.get("correct"))
            if correct == 0:
                self.add_error(None, "Mark at least one option as correct.")
            elif not cleaned.get("multiple") and correct != 1:
                self.add_error(None, "A single-answer question needs exactly one correct option.")
        return cleaned


class ChoiceQuestion(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A single- or multiple-answer question with feedback on every option."""

    key = models.SlugField(max_length=80, unique=True, help_text="Stable id; attempts refer to it.")
    category = models.SlugField(max_length=60, help_text="Question-bank category.")
    prompt = models.TextField()
    multiple = models.BooleanField("several answers are correct", default=False)
    teaches = models.CharField(max_length=120, blank=True, help_text="module-slug#section-anchor")
    points = models.PositiveSmallIntegerField(default=1)
    assesses = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the adaptation rules this question assesses, for the question bank "
        "and the coverage check. Never shown to learners.",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="choice_question")

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("category"), FieldPanel("points")]),
        FieldPanel("prompt"),
        FieldPanel("multiple"),
        InlinePanel("options", min_num=2, label="Options"),
        FieldPanel("teaches"),
        FieldPanel("assesses"),
    ]
    search_fields = [index.SearchField("prompt"), index.FilterField("category")]
    base_form_class = ChoiceQuestionForm

    class Meta:
        ordering = ["category", "key"]
        verbose_name = "choice question"

    def __str__(self):
        return f"{self.key}: {self.prompt[:60]}"

    def get_preview_template(self, request, mode_name):
        return "quizzes/previews/choice_question.html"

    def get_preview_context(self, request, mode_name):
        """The prompt and options as a learner sees them, then each option's feedback."""
        context = super().get_preview_context(request, mode_name)
        context["question"] = self
        context["options"] = list(self.options.all())
        return context


class ChoiceOption(Orderable):
    question = ParentalKey(ChoiceQuestion, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=400)
    correct = models.BooleanField(default=False)
    feedback = models.TextField(help_text="Why this option is right or wrong.")

    panels = [FieldPanel("text"), FieldPanel("correct"), FieldPanel("feedback")]

    def __str__(self):
        return self.text


class CaseQuestion(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """A client case and the parts of a session plan the learner must propose."""

    key = models.SlugField(max_length=80, unique=True)
    category = models.SlugField(max_length=60, default="cases")
    case = models.ForeignKey("quizzes.Case", on_delete=models.PROTECT, related_name="questions")
    prompt = models.TextField(default="Propose a plan for today's session.")
    fields = models.JSONField(default=list, help_text="Plan sections asked: " + _sections())
    points = models.PositiveSmallIntegerField(default=3)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="case_question")

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("category"), FieldPanel("points")]),
        FieldPanel("case"),
        FieldPanel("prompt"),
        FieldPanel("fields"),
    ]
    search_fields = [index.SearchField("prompt"), index.FilterField("category")]

    class Meta:
        ordering = ["category", "key"]
        verbose_name = "case-plan question"

    def __str__(self):
        return f"{self.key}: case {self.case.case_id}"

    def clean(self):
        unknown = [f for f in self.fields or [] if f not in SECTIONS]
        if not isinstance(self.fields, list) or not self.fields or unknown:
            raise ValidationError({"fields": f"Choose plan sections from: {_sections()}."})
