"""Adaptation rules and client cases, stored as snippets so instructors can edit them.

The engine (``quizzes.engine``) owns their meaning; these models keep its structures
(requirements, facts) as validated JSON, edited as YAML, and refuse in ``clean()`` anything
the engine would refuse, with the engine's reason on the field concerned. Every change is a
revision, which is also how the content importer tells an admin's edit from its own.

Like module text, the library goes through clinical review: rules, cases and questions are
drafts until a clinical reviewer approves them (``DraftStateMixin`` and the "Clinical review"
workflow, assigned to these models by migration ``cms.0005``). The row holds the live
(published) version; a saved draft or a submission is a revision that leaves the row as it
is, so learners and the grader only ever read what was approved. ``live=False`` marks an item
that has never been published (or was unpublished): quizzes skip it.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from quizzes.engine.facts import FactsError, validate_facts
from quizzes.engine.rules import CONFIDENCE, RuleError, load_rule
from quizzes.engine.vignette import vignette
from quizzes.engine.vocabulary import CONFIDENCE_LEVELS

from .fields import StructureField


class AdaptationRule(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """One rule of the library (or a conditional part of one, ``<rule>/<part>``)."""

    rule_id = models.CharField(
        "rule id",
        max_length=120,
        unique=True,
        help_text="Stable id cited in feedback, e.g. heme-plt-20k-50k. Never rename it.",
    )
    title = models.CharField(max_length=160)
    category = models.CharField(max_length=40)
    when = models.TextField(
        help_text="Condition on the case facts, e.g. 20000 <= labs.platelets_per_uL < 50000"
    )
    must = StructureField(
        blank=True, null=True, help_text="Requirements whose violation makes a plan unsafe."
    )
    should = StructureField(
        blank=True, null=True, help_text="Requirements whose violation is a caution."
    )
    advice = models.TextField(blank=True, help_text="One sentence per line; shown, not graded.")
    confidence = models.CharField(
        max_length=12, choices=[(c, CONFIDENCE_LEVELS[c].label) for c in CONFIDENCE]
    )
    rationale = models.TextField()
    sources = models.CharField(max_length=200, blank=True, help_text="Source ids, e.g. S20, S18")
    teaches = models.CharField(
        max_length=120, blank=True, help_text="module-slug#section-anchor that teaches the rule"
    )
    postpone_acceptable = models.BooleanField(default=False)
    plan_dependent = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="adaptation_rule")

    panels = [
        FieldRowPanel([FieldPanel("rule_id"), FieldPanel("category"), FieldPanel("confidence")]),
        FieldPanel("title"),
        FieldPanel("when"),
        MultiFieldPanel(
            [FieldPanel("must"), FieldPanel("should"), FieldPanel("advice")], heading="Requirements"
        ),
        FieldPanel("rationale"),
        FieldRowPanel([FieldPanel("sources"), FieldPanel("teaches")]),
        FieldRowPanel(
            [FieldPanel("postpone_acceptable"), FieldPanel("plan_dependent"), FieldPanel("active")]
        ),
    ]
    search_fields = [
        index.SearchField("rule_id"),
        index.SearchField("title"),
        index.SearchField("rationale"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["sort_order", "rule_id"]
        verbose_name = "adaptation rule"

    def __str__(self):
        return f"{self.rule_id}: {self.title}"

    def as_data(self) -> dict:
        """The rule in the engine's (content/rules) shape."""
        data = {
            "id": self.rule_id,
            "title": self.title,
            "category": self.category,
            "when": self.when,
            "must": self.must or None,
            "should": self.should or None,
            "advice": [line.strip() for line in self.advice.splitlines() if line.strip()],
            "confidence": self.confidence,
            "rationale": self.rationale,
            "sources": [s.strip() for s in self.sources.replace(";", ",").split(",") if s.strip()],
            "teaches": self.teaches,
        }
        if self.postpone_acceptable:
            data["postpone_acceptable"] = True
        if self.plan_dependent:
            data["plan_dependent"] = True
        return {key: value for key, value in data.items() if value not in (None, "", [])}

    @classmethod
    def fields_from_data(cls, data: dict) -> dict:
        return {
            "title": data["title"],
            "category": data["category"],
            "when": " ".join(str(data["when"]).split()),
            "must": data.get("must") or None,
            "should": data.get("should") or None,
            "advice": "\n".join(data.get("advice") or []),
            "confidence": data.get("confidence", "common"),
            "rationale": " ".join(data["rationale"].split()),
            "sources": ", ".join(data.get("sources") or []),
            "teaches": data.get("teaches", ""),
            "postpone_acceptable": bool(data.get("postpone_acceptable")),
            "plan_dependent": bool(data.get("plan_dependent")),
        }

    def clean(self):
        """Refuse a rule the engine cannot use, with the engine's reason on its field."""
        try:
            load_rule(self.as_data())
        except RuleError as error:
            by_field: dict[str, list[str]] = {}
            for path, message in error.errors:
                name = path.split(".")[0].split("[")[0]
                name = {"id": "rule_id"}.get(name, name)
                if name not in {f.name for f in self._meta.fields}:
                    name = "must" if name.startswith("must") else "__all__"
                by_field.setdefault(name, []).append(f"{path}: {message}")
            raise ValidationError(by_field) from error


class Case(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A client case: facts in the case vocabulary, read by learners as a vignette."""

    case_id = models.CharField("case id", max_length=40, unique=True)
    title = models.CharField(max_length=255)
    intro = models.TextField(blank=True, help_text="Shown above the vignette.")
    module_slug = models.SlugField(blank=True, help_text="The module this case belongs to.")
    facts = StructureField(default=dict, help_text="The case's facts, in the case vocabulary.")
    vignette = models.JSONField(default=list, editable=False)
    expected = models.JSONField(default=dict, blank=True, editable=False)
    wrong_answers = models.JSONField(default=list, blank=True, editable=False)
    expert_plan = models.JSONField(default=dict, blank=True, editable=False)
    # A variant (``quizzes.variants``) is a case of its own, reviewed like any other; these
    # say which case it was drawn from, and how, so that it can be made again from its seed.
    variant_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="variants"
    )
    variant_seed = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    variant_choices = models.JSONField(default=dict, blank=True, editable=False)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="case")

    panels = [
        FieldRowPanel([FieldPanel("case_id"), FieldPanel("module_slug")]),
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("facts"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("case_id")]

    class Meta:
        ordering = ["case_id"]

    def __str__(self):
        return f"{self.case_id}: {self.title}"

    def get_preview_template(self, request, mode_name):
        return "quizzes/previews/case.html"

    def get_preview_context(self, request, mode_name):
        """The vignette as the learner reads it, made from the facts being edited."""
        context = super().get_preview_context(request, mode_name)
        try:
            self.clean()
        except ValidationError as error:
            context["errors"] = error.messages
        context["item"] = {"case": self}
        return context

    def clean(self):
        """Validate the facts and make the vignette learners read from them."""
        facts = self.facts or {}
        if not isinstance(facts, dict):
            raise ValidationError({"facts": "Write the facts as a mapping (name: value)."})
        try:
            validate_facts(facts)
        except FactsError as error:
            raise ValidationError(
                {"facts": [f"{path}: {message}" for path, message in error.errors]}
            ) from error
        self.facts = facts
        self.vignette = [
            {"heading": section.heading, "lines": list(section.lines)}
            for section in vignette(facts)
        ]
