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
    INFECTION_LEVELS,
    JOINT_LEVELS,
    LYMPH_BASINS,
    PLAN_SECTIONS,
    POSITIONS,
    PPE,
    PROCESS_STEPS,
    PRODUCT_CONSTRAINTS,
    PRODUCTS,
    REFERRALS,
    REGION_GROUPS,
    SERVICES,
    TECHNIQUE_GROUPS,
    TECHNIQUES,
    basin_label,
    label,
    region_label,
)

PRESSURE_LEVELS = [
    (0, "0: stationary hold. Still, weightless contact; no gliding."),
    (1, "1: light lotioning. Moves skin only, as if applying aloe to a sunburn."),
    (2, "2: heavy lotioning. Rubs lotion in; skin and superficial tissue move."),
    (3, "3: moderate (Swedish). Begins to work muscle."),
    (4, "4: deep. You lean in."),
    (5, "5: very deep. Forearm or elbow into large muscles."),
]
LARGER_AREAS = (
    "quadrant_upper_left", "quadrant_upper_right", "quadrant_lower_left", "quadrant_lower_right",
    "head_neck_left", "head_neck_right", "left_leg", "right_leg", "lower_legs", "hands", "feet",
    "palms_and_soles", "bony_prominences",
)  # fmt: skip
AREA_CHOICES = [
    *[(group, [(r, region_label(r)) for r in regions]) for group, regions in REGION_GROUPS.items()],
    ("Larger areas", [(a, region_label(a)) for a in LARGER_AREAS]),
]
ALL_AREAS = [value for _, choices in AREA_CHOICES for value, _ in choices]
TECHNIQUES_BY_GROUP = {
    group: [t for t, spec in TECHNIQUES.items() if spec.group == group]
    for group in TECHNIQUE_GROUPS
}


def _choices(tokens) -> list[tuple[str, str]]:
    """Choices labelled from the plan vocabulary (never from a token's spelling)."""
    return [(t, label(t)) for t in tokens]


def _checkboxes(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


BASIN_CHOICES = [
    (f"{basin}_{side}", basin_label(f"{basin}_{side}").capitalize())
    for basin in LYMPH_BASINS
    for side in ("left", "right", "bilateral")
]


class PlanForm(forms.Form):
    """One case-plan answer. ``sections`` are the plan sections the question asks for."""

    SECTION_FIELDS = {
        "postpone": ("postpone", "services_postponed"),
        "refer": ("refer",),
        "md_release_required": ("md_release_required",),
        "pressure": ("max_pressure_global",),  # plus one limit field per area
        "avoid_sites": ("avoid_sites",),
        "positions": ("positions_use", "positions_prohibited"),
        "techniques": ("techniques", "joint_movement", "no_joint_movement"),
        "thermal": ("no_heat", "no_cold"),
        "stroke_direction": ("centripetal_light", "drainage_toward", "no_drainage_toward"),
        "products": ("products_used", "product_constraints", "no_product_on"),
        "max_duration_min": ("max_duration_min",),
        "infection_control": ("infection_control", "ppe"),
        "process": ("process",),
    }

    def __init__(self, *args, sections: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = [s for s in PLAN_SECTIONS if s in sections]
        build = {
            "postpone": self._postpone,
            "refer": lambda: {"refer": _checkboxes("Referrals", _choices(REFERRALS))},
            "md_release_required": lambda: {
                "md_release_required": forms.BooleanField(
                    label="Confirm this plan with the treating team before the session",
                    required=False,
                )
            },
            "pressure": self._pressure,
            "avoid_sites": lambda: {
                "avoid_sites": _checkboxes(
                    "Do not touch these areas (no strokes, no holds, no product)", AREA_CHOICES
                )
            },
            "positions": lambda: {
                "positions_use": _checkboxes("Positions you will use", _choices(POSITIONS)),
                "positions_prohibited": _checkboxes("Positions you rule out", _choices(POSITIONS)),
            },
            "techniques": self._techniques,
            "thermal": lambda: {
                "no_heat": _checkboxes("No heat on", [("global", "The whole body"), *AREA_CHOICES]),
                "no_cold": _checkboxes("No cold on", [("global", "The whole body"), *AREA_CHOICES]),
            },
            "stroke_direction": self._strokes,
            "products": self._products,
            "max_duration_min": lambda: {
                "max_duration_min": forms.IntegerField(
                    label="Hands-on minutes, at most", min_value=5, max_value=240, required=False
                )
            },
            "infection_control": lambda: {
                "infection_control": forms.ChoiceField(
                    label="Infection control",
                    choices=_choices(INFECTION_LEVELS),
                    widget=forms.RadioSelect,
                    initial="standard",
                ),
                "ppe": _checkboxes("Protective equipment", _choices(PPE)),
            },
            "process": lambda: {"process": _checkboxes("Process steps", _choices(PROCESS_STEPS))},
        }
        for section in self.sections:
            self.fields.update(build[section]())

    # sections with several fields ---------------------------------------------------------

    def _postpone(self):
        return {
            "postpone": forms.BooleanField(label="Postpone today's session", required=False),
            "services_postponed": _checkboxes(
                "Or postpone only these services", _choices(SERVICES)
            ),
        }

    def _pressure(self):
        fields = {
            "max_pressure_global": forms.TypedChoiceField(
                label="Highest pressure anywhere (Walton scale)",
                choices=PRESSURE_LEVELS,
                coerce=int,
                widget=forms.RadioSelect,
            )
        }
        for area in ALL_AREAS:
            fields[f"limit__{area}"] = forms.TypedChoiceField(
                label=region_label(area)[:1].upper() + region_label(area)[1:],
                choices=[("", "no separate limit"), *[(n, f"level {n}") for n in range(6)]],
                coerce=int, empty_value=None, required=False,
            )  # fmt: skip
        return fields

    def _techniques(self):
        return {
            "techniques": _checkboxes(
                "Techniques you will use",
                [(group, _choices(items)) for group, items in TECHNIQUES_BY_GROUP.items()],
            ),
            "joint_movement": forms.ChoiceField(
                label="Joint movement",
                choices=_choices(JOINT_LEVELS),
                widget=forms.RadioSelect,
                initial="none",
            ),
            "no_joint_movement": _checkboxes("No joint movement at all on", AREA_CHOICES),
        }

    def _strokes(self):
        return {
            "centripetal_light": forms.BooleanField(
                label="Light strokes toward the heart", required=False
            ),
            "drainage_toward": _checkboxes("Drainage strokes toward these nodes", BASIN_CHOICES),
            "no_drainage_toward": _checkboxes("No drainage strokes toward", BASIN_CHOICES),
        }

    def _products(self):
        return {
            "products_used": _checkboxes("Products you will use", _choices(PRODUCTS)),
            "product_constraints": _checkboxes(
                "Product rules you will follow", _choices(PRODUCT_CONSTRAINTS)
            ),
            "no_product_on": _checkboxes("No product on", AREA_CHOICES),
        }

    # --------------------------------------------------------------------------------------

    SECTION_TITLES = {
        "postpone": "Today's session",
        "refer": "Referrals",
        "md_release_required": "The treating team",
        "pressure": "Pressure",
        "avoid_sites": "Areas to avoid",
        "positions": "Positions",
        "techniques": "Techniques and joint movement",
        "thermal": "Heat and cold",
        "stroke_direction": "Stroke direction and lymph drainage",
        "products": "Products",
        "max_duration_min": "Session length",
        "infection_control": "Infection control",
        "process": "Process",
    }

    def layout(self) -> list[dict]:
        """The form as the template shows it: one fieldset per asked section."""
        return [
            {
                "name": section,
                "title": self.SECTION_TITLES[section],
                "fields": self.section_fields(section),
                "limit_groups": self.limit_fields() if section == "pressure" else [],
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
                name = {"positions": "positions_prohibited", "thermal": "no_heat",
                        "excluded_techniques": "techniques"}.get(name, name)  # fmt: skip
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
