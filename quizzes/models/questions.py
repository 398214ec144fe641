"""The question bank: choice questions and case-plan questions, reusable across quizzes.

Drafts, locking and the "Clinical review" workflow as for rules and cases
(``quizzes.models.rules``): the row is the published question; quizzes show only live ones.

Authors never type engine tokens: a case-plan question's asked sections are checkboxes named
and explained by the plan vocabulary (``SectionsField``), stored as the list of section tokens
the grader reads. Both kinds preview as a learner sees them, without the answer key of a case
(the plan form itself lives a layer above, in ``quizzes.forms``: the preview asks for it
through the ``PLAN_FORM_HOOK`` hook, which ``quizzes.wagtail_hooks`` answers)."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.compare import FieldComparison, diff_text
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

# The hook that builds a case-plan question's plan form for its preview: one function,
# ``fn(question) -> quizzes.forms.PlanForm`` (registered in ``quizzes.wagtail_hooks``).
PLAN_FORM_HOOK = "quizzes_plan_form_for_question"


MIN_OPTIONS = 2


def options_problem(options: list[dict], *, multiple: bool) -> str | None:
    """What is wrong with a choice question's options taken together, or None: at least
    ``MIN_OPTIONS`` of them, and exactly one correct unless several answers are correct."""
    if len(options) < MIN_OPTIONS:
        return f"Give at least {MIN_OPTIONS} options."
    correct = sum(1 for option in options if option.get("correct"))
    if correct == 0:
        return "Mark at least one option as correct."
    if not multiple and correct != 1:
        return (
            "A single-answer question needs exactly one correct option (or tick"
            ' "several answers are correct").'
        )
    return None


class ChoiceQuestionForm(WagtailAdminModelForm):
    """Checks the options together: a single-answer question needs exactly one correct one.
    The message sits on the options (the formset's own errors, shown above its rows)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("options")
        if formset is not None and formset.is_valid():
            options = [
                form.cleaned_data
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            problem = options_problem(options, multiple=bool(cleaned.get("multiple")))
            if problem:
                # ``is_valid()`` has filled the formset's errors; adding one makes it (and so
                # this form, which ClusterForm validates with its formsets) invalid.
                formset._non_form_errors.append(problem)
        return cleaned


class SectionsWidget(forms.CheckboxSelectMultiple):
    """Plan sections as checkboxes grouped as the plan form groups them, each with its help."""

    template_name = "quizzes/admin/questions/sections_widget.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        section = SECTIONS.get(str(value))
        option["help"] = section.help if section else ""
        return option


def section_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The plan sections in the plan form's order, grouped by the vocabulary's groups and
    labelled with the words learners read (never a token's spelling)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for token, section in SECTIONS.items():
        groups.setdefault(section.group, []).append((token, section.label))
    return list(groups.items())


class SectionsField(forms.MultipleChoiceField):
    """The plan sections a case-plan question asks for, chosen by name; the cleaned value is
    the list of section tokens in plan order (what ``CaseQuestion.fields`` stores)."""

    widget = SectionsWidget
    LABEL = "Plan sections asked"

    def __init__(self, **kwargs):
        kwargs.setdefault("label", self.LABEL)
        kwargs.setdefault(
            "help_text", "The parts of a session plan the learner fills in for this case."
        )
        kwargs.setdefault(
            "error_messages", {"required": "Choose at least one plan section to ask for."}
        )
        super().__init__(choices=section_choices, **kwargs)

    def clean(self, value):
        chosen = set(super().clean(value))
        return [token for token in SECTIONS if token in chosen]


def section_labels(tokens) -> list[str]:
    """The labels of the sections ``tokens`` names, in plan order; a stored name that is no
    plan section (from older content) is counted, never shown as is."""
    tokens = tokens if isinstance(tokens, list) else []
    labels = [section.label for token, section in SECTIONS.items() if token in tokens]
    unknown = sum(1 for token in tokens if token not in SECTIONS)
    return labels + ([f"{unknown} unknown section(s)"] if unknown else [])


class SectionsComparison(FieldComparison):
    """Two revisions' asked sections, compared by their labels (never the stored tokens)."""

    def __init__(self, field, obj_a, obj_b):
        super().__init__(field, obj_a, obj_b)
        self.val_a = ", ".join(section_labels(self.val_a))
        self.val_b = ", ".join(section_labels(self.val_b))

    def field_label(self):
        return SectionsField.LABEL

    def htmldiff(self):
        return diff_text(self.val_a, self.val_b).to_html()


class SectionsPanel(FieldPanel):
    """The asked sections: named checkboxes in the form, labels in revision comparisons."""

    def get_comparison_class(self):
        return SectionsComparison


class CaseQuestionForm(WagtailAdminModelForm):
    """The asked sections as named checkboxes instead of a JSON list."""

    fields = SectionsField()


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
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A client case and the parts of a session plan the learner must propose."""

    key = models.SlugField(max_length=80, unique=True)
    category = models.SlugField(max_length=60, default="cases")
    case = models.ForeignKey("quizzes.Case", on_delete=models.PROTECT, related_name="questions")
    prompt = models.TextField(default="Propose a plan for today's session.")
    fields = models.JSONField(
        default=list,
        help_text="The plan sections the learner fills in, in plan order (edited by name).",
    )
    points = models.PositiveSmallIntegerField(default=3)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="case_question")

    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("category"), FieldPanel("points")]),
        FieldPanel("case"),
        FieldPanel("prompt"),
        SectionsPanel("fields"),
    ]
    search_fields = [index.SearchField("prompt"), index.FilterField("category")]
    base_form_class = CaseQuestionForm

    class Meta:
        ordering = ["category", "key"]
        verbose_name = "case-plan question"

    def __str__(self):
        return f"{self.key}: {self.case.title} (case {self.case.case_id})"

    def clean(self):
        if not isinstance(self.fields, list) or not self.fields:
            raise ValidationError({"fields": "Choose at least one plan section to ask for."})
        unknown = [f for f in self.fields if f not in SECTIONS]
        if unknown:
            names = ", ".join(section.label for section in SECTIONS.values())
            message = f"{len(unknown)} asked section(s) are not plan sections: choose from {names}."
            raise ValidationError({"fields": message})

    @property
    def asked_sections(self) -> list[str]:
        """The labels of the asked sections, in plan order (what authors and reviewers read)."""
        return section_labels(self.fields)

    def get_preview_template(self, request, mode_name):
        return "quizzes/previews/case_question.html"

    def get_preview_context(self, request, mode_name):
        """The vignette and the plan form limited to the asked sections, as a learner sees
        them at the start of an attempt: no expected plan, no rule, no answer key."""
        context = super().get_preview_context(request, mode_name)
        builders = hooks.get_hooks(PLAN_FORM_HOOK)
        asks = isinstance(self.fields, list) and bool(self.fields)
        form = builders[0](self) if builders and self.case_id and asks else None
        case = self.case if self.case_id else None
        context["item"] = {"case": case, "question": self, "form": form}
        context["question"] = self
        return context
