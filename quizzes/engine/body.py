"""The body as the rules see it (VOCABULARY §2): regions, sub-sites, aliases, quadrants, node
basins, bone sites, which regions touch, and where each service is done: tokens and their
geometry, and small pure functions. What each token is called is ``vocabulary``'s business,
so a region's words live in one place.

A *site* is an atomic region (``chest_left``) or a sub-site of one (``left_foot:sole``). A
region covers its sub-sites; a sub-site does not cover its region.
"""

from __future__ import annotations

SIDES = ("left", "right", "bilateral")

# Atomic regions, in the order the plan form shows them. Their words, help and groups are in
# ``vocabulary.REGIONS``: this module knows where things are, not what they are called.
ATOMIC_REGIONS: tuple[str, ...] = (
    "scalp",
    "face",
    "neck_left",
    "neck_right",
    "chest_left",
    "chest_right",
    "axilla_left",
    "axilla_right",
    "abdomen_upper",
    "abdomen_lower",
    "upper_back_left",
    "upper_back_right",
    "lower_back_left",
    "lower_back_right",
    "sacrum",
    "gluteal_left",
    "gluteal_right",
    "groin_left",
    "groin_right",
    "perineum",
    "left_arm",
    "right_arm",
    "left_hand",
    "right_hand",
    "left_thigh",
    "right_thigh",
    "left_lower_leg",
    "right_lower_leg",
    "left_foot",
    "right_foot",
)
ALL_SITES = frozenset(ATOMIC_REGIONS)

# The parts of a region that cases and plans name (``left_foot:sole``).
SUBSITES: tuple[str, ...] = (
    "sole",
    "palm",
    "heel",
    "dorsum",
    "toes",
    "fingers",
    "nail_folds",
    "thumb_nail_fold",
    "index_nail_fold",
    "big_toe_nail_fold",
    "malleoli",
    "ankle",
    "elbow",
    "shoulder",
    "upper",
    "lower",
    "forearm",
    "wrist",
    "knee",
    "calf",
    "shin",
    "upper_outer",
    "upper_inner",
    "lower_outer",
    "lower_inner",
    "nipple",
    "occiput",
    "scapula",
    "spine",
    "greater_trochanter",
    "catheter_track",
    "incision",
    "scar",
    "breast",
    "left",
    "right",
    "medial",
    "lateral",
    "forehead",
    "cheeks",
    "chin",
    "nose",
    "perioral",
)


def _upper_quadrant(side: str) -> tuple[str, ...]:
    return (
        f"{side}_arm",
        f"{side}_hand",
        f"axilla_{side}",
        f"chest_{side}",
        f"upper_back_{side}",
        f"abdomen_upper:{side}",
    )


def _lower_quadrant(side: str) -> tuple[str, ...]:
    return (
        f"{side}_thigh",
        f"{side}_lower_leg",
        f"{side}_foot",
        f"groin_{side}",
        f"gluteal_{side}",
        f"lower_back_{side}",
        f"abdomen_lower:{side}",
        "perineum",
    )


# Alias -> the sites it stands for. VOCABULARY §2.2.
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
        "scalp:occiput",
        "upper_back_left:scapula",
        "upper_back_right:scapula",
        "sacrum",
        "gluteal_left:greater_trochanter",
        "gluteal_right:greater_trochanter",
        "left_arm:elbow",
        "right_arm:elbow",
        "left_foot:heel",
        "right_foot:heel",
        "left_lower_leg:malleoli",
        "right_lower_leg:malleoli",
    ),
}
# A limb as a fact names it (``vte[].limb``): the whole limb, hand or foot included.
LIMBS: dict[str, tuple[str, ...]] = {
    "left_leg": ALIASES["left_leg"],
    "right_leg": ALIASES["right_leg"],
    "left_arm": ("left_arm", "left_hand"),
    "right_arm": ("right_arm", "right_hand"),
}

LYMPH_BASINS: tuple[str, ...] = (
    "axillary",
    "supraclavicular",
    "cervical",
    "inguinal",
    "pelvic",
    "para_aortic",
)
# Lymph flows from a basin to the next one: draining toward the first also loads the next.
DOWNSTREAM_BASINS = {
    "inguinal": ("pelvic", "para_aortic"),
    "pelvic": ("para_aortic",),
    "axillary": ("supraclavicular",),
    "cervical": ("supraclavicular",),
}
# Where a basin sits, for reading the side of a node record from the surgery that took it.
BASIN_REGIONS = {
    "axillary": "axilla_{s}",
    "supraclavicular": "neck_{s}",
    "cervical": "neck_{s}",
    "inguinal": "groin_{s}",
    "pelvic": "groin_{s}",
    "para_aortic": "abdomen_lower",
}


def field_basins(field_regions) -> list[tuple[str, str]]:
    """The node basins an external field may have covered, for a course whose nodal basins
    are not known (unknown is not normal: Module 1 reads an unknown pelvic nodal field as
    both lower quadrants at risk until checked)."""
    found: list[tuple[str, str]] = []
    for region in expand(field_regions):
        region = parent(region)
        side = side_of_region(region) or "bilateral"
        if region.startswith("groin_"):
            found.append(("inguinal", side))
        if region in ("abdomen_lower", "perineum", "sacrum") or region.startswith("gluteal_"):
            found.append(("pelvic", "bilateral"))
        if region.startswith(("axilla_", "chest_")):
            found.append(("axillary", side))
        if region.startswith("neck_"):
            found += [("supraclavicular", side), ("cervical", side)]
        if region in ("face", "scalp"):
            found.append(("cervical", "bilateral"))
    return list(dict.fromkeys(found))


# VOCABULARY table 2.5: bone-site token -> the regions over it.
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


def _mirror(pairs: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """Neighbours written for the left side and the midline, mirrored to the right, and made
    symmetric (if A touches B, B touches A)."""
    swap = {"left": "right", "right": "left"}

    def flip(token: str) -> str:
        return "_".join(swap.get(part, part) for part in token.split("_"))

    edges: set[tuple[str, str]] = set()
    for region, others in pairs.items():
        for other in others:
            for a, b in ((region, other), (flip(region), flip(other))):
                edges |= {(a, b), (b, a)}
    result: dict[str, set[str]] = {region: set() for region in ATOMIC_REGIONS}
    for a, b in edges:
        result[a].add(b)
    return {region: frozenset(others) for region, others in result.items()}


# Regions whose skin surfaces meet (used for "the patch and the regions next to it").
NEIGHBOURS = _mirror(
    {
        "scalp": ("face", "neck_left"),
        "face": ("neck_left",),
        "neck_left": ("neck_right", "chest_left", "upper_back_left", "left_arm"),
        "chest_left": ("chest_right", "axilla_left", "abdomen_upper", "left_arm"),
        "axilla_left": ("left_arm", "upper_back_left"),
        "abdomen_upper": ("abdomen_lower", "lower_back_left"),
        "abdomen_lower": ("groin_left", "lower_back_left"),
        "upper_back_left": ("upper_back_right", "lower_back_left", "left_arm"),
        "lower_back_left": ("lower_back_right", "sacrum", "gluteal_left"),
        "sacrum": ("gluteal_left", "perineum"),
        "gluteal_left": ("left_thigh", "perineum"),
        "groin_left": ("left_thigh", "perineum"),
        "left_arm": ("left_hand",),
        "left_thigh": ("left_lower_leg",),
        "left_lower_leg": ("left_foot",),
    }
)

# Where each service is done: a technique with no place of its own is done there.
# A massage or body treatment never works on the perineum (professional standards of draping).
SERVICE_AREAS: dict[str, frozenset[str]] = {
    "massage": ALL_SITES - {"perineum"},
    "body_treatment": ALL_SITES - {"perineum"},
    "facial": frozenset({"scalp", "face", "neck_left", "neck_right"}),
    "manicure": frozenset({"left_hand", "right_hand", "left_arm", "right_arm"}),
    "hand_massage": frozenset({"left_hand", "right_hand", "left_arm", "right_arm"}),
    "pedicure": frozenset({"left_foot", "right_foot", "left_lower_leg", "right_lower_leg"}),
}


# The regions a client lies on when on the back or semi-reclined: not reachable in a session
# that uses no other position.
POSTERIOR = frozenset(
    {
        "upper_back_left",
        "upper_back_right",
        "lower_back_left",
        "lower_back_right",
        "sacrum",
        "gluteal_left",
        "gluteal_right",
    }
)
ON_THE_BACK = frozenset({"supine", "supine_flat", "semi_reclined"})


def parent(site: str) -> str:
    """The region of a site (a region is its own parent)."""
    return site.partition(":")[0]


def is_region_token(token: object) -> bool:
    """An atomic region, an alias, or ``region:subsite`` (VOCABULARY §2.1–2.2)."""
    if not isinstance(token, str):
        return False
    if token in ALL_SITES or token in ALIASES:
        return True
    region, sep, subsite = token.partition(":")
    return bool(sep) and region in ALL_SITES and subsite in SUBSITES


def expand(tokens) -> frozenset[str]:
    """Region tokens (regions, sub-sites, aliases) -> the sites they stand for. ``left_arm``
    is the region from shoulder to wrist here; the whole limb of a clot is ``limb_sites``."""
    sites: set[str] = set()
    for token in tokens or ():
        if token in ALIASES:
            sites |= expand(ALIASES[token])
        elif token:
            sites.add(token)
    return frozenset(sites)


def limb_sites(limbs) -> frozenset[str]:
    """A limb as a clot fact names it (``vte[].limb``): the whole limb, hand or foot too."""
    return frozenset(site for limb in limbs or () for site in LIMBS.get(limb, ()))


def covers(sites, site: str) -> bool:
    """Whether a resolved set of sites covers ``site`` (a region covers its sub-sites)."""
    return site in sites or parent(site) in sites


def overlap(a, b) -> bool:
    """Whether two resolved site sets touch (a region touches its own sub-sites)."""
    a, b = set(a), set(b)
    return bool(a & b) or any(parent(s) in b for s in a) or any(parent(s) in a for s in b)


def within(inner, outer) -> bool:
    """Whether every site of ``inner`` is covered by ``outer``."""
    return all(covers(outer, site) for site in inner)


def side_of_region(region: str) -> str | None:
    """``left``/``right`` for a sided region or sub-site, else None (midline, or both)."""
    token = region if region in ALL_SITES else parent(region)
    subsite = region.partition(":")[2]
    words = set(token.split("_"))
    if "left" in words:
        return "left"
    if "right" in words:
        return "right"
    return subsite if subsite in ("left", "right") else None


def sides_of(regions) -> str | None:
    """The side a set of regions is on: left, right, bilateral (both), or None (midline)."""
    sides = {side_of_region(site) for site in expand(regions)} - {None}
    if not sides:
        return None
    return sides.pop() if len(sides) == 1 else "bilateral"


def basin_regions(basin: str, side: str) -> tuple[str, ...]:
    """VOCABULARY table 2.3: the regions at risk after a basin is removed or irradiated."""
    sides = ("left", "right") if side == "bilateral" else (side,)
    regions: list[str] = []
    for s in sides:
        if basin == "axillary":
            regions += ALIASES[f"quadrant_upper_{s}"]
        elif basin == "supraclavicular":
            regions += (*ALIASES[f"quadrant_upper_{s}"], f"neck_{s}")
        elif basin == "cervical":
            regions += ALIASES[f"head_neck_{s}"]
        elif basin in ("inguinal", "pelvic", "para_aortic"):
            regions += (*ALIASES[f"quadrant_lower_{s}"], "abdomen_lower", "perineum")
    return tuple(dict.fromkeys(regions))


# Devices a case may list: central lines first, then the lines and tubes that a plan works
# around wherever they are.
CENTRAL_LINES = ("port", "tunneled_cvc", "picc")
LINE_DEVICES = (
    "iv_peripheral",
    "infusion_pump",
    "drain",
    "ostomy",
    "feeding_tube",
    "urinary_catheter",
    "nephrostomy",
    "tracheostomy",
    "oxygen_tubing",
    "cardiac_monitor",
    "pca_pump",
)
DEVICE_TYPES = CENTRAL_LINES + LINE_DEVICES
