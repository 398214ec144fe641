"""The admin's case editor: a client case's facts edited as labelled fields, not YAML.

The fields are generated from the engine's fact schema (``engine.facts.FACTS``) and its
words (``engine.case_fields``): one Wagtail block per fact, grouped in the editor's panels
(client and setting, history, radiation …). Enumerated facts are selects labelled from the
vocabulary, yes/no facts say "Not recorded" when blank (unknown is not "no" to the rules),
numbers carry the schema's range, and lists of records (radiation courses, surgeries,
devices …) are repeatable blocks. Body regions are rows of a region and an optional part
(``left_foot`` + ``heel``), as the vocabulary composes them.

The form converts both ways: ``initial`` from a stored facts dict, and on save a facts dict
again, validated by the engine; each ``FactsError`` path is put on the block it names (the
second radiation course's side), and nothing is saved while any is left. Saving a case
unchanged writes the stored dict back as it was (``keep_layout``): an imported case may
spell "unknown" as a null or an absent key, and the editor keeps whichever it had.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel
from wagtail.blocks.base import BlockField, BlockWidget
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from quizzes.case_compare import ExpertPlanComparison, FactsComparison
from quizzes.engine.body import ALIASES, SUBSITES
from quizzes.engine.case_fields import (
    FIELDS,
    NOT_RECORDED,
    PANEL_HELP,
    PANELS,
    YES_NO,
    help_text,
    in_words,
    known_texts,
    value_choices,
)
from quizzes.engine.facts import FACTS, FactsError, Spec, validate_facts
from quizzes.engine.vocabulary import (
    AREA_GROUP,
    AREAS,
    REGION_GROUPS,
    REGIONS,
    SUBSITE_TERMS,
    VERDICTS,
    capitalised,
)

OTHER = "__other"  # a free-text fact's "as written" companion to its select of usual values
RECORDED = "__recorded"  # a list whose absence means "unknown", not "none"
# Lists whose absence the engine reads differently from an empty list: an external course
# with no nodal basins recorded counts the nodes in its field as irradiated.
UNKNOWN_DIFFERS = frozenset({"radiation.nodal_basins"})
YES_NO_VALUES = {"true": True, "false": False}

REGION_CHOICES = [
    *(
        (group, [(t, capitalised(REGIONS[t].label)) for t in tokens])
        for group, tokens in REGION_GROUPS.items()
    ),
    (AREA_GROUP, [(t, capitalised(AREAS[t].label)) for t in ALIASES if t in AREAS]),
]
PART_CHOICES = [
    ("", "The whole region"),
    *((s, capitalised(SUBSITE_TERMS[s].label)) for s in SUBSITES),
]


def field_name(panel: str) -> str:
    """The form field of a panel: ``facts_client_and_setting``."""
    return "facts_" + re.sub(r"[^a-z]+", "_", panel.lower()).strip("_")


def _region_block(**kwargs) -> blocks.StructBlock:
    return blocks.StructBlock(
        [
            ("region", blocks.ChoiceBlock(choices=REGION_CHOICES, required=False, label="Region")),
            ("part", blocks.ChoiceBlock(choices=PART_CHOICES, required=False, label="Part")),
        ],
        **kwargs,
    )


def block_for(path: str, spec: Spec) -> blocks.Block:
    """The editor block of one fact."""
    info = FIELDS[path]
    kwargs = {"label": info.label, "help_text": help_text(path, spec)}
    kind = spec.kind
    if kind == "enum":
        choices = [("", NOT_RECORDED), *value_choices(path)]
        return blocks.ChoiceBlock(choices=choices, required=False, **kwargs)
    if kind == "bool":
        return blocks.ChoiceBlock(choices=[("", NOT_RECORDED), *YES_NO], required=False, **kwargs)
    if kind in ("int", "number"):
        block = blocks.IntegerBlock if kind == "int" else blocks.FloatBlock
        return block(required=False, min_value=spec.minimum, max_value=spec.maximum, **kwargs)
    if kind == "text":
        if known_texts(path):
            choices = [("", NOT_RECORDED), *known_texts(path)]
            return blocks.ChoiceBlock(choices=choices, required=False, **kwargs)
        return blocks.CharBlock(required=False, **kwargs)
    if kind == "region":
        return _region_block(**kwargs)
    if kind == "object":
        return blocks.StructBlock(_children(path, spec), **kwargs)
    item = spec.item
    if item.kind == "enum":
        return blocks.MultipleChoiceBlock(
            choices=value_choices(path),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )
    if item.kind == "region":
        return blocks.ListBlock(_region_block(label="Region"), default=[], **kwargs)
    if item.kind == "text":
        return blocks.ListBlock(
            blocks.CharBlock(required=False, label="Name"), default=[], **kwargs
        )
    record = blocks.StructBlock(_children(path, item), label=capitalised(info.item or "entry"))
    # A new record starts with its lists empty (Wagtail's default is one blank row).
    return blocks.ListBlock(record, default=[], **kwargs)


def _children(path: str, spec: Spec) -> list[tuple[str, blocks.Block]]:
    children = []
    for name, child in spec.fields.items():
        child_path = f"{path}.{name}" if path else name
        if child_path in UNKNOWN_DIFFERS:
            choices = [("", f"{NOT_RECORDED}: read from the treated field"), ("yes", "As listed")]
            children.append(
                (
                    name + RECORDED,
                    blocks.ChoiceBlock(
                        choices=choices,
                        required=False,
                        label=f"{FIELDS[child_path].label}: recorded?",
                        help_text="'As listed' with no rows means no nodes were irradiated.",
                    ),
                )
            )
        children.append((name, block_for(child_path, child)))
        if child.kind == "text" and known_texts(child_path):
            label = f"{FIELDS[child_path].label}, as written"
            help_ = "If the usual values above do not fit, write it as the chart does."
            children.append(
                (name + OTHER, blocks.CharBlock(required=False, label=label, help_text=help_))
            )
    return children


def panel_block(panel: str) -> blocks.StructBlock:
    """One panel of the editor: a block with the panel's top-level facts."""
    spec = Spec("object", fields={name: FACTS.fields[name] for name in PANELS[panel]})
    return blocks.StructBlock(_children("", spec), label=panel, help_text=PANEL_HELP[panel])


PANEL_BLOCKS: dict[str, blocks.StructBlock] = {panel: panel_block(panel) for panel in PANELS}
FIELD_PANEL = {field_name(panel): panel for panel in PANELS}
PANEL_OF_FACT = {name: panel for panel, names in PANELS.items() for name in names}


# -- facts -> the editor's values ----------------------------------------------------------


def _raw(path: str, spec: Spec, value):
    """A fact's value as its block's raw (JSON-like) value."""
    kind = spec.kind
    if kind == "enum":
        return value if isinstance(value, str) else ""
    if kind == "bool":
        return {True: "true", False: "false"}.get(value, "")
    if kind in ("int", "number"):
        return value
    if kind == "text":
        return value or ""
    if kind == "region":
        return _raw_region(value)
    if kind == "object":
        return _raw_object(path, spec, value if isinstance(value, dict) else {})
    items = value if isinstance(value, list) else []
    if spec.item.kind == "enum":
        return list(items)
    if spec.item.kind == "region":
        return [_item(_raw_region(v)) for v in items]
    if spec.item.kind == "text":
        return [_item(v) for v in items]
    return [_item(_raw_object(path, spec.item, v if isinstance(v, dict) else {})) for v in items]


def _item(value) -> dict:
    return {"type": "item", "value": value, "id": None}


def _raw_region(value) -> dict:
    region, _, part = (value or "").partition(":")
    return {"region": region, "part": part}


def _raw_object(path: str, spec: Spec, value: dict) -> dict:
    raw = {}
    for name, child in spec.fields.items():
        child_path = f"{path}.{name}" if path else name
        item = value.get(name)
        if child_path in UNKNOWN_DIFFERS:
            raw[name + RECORDED] = "" if item is None else "yes"
        if child.kind == "text" and known_texts(child_path):
            known = dict(known_texts(child_path))
            raw[name] = item if item in known else ""
            raw[name + OTHER] = "" if item in known or item is None else item
            continue
        raw[name] = _raw(child_path, child, item)
    return raw


def panel_values(facts: dict | None) -> dict:
    """{form field name: block value} of each panel, filled from ``facts``."""
    facts = facts if isinstance(facts, dict) else {}
    values = {}
    for panel, names in PANELS.items():
        spec = Spec("object", fields={name: FACTS.fields[name] for name in names})
        values[field_name(panel)] = PANEL_BLOCKS[panel].to_python(_raw_object("", spec, facts))
    return values


# -- the editor's values -> facts ----------------------------------------------------------


def _fact(path: str, spec: Spec, value):
    """A block's cleaned value as the fact's value; None for "not recorded"."""
    kind = spec.kind
    if kind == "enum":
        return value or None
    if kind == "bool":
        return YES_NO_VALUES.get(value)
    if kind == "int":
        return value
    if kind == "number":
        if value is None:
            return None
        return int(value) if float(value).is_integer() else value
    if kind == "text":
        return value or None
    if kind == "region":
        return _region(value)
    if kind == "object":
        return _object(path, spec, value) or None
    items = list(value or [])
    if spec.item.kind == "enum":
        return items
    if spec.item.kind == "region":
        return [r for r in (_region(v) for v in items) if r]
    if spec.item.kind == "text":
        return [v for v in items if v]
    return [_object(path, spec.item, v) for v in items]


def _region(value) -> str | None:
    if not value or not value.get("region"):
        return None
    part = value.get("part")
    return f"{value['region']}:{part}" if part else value["region"]


def _object(path: str, spec: Spec, value) -> dict:
    out = {}
    for name, child in spec.fields.items():
        child_path = f"{path}.{name}" if path else name
        item = _fact(child_path, child, value.get(name))
        if child.kind == "text" and known_texts(child_path):
            item = item or (value.get(name + OTHER) or None)
        if child_path in UNKNOWN_DIFFERS:
            if value.get(name + RECORDED):
                out[name] = item or []
            continue
        if item not in (None, [], {}):
            out[name] = item
    return out


def facts_from(values: dict) -> dict:
    """The facts dict made from every panel's cleaned value ({field name: StructValue})."""
    facts = {}
    for name, panel in FIELD_PANEL.items():
        spec = Spec("object", fields={n: FACTS.fields[n] for n in PANELS[panel]})
        facts.update(_object("", spec, values.get(name) or {}))
    return facts


def _empty(path: str, value) -> bool:
    if path in UNKNOWN_DIFFERS:
        return value is None
    return value in (None, [], {}) or (
        isinstance(value, dict) and all(_empty(f"{path}.{k}", v) for k, v in value.items())
    )


def keep_layout(new, old, path: str = ""):
    """``new`` (what the editor made) in the spelling of ``old`` (what was stored) wherever
    they mean the same: a null or an empty list the editor leaves out, a number stored as
    12.0, a list of choices in the stored order. Saving a case unchanged so rewrites the
    stored dict exactly."""
    if new == old:
        return old
    if isinstance(new, dict) and isinstance(old, dict):
        out = {}
        for key, value in old.items():
            child = f"{path}.{key}" if path else str(key)
            if key in new:
                out[key] = keep_layout(new[key], value, child)
            elif _empty(child, value):
                out[key] = value
        out.update({key: value for key, value in new.items() if key not in out})
        return out
    if isinstance(new, list) and isinstance(old, list) and len(new) == len(old):
        if all(not isinstance(v, (dict, list)) for v in (*new, *old)):
            return old if sorted(map(str, new)) == sorted(map(str, old)) else new
        return [keep_layout(n, o, path) for n, o in zip(new, old, strict=True)]
    if new is None and _empty(path, old):
        return old
    return new


# -- the engine's messages on the fields they concern ---------------------------------------

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _segments(path: str) -> list:
    return [name if name else int(index) for name, index in _SEGMENT.findall(path)]


def _error(block: blocks.Block, node: dict) -> ValidationError:
    """The nested block error for a tree of messages ({"": [messages], key: subtree})."""
    here = node.get("", [])
    children = {key: sub for key, sub in node.items() if key != ""}
    if isinstance(block, blocks.StructBlock):
        found = {}
        for key, sub in children.items():
            name = key if key in block.child_blocks else None
            if name is None:
                here = [*here, *sub.get("", [])]
            else:
                found[name] = _error(block.child_blocks[name], sub)
        return StructBlockValidationError(block_errors=found, non_block_errors=here or None)
    if isinstance(block, blocks.ListBlock):
        found = {}
        for key, sub in children.items():
            if isinstance(key, int):
                found[key] = _error(block.child_block, sub)
            else:
                here = [*here, *sub.get("", [])]
        return ListBlockValidationError(block_errors=found, non_block_errors=here or None)
    messages = [*here, *(m for sub in children.values() for m in _flatten(sub))]
    return ValidationError(" ".join(messages))


def _flatten(node: dict) -> list[str]:
    return [*node.get("", []), *(m for k, sub in node.items() if k != "" for m in _flatten(sub))]


def errors_by_field(errors: list[tuple[str, str]]) -> dict[str | None, ValidationError | str]:
    """The engine's (path, message) pairs as form errors: {panel field: nested block error},
    and None for a message no field holds."""
    trees: dict[str, dict] = {}
    loose: list[str] = []
    for path, message in errors:
        segments = _segments(path)
        message = in_words(message)
        if not segments or segments[0] not in PANEL_OF_FACT:
            loose.append(f"{path}: {message}")
            continue
        node = trees.setdefault(field_name(PANEL_OF_FACT[segments[0]]), {})
        for segment in segments:
            node = node.setdefault(segment, {})
        node.setdefault("", []).append(capitalised(message))
    out: dict[str | None, ValidationError | str] = {
        name: _error(PANEL_BLOCKS[FIELD_PANEL[name]], tree) for name, tree in trees.items()
    }
    if loose:
        out[None] = ValidationError(loose)
    return out


# -- the form ------------------------------------------------------------------------------


OMITTED = object()  # a panel the request did not send at all: its facts stay as stored
MALFORMED = object()  # a panel sent in part (a list without its count): refused, not a 500


class PanelWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        if self.value_omitted_from_data(data, files, name):
            return OMITTED
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError):
            return MALFORMED

    def value_omitted_from_data(self, data, files, name):
        # Checkbox lists send nothing when none is ticked, so a panel counts as sent when
        # any of its keys is.
        return not any(key.startswith(f"{name}-") for key in data)


class PanelField(BlockField):
    """One panel of facts as a form field (a Wagtail block), safe against a partial post."""

    def __init__(self, block, **kwargs):
        super().__init__(block=block, widget=PanelWidget(block), **kwargs)

    def clean(self, value):
        if value is OMITTED:
            return value
        if value is MALFORMED:
            raise ValidationError("This part of the form arrived incomplete; reload the page.")
        return super().clean(value)

    def bound_data(self, data, initial):
        return initial if data is OMITTED or data is MALFORMED else data

    def has_changed(self, initial, data):
        return data is not OMITTED and super().has_changed(initial, data)


class CaseFormBase(WagtailAdminModelForm):
    """A case's admin form: the facts come from the panels' blocks, never from YAML.

    Publishing, submitting to clinical review (or restarting it) and approving from the edit
    screen also ask ``Case.publish_problems``: a case made in the admin needs a safe expert
    plan before learners may see it. So does any save while the case is in review, since an
    approval off this form publishes the latest revision."""

    def publishing(self) -> bool:
        """Whether the posted action publishes now or leads to publishing on approval. While
        the case is in clinical review every save counts: approving publishes the latest
        revision (Wagtail's ``publish_workflow_state``), not the one submitted."""
        if self.instance.pk and self.instance.workflow_in_progress:
            return True
        data = self.data
        approving = data.get("action-workflow-action") and (
            data.get("workflow-action-name") == "approve"
        )
        return bool(
            data.get("action-publish")
            or data.get("action-submit")
            or data.get("action-restart-workflow")
            or approving
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in panel_values(self.instance.facts).items():
            self.initial.setdefault(name, value)

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in FIELD_PANEL):
            return cleaned
        stored = panel_values(self.instance.facts)
        values = {
            name: stored[name] if cleaned.get(name) is OMITTED else cleaned.get(name)
            for name in FIELD_PANEL
        }
        facts = keep_layout(facts_from(values), self.instance.facts or {})
        try:
            validate_facts(facts)
        except FactsError as error:
            for name, problem in errors_by_field(error.errors).items():
                self.add_error(name, problem)
            return cleaned
        self.instance.facts = facts
        if self.publishing():
            for problem in self.instance.publish_problems():
                self.add_error(None, problem)
        return cleaned


CaseForm = type(
    "CaseForm",
    (CaseFormBase,),
    {
        field_name(panel): PanelField(block, required=False, label=panel)
        for panel, block in PANEL_BLOCKS.items()
    },
)


class CaseCheckPanel(Panel):
    """On the case's edit screen: the link to its expert plan and how that plan grades, and
    the rules the saved facts trigger, with their title and rationale. (The preview shows
    the same for the facts being typed, before they are saved.)"""

    class BoundPanel(Panel.BoundPanel):
        template_name = "quizzes/admin/case/check_panel.html"

        def get_comparison(self):
            """The rows of a comparison between two versions: the facts and the expert plan
            (neither is a model field of the edit form, so Wagtail's own rows miss them)."""
            return [FactsComparison, ExpertPlanComparison]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            case = self.instance
            context.update(
                case=case,
                vignette_item={"case": case},
                triggered_rules=[],
                report=None,
                problems=[],
            )
            if not case.pk:
                return context
            context["expert_plan_url"] = reverse(
                "wagtailsnippets_quizzes_case:expert_plan", args=[quote(case.pk)]
            )
            try:
                rules = case.live_rules()  # compiled once for the three questions
                context["triggered_rules"] = case.triggered_rules(rules)
                report = case.expert_plan_grade(rules)
                context["report"] = report
                context["verdict"] = VERDICTS[report.verdict].label if report else ""
                context["problems"] = case.publish_problems(rules)
            except ValueError as error:  # facts or a plan the engine refuses
                context["problems"] = [str(error)]
            return context
