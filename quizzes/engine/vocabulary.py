"""Tokens of the clinical vocabulary (shared/domain/VOCABULARY.md §2–3): body regions,
aliases, quadrants, node basins, bone sites, and the plan's technique, position and product
tokens. Plain data and small pure functions only.
"""

from __future__ import annotations

import re

SIDES = ("left", "right", "bilateral")

ATOMIC_REGIONS = (
    "scalp", "face", "neck_left", "neck_right",
    "chest_left", "chest_right", "axilla_left", "axilla_right", "abdomen_upper", "abdomen_lower",
    "upper_back_left", "upper_back_right", "lower_back_left", "lower_back_right", "sacrum",
    "gluteal_left", "gluteal_right", "groin_left", "groin_right", "perineum",
    "left_arm", "right_arm", "left_hand", "right_hand",
    "left_thigh", "right_thigh", "left_lower_leg", "right_lower_leg", "left_foot", "right_foot",
)  # fmt: skip

REGION_GROUPS = {
    "Head and neck": ("scalp", "face", "neck_left", "neck_right"),
    "Front of the trunk": (
        "chest_left", "chest_right", "axilla_left", "axilla_right", "abdomen_upper",
        "abdomen_lower",
    ),
    "Back of the trunk": (
        "upper_back_left", "upper_back_right", "lower_back_left", "lower_back_right", "sacrum",
    ),
    "Pelvis": ("gluteal_left", "gluteal_right", "groin_left", "groin_right", "perineum"),
    "Arms and hands": ("left_arm", "right_arm", "left_hand", "right_hand"),
    "Legs and feet": (
        "left_thigh", "right_thigh", "left_lower_leg", "right_lower_leg", "left_foot",
        "right_foot",
    ),
}  # fmt: skip


def _upper_quadrant(side: str) -> tuple[str, ...]:
    return (
        f"{side}_arm", f"{side}_hand", f"axilla_{side}", f"chest_{side}",
        f"upper_back_{side}", f"abdomen_upper:{side}",
    )  # fmt: skip


def _lower_quadrant(side: str) -> tuple[str, ...]:
    return (
        f"{side}_thigh", f"{side}_lower_leg", f"{side}_foot", f"groin_{side}",
        f"gluteal_{side}", f"lower_back_{side}", f"abdomen_lower:{side}", "perineum",
    )  # fmt: skip


# Alias -> the regions (or sub-sites) it stands for. VOCABULARY §2.2.
ALIASES: dict[str, tuple[str, ...]] = {
    "hands": ("left_hand", "right_hand"),
    "feet": ("left_foot", "right_foot"),
    "lower_legs": ("left_lower_leg", "right_lower_leg"),
    "left_leg": ("left_thigh", "left_lower_leg", "left_foot"),
    "right_leg": ("right_thigh", "right_lower_leg", "right_foot"),
    "quadrant_upper_left": _upper_quadrant("left"),
    "quadrant_upper_right": _upper_quadrant("right"),
    "quadrant_lower_left": _lower_quadrant("left"),
    "quadrant_lower_right": _lower_quadrant("right"),
    "head_neck_left": ("neck_left", "face"),
    "head_neck_right": ("neck_right", "face"),
    "palms_and_soles": ("left_hand:palm", "right_hand:palm", "left_foot:sole", "right_foot:sole"),
    "bony_prominences": (
        "scalp:occiput", "upper_back_left:scapula", "upper_back_right:scapula", "sacrum",
        "gluteal_left:greater_trochanter", "gluteal_right:greater_trochanter",
        "left_arm:elbow", "right_arm:elbow", "left_foot:heel", "right_foot:heel",
        "left_lower_leg:malleoli", "right_lower_leg:malleoli",
    ),
}  # fmt: skip

LYMPH_BASINS = ("axillary", "supraclavicular", "cervical", "inguinal", "pelvic", "para_aortic")

BONE_SITES: dict[str, tuple[str, ...]] = {
    "skull": ("scalp",),
    "spine_cervical": ("neck_left", "neck_right"),
    "spine_thoracic": ("upper_back_left", "upper_back_right"),
    "spine_lumbar": ("lower_back_left", "lower_back_right"),
    "sacrum": ("sacrum",),
    "pelvis": ("gluteal_left", "gluteal_right", "sacrum", "groin_left", "groin_right"),
    "ribs_left": ("chest_left", "upper_back_left", "axilla_left"),
    "ribs_right": ("chest_right", "upper_back_right", "axilla_right"),
    "sternum": ("chest_left", "chest_right"),
    "femur_left": ("left_thigh",),
    "femur_right": ("right_thigh",),
    "humerus_left": ("left_arm",),
    "humerus_right": ("right_arm",),
    "tibia_left": ("left_lower_leg",),
    "tibia_right": ("right_lower_leg",),
}

LIMBS = ("left_leg", "right_leg", "left_arm", "right_arm")

_SUBSITE = re.compile(r"^[a-z][a-z0-9_]*$")


def is_region_token(token: object) -> bool:
    """An atomic region, an alias, or ``region:subsite`` (VOCABULARY §2.1–2.2)."""
    if not isinstance(token, str):
        return False
    if token in ATOMIC_REGIONS or token in ALIASES:
        return True
    region, sep, subsite = token.partition(":")
    return bool(sep) and region in ATOMIC_REGIONS and bool(_SUBSITE.match(subsite))


_SIDE_WORDS = {"left", "right"}


def region_label(token: str) -> str:
    """A readable name: ``chest_left`` -> "left chest", ``left_foot:sole`` -> "sole of the left
    foot", ``quadrant_upper_left`` -> "left upper quadrant"."""
    region, _, subsite = token.partition(":")
    words = region.split("_")
    side = [w for w in words if w in _SIDE_WORDS]
    rest = [w for w in words if w not in _SIDE_WORDS]
    if rest[:1] == ["quadrant"]:
        rest = [*rest[1:], "quadrant"]
    label = (
        " ".join(side + rest)
        .replace("abdomen upper", "upper abdomen")
        .replace("abdomen lower", "lower abdomen")
    )
    label = label.replace("back upper", "upper back").replace("back lower", "lower back")
    label = label.replace("head neck", "head and neck")
    if subsite:
        sub = subsite.replace("_", " ")
        if subsite in _SIDE_WORDS:
            return f"{label} ({sub} side)"
        return f"{sub} of the {label}"
    return label
