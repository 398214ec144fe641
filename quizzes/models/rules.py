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
from quizzes.engine.grader import GradeReport, grade
from quizzes.engine.plan import PlanError
from quizzes.engine.rules import CONFIDENCE, RuleError, RuleSet, load_rule
from quizzes.engine.vignette import vignette
from quizzes.engine.vocabulary import CONFIDENCE_LEVELS, VERDICTS

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
    """A client case: facts in the case vocabulary, read by learners as a vignette.

    Instructors edit the facts in the admin's case editor (``quizzes.case_editor``, fields
    generated from the engine's fact schema, never YAML) and the expert plan with the
    learner's plan form (``CaseViewSet``'s "Expert plan" view). Both are saved as revisions
    and reach learners only through clinical review."""

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

    # The facts are edited in the case editor's panels (``CaseViewSet.edit_handler``).
    panels = [
        FieldRowPanel([FieldPanel("case_id"), FieldPanel("module_slug")]),
        FieldPanel("title"),
        FieldPanel("intro"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("case_id")]

    class Meta:
        ordering = ["case_id"]
        verbose_name = "client case"  # as the Quiz library menu names them

    def __str__(self):
        return f"{self.case_id}: {self.title}"

    def get_preview_template(self, request, mode_name):
        return "quizzes/previews/case.html"

    def get_preview_context(self, request, mode_name):
        """The vignette as the learner reads it, made from the facts being edited, and the
        rules these facts trigger (title and rationale), for the author."""
        context = super().get_preview_context(request, mode_name)
        try:
            self.clean()
        except ValidationError as error:
            context["errors"] = error.messages
        else:
            rules = self.live_rules()
            context["triggered_rules"] = self.triggered_rules(rules)
            report = self.expert_plan_grade(rules)
            context["expert_grade"] = report
            context["expert_verdict"] = VERDICTS[report.verdict].label if report else ""
        context["item"] = {"case": self}
        return context

    @staticmethod
    def live_rules() -> RuleSet:
        """The published, active rules: the set learners are graded by."""
        return RuleSet(
            [load_rule(r.as_data()) for r in AdaptationRule.objects.filter(active=True, live=True)]
        )

    def triggered_rules(self, rules: RuleSet | None = None) -> list[dict]:
        """The rules these facts trigger (whatever the plan), each with its title and
        rationale, in catalogue order."""
        rules = rules if rules is not None else self.live_rules()
        report = grade(self.facts or {}, {}, rules)
        return [
            {
                "id": rule_id,
                "title": rules.by_id[rule_id].title,
                "rationale": rules.by_id[rule_id].rationale,
            }
            for rule_id in report.triggered_rules
            if rule_id in rules.by_id
        ]

    def expert_plan_grade(self, rules: RuleSet | None = None) -> GradeReport | None:
        """The expert plan graded against the live rules, or None without one."""
        if not self.expert_plan:
            return None
        rules = rules if rules is not None else self.live_rules()
        return grade(self.facts or {}, self.expert_plan, rules)

    def publish_problems(self, rules: RuleSet | None = None) -> list[str]:
        """Why this version may not be published yet, in clinical words (empty: it may).

        Its expert plan must grade safe: a caution or an unsafe plan is refused with the
        engine's feedback. A case made in the admin needs an expert plan at all, so that
        the expectation learners are held to has been written by an expert. The worked
        cases of the specification (C01-C25 under content/cases) carry no ``plan:`` but
        their expected requirements (``expected``, which only the importer writes, from
        the file's ``expected:``): they stay publishable without one, as they are today.
        """
        try:
            report = self.expert_plan_grade(rules)
        except (FactsError, PlanError) as error:
            return [f"The expert plan does not fit this case: {error}"]
        if report is None:
            if self.expected:
                return []
            return [
                "Write the expert plan (Expert plan, on this case) before publishing: "
                "a case made in the admin is published with a safe expert plan."
            ]
        if report.verdict == "safe":
            return []
        verdict = VERDICTS[report.verdict].label
        return [
            f"The expert plan is graded {verdict}; it must be safe to be published. "
            + " ".join(v.message for v in report.violations)
        ]

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
