"""The admin screen that makes variants of a case ("Make variants" on a case in the Quiz
library): the author chooses which facts vary and within what range, sees each new variant's
changes, the rules it triggers and the plan they expect; the variants go to clinical review
as they are made (``quizzes.variants.variants_create``)."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import WorkflowState

from quizzes.engine.variants import VariantError
from quizzes.engine.vignette import vignette

from .models import AdaptationRule, Case
from .selectors import expected_plan
from .variants import MOST_AT_ONCE, offered_axes, variants_create


class VariantsForm(forms.Form):
    """A "vary" box per fact this case has, with a range for a number, and how many."""

    count = forms.IntegerField(
        label="How many variants", min_value=1, max_value=MOST_AT_ONCE, initial=3
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = offered_axes(case)
        for offer in self.offers:
            now = f" This case: {offer.now:,}." if isinstance(offer.now, int) else ""
            self.fields[f"vary_{offer.name}"] = forms.BooleanField(
                label=f"Vary: {offer.label}", required=False, help_text=offer.help + now
            )
            if offer.minimum is not None:
                for end, initial in (("low", offer.minimum), ("high", offer.maximum)):
                    self.fields[f"{offer.name}_{end}"] = forms.IntegerField(
                        label=f"{offer.label}: {'lowest' if end == 'low' else 'highest'}",
                        min_value=offer.minimum,
                        max_value=offer.maximum,
                        initial=initial,
                        required=False,
                    )

    def choices(self) -> dict:
        """The engine's choices: axis -> (low, high) for a number, None otherwise."""
        chosen = {}
        for offer in self.offers:
            if not self.cleaned_data.get(f"vary_{offer.name}"):
                continue
            if offer.minimum is None:
                chosen[offer.name] = None
            else:
                low = self.cleaned_data.get(f"{offer.name}_low")
                high = self.cleaned_data.get(f"{offer.name}_high")
                chosen[offer.name] = (
                    offer.minimum if low is None else low,
                    offer.maximum if high is None else high,
                )
        return chosen

    def refuse(self, error: VariantError) -> None:
        """The engine's reasons on the fields they concern."""
        names = {offer.name for offer in self.offers}
        for axis, message in error.errors:
            if axis in names:
                field = f"{axis}_low" if f"{axis}_low" in self.fields else f"vary_{axis}"
                self.add_error(field, message[:1].upper() + message[1:] + ".")
            elif axis == "count":
                self.add_error("count", message[:1].upper() + message[1:] + ".")
            else:
                self.add_error(None, message[:1].upper() + message[1:] + ".")


class CaseVariantsView(WagtailAdminTemplateMixin, FormView):
    template_name = "quizzes/admin/case_variants.html"
    form_class = VariantsForm
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("quizzes.add_case"):
            return permission_denied(request)
        self.case = get_object_or_404(Case, pk=kwargs["pk"], variant_of__isnull=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Variants of {self.case.case_id}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_quizzes_case:list"), "label": "Client cases"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case}

    def form_valid(self, form):
        try:
            made = variants_create(
                case=self.case,
                choices=form.choices(),
                count=form.cleaned_data["count"],
                user=self.request.user,
            )
        except VariantError as error:
            form.refuse(error)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, made=made))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        made = kwargs.get("made")
        rows = made if made is not None else list(self.case.variants.order_by("case_id"))
        cited = {rule_id for row in rows for rule_id in _cited(row.expected or {})}
        rules = {r.rule_id: r for r in AdaptationRule.objects.filter(rule_id__in=cited)}
        in_review = _in_review(rows)
        shown = [self._shown(row, rules, in_review) for row in rows]
        context.update(case=self.case, made=made, variants=shown)
        return context

    def _shown(self, row: Case, rules: dict, in_review: set[str]) -> dict:
        """A variant as the author reviews it: where it stands in review, what changed, the
        rules it triggers (by title), and the plan they expect, in words."""
        summary = row.expected or {}
        return {
            "case": row,
            "in_review": str(row.pk) in in_review,
            "edit_url": reverse("wagtailsnippets_quizzes_case:edit", args=[row.pk]),
            "changes": _changes(self.case.facts, row.facts),
            "rules": [rules[r] for r in summary.get("triggered_rules") or [] if r in rules],
            "plan": expected_plan(summary, rules),
        }


def _in_review(rows: list[Case]) -> set[str]:
    """The ids (as workflow states store them) of the variants in Clinical review: one
    query for all of them, not one per variant."""
    return set(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Case),
            object_id__in=[str(row.pk) for row in rows],
        ).values_list("object_id", flat=True)
    )


def _cited(summary: dict) -> set[str]:
    """The rules a variant's summary names: those it triggers and those behind each
    requirement."""
    return {
        rule_id
        for block in ("must", "should")
        for entry in (summary.get(block) or {}).values()
        for rule_id in entry["rules"]
    } | set(summary.get("triggered_rules") or [])


def _changes(before: dict, after: dict) -> list[str]:
    """The variant's vignette lines that differ from the case's: its changes in the words a
    learner reads (never fact names)."""
    from_case = {line for section in vignette(before) for line in section.lines}
    return [line for section in vignette(after) for line in section.lines if line not in from_case]
