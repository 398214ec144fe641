"""The session-plan form: what a learner fills in for a case-plan question.

Only the plan sections a question asks for are shown. Each section is a labelled fieldset of
native controls (radio buttons, grouped checkboxes, selects), so it works with a keyboard, a
screen reader and a phone without any script. ``to_plan`` turns the answers into the plan
vocabulary, and the engine's own validation names any field it refuses.
"""

from __future__ import annotations

from django import forms
from django.utils.datastructures import MultiValueDict

from quizzes.engine.plan import PlanError, parse_plan
from quizzes.engine.vocabulary import (
    AREA_GROUP,
    AREAS,
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
    REFERRALS,
    REGION_GROUPS,
    SECTIONS,
    SERVICES,
    SIDES,
    TECHNIQUE_GROUPS,
    TECHNIQUES,
    basin_label,
    capitalised,
    label,
    lowered,
    region_label,
    site_label,
)

# "0: stationary hold. Still, weightless contact; no gliding.": the level, its words, its hint.
PRESSURE_CHOICES = [
    (level, f"{level}: {lowered(term.label)}. {term.help}")
    for level, term in PRESSURE_LEVELS.items()
]
AREA_CHOICES = [
    *[(group, [(r, region_label(r)) for r in regions]) for group, regions in REGION_GROUPS.items()],
    (AREA_GROUP, [(a, region_label(a)) for a in AREAS]),
]
WHOLE_BODY = ("global", capitalised(site_label("global")))
ALL_AREAS = [value for _, choices in AREA_CHOICES for value, _ in choices]
TECHNIQUES_BY_GROUP = {
    group: [t for t, spec in TECHNIQUES.items() if spec.group == group]
    for group in TECHNIQUE_GROUPS
}


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


BASIN_CHOICES = [
    (f"{basin}_{side}", capitalised(basin_label(f"{basin}_{side}")))
    for basin in LYMPH_BASINS
    for side in SIDES
]


class PlanForm(forms.Form):
    """One case-plan answer. ``sections`` are the plan sections the question asks for."""

    # Section -> its fields in order (the per-area pressure limits are laid out apart).
    SECTION_FIELDS = {
        section: tuple(
            name for name, question in PLAN_QUESTIONS.items() if question.group == section
        )
        for section in SECTIONS
    }

    def __init__(self, *args, sections: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = [s for s in SECTIONS if s in sections]
        build = {
            "postpone": self._postpone,
            "refer": lambda: {"refer": _checkboxes("refer", _choices(REFERRALS))},
            "md_release_required": lambda: {
                "md_release_required": forms.BooleanField(
                    label=_words("md_release_required"), required=False
                )
            },
            "pressure": self._pressure,
            "avoid_sites": lambda: {"avoid_sites": _checkboxes("avoid_sites", AREA_CHOICES)},
            "positions": lambda: {
                "positions_use": _checkboxes("positions_use", _choices(POSITIONS)),
                "positions_prohibited": _checkboxes("positions_prohibited", _choices(POSITIONS)),
            },
            "techniques": self._techniques,
            "thermal": lambda: {
                "no_heat": _checkboxes("no_heat", [WHOLE_BODY, *AREA_CHOICES]),
                "no_cold": _checkboxes("no_cold", [WHOLE_BODY, *AREA_CHOICES]),
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

    # sections with several fields ---------------------------------------------------------

    def _postpone(self):
        return {
            "postpone": forms.BooleanField(label=_words("postpone"), required=False),
            "services_postponed": _checkboxes("services_postponed", _choices(SERVICES)),
        }

    def _pressure(self):
        fields = {
            "max_pressure_global": forms.TypedChoiceField(
                label=_words("max_pressure_global"),
                choices=PRESSURE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
        }
        for area in ALL_AREAS:
            fields[f"limit__{area}"] = forms.TypedChoiceField(
                label=capitalised(region_label(area)),
                choices=[("", "no separate limit"), *[(n, f"level {n}") for n in PRESSURE_LEVELS]],
                coerce=int,
                empty_value=None,
                required=False,
            )
        return fields

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
            "no_joint_movement": _checkboxes("no_joint_movement", AREA_CHOICES),
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
            "products_used": _checkboxes("products_used", _choices(PRODUCTS)),
            "product_constraints": _checkboxes(
                "product_constraints", _choices(PRODUCT_CONSTRAINTS)
            ),
            "no_product_on": _checkboxes("no_product_on", AREA_CHOICES),
        }

    # --------------------------------------------------------------------------------------

    def layout(self) -> list[dict]:
        """The form as the template shows it: one fieldset per asked section."""
        return [
            {
                "name": section,
                "title": SECTIONS[section].label,
                "fields": self.section_fields(section),
                "limit_groups": self.limit_fields() if section == "pressure" else [],
                "limits_label": _words("site_limits") if section == "pressure" else "",
            }
            for section in self.sections
        ]

    def limit_fields(self):
        """(group label, bound fields) for the per-area pressure selects."""
        groups = []
        for group, choices in AREA_CHOICES:
            groups.append((group, [self[f"limit__{value}"] for value, _ in choices]))
        return groups

    def section_fields(self, section: str):
        return [self[name] for name in self.SECTION_FIELDS[section] if name in self.fields]

    def to_plan(self) -> dict:
        """The answers in the plan vocabulary. Call after ``is_valid()``."""
        data = self.cleaned_data
        plan: dict = {}
        if "postpone" in self.sections:
            plan["postpone"] = data["postpone"]
            plan["services_postponed"] = data["services_postponed"]
        for key in ("refer", "avoid_sites", "techniques", "ppe", "process", "products_used"):
            if key in data:
                plan[key] = data[key]
        if "md_release_required" in data:
            plan["md_release_required"] = data["md_release_required"]
        if "pressure" in self.sections:
            plan["max_pressure_global"] = data["max_pressure_global"]
            plan["site_limits"] = {
                area: data[f"limit__{area}"]
                for area in ALL_AREAS
                if data.get(f"limit__{area}") is not None
            }
        if "positions" in self.sections:
            plan["positions"] = {
                "use": data["positions_use"],
                "prohibited": data["positions_prohibited"],
            }
        if "techniques" in self.sections:
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
        if "max_duration_min" in data:
            plan["max_duration_min"] = data["max_duration_min"]
        if "infection_control" in data:
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


def plan_form_for(question, answer: dict | None, *, bound: bool = False) -> PlanForm:
    """The plan form of a case question, filled with a saved answer ({field: [values]}).

    ``bound`` binds even an empty answer, so that submitting an unanswered question reports
    the missing fields instead of passing silently.
    """
    prefix = f"q-{question.key}"
    data = None
    answer = stored_answer(answer)
    if answer or bound:
        data = MultiValueDict({f"{prefix}-{name}": values for name, values in answer.items()})
    return PlanForm(data=data, sections=question.fields, prefix=prefix)


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
