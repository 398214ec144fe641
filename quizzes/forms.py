"""The session-plan form: what a learner fills in for a case-plan question.

Only the plan sections a question asks for are shown. Each section is a labelled fieldset of
native controls (radio buttons, grouped checkboxes, selects), so it works with a keyboard, a
screen reader and a phone without any script. ``to_plan`` turns the answers into the plan
vocabulary, and the engine's own validation names any field it refuses.

Body areas are edited one row per area: a single state (no separate limit, hold only, a
pressure cap, or avoid) and, where the question asks for them, the area's own toggles (no
heat, no cold, no product, no joint movement). The sites this client's chart names (a port,
a radiation field) are offered first, by name. A body map drawn over the rows is only an
enhancement; the rows are the form.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache

from django import forms
from django.utils.datastructures import MultiValueDict

from quizzes.engine.facts import derive, normalize_facts
from quizzes.engine.plan import PLAN_KEYS as ENGINE_PLAN_KEYS
from quizzes.engine.plan import PlanError, parse_plan
from quizzes.engine.sites import SiteResolver
from quizzes.engine.vocabulary import (
    AREA_EDITOR,
    AREA_GROUP,
    AREA_STATES,
    AREA_TOGGLES,
    AREAS,
    CASE_SITES,
    CASE_SITES_GROUP,
    INFECTION_LEVELS,
    JOINT_LEVELS,
    LYMPH_BASINS,
    PLAN_QUESTIONS,
    POSITIONS,
    PPE,
    PRESSURE_LEVELS,
    PROCESS_STEPS,
    PRODUCT_CONSTRAINTS,
    PRODUCTS,
    RARE_GROUPS,
    REFERRALS,
    REGION_GROUPS,
    SECTIONS,
    SERVICES,
    SIDES,
    SITE_TOKENS,
    TECHNIQUE_GROUPS,
    TECHNIQUES,
    UnknownToken,
    basin_label,
    capitalised,
    label,
    lowered,
    region_label,
    site_label,
    term,
)

# "0: stationary hold. Still, weightless contact; no gliding.": the level, its words, its hint.
PRESSURE_CHOICES = [
    (level, f"{level}: {lowered(term.label)}. {term.help}")
    for level, term in PRESSURE_LEVELS.items()
]
# The body's areas as the editor lists them: (group, region or larger-area tokens).
BODY_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    *REGION_GROUPS.items(),
    (AREA_GROUP, tuple(AREAS)),
]
ALL_AREAS = [token for _, tokens in BODY_GROUPS for token in tokens]
WHOLE_BODY = "global"
TECHNIQUES_BY_GROUP = {
    group: [t for t, spec in TECHNIQUES.items() if spec.group == group]
    for group in TECHNIQUE_GROUPS
}
PRODUCTS_BY_GROUP = {
    group: [p for p, spec in PRODUCTS.items() if spec.group == group]
    for group in dict.fromkeys(spec.group for spec in PRODUCTS.values())
}

# One state per area. "hold" is level 0; a cap runs to level 4 (level 5 is no limit at all).
AVOID = "avoid"
CAP_LEVELS = [level for level in PRESSURE_LEVELS if 0 <= level <= 4]
# Per-area toggles and the section that asks for each, in the order a row shows them.
TOGGLES = tuple(AREA_TOGGLES)
# The sections answered area by area: a state per area, or a per-area toggle.
AREA_SECTIONS = frozenset({"pressure", "avoid_sites", *(t.group for t in AREA_TOGGLES.values())})
# What a postponed session still asks; the other sections wait for the session itself.
POSTPONED_SECTIONS = ("postpone", "refer", "md_release_required", "process")


def _choices(tokens) -> list[tuple[str, str]]:
    """Choices labelled from the plan vocabulary (never from a token's spelling)."""
    return [(t, label(t)) for t in tokens]


def _words(question: str) -> str:
    """A plan-form field's label, from the plan vocabulary."""
    return PLAN_QUESTIONS[question].label


def _checkboxes(question, choices):
    return forms.MultipleChoiceField(
        label=_words(question),
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def area_label(token: str) -> str:
    """An area's row heading: a body region, a larger area or one of this client's sites."""
    return capitalised(site_label(token) if token in SITE_TOKENS else region_label(token))


def state_choices(*, caps: bool, avoid: bool) -> list[tuple[str, str]]:
    """The states an area may take, worded from the pressure scale and the area states."""
    choices = [("", AREA_STATES[""].label)]
    if caps:
        hold = PRESSURE_LEVELS[0]
        choices.append(("0", f"Hold only (level 0: {lowered(hold.label)})"))
        choices += [
            (str(n), f"Up to level {n}: {lowered(PRESSURE_LEVELS[n].label)}")
            for n in CAP_LEVELS
            if n
        ]
    if avoid:
        choices.append((AVOID, AREA_STATES[AVOID].label))
    return choices


@lru_cache(maxsize=256)
def area_state_fields(areas: tuple[str, ...], *, caps: bool, avoid: bool) -> dict:
    """The area-state fields for these areas, made once: making a choice field normalises
    its choices, which for one field per body area was 43 % of grading a plan in a regrade
    (profiled: 1,500 plans). Each form takes its own copies (``_own_copy``)."""
    choices = state_choices(caps=caps, avoid=avoid)
    return {
        f"limit__{area}": forms.ChoiceField(label=area_label(area), choices=choices, required=False)
        for area in areas
    }


def _own_copy(prototype: forms.Field) -> forms.Field:
    """A form's own copy of a prepared field: its widget, attributes, messages and
    validators copied, as Django's deep copy of declared fields gives; the normalised
    choices shared, since nothing changes them after they are made (a deep copy of them
    cost more than making the field)."""
    field = copy.copy(prototype)
    field.widget = copy.copy(prototype.widget)
    field.widget.attrs = dict(prototype.widget.attrs)
    field.error_messages = dict(prototype.error_messages)
    field.validators = list(prototype.validators)
    return field


def case_sites(facts: dict | None) -> list[str]:
    """The sites of ``CASE_SITES`` this client has (a port, a radiation field), in the
    vocabulary's order: read from the case facts an attempt stored, never from a rule."""
    if not facts:
        return []
    try:
        normalized = normalize_facts(facts)
        resolver = SiteResolver(normalized, derive(normalized))
        return [token for token in CASE_SITES if resolver.resolve(token)]
    except (ValueError, KeyError, TypeError):  # facts a stored attempt kept from older content
        return []


BASIN_CHOICES = [
    (f"{basin}_{side}", capitalised(basin_label(f"{basin}_{side}")))
    for basin in LYMPH_BASINS
    for side in SIDES
]


@dataclass
class Option:
    """One checkbox or radio of a choice list, with its short help."""

    widget: object
    help: str


@dataclass
class ChoiceGroup:
    label: str
    options: list[Option]
    rare: bool = False
    chosen: int = 0


@dataclass
class AreaRow:
    token: str
    label: str
    state: object = None  # the bound select, when the question asks pressure or avoid
    toggles: list = field(default_factory=list)  # (toggle words, subwidget)
    is_set: bool = False


@dataclass
class AreaGroup:
    label: str
    rows: list[AreaRow]
    case: bool = False

    @property
    def set_count(self) -> int:
        return sum(row.is_set for row in self.rows)


class PlanForm(forms.Form):
    """One case-plan answer. ``sections`` are the plan sections the question asks for;
    ``sites`` the case sites offered by name (``case_sites``)."""

    # Section -> its fields in order (the body areas are laid out apart).
    SECTION_FIELDS = {
        section: tuple(
            name
            for name, question in PLAN_QUESTIONS.items()
            if question.group == section and name not in TOGGLES
        )
        for section in SECTIONS
    }
    # Checkbox lists shown as collapsible groups (all groups of the field).
    GROUPED = ("techniques", "products_used", "product_constraints")
    # Lists long enough to want a search box (shown by the script), and its label.
    SEARCHABLE = {
        "techniques": "Find a technique",
        "products": "Find a product",
        "process": "Find a step",
    }
    # Lists longer than this start collapsed (their summary says how many are chosen), so a
    # question fits a phone before the learner opens what they need.
    FOLD_AFTER = 5
    # Questions every plan answers stay in view whatever their length.
    ALWAYS_SHOWN = ("max_pressure_global", "joint_movement", "infection_control")
    # The parts of a plan this form writes (``to_plan``) and so shows again filled in: all
    # of the plan format's but the techniques excluded in general or on given sites, which
    # the form has no control for (a learner answers with the techniques they would use).
    NOT_ASKED = frozenset({"excluded_techniques", "excluded_techniques_on", "technique_sites"})
    PLAN_KEYS = frozenset(ENGINE_PLAN_KEYS) - NOT_ASKED

    def __init__(self, *args, sections: list[str], sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = [s for s in SECTIONS if s in sections]
        self.sites = [s for s in sites if s in SITE_TOKENS]
        self.areas = [*self.sites, *ALL_AREAS]
        build = {
            "postpone": self._postpone,
            "refer": lambda: {"refer": _checkboxes("refer", _choices(REFERRALS))},
            "md_release_required": lambda: {
                "md_release_required": forms.BooleanField(
                    label=_words("md_release_required"), required=False
                )
            },
            "pressure": self._pressure,
            "avoid_sites": dict,
            "positions": lambda: {
                "positions_use": _checkboxes("positions_use", _choices(POSITIONS)),
                "positions_prohibited": _checkboxes("positions_prohibited", _choices(POSITIONS)),
            },
            "techniques": self._techniques,
            "thermal": lambda: {
                "no_heat": self._area_toggle("no_heat", whole_body=True),
                "no_cold": self._area_toggle("no_cold", whole_body=True),
            },
            "stroke_direction": self._strokes,
            "products": self._products,
            "max_duration_min": lambda: {
                "max_duration_min": forms.IntegerField(
                    label=_words("max_duration_min"), min_value=5, max_value=240, required=False
                )
            },
            "infection_control": lambda: {
                "infection_control": forms.ChoiceField(
                    label=_words("infection_control"),
                    choices=_choices(INFECTION_LEVELS),
                    widget=forms.RadioSelect,
                    initial="standard",
                ),
                "ppe": _checkboxes("ppe", _choices(PPE)),
            },
            "process": lambda: {"process": _checkboxes("process", _choices(PROCESS_STEPS))},
        }
        for section in self.sections:
            self.fields.update(build[section]())
        self.fields.update(self._area_states())
        if self.postponed:
            for name in self.fields:
                self.fields[name].required = False

    @property
    def postponed(self) -> bool:
        """Whether the posted answer postpones the session: then nothing else is required."""
        if not self.is_bound or "postpone" not in self.fields:
            return False
        return bool(
            self.fields["postpone"].widget.value_from_datadict(
                self.data, self.files, self.add_prefix("postpone")
            )
        )

    # sections with several fields ---------------------------------------------------------

    def _postpone(self):
        return {
            "postpone": forms.BooleanField(label=_words("postpone"), required=False),
            "services_postponed": _checkboxes("services_postponed", _choices(SERVICES)),
        }

    def _pressure(self):
        return {
            "max_pressure_global": forms.TypedChoiceField(
                label=_words("max_pressure_global"),
                choices=PRESSURE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
        }

    def _area_states(self):
        """One state per area, when the question asks for pressure limits or avoided areas."""
        caps, avoid = "pressure" in self.sections, "avoid_sites" in self.sections
        if not (caps or avoid):
            return {}
        prepared = area_state_fields(tuple(self.areas), caps=caps, avoid=avoid)
        return {name: _own_copy(prototype) for name, prototype in prepared.items()}

    def _area_toggle(self, name, *, whole_body=False):
        choices = [(area, area_label(area)) for area in self.areas]
        if whole_body:
            choices.insert(0, (WHOLE_BODY, capitalised(site_label(WHOLE_BODY))))
        return _checkboxes(name, choices)

    def _techniques(self):
        return {
            "techniques": _checkboxes(
                "techniques",
                [(group, _choices(items)) for group, items in TECHNIQUES_BY_GROUP.items()],
            ),
            "joint_movement": forms.ChoiceField(
                label=_words("joint_movement"),
                choices=_choices(JOINT_LEVELS),
                widget=forms.RadioSelect,
                initial="none",
            ),
            "no_joint_movement": self._area_toggle("no_joint_movement"),
        }

    def _strokes(self):
        return {
            "centripetal_light": forms.BooleanField(
                label=_words("centripetal_light"), required=False
            ),
            "drainage_toward": _checkboxes("drainage_toward", BASIN_CHOICES),
            "no_drainage_toward": _checkboxes("no_drainage_toward", BASIN_CHOICES),
        }

    def _products(self):
        return {
            "products_used": _checkboxes(
                "products_used",
                [(group, _choices(items)) for group, items in PRODUCTS_BY_GROUP.items()],
            ),
            "product_constraints": _checkboxes(
                "product_constraints", [("Product rules", _choices(PRODUCT_CONSTRAINTS))]
            ),
            "no_product_on": self._area_toggle("no_product_on"),
        }

    # the form as the template shows it -----------------------------------------------------

    def layout(self) -> list[dict]:
        """One entry per asked section in plan order, and the body areas where they are first
        needed (with pressure, avoided areas, heat and cold, products or joint movement)."""
        entries, areas_in = [], None
        for section in self.sections:
            entry = self._section_entry(section)
            if areas_in is None and self._needs_areas(section):
                entry["areas"], areas_in = self._areas_entry(), section
            elif section == "avoid_sites":
                entry["areas_in"] = areas_in  # its states sit in that section's area list
            entries.append(entry)
        return entries

    def _section_entry(self, section: str) -> dict:
        return {
            "kind": "section",
            "name": section,
            "title": SECTIONS[section].label,
            "help": SECTIONS[section].help,
            "postponable": section not in POSTPONED_SECTIONS,
            "search": self.SEARCHABLE.get(section, ""),
            "fields": [self._field_entry(bf) for bf in self.section_fields(section)],
            "whole_body": self._whole_body_toggles() if section == "thermal" else [],
            "areas": None,
            "areas_in": None,
        }

    @staticmethod
    def _needs_areas(section: str) -> bool:
        return section in AREA_SECTIONS

    def _field_entry(self, bound) -> dict:
        name = bound.name
        groups = self.choice_groups(bound) if name in self.GROUPED else []
        options = [] if groups else self._options(bound)
        return {
            "field": bound,
            "groups": groups,
            "options": options,
            "folded": len(options) > self.FOLD_AFTER and name not in self.ALWAYS_SHOWN,
            "chosen": sum(1 for o in options if o.widget.data["selected"]),
        }

    def _options(self, bound) -> list[Option]:
        if not isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            return []
        return [Option(w, _help_of(bound.name, w.data["value"])) for w in bound.subwidgets]

    def choice_groups(self, bound) -> list[ChoiceGroup]:
        """A grouped checkbox list as collapsible groups, the rarely used ones marked."""
        widgets = {str(w.data["value"]): w for w in bound.subwidgets}
        groups = []
        for group, choices in bound.field.choices:
            options = [Option(widgets[str(v)], _help_of(bound.name, v)) for v, _ in choices]
            groups.append(
                ChoiceGroup(
                    label=group,
                    options=options,
                    rare=group in RARE_GROUPS,
                    chosen=sum(1 for o in options if o.widget.data["selected"]),
                )
            )
        return sorted(groups, key=lambda g: g.rare)

    def _whole_body_toggles(self):
        rows = []
        for name in ("no_heat", "no_cold"):
            for widget in self[name].subwidgets:
                if widget.data["value"] == WHOLE_BODY:
                    rows.append((f"{_words(name)} {site_label(WHOLE_BODY)}", widget))
        return rows

    def _areas_entry(self) -> dict:
        toggles = [name for name in TOGGLES if name in self.fields]
        widgets = {name: {w.data["value"]: w for w in self[name].subwidgets} for name in toggles}
        listed = [(CASE_SITES_GROUP, self.sites)] if self.sites else []
        groups = [
            AreaGroup(
                group,
                [self._row(token, toggles, widgets) for token in tokens],
                case=group == CASE_SITES_GROUP,
            )
            for group, tokens in [*listed, *BODY_GROUPS]
        ]
        return {
            "title": AREA_EDITOR.label,
            "help": AREA_EDITOR.help,
            "groups": groups,
            "has_states": f"limit__{ALL_AREAS[0]}" in self.fields,
            "errors": [(self[name], self[name].errors) for name in toggles if self[name].errors],
        }

    def _row(self, token, toggles, widgets) -> AreaRow:
        state = self[f"limit__{token}"] if f"limit__{token}" in self.fields else None
        row = AreaRow(token, area_label(token), state)
        row.toggles = [(AREA_TOGGLES[name].label, widgets[name][token]) for name in toggles]
        row.is_set = bool(state is not None and state.value()) or any(
            w.data["selected"] for _, w in row.toggles
        )
        return row

    def section_fields(self, section: str):
        return [self[name] for name in self.SECTION_FIELDS[section] if name in self.fields]

    # ---------------------------------------------------------------------------------------

    def area_states(self) -> dict[str, str]:
        data = self.cleaned_data
        return {area: data.get(f"limit__{area}") or "" for area in self.areas}

    def to_plan(self) -> dict:
        """The answers in the plan vocabulary. Call after ``is_valid()``."""
        data = self.cleaned_data
        states = self.area_states()
        plan: dict = {}
        if "postpone" in self.sections:
            plan["postpone"] = data["postpone"]
            plan["services_postponed"] = data["services_postponed"]
        for key in ("refer", "techniques", "ppe", "process", "products_used"):
            if key in data:
                plan[key] = data[key]
        if "md_release_required" in data:
            plan["md_release_required"] = data["md_release_required"]
        if "avoid_sites" in self.sections:
            plan["avoid_sites"] = [area for area, state in states.items() if state == AVOID]
        if "pressure" in self.sections:
            if data.get("max_pressure_global") not in (None, ""):
                plan["max_pressure_global"] = data["max_pressure_global"]
            plan["site_limits"] = {
                area: int(state) for area, state in states.items() if state.isdigit()
            }
        if "positions" in self.sections:
            plan["positions"] = {
                "use": data["positions_use"],
                "prohibited": data["positions_prohibited"],
            }
        if "techniques" in self.sections:
            if data.get("joint_movement"):
                plan["joint_movement"] = data["joint_movement"]
            plan["joint_movement_on"] = dict.fromkeys(data["no_joint_movement"], "none")
        if "thermal" in self.sections:
            plan["thermal"] = {"no_heat": data["no_heat"], "no_cold": data["no_cold"]}
        if "stroke_direction" in self.sections:
            plan["stroke_direction"] = [
                *(["centripetal_light"] if data["centripetal_light"] else []),
                *[f"drainage_toward:{b}" for b in data["drainage_toward"]],
                *[f"no_drainage_toward:{b}" for b in data["no_drainage_toward"]],
            ]
        if "products" in self.sections:
            plan["product_constraints"] = [
                *data["product_constraints"],
                *[f"no_product_on:{area}" for area in data["no_product_on"]],
            ]
        if data.get("max_duration_min") is not None:
            plan["max_duration_min"] = data["max_duration_min"]
        if data.get("infection_control"):
            plan["infection_control"] = data["infection_control"]
        return plan

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            parse_plan(self.to_plan())
        except PlanError as error:
            for path, message in error.errors:
                name = path.split(".")[0].split("[")[0]
                name = {
                    "positions": "positions_prohibited",
                    "thermal": "no_heat",
                    "excluded_techniques": "techniques",
                }.get(name, name)
                self.add_error(name if name in self.fields else None, message)
        return cleaned


def _help_of(name: str, value) -> str:
    """The short help under a choice: the vocabulary's for its token (the pressure scale and
    the node groups say theirs in the label)."""
    if name in ("max_pressure_global", "drainage_toward", "no_drainage_toward"):
        return ""
    return _term_help(value)


def _term_help(token) -> str:
    try:
        return term(str(token)).help
    except KeyError:
        return ""


def plan_form_for(question, answer: dict | None, *, bound: bool = False) -> PlanForm:
    """The plan form of a case question, filled with a saved answer ({field: [values]}).

    ``bound`` binds even an empty answer, so that submitting an unanswered question reports
    the missing fields instead of passing silently. The case sites offered by name come from
    the case facts the question version stored, so an attempt keeps what it showed.
    """
    prefix = f"q-{question.key}"
    data = None
    answer = stored_answer(answer)
    if answer or bound:
        data = MultiValueDict({f"{prefix}-{name}": values for name, values in answer.items()})
    sites = case_sites(question.case.facts) if _asks_areas(question.fields) else []
    return PlanForm(data=data, sections=question.fields, sites=sites, prefix=prefix)


def _asks_areas(sections) -> bool:
    return bool(AREA_SECTIONS & set(sections))


def stored_answer(answer) -> dict[str, list[str]]:
    """A saved answer as the form reads it, {field: [texts]}: anything else a writer may have
    stored (a number, a bare text, a list for a mapping) becomes no value, so the form asks
    for it again instead of failing or reading a text letter by letter."""
    if not isinstance(answer, dict):
        return {}
    return {
        str(name): [value for value in values if isinstance(value, str)]
        for name, values in answer.items()
        if isinstance(values, list)
    }


def plan_form_data(plan: dict | None, prefix: str) -> dict[str, list[str]]:
    """A stored plan as the learner's plan form posts it ({field: [values]}): the inverse of
    ``PlanForm.to_plan`` for every section, so an expert plan opens filled in."""
    plan = plan if isinstance(plan, dict) else {}
    data: dict[str, list[str]] = {}

    def put(name, values):
        values = [str(v) for v in values if v is not None and v != ""]
        if values:
            data.setdefault(f"{prefix}-{name}", []).extend(values)

    for key in ("refer", "techniques", "ppe", "process", "products_used", "services_postponed"):
        put(key, plan.get(key) or [])
    for key in ("postpone", "md_release_required"):
        if plan.get(key):
            put(key, ["on"])
    for key in ("max_pressure_global", "max_duration_min", "infection_control", "joint_movement"):
        put(key, [plan.get(key)])
    for area, level in (plan.get("site_limits") or {}).items():
        put(f"limit__{area}", [level])
    for area in plan.get("avoid_sites") or []:
        put(f"limit__{area}", ["avoid"])
    positions = plan.get("positions") or {}
    put("positions_use", positions.get("use") or [])
    put("positions_prohibited", positions.get("prohibited") or [])
    put("no_joint_movement", list(plan.get("joint_movement_on") or {}))
    thermal = plan.get("thermal") or {}
    put("no_heat", thermal.get("no_heat") or [])
    put("no_cold", thermal.get("no_cold") or [])
    for stroke in plan.get("stroke_direction") or []:
        kind, _, basin = str(stroke).partition(":")
        if kind == "centripetal_light":
            put("centripetal_light", ["on"])
        elif kind in ("drainage_toward", "no_drainage_toward"):
            put(kind, [basin])
    for constraint in plan.get("product_constraints") or []:
        kind, _, area = str(constraint).partition(":")
        if kind == "no_product_on" and area:
            put("no_product_on", [area])
        else:
            put("product_constraints", [constraint])
    return data


def plan_in_words(plan: dict | None, facts: dict | None) -> dict[str, str]:
    """A stored plan as the plan form shows it filled in, for a reviewer comparing two
    versions: each answered question's label and the labels of its answers, in the form's
    order. The words are the form's own (the vocabulary's), never a token's spelling; parts of
    a plan the form does not show are not here (``PlanForm.to_plan`` tells which)."""
    prefix = "plan"
    form = PlanForm(
        data=MultiValueDict(plan_form_data(plan, prefix)),
        sections=list(SECTIONS),
        sites=case_sites(facts),
        prefix=prefix,
    )
    rows: dict[str, str] = {}
    for bound in form:
        values = form.data.getlist(bound.html_name)
        if not values:
            continue
        if isinstance(bound.field, forms.BooleanField):
            rows[str(bound.label)] = "Yes"
            continue
        labels = {
            str(value): str(text)
            for value, text in _flat_choices(getattr(bound.field, "choices", []))
        }
        words = [labels.get(value) or _label_of(value) for value in values]
        rows[str(bound.label)] = ", ".join(words)
    return rows


def _label_of(token: str) -> str:
    """The vocabulary's words for a value the form offers no choice for (an imported plan
    may hold one); a token with no words is shown as stored, for staff to correct."""
    try:
        return label(token)
    except UnknownToken:
        return token


def _flat_choices(choices):
    """(value, label) pairs of choices that may be grouped ((group, [(value, label)…]))."""
    for value, text in choices:
        if isinstance(text, list | tuple):
            yield from text
        else:
            yield value, text
