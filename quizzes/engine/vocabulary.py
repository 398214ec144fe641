"""The plan vocabulary (VOCABULARY §3) and the words for every token: the one registry.

For every plan section, plan token, site token, body region and case-fact value a learner or
an author may read, a ``Term`` holds its kind, its label, a short help text for a practising
therapist, its group, and its grading role (how the grader reads it, one of ``GRADING``). The
plan form, the feedback, the expected plan, the vignette and the admin all read labels here,
and no label is ever made from a token's spelling: a token without an entry raises
``UnknownToken`` rather than turning up on a page as ``ph_4_5_to_5_5``.

Labels of plan tokens are in sentence case, as they stand alone in the plan form ("Gliding
strokes (effleurage)"). Labels of places and of case facts read inside a sentence ("left
chest", "the radiation fields", "implant in place"); ``capitalised`` starts a sentence with one.

Pure data and small lookups. Where things are on the body (which sites an alias stands for,
which regions touch) is ``body``'s business; what they are called is this module's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .body import (
    ALIASES,
    ATOMIC_REGIONS,
    BONE_SITES,
    DOWNSTREAM_BASINS,
    LIMBS,
    LYMPH_BASINS,
    SIDES,
    SUBSITES,
    basin_regions,
    is_region_token,
)

__all__ = [
    "ALIASES",
    "ATOMIC_REGIONS",
    "BONE_SITES",
    "DOWNSTREAM_BASINS",
    "LIMBS",
    "LYMPH_BASINS",
    "SIDES",
    "SUBSITES",
    "basin_regions",
    "is_region_token",
]


class UnknownToken(KeyError):
    """A token the registry has no words for: a gap in the vocabulary, never shown as is."""


# How the grader reads a token (``Term.grading``) ------------------------------------------

DONE, LISTED, LEVEL, STATED, PLACE = "done", "listed", "level", "stated", "place"
SITE_WEIGHT, OTHER_WEIGHT = "site", "other"
FACT, RESULT = "fact", "result"

GRADING: dict[str, str] = {
    DONE: "Judged by what the plan does: planned where or when a rule forbids it, it breaks "
    "the rule.",
    LISTED: "Judged by what the plan writes: a rule that asks for it is met only when the plan "
    "lists it.",
    LEVEL: "A step on an ordered scale: a rule's limit is met by this step or a stricter one.",
    STATED: "A rule the plan states: broken by a product or stroke that goes against it; left "
    "unsaid with none used, a caution.",
    PLACE: "Where a requirement applies: read against this client's facts, and checked on "
    "every part it covers.",
    SITE_WEIGHT: "Where and how hard the hands go: each missed item here costs twice what one "
    "costs in the other sections.",
    OTHER_WEIGHT: "Each missed item costs the standard deduction, doubled when it makes the "
    "plan unsafe.",
    FACT: "A case fact: rule conditions read it; no plan holds it, so it is never graded.",
    RESULT: "What grading says about a plan or a rule; no plan holds it.",
}


@dataclass(frozen=True)
class Term:
    """One token's words. ``label``: what a learner reads; ``help``: one plain sentence for a
    practising therapist; ``group``: where it is listed with its kin; ``kind``: what sort of
    token it is; ``grading``: how the grader reads it (a key of ``GRADING``)."""

    label: str
    help: str = ""
    group: str = ""
    kind: str = ""
    grading: str = ""


def _kind(kind: str, grading: str, terms: dict, group: str = "") -> dict:
    """``terms`` stamped with their kind, and with ``grading`` and ``group`` where an entry
    does not give its own: a table states once what all its entries share."""
    return {
        token: replace(term, kind=kind, grading=term.grading or grading, group=term.group or group)
        for token, term in terms.items()
    }


def capitalised(text: str) -> str:
    """A label at the start of a sentence: its first letter raised, the rest as written
    (``str.capitalize`` would turn "PICC" into "Picc")."""
    return text[:1].upper() + text[1:]


def lowered(text: str) -> str:
    """A sentence-case label inside a sentence: "Intake: update…" -> "intake: update…"; a
    label that starts with an abbreviation keeps it ("UV tanning", "LED light therapy")."""
    if text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


# Plan sections ------------------------------------------------------------------------------

GO_AHEAD, WHERE, WHAT, HYGIENE = (
    "Whether to go ahead",
    "Where and how hard",
    "What you do",
    "Hygiene and process",
)


@dataclass(frozen=True)
class Section(Term):
    """A plan section a question may ask for; ``fields``: the violation fields it answers."""

    fields: tuple[str, ...] = ()


def _section(label, help_, group, fields, weight=OTHER_WEIGHT) -> Section:
    return Section(label, help_, group, grading=weight, fields=fields)


# The sections of a plan a question can ask for, in the order the plan form shows them.
SECTIONS: dict[str, Section] = _kind(
    "plan section",
    OTHER_WEIGHT,
    {
        "postpone": _section(
            "Today's session",
            "Whether the session goes ahead today, or which services wait.",
            GO_AHEAD,
            ("postpone", "services_postponed"),
        ),
        "refer": _section(
            "Referrals",
            "Who else should hear about this client, and how soon.",
            GO_AHEAD,
            ("refer",),
        ),
        "md_release_required": _section(
            "The treating team",
            "Whether the treating team confirms the plan before you start.",
            GO_AHEAD,
            ("md_release_required",),
        ),
        "pressure": _section(
            "Pressure",
            "The most pressure anywhere, and lower limits on particular areas.",
            WHERE,
            ("max_pressure_global", "site_limits"),
            SITE_WEIGHT,
        ),
        "avoid_sites": _section(
            "Areas to avoid",
            "Areas left untouched: no strokes, no holds, no product.",
            WHERE,
            ("avoid_sites",),
            SITE_WEIGHT,
        ),
        "positions": _section(
            "Positions",
            "How the client lies or sits, and the positions you rule out.",
            WHERE,
            ("positions",),
            SITE_WEIGHT,
        ),
        "techniques": _section(
            "Techniques and joint movement",
            "What your hands and tools do, and how far joints move.",
            WHAT,
            ("techniques", "joint_movement"),
        ),
        "thermal": _section(
            "Heat and cold", "Where no heat or cold may reach.", WHAT, ("thermal",)
        ),
        "stroke_direction": _section(
            "Stroke direction and lymph drainage",
            "Which way strokes go where lymph nodes were removed or irradiated.",
            WHAT,
            ("stroke_direction",),
        ),
        "products": _section(
            "Products",
            "What goes on the skin, and the product rules you follow.",
            WHAT,
            ("products_used", "product_constraints"),
        ),
        "max_duration_min": _section(
            "Session length", "The most hands-on minutes today.", WHAT, ("max_duration_min",)
        ),
        "infection_control": _section(
            "Infection control",
            "The level of hygiene, and the protective equipment you wear.",
            HYGIENE,
            ("infection_control", "ppe"),
        ),
        "process": _section(
            "Process",
            "The steps around the hands-on work: intake, consent, check-ins, records.",
            HYGIENE,
            ("process",),
        ),
    },
)
# Section -> the violation fields it answers (the shape the grader and the importer read).
PLAN_SECTIONS: dict[str, tuple[str, ...]] = {
    name: section.fields for name, section in SECTIONS.items()
}


def _in_section(label, section, grading, help_) -> Term:
    """An entry listed under a plan section (its ``group`` is the section's token)."""
    return Term(label, help_, section, grading=grading)


# What a learner fills in, section by section (``group`` is the section): the plan form's
# fields, named as the form names them.
PLAN_QUESTIONS: dict[str, Term] = _kind(
    "plan question",
    LISTED,
    {
        "postpone": _in_section(
            "Postpone today's session",
            "postpone",
            LISTED,
            "Only when no adapted session is safe today.",
        ),
        "services_postponed": _in_section(
            "Or postpone only these services",
            "postpone",
            LISTED,
            "The services that wait while the rest of the session goes ahead.",
        ),
        "refer": _in_section(
            "Referrals", "refer", LISTED, "Everyone who should hear about this client."
        ),
        "md_release_required": _in_section(
            "Confirm this plan with the treating team before the session",
            "md_release_required",
            LISTED,
            "The treating team confirms the adapted plan before you start.",
        ),
        "max_pressure_global": _in_section(
            "Highest pressure anywhere (Walton scale)",
            "pressure",
            LEVEL,
            "The most pressure you use anywhere on the body today.",
        ),
        "site_limits": _in_section(
            "Lower limits on particular areas (optional)",
            "pressure",
            LEVEL,
            "A lower level for an area than the highest pressure anywhere.",
        ),
        "avoid_sites": _in_section(
            "Do not touch these areas (no strokes, no holds, no product)",
            "avoid_sites",
            LISTED,
            "Level 0 is a still hand; an avoided area is not touched at all.",
        ),
        "positions_use": _in_section(
            "Positions you will use", "positions", DONE, "How the client lies or sits today."
        ),
        "positions_prohibited": _in_section(
            "Positions you rule out",
            "positions",
            LISTED,
            "Positions that are not safe for this client today.",
        ),
        "techniques": _in_section(
            "Techniques you will use",
            "techniques",
            DONE,
            "Everything your hands, tools and devices do today.",
        ),
        "joint_movement": _in_section(
            "Joint movement",
            "techniques",
            LEVEL,
            "How far you move the client's joints anywhere today.",
        ),
        "no_joint_movement": _in_section(
            "No joint movement at all on",
            "techniques",
            LEVEL,
            "Areas where joints stay still whatever else you do.",
        ),
        "no_heat": _in_section(
            "No heat on", "thermal", STATED, "Areas no heat source may reach, directly or nearby."
        ),
        "no_cold": _in_section("No cold on", "thermal", STATED, "Areas no cold source may reach."),
        "centripetal_light": _in_section(
            "Light strokes toward the heart",
            "stroke_direction",
            LISTED,
            "Skin-light strokes that move fluid toward the heart.",
        ),
        "drainage_toward": _in_section(
            "Drainage strokes toward these nodes",
            "stroke_direction",
            DONE,
            "The node groups your drainage strokes aim at.",
        ),
        "no_drainage_toward": _in_section(
            "No drainage strokes toward",
            "stroke_direction",
            STATED,
            "Node groups that must not receive drained lymph: removed or irradiated ones.",
        ),
        "products_used": _in_section(
            "Products you will use",
            "products",
            DONE,
            "Everything that goes on the client's skin or nails today.",
        ),
        "product_constraints": _in_section(
            "Product rules you will follow",
            "products",
            STATED,
            "The rules every product you use must meet.",
        ),
        "no_product_on": _in_section(
            "No product on", "products", STATED, "Areas where nothing goes on the skin."
        ),
        "max_duration_min": _in_section(
            "Hands-on minutes, at most",
            "max_duration_min",
            LEVEL,
            "Hands-on time only, not intake or dressing.",
        ),
        "infection_control": _in_section(
            "Infection control",
            "infection_control",
            LEVEL,
            "The level of hygiene for this client today.",
        ),
        "ppe": _in_section(
            "Protective equipment",
            "infection_control",
            LISTED,
            "What you wear for the whole session.",
        ),
        "process": _in_section(
            "Process steps", "process", LISTED, "The steps around the hands-on work."
        ),
    },
)


# Every requirement key a rule may use: its words, and the plan section that answers it.
REQUIREMENTS: dict[str, Term] = _kind(
    "requirement",
    LISTED,
    {
        "postpone": _in_section(
            "Postpone today's session",
            "postpone",
            LISTED,
            "Met when the plan postpones (or, when a rule says no, when it does not).",
        ),
        "services_postponed": _in_section(
            "Postpone these services",
            "postpone",
            LISTED,
            "Met when the plan postpones those services, or the whole session.",
        ),
        "refer": _in_section(
            "Referrals", "refer", LISTED, "Met when the plan lists each referral."
        ),
        "md_release_required": _in_section(
            "Confirm the plan with the treating team",
            "md_release_required",
            LISTED,
            "Met when the plan asks for the treating team's confirmation.",
        ),
        "max_pressure_global": _in_section(
            "Highest pressure anywhere",
            "pressure",
            LEVEL,
            "Met when pressure stays at or below the level everywhere.",
        ),
        "site_limits": _in_section(
            "Pressure limits by area",
            "pressure",
            LEVEL,
            "Met when pressure stays at or below the level on every part of the area.",
        ),
        "avoid_sites": _in_section(
            "Do not touch",
            "avoid_sites",
            LISTED,
            "Met when the plan leaves the area out, and plans nothing done there by nature.",
        ),
        "positions": _in_section(
            "Positions",
            "positions",
            DONE,
            "Met when the plan uses no ruled-out position, and one of the positions asked for.",
        ),
        "excluded_techniques": _in_section(
            "Techniques left out", "techniques", DONE, "Met when the plan plans none of them."
        ),
        "excluded_techniques_on": _in_section(
            "Techniques left out on these areas",
            "techniques",
            DONE,
            "Met when none of them lands on those areas.",
        ),
        "joint_movement": _in_section(
            "Joint movement",
            "techniques",
            LEVEL,
            "Met when no technique moves joints further than that.",
        ),
        "joint_movement_on": _in_section(
            "Joint movement on these areas",
            "techniques",
            LEVEL,
            "Met when joints there move no further than that.",
        ),
        "thermal": _in_section(
            "Heat and cold",
            "thermal",
            STATED,
            "Met when no heat (or cold) technique reaches those areas, and the plan says so.",
        ),
        "stroke_direction": _in_section(
            "Stroke direction",
            "stroke_direction",
            STATED,
            "Met when no drainage stroke loads a compromised node group, and light strokes "
            "toward the heart are used when asked.",
        ),
        "product_constraints": _in_section(
            "Product rules",
            "products",
            STATED,
            "Met when no product used breaks the rule, and the plan states it.",
        ),
        "products_used": _in_section(
            "Products to use", "products", LISTED, "Met when the plan uses each of them."
        ),
        "products_excluded": _in_section(
            "Products to leave out", "products", DONE, "Met when the plan uses none of them."
        ),
        "max_duration_min": _in_section(
            "Hands-on minutes, at most",
            "max_duration_min",
            LEVEL,
            "Met when the plan gives a hands-on time no longer than that.",
        ),
        "infection_control": _in_section(
            "Infection control",
            "infection_control",
            LEVEL,
            "Met when the plan's level is at least that.",
        ),
        "ppe": _in_section(
            "Protective equipment",
            "infection_control",
            LISTED,
            "Met when the plan lists each item.",
        ),
        "ppe_on": _in_section(
            "Protective equipment when working on these areas",
            "infection_control",
            LISTED,
            "Met when the plan lists each item, if the session works on those areas.",
        ),
        "process": _in_section(
            "Process steps", "process", LISTED, "Met when the plan lists each step."
        ),
    },
)
REQUIREMENT_SECTION = {key: term.group for key, term in REQUIREMENTS.items()}

# Parts of the requirements whose value is split in two, as the expected plan writes them.
REQUIREMENT_PARTS: dict[str, dict[str, Term]] = {
    "positions": _kind(
        "requirement part",
        DONE,
        {
            "use": Term("use", "The positions the plan should use.", "positions"),
            "prohibited": Term("not", "The positions the plan must not use.", "positions"),
        },
    ),
    "thermal": _kind(
        "requirement part",
        STATED,
        {
            "no_heat": Term("no heat on", "Areas no heat source may reach.", "thermal"),
            "no_cold": Term("no cold on", "Areas no cold source may reach.", "thermal"),
        },
    ),
}


# Pressure ----------------------------------------------------------------------------------

PRESSURE_LEVELS: dict[int, Term] = _kind(
    "pressure level",
    LEVEL,
    {
        0: Term("Stationary hold", "Still, weightless contact; no gliding."),
        1: Term("Light lotioning", "Moves skin only, as if applying aloe to a sunburn."),
        2: Term("Heavy lotioning", "Rubs lotion in; skin and superficial tissue move."),
        3: Term("Moderate (Swedish)", "Begins to work muscle."),
        4: Term("Deep", "You lean in."),
        5: Term("Very deep", "Forearm or elbow into large muscles."),
    },
    group="Walton pressure scale",
)


# Techniques --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Technique(Term):
    """What a technique does to the body, as far as the rules need to know.

    ``place``: the body parts it is done on by nature (a hot foot soak: the feet; scar work:
    the scars), as region or site tokens; None for a technique done wherever the service is
    done. ``whole_body``: it cannot be confined (a sauna). ``min_pressure``: the Walton level it
    cannot be done below (deep tissue is level 4 by definition). ``heat``/``cold``: thermal.
    ``joint``: the joint movement it implies.
    """

    place: tuple[str, ...] | None = None
    whole_body: bool = False
    min_pressure: int | None = None
    heat: bool = False
    cold: bool = False
    joint: str = "none"


MASSAGE, THERMAL, ESTHETICS, NAILS = "Massage", "Heat and cold", "Esthetics", "Nails"
FEET = ("feet",)
HANDS = ("hands",)
HAND_FOOT = ("hand_foot_work_sites",)


def _t(label, group, help_, **spec) -> Technique:
    return Technique(label, help_, group, **spec)


TECHNIQUES: dict[str, Technique] = _kind(
    "technique",
    DONE,
    {
        "stationary_hold": _t("Stationary hold", MASSAGE, "Still, resting hands; no gliding."),
        "effleurage_light": _t(
            "Light gliding strokes", MASSAGE, "Skin-level effleurage: the skin moves, not muscle."
        ),
        "effleurage": _t(
            "Gliding strokes (effleurage)", MASSAGE, "Long, smooth strokes over skin and muscle."
        ),
        "petrissage": _t(
            "Kneading (petrissage)", MASSAGE, "Lifting, squeezing and rolling the muscle."
        ),
        "kneading_vigorous": _t(
            "Vigorous kneading", MASSAGE, "Fast, firm kneading: level 3 or more.", min_pressure=3
        ),
        "friction": _t("Cross-fibre friction", MASSAGE, "Small, focused strokes across tissue."),
        "deep_tissue": _t("Deep-tissue work", MASSAGE, "Pressure level 4 or more.", min_pressure=4),
        "trigger_point": _t(
            "Trigger-point pressure",
            MASSAGE,
            "Sustained pressure on a tender knot in muscle: level 3 or more.",
            min_pressure=3,
        ),
        "myofascial_release": _t(
            "Myofascial release", MASSAGE, "Slow, sustained stretch of the skin and fascia."
        ),
        "passive_stretch": _t(
            "Passive stretching",
            MASSAGE,
            "You move the client's limb to lengthen a muscle, to the end of the range.",
            joint="full",
        ),
        "joint_mobilization": _t(
            "Joint mobilization",
            MASSAGE,
            "Repeated movement of a joint toward the end of its range.",
            joint="full",
        ),
        "rom_gentle": _t(
            "Gentle range of motion (ROM)",
            MASSAGE,
            "Moving joints well within their comfortable range.",
            joint="gentle_within_range",
        ),
        "traction": _t(
            "Traction",
            MASSAGE,
            "A sustained pull along a limb or the neck that opens the joint.",
            joint="full",
        ),
        "rocking": _t(
            "Rocking",
            MASSAGE,
            "Rhythmic rocking of the body or a limb.",
            joint="gentle_within_range",
        ),
        "tapotement": _t(
            "Percussion strokes (tapotement)",
            MASSAGE,
            "Rhythmic striking with the hands: hacking, cupping, pounding.",
        ),
        "percussive_device": _t(
            "Percussion massage device", MASSAGE, "A handheld device that drums on the tissue."
        ),
        "cupping": _t("Cupping", MASSAGE, "Cups that lift the skin and tissue by suction."),
        "gua_sha": _t("Gua sha (scraping)", MASSAGE, "Scraping the skin with a smooth-edged tool."),
        "reflexology_firm": _t(
            "Firm reflexology",
            MASSAGE,
            "Firm thumb and finger pressure on points of the feet: level 3 or more.",
            place=FEET,
            min_pressure=3,
        ),
        "reflexology_light": _t(
            "Light reflexology", MASSAGE, "Light pressure on points of the feet.", place=FEET
        ),
        "mld": _t(
            "Manual lymphatic drainage (MLD)",
            MASSAGE,
            "Very light drainage sequences; lymphedema-therapist scope in compromised regions.",
        ),
        "scar_mobilization": _t(
            "Scar mobilization",
            MASSAGE,
            "Moving a healed scar and the tissue around it to loosen it.",
            place=("surgical_site",),
        ),
        "abdominal_massage": _t(
            "Abdominal massage",
            MASSAGE,
            "Strokes over the belly, usually clockwise.",
            place=("abdomen_upper", "abdomen_lower"),
        ),
        "scalp_massage": _t(
            "Scalp massage", MASSAGE, "Kneading and circling on the scalp.", place=("scalp",)
        ),
        "deep_compression_medial_thigh": _t(
            "Deep compression of the inner thigh",
            MASSAGE,
            "Sustained deep pressure over the large veins of the inner thigh: level 4 or more.",
            place=("left_thigh", "right_thigh"),
            min_pressure=4,
        ),
        "hot_stones": _t(
            "Hot stones", THERMAL, "Heated stones placed on or glided over the body.", heat=True
        ),
        "heat_pack": _t("Heat pack", THERMAL, "A hot pack laid on one area.", heat=True),
        "hot_towels": _t("Hot towels", THERMAL, "Steamed or heated towels on the skin.", heat=True),
        "paraffin": _t(
            "Paraffin dip",
            THERMAL,
            "Dipping the hands or feet in warm paraffin wax.",
            place=HAND_FOOT,
            heat=True,
        ),
        "heated_mitts": _t(
            "Heated mitts", THERMAL, "Electric mitts that warm the hands.", place=HANDS, heat=True
        ),
        "heat_lamp": _t("Heat lamp", THERMAL, "An infrared lamp warming the skin.", heat=True),
        "sauna_steam": _t(
            "Sauna or steam room",
            THERMAL,
            "Heat for the whole body: it cannot be kept off any area.",
            whole_body=True,
            heat=True,
        ),
        "foot_soak_hot": _t(
            "Hot foot soak", THERMAL, "Soaking the feet in hot water.", place=FEET, heat=True
        ),
        "foot_soak_lukewarm": _t(
            "Lukewarm foot soak", THERMAL, "Soaking the feet in water at body warmth.", place=FEET
        ),
        "cold_pack": _t("Cold pack", THERMAL, "A cold or ice pack laid on one area.", cold=True),
        "whirlpool_foot_spa": _t(
            "Whirlpool foot spa",
            THERMAL,
            "A foot basin with jets; its pipes are hard to disinfect.",
            place=FEET,
        ),
        "cleanse": _t("Cleansing", ESTHETICS, "Washing the skin with a cleanser."),
        "enzyme_exfoliation": _t(
            "Enzyme exfoliation", ESTHETICS, "Fruit enzymes that loosen dead skin, no scrubbing."
        ),
        "chemical_peel": _t(
            "Chemical peel", ESTHETICS, "An acid solution that removes layers of skin."
        ),
        "microdermabrasion": _t(
            "Microdermabrasion", ESTHETICS, "A device that sands away the top layer of skin."
        ),
        "dermaplaning": _t(
            "Dermaplaning", ESTHETICS, "Shaving the skin with a blade to remove fine hair."
        ),
        "mechanical_scrub": _t(
            "Scrub (mechanical exfoliation)", ESTHETICS, "A grainy product rubbed on the skin."
        ),
        "extractions": _t("Extractions", ESTHETICS, "Pressing out blackheads and blemishes."),
        "lancing": _t("Lancing", ESTHETICS, "Piercing a blemish with a lancet."),
        "steam": _t(
            "Facial steam",
            ESTHETICS,
            "A steamer aimed at the face.",
            place=("face",),
            heat=True,
        ),
        "high_frequency": _t(
            "High-frequency device",
            ESTHETICS,
            "A glass electrode passing a high-frequency current over the skin.",
        ),
        "galvanic": _t(
            "Galvanic current", ESTHETICS, "A mild direct current that pushes products in."
        ),
        "microcurrent": _t(
            "Microcurrent", ESTHETICS, "A very low current meant to tone facial muscles."
        ),
        "led": _t("LED light therapy", ESTHETICS, "Panels of coloured light held over the skin."),
        "laser_ipl": _t(
            "Laser or IPL", ESTHETICS, "Intense light that heats hair roots or pigment."
        ),
        "microneedling": _t("Microneedling", ESTHETICS, "Fine needles that puncture the skin."),
        "uv_tanning": _t(
            "UV tanning",
            ESTHETICS,
            "Ultraviolet light from a tanning bed or lamp.",
            whole_body=True,
        ),
        "waxing": _t("Waxing", ESTHETICS, "Wax that pulls hair out by the root."),
        "hydrating_mask": _t(
            "Hydrating mask",
            ESTHETICS,
            "A soothing, moisturizing mask left on the skin.",
            place=("face",),
        ),
        "facial_massage": _t(
            "Facial massage", ESTHETICS, "Gentle massage strokes on the face.", place=("face",)
        ),
        "decollete_massage": _t(
            "Décolleté massage",
            ESTHETICS,
            "Massage of the upper chest and the front of the neck.",
            place=("chest_left", "chest_right", "neck_left", "neck_right"),
        ),
        "cuticle_cutting": _t(
            "Cutting cuticles",
            NAILS,
            "Trimming the cuticles with nippers; it can break the skin.",
            place=HAND_FOOT,
        ),
        "cuticle_push_gentle": _t(
            "Gently pushing back cuticles",
            NAILS,
            "Easing the cuticles back with a soft tool, without cutting.",
            place=HAND_FOOT,
        ),
        "nail_trim": _t("Trimming nails", NAILS, "Cutting the nails short.", place=HAND_FOOT),
        "nail_file": _t("Filing nails", NAILS, "Shaping the nails with a file.", place=HAND_FOOT),
        "callus_shaving": _t(
            "Shaving calluses", NAILS, "Shaving hard skin with a blade.", place=FEET
        ),
        "foot_file_pumice": _t(
            "Foot file or pumice",
            NAILS,
            "Smoothing hard skin with a file or pumice stone.",
            place=FEET,
        ),
        "nail_drill": _t(
            "Electric nail drill",
            NAILS,
            "A rotary tool that files and shapes nails.",
            place=HAND_FOOT,
        ),
        "polish": _t("Polish", NAILS, "Nail polish and its remover.", place=HAND_FOOT),
    },
)

TECHNIQUE_GROUPS = (MASSAGE, THERMAL, ESTHETICS, NAILS)


# Positions, joint movement, infection control ---------------------------------------------

POSITIONS: dict[str, Term] = _kind(
    "position",
    DONE,
    {
        "prone": Term("Face down (prone)", "Lying on the front."),
        "prone_face_cradle": Term(
            "Face down in a face cradle", "Face down with the face in the table's face cradle."
        ),
        "supine": Term("On the back (supine)", "Lying on the back; the head may be raised."),
        "supine_flat": Term(
            "Flat on the back, head not raised", "Lying flat, with nothing raising the head."
        ),
        "semi_reclined": Term(
            "Semi-reclined (head and trunk raised)",
            "Half sitting on a wedge or a raised table back; eases breathing.",
        ),
        "side_lying_left": Term(
            "Lying on the left side", "On the left side, supported with pillows."
        ),
        "side_lying_right": Term(
            "Lying on the right side", "On the right side, supported with pillows."
        ),
        "seated": Term("Seated", "Sitting in a chair or a massage chair."),
        "in_bed": Term("In the client's bed", "Working with the client in their own bed."),
    },
    group="Positions",
)
# A general position and the specific one inside it: prohibiting "prone" prohibits the face
# cradle; "supine" may be flat, so it breaks a "supine_flat" prohibition.
POSITION_PARENT = {"prone_face_cradle": "prone", "supine_flat": "supine"}

JOINT_MOVEMENT: dict[str, Term] = _kind(
    "joint movement",
    LEVEL,
    {
        "none": Term(
            "No joint movement", "Joints stay still: no stretches, range of motion or traction."
        ),
        "gentle_within_range": Term(
            "Gentle, well within the comfortable range",
            "Slow movement well inside the range the client moves easily on their own.",
        ),
        "full": Term(
            "Full range, stretches and mobilizations",
            "Stretches, mobilizations and traction to the end of the range.",
        ),
    },
    group="Joint movement",
)
JOINT_LEVELS = tuple(JOINT_MOVEMENT)

INFECTION_CONTROL: dict[str, Term] = _kind(
    "infection control",
    LEVEL,
    {
        "standard": Term("Standard", "Hand hygiene, clean linens."),
        "enhanced": Term(
            "Enhanced",
            "A well therapist, hand hygiene before and after, disinfected or single-use tools, "
            "pump or single-use products, nothing that breaks the skin.",
        ),
        "isolation_ppe": Term(
            "Isolation precautions", "Follow the posted isolation precautions and the unit's PPE."
        ),
    },
    group="Infection control",
)
INFECTION_LEVELS = tuple(INFECTION_CONTROL)


# Referrals, equipment, process steps, services ---------------------------------------------

REFERRALS: dict[str, Term] = _kind(
    "referral",
    LISTED,
    {
        "physician_urgent": Term(
            "Urgent same-day call to the treating team or its after-hours line",
            "Today, not at the next appointment; emergency services for sudden breathlessness "
            "or chest pain.",
        ),
        "oncology_team": Term(
            "Inform the oncology team",
            "Report the finding so the team can assess it; this is not the urgent same-day call.",
        ),
        "clt": Term(
            "Certified lymphedema therapist (CLT)", "For changes in swelling or lymphedema care."
        ),
        "dermatology": Term("Dermatologist", "For a skin change that needs a diagnosis."),
        "surgeon": Term(
            "The client's surgeon", "For a healing incision, a drain or a reconstruction."
        ),
        "nurse_on_duty": Term("The nurse on duty", "In a hospital, hospice or care home."),
    },
    group="Referrals",
)

PPE: dict[str, Term] = _kind(
    "protective equipment",
    LISTED,
    {
        "gloves": Term("Gloves", "Single-use gloves, changed between clients and tasks."),
        "mask": Term("Mask", "A surgical mask over nose and mouth."),
        "gown": Term("Gown", "A protective gown over your clothes."),
    },
    group="Protective equipment",
)

PROCESS_STEPS: dict[str, Term] = _kind(
    "process step",
    LISTED,
    {
        "intake": Term(
            "Intake: update the health history, labs and medications",
            "Ask what changed since the last visit, before every session.",
        ),
        "informed_consent": Term(
            "Informed consent to the adapted session",
            "Explain how and why the session is adapted, and get the client's agreement.",
        ),
        "proxy_consent": Term(
            "Consent from the client's health-care proxy",
            "When the client cannot decide, the person they chose decides for them.",
        ),
        "check_ins": Term(
            "Frequent comfort and pressure check-ins",
            "Ask about comfort and pressure often, and adjust at once.",
        ),
        "transfer_assist": Term(
            "Slow transitions and help on and off the table",
            "Dizziness and weakness are common: let the client move slowly, with your help.",
        ),
        "follow_up": Term(
            "Follow-up in the next day or two",
            "Ask how the client felt after the session.",
        ),
        "care_team_feedback": Term(
            "Report findings to the care team",
            "Tell the care team what you noticed, such as new swelling or a skin change.",
        ),
        "document": Term(
            "Document the session",
            "Write down what you did, where, at what pressure, and what you noticed.",
        ),
    },
    group="Process",
)

SERVICES: dict[str, Term] = _kind(
    "service",
    LISTED,
    {
        "massage": Term("Massage", "A massage session."),
        "facial": Term("Facial", "Care of the face's skin, with products and devices."),
        "manicure": Term("Manicure", "Care of the hands and nails."),
        "pedicure": Term("Pedicure", "Care of the feet and nails."),
        "body_treatment": Term("Body treatment", "A wrap, scrub or mask for the body's skin."),
        "hand_massage": Term("Hand massage", "Massage of the hands and forearms."),
    },
    group="Services",
)
ALL_SERVICES = tuple(SERVICES)
HAND_FOOT_SERVICES = ("manicure", "pedicure", "hand_massage")
# A requirement value standing for several services (``services_postponed``).
SERVICE_SETS: dict[str, Term] = _kind(
    "services",
    LISTED,
    {
        "hand_foot_services": Term(
            "The hand or foot services requested",
            "Whichever of manicure, pedicure and hand massage the client asked for.",
        ),
    },
    group="Services",
)


# Products ----------------------------------------------------------------------------------

SKIN_CARE, ACTIVES, DISPENSING = "Skin care", "Active ingredients", "Dispensing"

PRODUCTS: dict[str, Term] = _kind(
    "product",
    DONE,
    {
        "gentle_cleanser_ph_balanced": Term(
            "Gentle pH-balanced cleanser", "A mild cleanser at the skin's own acidity.", SKIN_CARE
        ),
        "alkaline_soap": Term(
            "Alkaline soap", "Ordinary bar soap: it strips and dries the skin.", SKIN_CARE
        ),
        "bland_emollient": Term(
            "Bland, unscented moisturizer",
            "A plain moisturizer with no fragrance or actives.",
            SKIN_CARE,
        ),
        "urea_cream": Term("Urea cream", "A moisturizer that softens thick, dry skin.", SKIN_CARE),
        "fragranced_lotion": Term("Fragranced lotion", "Any lotion with added scent.", SKIN_CARE),
        "essential_oil_blend": Term(
            "Essential-oil blend", "Oils with concentrated plant extracts.", SKIN_CARE
        ),
        "aha_bha": Term(
            "Alpha or beta hydroxy acids",
            "Exfoliating acids such as glycolic, lactic or salicylic acid.",
            ACTIVES,
        ),
        "retinoid": Term(
            "Retinoid",
            "Vitamin A creams such as retinol or tretinoin; they thin the skin.",
            ACTIVES,
        ),
        "benzoyl_peroxide": Term("Benzoyl peroxide", "An acne treatment that dries skin.", ACTIVES),
        "salicylic_acid": Term("Salicylic acid", "An exfoliating acne treatment (a BHA).", ACTIVES),
        "sulfur": Term("Sulfur", "A drying acne treatment.", ACTIVES),
        "resorcinol": Term("Resorcinol", "A peeling acne treatment.", ACTIVES),
        "alcohol_astringent": Term(
            "Alcohol-based toner or astringent", "Toners that sting and dry the skin.", ACTIVES
        ),
        "harsh_botanicals": Term(
            "Harsh botanicals",
            "Menthol, camphor, eucalyptus, tea tree, wintergreen, arnica.",
            ACTIVES,
        ),
        "unpreserved_natural": Term(
            "Unpreserved 'natural' product",
            "A product with no preservative: germs grow in it.",
            DISPENSING,
        ),
        "jar_product": Term(
            "Product from an open jar", "Fingers dipped in a jar carry germs in.", DISPENSING
        ),
        "pump_or_single_use": Term(
            "Pump or single-use product", "Dispensed without touching what is left.", DISPENSING
        ),
        "mineral_spf30": Term(
            "Mineral sunscreen, SPF 30 or more",
            "Zinc oxide or titanium dioxide sunscreen, gentlest on treated skin.",
            SKIN_CARE,
        ),
        "rt_team_approved_product": Term(
            "Product the radiation team approved",
            "The only product that goes on a radiation field during treatment.",
            SKIN_CARE,
        ),
    },
)

# Products and product rules written with a site (``lubricant:face``), their words a template.
PRODUCT_KINDS: dict[str, Term] = _kind(
    "product on one area",
    DONE,
    {
        "lubricant": Term("Lotion or oil on {}", "A lubricant used on that area only.", SKIN_CARE),
    },
)


@dataclass(frozen=True)
class Constraint(Term):
    """A product constraint. ``breakers``: products that break it; ``implied_by``: stricter
    constraints that say it too; ``positive``: it asks the plan to do or say something (a
    recommendation, a dispensing rule), rather than only forbidding products."""

    breakers: frozenset = frozenset()
    implied_by: frozenset = frozenset()
    positive: bool = False


def _c(label, help_, breakers=(), implied_by=(), *, positive=False) -> Constraint:
    return Constraint(
        label,
        help_,
        "Product rules",
        grading=LISTED if positive else STATED,
        breakers=frozenset(breakers),
        implied_by=frozenset(implied_by),
        positive=positive,
    )


PRODUCT_CONSTRAINTS: dict[str, Constraint] = _kind(
    "product rule",
    STATED,
    {
        "fragrance_free": _c(
            "Fragrance-free products",
            "No added scent, essential oils included.",
            {"fragranced_lotion", "essential_oil_blend"},
        ),
        "no_essential_oils": _c(
            "No essential oils",
            "Concentrated plant oils irritate treated skin.",
            {"essential_oil_blend"},
            {"fragrance_free"},
        ),
        "no_eo_on_treated_or_broken_skin": _c(
            "No essential oils on treated or broken skin",
            "Keep essential oils off radiation fields, rashes and broken skin.",
            {"essential_oil_blend"},
            {"fragrance_free", "no_essential_oils"},
        ),
        "ph_4_5_to_5_5": _c(
            "Products at skin pH (4.5–5.5)",
            "Slightly acidic products, like the skin itself.",
            {"alkaline_soap"},
        ),
        "no_alkaline_soap": _c(
            "No alkaline soap",
            "Bar soap strips and dries fragile skin.",
            {"alkaline_soap"},
            {"ph_4_5_to_5_5"},
        ),
        "no_alcohol_astringent": _c(
            "No alcohol-based toners or astringents",
            "They sting and dry treated skin.",
            {"alcohol_astringent"},
        ),
        "no_exfoliating_acids": _c(
            "No exfoliating acids (AHA or BHA)",
            "No glycolic, lactic or salicylic acid.",
            {"aha_bha", "salicylic_acid"},
        ),
        "no_retinoids": _c(
            "No retinoids", "No retinol, tretinoin or other vitamin A creams.", {"retinoid"}
        ),
        "no_acne_actives": _c(
            "No acne treatments",
            "No benzoyl peroxide, salicylic acid, sulfur or resorcinol.",
            {"benzoyl_peroxide", "salicylic_acid", "sulfur", "resorcinol"},
        ),
        "preserved_products_only": _c(
            "Preserved products only",
            "Germs grow in unpreserved products.",
            {"unpreserved_natural"},
            positive=True,
        ),
        "pump_or_single_use": _c(
            "Pump or single-use dispensing",
            "No fingers in jars.",
            {"jar_product"},
            positive=True,
        ),
        "rt_team_approved_only_on_field": _c(
            "Only products the radiation team approved on the treatment field",
            "On the field nothing else goes on the skin during treatment.",
        ),
        "recommend_mineral_spf30": _c(
            "Recommend a mineral sunscreen, SPF 30 or more",
            "Treated skin burns easily; tell the client which sunscreen to use.",
            positive=True,
        ),
    },
)
CONSTRAINT_KINDS: dict[str, Term] = _kind(
    "product rule on one area",
    STATED,
    {
        "no_product_on": Term(
            "No product on {}", "Nothing goes on the skin of that area.", "Product rules"
        ),
    },
)


# Strokes and lymph -------------------------------------------------------------------------

STROKE_KINDS: dict[str, Term] = _kind(
    "stroke direction",
    DONE,
    {
        "no_drainage_toward": Term(
            "No drainage strokes toward",
            "Keep lymph away from node groups that were removed or irradiated.",
            grading=STATED,
        ),
        "drainage_toward": Term(
            "Drainage strokes toward", "Strokes that move lymph toward these nodes."
        ),
        "toward_functional_nodes": Term(
            "Rerouting toward working nodes", "Lymphedema-therapist (CLT) scope only."
        ),
    },
    group="Stroke direction",
)
STROKE_TERMS: dict[str, Term] = _kind(
    "stroke direction",
    STATED,
    {
        "centripetal_light": Term(
            "Light strokes toward the heart",
            "Skin-light strokes that move fluid toward the heart.",
            grading=LISTED,
        ),
        "no_rerouting": Term(
            "No rerouting toward working nodes (lymphedema-therapist scope only)",
            "Leave rerouting of lymph to a certified lymphedema therapist.",
        ),
        "no_drainage_toward:compromised_basins": Term(
            "No drainage strokes toward the removed or irradiated nodes",
            "One such rule for each node group this client lost or had irradiated.",
        ),
    },
    group="Stroke direction",
)


# Places: body regions, larger areas, parts, sides, bones, node groups ----------------------

HEAD_NECK, FRONT, BACK, PELVIS, ARMS, LEGS = (
    "Head and neck",
    "Front of the trunk",
    "Back of the trunk",
    "Pelvis",
    "Arms and hands",
    "Legs and feet",
)

REGIONS: dict[str, Term] = _kind(
    "body region",
    PLACE,
    {
        "scalp": Term("scalp", "The hair-bearing skin of the head.", HEAD_NECK),
        "face": Term("face", "Forehead to chin, ear to ear.", HEAD_NECK),
        "neck_left": Term(
            "left side of the neck", "From the jaw to the collarbone, on the left.", HEAD_NECK
        ),
        "neck_right": Term(
            "right side of the neck", "From the jaw to the collarbone, on the right.", HEAD_NECK
        ),
        "chest_left": Term(
            "left chest", "The front of the chest on the left, breast included.", FRONT
        ),
        "chest_right": Term(
            "right chest", "The front of the chest on the right, breast included.", FRONT
        ),
        "axilla_left": Term(
            "left armpit", "Where the left arm's lymph nodes (axillary) lie.", FRONT
        ),
        "axilla_right": Term(
            "right armpit", "Where the right arm's lymph nodes (axillary) lie.", FRONT
        ),
        "abdomen_upper": Term("upper abdomen", "The belly above the navel.", FRONT),
        "abdomen_lower": Term(
            "lower abdomen", "The belly from the navel down to the pubic bone.", FRONT
        ),
        "upper_back_left": Term(
            "left upper back", "From the shoulder to the lowest rib, left of the spine.", BACK
        ),
        "upper_back_right": Term(
            "right upper back", "From the shoulder to the lowest rib, right of the spine.", BACK
        ),
        "lower_back_left": Term(
            "left lower back", "From the lowest rib to the pelvis, left of the spine.", BACK
        ),
        "lower_back_right": Term(
            "right lower back", "From the lowest rib to the pelvis, right of the spine.", BACK
        ),
        "sacrum": Term("sacrum", "The flat bone at the base of the spine.", BACK),
        "gluteal_left": Term("left buttock", "The left buttock and the side of the hip.", PELVIS),
        "gluteal_right": Term(
            "right buttock", "The right buttock and the side of the hip.", PELVIS
        ),
        "groin_left": Term(
            "left groin", "The crease of the left thigh, where inguinal nodes lie.", PELVIS
        ),
        "groin_right": Term(
            "right groin", "The crease of the right thigh, where inguinal nodes lie.", PELVIS
        ),
        "perineum": Term(
            "perineum",
            "Between the legs; never part of a massage or body treatment.",
            PELVIS,
        ),
        "left_arm": Term("left arm", "The left arm from shoulder to wrist.", ARMS),
        "right_arm": Term("right arm", "The right arm from shoulder to wrist.", ARMS),
        "left_hand": Term("left hand", "The left hand, fingers and nails included.", ARMS),
        "right_hand": Term("right hand", "The right hand, fingers and nails included.", ARMS),
        "left_thigh": Term("left thigh", "The left leg from hip to knee.", LEGS),
        "right_thigh": Term("right thigh", "The right leg from hip to knee.", LEGS),
        "left_lower_leg": Term("left lower leg", "The left leg from knee to ankle.", LEGS),
        "right_lower_leg": Term("right lower leg", "The right leg from knee to ankle.", LEGS),
        "left_foot": Term("left foot", "The left foot, toes and nails included.", LEGS),
        "right_foot": Term("right foot", "The right foot, toes and nails included.", LEGS),
    },
)
# The plan form's groups of regions, in its order: group -> region tokens.
REGION_GROUPS: dict[str, tuple[str, ...]] = {
    group: tuple(token for token in ATOMIC_REGIONS if REGIONS[token].group == group)
    for group in (HEAD_NECK, FRONT, BACK, PELVIS, ARMS, LEGS)
}

# Aliases for several regions, in the order the plan form lists them.
AREA_GROUP = "Larger areas"
AREAS: dict[str, Term] = _kind(
    "larger area",
    PLACE,
    {
        "quadrant_upper_left": Term(
            "left upper quadrant",
            "The left arm and hand, armpit, chest, upper back and upper abdomen: what the left "
            "armpit nodes drain.",
        ),
        "quadrant_upper_right": Term(
            "right upper quadrant",
            "The right arm and hand, armpit, chest, upper back and upper abdomen: what the "
            "right armpit nodes drain.",
        ),
        "quadrant_lower_left": Term(
            "left lower quadrant",
            "The left leg, groin, buttock, lower back, lower abdomen and perineum: what the "
            "left groin nodes drain.",
        ),
        "quadrant_lower_right": Term(
            "right lower quadrant",
            "The right leg, groin, buttock, lower back, lower abdomen and perineum: what the "
            "right groin nodes drain.",
        ),
        "head_neck_left": Term("face and left side of the neck", "What the left neck nodes drain."),
        "head_neck_right": Term(
            "face and right side of the neck", "What the right neck nodes drain."
        ),
        "left_leg": Term("whole left leg", "Thigh, lower leg and foot on the left."),
        "right_leg": Term("whole right leg", "Thigh, lower leg and foot on the right."),
        "lower_legs": Term("both lower legs", "Both legs from knee to ankle."),
        "hands": Term("both hands", "The left and the right hand."),
        "feet": Term("both feet", "The left and the right foot."),
        "palms_and_soles": Term(
            "palms and soles", "The palms of both hands and the soles of both feet."
        ),
        "bony_prominences": Term(
            "bony prominences",
            "Where bone lies under thin skin: back of the head, shoulder blades, sacrum, hips, "
            "elbows, heels and ankle bones.",
        ),
    },
    group=AREA_GROUP,
)

SUBSITE_TERMS: dict[str, Term] = _kind(
    "part of a region",
    PLACE,
    {
        "sole": Term("sole", "The underside of the foot."),
        "palm": Term("palm", "The inside of the hand."),
        "heel": Term("heel", "The back of the foot, under the ankle."),
        "dorsum": Term("top", "The back of the hand or the top of the foot."),
        "toes": Term("toes", "All the toes of the foot."),
        "fingers": Term("fingers", "All the fingers of the hand."),
        "nail_folds": Term("nail folds", "The skin folds around the nails."),
        "thumb_nail_fold": Term("thumb nail fold", "The skin fold around the thumbnail."),
        "index_nail_fold": Term(
            "index finger nail fold", "The skin fold around the index fingernail."
        ),
        "big_toe_nail_fold": Term("big toe nail fold", "The skin fold around the big toenail."),
        "malleoli": Term("ankle bones", "The bony bumps on each side of the ankle."),
        "ankle": Term("ankle", "The ankle joint."),
        "elbow": Term("elbow", "The elbow joint and its bony point."),
        "shoulder": Term("shoulder", "The shoulder joint and the top of the arm."),
        "upper": Term("upper part", "The upper half of the region (the upper arm, for an arm)."),
        "lower": Term("lower part", "The lower half of the region."),
        "forearm": Term("forearm", "From the elbow to the wrist."),
        "wrist": Term("wrist", "The wrist joint."),
        "knee": Term("knee", "The knee joint."),
        "calf": Term("calf", "The back of the lower leg."),
        "shin": Term("shin", "The front of the lower leg."),
        "upper_outer": Term("upper outer part", "The quarter toward the armpit and up."),
        "upper_inner": Term("upper inner part", "The quarter toward the midline and up."),
        "lower_outer": Term("lower outer part", "The quarter toward the side and down."),
        "lower_inner": Term("lower inner part", "The quarter toward the midline and down."),
        "nipple": Term("nipple", "The nipple and the areola around it."),
        "occiput": Term("back of the head", "Where the head rests when lying on the back."),
        "scapula": Term("shoulder blade", "The flat bone of the upper back."),
        "spine": Term("spine", "The spine running through the region."),
        "greater_trochanter": Term("hip bone", "The bony point at the side of the hip."),
        "catheter_track": Term(
            "catheter track", "The line a central catheter runs under the skin, up the neck."
        ),
        "incision": Term("incision", "The surgical cut itself."),
        "scar": Term("scar", "A scar in the region."),
        "breast": Term("breast", "The breast within the chest region."),
        "left": Term("left side", "The left half of a midline region."),
        "right": Term("right side", "The right half of a midline region."),
        "medial": Term("inner side", "The side nearer the body's midline."),
        "lateral": Term("outer side", "The side farther from the body's midline."),
        "forehead": Term("forehead", "Above the eyebrows, below the hairline."),
        "cheeks": Term("cheeks", "Below the eyes, beside the nose."),
        "chin": Term("chin", "The chin and the front of the jaw."),
        "nose": Term("nose", "The nose and the skin beside it."),
        "perioral": Term("around the mouth", "The skin around the lips."),
    },
    group="Parts of a region",
)

SIDE_TERMS: dict[str, Term] = _kind(
    "side",
    FACT,
    {
        "left": Term("left", "The client's left."),
        "right": Term("right", "The client's right."),
        "bilateral": Term("both sides", "The client's left and right."),
    },
    group="Sides",
)

BONES: dict[str, Term] = _kind(
    "bone",
    FACT,
    {
        "skull": Term("skull", "The bones of the head."),
        "spine_cervical": Term("cervical spine", "The neck vertebrae."),
        "spine_thoracic": Term(
            "thoracic spine", "The vertebrae of the upper back, where the ribs attach."
        ),
        "spine_lumbar": Term("lumbar spine", "The vertebrae of the lower back."),
        "sacrum": Term("sacrum", "The flat bone at the base of the spine."),
        "pelvis": Term("pelvis", "The hip bones and the sacrum."),
        "ribs_left": Term("left ribs", "The ribs of the left side, front, side and back."),
        "ribs_right": Term("right ribs", "The ribs of the right side, front, side and back."),
        "sternum": Term("sternum", "The breastbone."),
        "femur_left": Term("left femur", "The left thigh bone."),
        "femur_right": Term("right femur", "The right thigh bone."),
        "humerus_left": Term("left humerus", "The bone of the left upper arm."),
        "humerus_right": Term("right humerus", "The bone of the right upper arm."),
        "tibia_left": Term("left tibia", "The left shin bone."),
        "tibia_right": Term("right tibia", "The right shin bone."),
    },
    group="Bones",
)

BASINS: dict[str, Term] = _kind(
    "lymph node group",
    FACT,
    {
        "axillary": Term(
            "armpit (axillary)", "They drain the arm, chest and upper back on their side."
        ),
        "supraclavicular": Term(
            "above the collarbone (supraclavicular)",
            "They drain the neck and pass on lymph from the armpit.",
        ),
        "cervical": Term("neck (cervical)", "They drain the face, scalp and neck."),
        "inguinal": Term(
            "groin (inguinal)", "They drain the leg, buttock, lower belly and perineum."
        ),
        "pelvic": Term("pelvic", "Nodes inside the pelvis; they pass on lymph from the groin."),
        "para_aortic": Term(
            "para-aortic",
            "Nodes along the aorta at the back of the abdomen; the last station from the legs.",
        ),
    },
    group="Lymph nodes",
)


# Site tokens resolved from a case's facts (see ``sites``) -----------------------------------

ALL_OF_IT, DEVICES_AND_LINES, SURGERY, RADIATION, MEDICATION = (
    "The whole body",
    "Devices and lines",
    "Surgery",
    "Radiation",
    "Medication",
)
LYMPH_AND_SWELLING, CLOTS, TUMOR_AND_BONE, SKIN = (
    "Lymphatics and swelling",
    "Clots",
    "Tumor and bone",
    "Skin",
)

SITE_TOKENS: dict[str, Term] = _kind(
    "site",
    PLACE,
    {
        "global": Term("the whole body", "Every region.", ALL_OF_IT),
        "port_site": Term(
            "the port and its catheter track",
            "Where the port sits, and the catheter's track up the neck on its side.",
            DEVICES_AND_LINES,
        ),
        "cvc_site": Term(
            "the central line and its track",
            "Where the tunnelled line leaves the skin, and its track up the neck.",
            DEVICES_AND_LINES,
        ),
        "picc_site": Term(
            "the PICC insertion site and the vein above it",
            "The upper arm on the PICC side.",
            DEVICES_AND_LINES,
        ),
        "picc_arm": Term(
            "the arm with the PICC",
            "The whole arm on the PICC side, for limits on its movement.",
            DEVICES_AND_LINES,
        ),
        "picc_hand": Term(
            "the hand on the PICC side", "The hand of the arm with the PICC.", DEVICES_AND_LINES
        ),
        "line_device_sites": Term(
            "the lines, tubes and devices",
            "IV lines, pumps, drains, ostomies, feeding tubes, catheters, tracheostomies, "
            "oxygen tubing and monitors.",
            DEVICES_AND_LINES,
        ),
        "accessed_port_shoulder_neck": Term(
            "the shoulder and neck on the side of the accessed port",
            "While a needle is in the port, the neck and shoulder on its side.",
            DEVICES_AND_LINES,
        ),
        "surgical_site": Term("the surgical sites", "The regions of every surgery.", SURGERY),
        "unhealed_surgical_site": Term(
            "the unhealed incision and any drains",
            "Surgeries not healed, still draining, or under three weeks old with healing unknown.",
            SURGERY,
        ),
        "recent_surgical_site": Term(
            "the surgical site of the last six weeks",
            "The regions of surgeries less than six weeks ago.",
            SURGERY,
        ),
        "reconstructed_breast": Term(
            "the reconstructed breast",
            "A breast rebuilt with a tissue expander or an implant.",
            SURGERY,
        ),
        "flap_donor_regions": Term(
            "the flap donor site",
            "Where tissue was taken to rebuild a breast, until healed.",
            SURGERY,
        ),
        "scar_work_site": Term(
            "the scars being worked",
            "The scars, narrowed to those your scar mobilization lands on.",
            SURGERY,
        ),
        "unsafe_scar_site": Term(
            "a scar that is not fully healed or sits in a recent radiation field",
            "Scars not known to be healed, or in a field treated in the last two weeks.",
            SURGERY,
        ),
        "early_scar_site": Term(
            "a scar less than six weeks old",
            "Scars under six weeks old, or of unknown age.",
            SURGERY,
        ),
        "radiation_field": Term(
            "the radiation fields", "The skin of every external radiation field.", RADIATION
        ),
        "acute_radiation_field": Term(
            "the radiation field",
            "A field under treatment, treated in the last four weeks, or still reacting.",
            RADIATION,
        ),
        "ongoing_radiation_field": Term(
            "the field being irradiated now",
            "The field of a course that is under way.",
            RADIATION,
        ),
        "late_radiation_field": Term(
            "the old radiation field",
            "A field treated more than four weeks ago, with no skin reaction.",
            RADIATION,
        ),
        "implant_region": Term(
            "the area of the radiation implant",
            "Where a radioactive seed or source sits inside the body.",
            RADIATION,
        ),
        "patch_site": Term(
            "the medication patch", "Where the skin patch delivering a drug sits.", MEDICATION
        ),
        "patch_vicinity": Term(
            "the medication patch and the areas next to it",
            "Heat here makes the patch release more drug.",
            MEDICATION,
        ),
        "at_risk_regions": Term(
            "the lymphatic at-risk regions",
            "What the removed or irradiated lymph nodes drained: at risk of lymphedema for life.",
            LYMPH_AND_SWELLING,
        ),
        "lymphedema_regions": Term(
            "the areas with lymphedema", "Regions of diagnosed lymphedema.", LYMPH_AND_SWELLING
        ),
        "neuropathy_regions": Term(
            "the areas with neuropathy",
            "Numb, tingling or painful areas: the client cannot judge pressure or heat there.",
            LYMPH_AND_SWELLING,
        ),
        "new_swelling_regions": Term(
            "the new swelling", "Swelling the client or you noticed only now.", LYMPH_AND_SWELLING
        ),
        "redness_warmth_regions": Term(
            "the red, warm areas",
            "Possible infection or clot: not to be worked on until assessed.",
            LYMPH_AND_SWELLING,
        ),
        "petechiae_or_bruise_regions": Term(
            "the bruised areas and petechiae",
            "Bruises and pinpoint bleeding under the skin.",
            CLOTS,
        ),
        "suspected_clot_limb": Term(
            "the limb that may have a clot",
            "A limb with new one-sided swelling, pain and warmth, or a suspected clot.",
            CLOTS,
        ),
        "dvt_limb": Term(
            "the limb with the clot",
            "A limb with a clot on treatment, or treated less than six months ago.",
            CLOTS,
        ),
        "remote_dvt_limb": Term(
            "the limb with the old clot",
            "A limb whose clot was treated six months ago or more.",
            CLOTS,
        ),
        "tumor_site": Term(
            "the tumor sites and enlarged nodes",
            "Lumps, enlarged nodes, open tumors and enlarged organs you may feel.",
            TUMOR_AND_BONE,
        ),
        "tumor_vicinity": Term(
            "the tumor sites, enlarged nodes and the areas next to them",
            "The tumor sites and the regions around them.",
            TUMOR_AND_BONE,
        ),
        "bone_met_site": Term(
            "the bone metastases",
            "The regions over bones with cancer: they may break under pressure.",
            TUMOR_AND_BONE,
        ),
        "spine_and_ribs": Term(
            "the spine and ribs",
            "The upper and lower back and both sides of the chest.",
            TUMOR_AND_BONE,
        ),
        "unexplained_pain_site": Term(
            "the area of new, unexplained pain",
            "New pain in one spot with no known cause.",
            TUMOR_AND_BONE,
        ),
        "lesion_site": Term(
            "the open or broken skin",
            "Open, weeping or infected skin, and pressure injuries of stage 2 or more.",
            SKIN,
        ),
        "lesion_vicinity": Term(
            "the regions with open or broken skin",
            "The regions holding open skin and the regions next to them.",
            SKIN,
        ),
        "pressure_injury_site": Term(
            "the pressure injuries and reddened bony areas",
            "Skin damaged by pressure, and redness over bone that does not fade.",
            SKIN,
        ),
        "hfs_site": Term(
            "the skin with hand-foot syndrome",
            "Red, tender or cracked palms and soles from a cancer drug.",
            SKIN,
        ),
        "rash_site": Term("the rash", "The areas of an acne-like rash.", SKIN),
        "pustular_rash_site": Term(
            "the pustular or eroded areas of the rash",
            "Rash areas with pustules or raw patches.",
            SKIN,
        ),
        "paronychia_site": Term(
            "the inflamed nail folds", "Swollen, red skin around the nails.", SKIN
        ),
        "hand_foot_work_sites": Term(
            "the hands or feet being worked on",
            "The hands in a manicure or hand massage, the feet in a pedicure.",
            ALL_OF_IT,
        ),
    },
)
# Site tokens about one record of the case (``surgical_site:s1``), their words a template.
PARAMETRISED_SITES: dict[str, Term] = _kind(
    "site of one record",
    PLACE,
    {
        "surgical_site": Term(
            "the site of surgery {}", "The regions of one surgery, named by its id.", SURGERY
        ),
        "radiation_field": Term(
            "radiation field {}", "The field of one external course, named by its id.", RADIATION
        ),
        "device_site": Term(
            "the {}", "Where this client's devices of one kind sit.", DEVICES_AND_LINES
        ),
    },
)


# Case-fact values, as the vignette writes them ---------------------------------------------

CLIENT, DIAGNOSIS, TREATMENT, MEDS, BODY, TODAY = (
    "Client and request",
    "Diagnosis",
    "Treatment history",
    "Medications",
    "Devices, clots, lymphatics, bone and skin",
    "How they are today",
)


def _facts(kind: str, group: str, terms: dict) -> dict[str, Term]:
    return _kind(kind, FACT, terms, group)


DEVICES: dict[str, Term] = _facts(
    "device",
    BODY,
    {
        "port": Term("port", "An implanted port: a small chamber under the chest skin."),
        "tunneled_cvc": Term(
            "tunnelled central line", "A central line tunnelled under the chest skin."
        ),
        "picc": Term("PICC", "A line from the upper arm to a large vein near the heart."),
        "iv_peripheral": Term("IV line", "A short line in a vein of the arm or hand."),
        "infusion_pump": Term("infusion pump", "A pump delivering a drug through a line."),
        "drain": Term("surgical drain", "A tube draining fluid from a surgical site."),
        "ostomy": Term("ostomy", "An opening of the bowel or bladder on the belly, with a pouch."),
        "feeding_tube": Term("feeding tube", "A tube into the stomach or bowel for feeding."),
        "urinary_catheter": Term("urinary catheter", "A tube draining the bladder."),
        "nephrostomy": Term("nephrostomy", "A tube draining a kidney through the back."),
        "tracheostomy": Term("tracheostomy", "A breathing tube through the front of the neck."),
        "oxygen_tubing": Term("oxygen tubing", "Tubing from an oxygen supply to the nose."),
        "cardiac_monitor": Term("cardiac monitor", "Leads and pads recording the heart."),
        "pca_pump": Term("pain pump (PCA)", "A pump the client presses for a dose of pain drug."),
    },
)

SETTINGS: dict[str, Term] = _facts(
    "setting",
    CLIENT,
    {
        "spa": Term("a spa", "A day spa or salon, with no medical staff."),
        "outpatient_clinic": Term(
            "an outpatient clinic", "A clinic the client visits and leaves the same day."
        ),
        "infusion_suite": Term(
            "an infusion suite", "Where clients receive IV treatment, often during the session."
        ),
        "hospital_inpatient": Term("a hospital inpatient unit", "A hospital ward, nurses on duty."),
        "hospice": Term("a hospice", "Care for the last months of life."),
        "home_care": Term("the client's home", "A visit to the client's home."),
    },
)

SEXES: dict[str, Term] = _facts(
    "sex",
    CLIENT,
    {
        "F": Term("woman", "Female."),
        "M": Term("man", "Male."),
        "X": Term("person", "Neither female nor male stated."),
    },
)

CANCER_TYPES: dict[str, Term] = _facts(
    "cancer",
    DIAGNOSIS,
    {
        "breast": Term(
            "breast cancer", "Often surgery, node removal and radiation of chest and armpit."
        ),
        "prostate": Term(
            "prostate cancer", "Often hormone therapy, which thins bones, or pelvic radiation."
        ),
        "head_neck": Term(
            "head and neck cancer", "Mouth, throat or voice box; often radiation of the neck."
        ),
        "lymphoma": Term("lymphoma", "A cancer of the lymph nodes and lymphocytes."),
        "leukemia": Term("leukemia", "A cancer of the blood-forming cells; counts run low."),
        "myeloma": Term("myeloma", "A cancer of the bone marrow; bones may be fragile."),
        "melanoma": Term("melanoma", "A skin cancer that may spread to lymph nodes."),
        "colorectal": Term("colorectal cancer", "Cancer of the bowel; ostomies are common."),
        "lung": Term("lung cancer", "Breathlessness is common."),
        "ovarian": Term("ovarian cancer", "Often abdominal surgery; the belly may swell."),
        "endometrial": Term("endometrial cancer", "Cancer of the lining of the womb."),
        "pancreatic": Term("pancreatic cancer", "Blood clots are common."),
        "other": Term("other cancer", "Any other cancer."),
    },
)
CANCER_STATUSES: dict[str, Term] = _facts(
    "cancer status",
    DIAGNOSIS,
    {
        "active": Term("active disease", "Cancer is present, treated or watched."),
        "metastatic": Term("metastatic disease", "The cancer has spread from where it began."),
        "ned": Term("no evidence of disease (survivorship)", "No sign of cancer after treatment."),
        "unknown": Term("status not known", "Not known: never read as normal."),
    },
)

THERAPY_STATUSES: dict[str, Term] = _facts(
    "treatment status",
    TREATMENT,
    {
        "none": Term("not given", "This treatment was never given."),
        "ongoing": Term("ongoing", "Under way now."),
        "completed": Term("completed", "Finished."),
    },
)
CHEMO_ROUTES: dict[str, Term] = _facts(
    "route",
    TREATMENT,
    {
        "iv": Term("IV", "Given into a vein."),
        "oral": Term("oral", "Taken as tablets."),
        "both": Term("IV and oral", "Some drugs into a vein, some as tablets."),
    },
)
TARGETED_CLASSES: dict[str, Term] = _facts(
    "targeted therapy",
    TREATMENT,
    {
        "egfr_inhibitor": Term("EGFR inhibitor", "Often an acne-like rash and dry skin."),
        "multikinase_inhibitor": Term(
            "multi-kinase inhibitor", "Often sore, thickened palms and soles."
        ),
        "cdk46_inhibitor": Term("CDK4/6 inhibitor", "Breast-cancer tablets that lower counts."),
        "braf_mek_inhibitor": Term(
            "BRAF/MEK inhibitor", "Melanoma tablets; fevers, rash and sun sensitivity."
        ),
        "other": Term("other targeted therapy", "Any other targeted drug."),
    },
)
RADIATION_TYPES: dict[str, Term] = _facts(
    "radiation",
    TREATMENT,
    {
        "external": Term("external-beam radiation", "A machine aims radiation at a field of skin."),
        "brachy_permanent": Term(
            "permanent seed implant (brachytherapy)", "Radioactive seeds left in the body."
        ),
        "brachy_temporary": Term(
            "temporary internal radiation implant",
            "A radioactive source inside the body for hours or days.",
        ),
        "radioiodine": Term(
            "radioactive iodine", "Swallowed for thyroid cancer; body fluids stay radioactive."
        ),
    },
)
RADIATION_STATUSES: dict[str, Term] = _facts(
    "radiation status",
    TREATMENT,
    {
        "ongoing": Term("ongoing", "Treatments are under way."),
        "completed": Term("completed", "The last treatment is over."),
        "in_place": Term("implant in place", "The radioactive source is still in the body."),
    },
)
SKIN_REACTIONS: dict[str, Term] = _facts(
    "radiation skin reaction",
    TREATMENT,
    {
        "none": Term("none", "No visible change."),
        "erythema": Term("erythema", "Redness of the skin in the field."),
        "dry_desquamation": Term("dry peeling (dry desquamation)", "Dry, flaking, itchy skin."),
        "moist_desquamation": Term(
            "moist peeling (moist desquamation)", "Raw, weeping skin where the top layer is gone."
        ),
        "ulceration": Term("ulceration", "An open sore through the skin."),
    },
)
RECONSTRUCTIONS: dict[str, Term] = _facts(
    "reconstruction",
    TREATMENT,
    {
        "none": Term("no reconstruction", "The breast was not rebuilt."),
        "tissue_expander": Term(
            "tissue expander", "A balloon under the chest skin, filled over weeks."
        ),
        "implant": Term("implant", "A breast implant."),
        "flap": Term(
            "flap (the client's own tissue)", "The breast rebuilt from tissue taken elsewhere."
        ),
    },
)
NODE_PROCEDURES: dict[str, Term] = _facts(
    "lymph node surgery",
    TREATMENT,
    {
        "slnb": Term(
            "sentinel lymph node biopsy",
            "The first one to a few nodes removed: a smaller, lifelong lymphedema risk.",
        ),
        "dissection": Term(
            "dissection", "Many nodes of a group removed: a lifelong lymphedema risk."
        ),
        "excisional_biopsy": Term("excisional biopsy", "One enlarged node removed to diagnose."),
    },
)
# Surgeries as cases name them (``surgeries[].procedure`` is free text: a name this table does
# not hold is the author's own words, shown as written).
SURGERIES: dict[str, Term] = _facts(
    "surgery",
    TREATMENT,
    {
        "abdominoperineal_resection": Term(
            "abdominoperineal resection", "Removal of the rectum and anus, with a colostomy."
        ),
        "debulking_tah_bso_lnd": Term(
            "debulking surgery with hysterectomy, removal of both ovaries and tubes, and "
            "lymph node dissection",
            "Removes as much tumor as possible from the pelvis and abdomen.",
        ),
        "laparoscopic_colectomy": Term(
            "laparoscopic colectomy", "Part of the colon removed through small incisions."
        ),
        "lar_loop_ileostomy": Term(
            "low anterior resection with a loop ileostomy",
            "Part of the rectum removed; a temporary ostomy protects the join.",
        ),
        "left_inguinal_dissection": Term(
            "left groin (inguinal) lymph node dissection", "Nodes of the left groin removed."
        ),
        "left_lumpectomy": Term("left lumpectomy", "The tumor removed, the breast kept."),
        "left_lumpectomy_alnd": Term(
            "left lumpectomy with axillary lymph node dissection",
            "The tumor and many armpit nodes removed.",
        ),
        "left_lumpectomy_dcis": Term(
            "left lumpectomy for DCIS", "Removal of an early, non-invasive breast cancer."
        ),
        "left_lumpectomy_slnb": Term(
            "left lumpectomy with sentinel lymph node biopsy",
            "The tumor and the first armpit nodes removed.",
        ),
        "left_mastectomy_alnd": Term(
            "left mastectomy with axillary lymph node dissection",
            "The breast and many armpit nodes removed.",
        ),
        "left_mastectomy_slnb": Term(
            "left mastectomy with sentinel lymph node biopsy",
            "The breast and the first armpit nodes removed.",
        ),
        "left_mastectomy_slnb_expander": Term(
            "left mastectomy with sentinel lymph node biopsy and a tissue expander",
            "The breast and first armpit nodes removed; an expander placed to rebuild it.",
        ),
        "open_right_hemicolectomy": Term(
            "open right hemicolectomy", "The right half of the colon removed through the belly."
        ),
        "partial_nephrectomy_right": Term(
            "right partial nephrectomy", "Part of the right kidney removed."
        ),
        "radical_prostatectomy": Term(
            "radical prostatectomy", "The prostate removed, often with pelvic nodes."
        ),
        "right_ilioinguinal_dissection": Term(
            "right groin and pelvic (ilioinguinal) lymph node dissection",
            "Nodes of the right groin and pelvis removed.",
        ),
        "right_inguinal_dissection": Term(
            "right groin (inguinal) lymph node dissection", "Nodes of the right groin removed."
        ),
        "right_lower_lobectomy": Term(
            "right lower lobectomy (lung)", "The lower lobe of the right lung removed."
        ),
        "right_lumpectomy": Term("right lumpectomy", "The tumor removed, the breast kept."),
        "right_lumpectomy_dcis": Term(
            "right lumpectomy for DCIS", "Removal of an early, non-invasive breast cancer."
        ),
        "right_lumpectomy_slnb": Term(
            "right lumpectomy with sentinel lymph node biopsy",
            "The tumor and the first armpit nodes removed.",
        ),
        "right_mastectomy_alnd": Term(
            "right mastectomy with axillary lymph node dissection",
            "The breast and many armpit nodes removed.",
        ),
        "right_mastectomy_diep_flap": Term(
            "right mastectomy with DIEP flap reconstruction",
            "The breast rebuilt from skin and fat of the lower belly.",
        ),
        "right_mastectomy_slnb": Term(
            "right mastectomy with sentinel lymph node biopsy",
            "The breast and the first armpit nodes removed.",
        ),
        "right_mastectomy_slnb_implant": Term(
            "right mastectomy with sentinel lymph node biopsy and an implant",
            "The breast and first armpit nodes removed; rebuilt with an implant.",
        ),
        "right_neck_dissection": Term(
            "right neck dissection", "Lymph nodes of the right neck removed."
        ),
        "right_nephrectomy": Term("right nephrectomy", "The right kidney removed."),
        "sigmoid_colectomy": Term("sigmoid colectomy", "The last part of the colon removed."),
        "tah_bso_pelvic_lnd": Term(
            "hysterectomy with removal of both ovaries and tubes, and pelvic lymph node dissection",
            "Womb, ovaries, tubes and pelvic nodes removed through the belly.",
        ),
        "total_abdominal_hysterectomy_benign": Term(
            "total abdominal hysterectomy for a benign condition",
            "The womb removed through the belly, not for cancer.",
        ),
        "total_hysterectomy": Term("total hysterectomy", "The womb and cervix removed."),
        "total_laparoscopic_hysterectomy_bso": Term(
            "total laparoscopic hysterectomy with removal of both ovaries and tubes",
            "Womb, ovaries and tubes removed through small incisions.",
        ),
        "total_thyroidectomy": Term("total thyroidectomy", "The thyroid gland removed."),
        "wide_local_excision": Term(
            "wide local excision", "A skin cancer removed with a margin of healthy skin."
        ),
    },
)

VTE_TYPES: dict[str, Term] = _facts(
    "blood clot",
    BODY,
    {
        "dvt": Term("DVT", "Deep-vein thrombosis: a clot in a deep vein, usually of a leg."),
        "pe": Term("PE", "Pulmonary embolism: a clot that has reached the lungs."),
    },
)
VTE_STATUSES: dict[str, Term] = _facts(
    "clot status",
    BODY,
    {
        "suspected": Term("suspected", "Signs of a clot, not yet confirmed."),
        "active_treatment": Term("on treatment", "Taking blood thinners for the clot now."),
        "resolved": Term("resolved", "Treatment for the clot has ended."),
    },
)
# Why an anticoagulant is taken (``meds.anticoagulant_indication`` is free text: a reason this
# table does not hold is the author's own words, shown as written).
INDICATIONS: dict[str, Term] = _facts(
    "reason for a blood thinner",
    MEDS,
    {
        "dvt": Term("DVT", "Deep-vein thrombosis: a clot in a deep vein, usually of a leg."),
        "pe": Term("PE", "Pulmonary embolism: a clot that has reached the lungs."),
        "atrial_fibrillation": Term(
            "atrial fibrillation", "An irregular heartbeat that can form clots."
        ),
    },
)
OPIOID_LEVELS: dict[str, Term] = _facts(
    "opioid dose",
    MEDS,
    {
        "none": Term("none", "No opioid."),
        "low": Term("low", "A low dose."),
        "high": Term("high", "A high dose: drowsiness, and pain felt less than it should be."),
    },
)
BONE_LOSS_DRUGS: dict[str, Term] = _facts(
    "bone-thinning drug",
    MEDS,
    {
        "aromatase_inhibitor": Term(
            "aromatase inhibitor", "Breast-cancer hormone tablets such as letrozole."
        ),
        "adt": Term("androgen-deprivation therapy (ADT)", "Prostate-cancer hormone therapy."),
        "steroid": Term("steroid", "Long-term steroids thin bones and skin."),
    },
)
RED_FLAGS: dict[str, Term] = _facts(
    "warning sign",
    BODY,
    {
        "new_leg_weakness": Term(
            "new weakness in the legs", "Possible spinal cord compression: an emergency."
        ),
        "new_numbness_saddle": Term(
            "new numbness in the saddle area",
            "Numbness between the legs: possible spinal cord compression.",
        ),
        "bowel_bladder_change": Term(
            "new change in bowel or bladder control",
            "Possible spinal cord compression: an emergency.",
        ),
        "band_like_trunk_pain": Term(
            "band-like pain around the trunk", "Possible spinal cord compression."
        ),
        "rapidly_worsening_back_pain": Term(
            "back pain that is quickly getting worse",
            "Possible spinal cord compression or a fracture.",
        ),
    },
)
LYMPHEDEMA_STATUSES: dict[str, Term] = _facts(
    "lymphedema status",
    BODY,
    {
        "diagnosed": Term("diagnosed", "Confirmed by a clinician."),
        "suspected": Term("suspected", "Signs of lymphedema, not yet confirmed."),
    },
)
SKIN_CONDITIONS: dict[str, Term] = _facts(
    "skin condition",
    BODY,
    {
        "radiation_dermatitis": Term(
            "radiation dermatitis", "Red, dry or peeling skin in a radiation field."
        ),
        "hand_foot_syndrome": Term(
            "hand-foot syndrome", "Red, tender, sometimes cracked palms and soles from a drug."
        ),
        "acneiform_rash": Term(
            "acneiform rash", "An acne-like rash of face, scalp, chest or back, from a drug."
        ),
        "xerosis": Term("xerosis", "Very dry, rough skin."),
        "paronychia": Term("paronychia", "Inflamed, swollen skin around a nail."),
        "petechiae": Term("petechiae", "Pinpoint red or purple dots of bleeding under the skin."),
        "bruising": Term("bruising", "Bruises, often from low platelets or blood thinners."),
        "open_wound": Term("open wound", "Skin broken open."),
        "moist_desquamation": Term(
            "moist peeling (moist desquamation)", "Raw, weeping skin where the top layer is gone."
        ),
        "ulceration": Term("ulceration", "An open sore."),
        "fungating_wound": Term("fungating wound", "A tumor that has broken through the skin."),
        "herpes_zoster_active": Term(
            "active shingles (herpes zoster)", "Shingles blisters not all crusted: contagious."
        ),
        "weeping_rash": Term("weeping rash", "A rash that oozes fluid."),
        "pressure_injury": Term(
            "pressure injury", "Skin and tissue damaged by pressure over bone, graded by stage."
        ),
        "reddened_bony_prominence": Term(
            "reddened bony prominence", "Redness over bone that does not fade when pressed."
        ),
        "alopecia": Term("hair loss (alopecia)", "Hair loss from treatment."),
        "hyperpigmentation": Term("hyperpigmentation", "Darkened patches of skin."),
    },
)
DYSPNEA: dict[str, Term] = _facts(
    "breathlessness",
    TODAY,
    {
        "none": Term("none", "Not breathless."),
        "exertional": Term("on exertion", "Breathless with effort."),
        "at_rest": Term("at rest", "Breathless while resting."),
    },
)
COGNITION: dict[str, Term] = _facts(
    "cognition",
    TODAY,
    {
        "intact": Term("intact", "Thinks and remembers as usual."),
        "impaired": Term("impaired", "Thinking or memory impaired: consent may need a proxy."),
    },
)
ISOLATION: dict[str, Term] = _facts(
    "isolation precautions",
    TODAY,
    {
        "none": Term("none", "No isolation precautions."),
        "contact": Term("contact", "Spread by touch: gown and gloves."),
        "droplet": Term("droplet", "Spread by coughs and sneezes: a mask."),
        "airborne": Term("airborne", "Spread through the air: a fitted respirator."),
        "protective": Term("protective", "Protects a client with very low immunity from you."),
    },
)
CODE_STATUSES: dict[str, Term] = _facts(
    "code status",
    TODAY,
    {
        "full": Term("full code", "Resuscitation will be attempted."),
        "dnr": Term("do not resuscitate (DNR)", "No resuscitation if heart or breathing stops."),
    },
)
LIMB_TERMS: dict[str, Term] = {
    limb: replace(REGIONS.get(limb) or AREAS[limb], kind="limb", grading=FACT, group=BODY)
    for limb in LIMBS
}

# Every enumerated case fact (``facts.FACTS``, list items without their index) -> its values.
FACT_VALUES: dict[str, dict[str, Term]] = {
    "service": SERVICES,
    "additional_services": SERVICES,
    "setting": SETTINGS,
    "sex": SEXES,
    "cancer.type": CANCER_TYPES,
    "cancer.status": CANCER_STATUSES,
    "chemo.status": THERAPY_STATUSES,
    "chemo.route": CHEMO_ROUTES,
    "targeted.status": THERAPY_STATUSES,
    "targeted.classes": TARGETED_CLASSES,
    "immuno.status": THERAPY_STATUSES,
    "endocrine.status": THERAPY_STATUSES,
    "radiation.type": RADIATION_TYPES,
    "radiation.nodal_basins.basin": BASINS,
    "radiation.nodal_basins.side": SIDE_TERMS,
    "radiation.status": RADIATION_STATUSES,
    "radiation.skin_reaction": SKIN_REACTIONS,
    "surgeries.side": SIDE_TERMS,
    "surgeries.reconstruction": RECONSTRUCTIONS,
    "lymph_nodes.basin": BASINS,
    "lymph_nodes.side": SIDE_TERMS,
    "lymph_nodes.procedure": NODE_PROCEDURES,
    "vte.type": VTE_TYPES,
    "vte.limb": LIMB_TERMS,
    "vte.status": VTE_STATUSES,
    "meds.opioid.level": OPIOID_LEVELS,
    "meds.bone_loss_drugs": BONE_LOSS_DRUGS,
    "signs.unilateral_limb_swelling_pain_warmth": LIMB_TERMS,
    "lymphedema.side": SIDE_TERMS,
    "lymphedema.status": LYMPHEDEMA_STATUSES,
    "devices.type": DEVICES,
    "devices.side": SIDE_TERMS,
    "bone.metastases": BONES,
    "bone.red_flags": RED_FLAGS,
    "symptoms.dyspnea": DYSPNEA,
    "skin.condition": SKIN_CONDITIONS,
    "function.cognition": COGNITION,
    "infection.isolation": ISOLATION,
    "admin.code_status": CODE_STATUSES,
}
# Free-text facts whose usual values have words here; any other value is shown as written.
FACT_TEXTS: dict[str, dict[str, Term]] = {
    "surgeries.procedure": SURGERIES,
    "meds.anticoagulant_indication": INDICATIONS,
}


# Grading outcomes and rule metadata, as the feedback and the admin show them ---------------

VERDICTS: dict[str, Term] = _kind(
    "verdict",
    RESULT,
    {
        "safe": Term("safe", "The plan meets every rule the question grades."),
        "caution": Term(
            "safe, with cautions", "Nothing unsafe, but a should item of a rule is missing."
        ),
        "unsafe": Term("unsafe", "A must item of a rule is missing: the plan scores nothing."),
    },
    group="Verdicts",
)
# A rule's two blocks, and the severity a breach of each carries (``Violation.severity``).
SEVERITIES: dict[str, Term] = _kind(
    "requirement block",
    RESULT,
    {
        "must": Term("Must", "Missing it makes the plan unsafe."),
        "should": Term("Should", "Missing it is a caution."),
    },
    group="Severities",
)
BLOCK_OF_SEVERITY = {"unsafe": "must", "caution": "should"}
CONFIDENCE_LEVELS: dict[str, Term] = _kind(
    "rule confidence",
    RESULT,
    {
        "consensus": Term("Consensus", "The sources agree."),
        "common": Term("Common practice", "Widely taught; the evidence is thinner."),
        "uncertain": Term("Uncertain", "The sources differ; the rule takes the cautious side."),
    },
    group="Confidence",
)


# Lookups -------------------------------------------------------------------------------------

# The tables of plan tokens (techniques, products, positions, referrals…), in the order
# ``label`` reads them.
PLAN_TABLES: tuple[dict[str, Term], ...] = (
    TECHNIQUES,
    PRODUCTS,
    PRODUCT_CONSTRAINTS,
    POSITIONS,
    REFERRALS,
    PROCESS_STEPS,
    PPE,
    SERVICES,
    SERVICE_SETS,
    JOINT_MOVEMENT,
    INFECTION_CONTROL,
    STROKE_TERMS,
)


def term(token: str) -> Term:
    """The entry a plan or site token's words come from: its own, or for a composed token
    (``drainage_toward:axillary_left``, ``surgical_site:s1``, ``left_foot:sole``) the entry of
    its kind or of its part. Raises ``UnknownToken`` for a token with no words."""
    for table in (*PLAN_TABLES, SITE_TOKENS, REGIONS, AREAS, BONES):
        if token in table:
            return table[token]
    kind, _, argument = token.partition(":")
    for table in (STROKE_KINDS, PRODUCT_KINDS, CONSTRAINT_KINDS, PARAMETRISED_SITES):
        if kind in table and argument:
            return table[kind]
    if kind in REGIONS and argument in SUBSITE_TERMS:
        return SUBSITE_TERMS[argument]
    raise UnknownToken(token)


def label(token: str) -> str:
    """The learner's words for any plan token (a technique, product, position, referral…)."""
    for table in PLAN_TABLES:
        if token in table:
            return table[token].label
    kind, _, argument = token.partition(":")
    if kind in STROKE_KINDS and argument:
        return f"{STROKE_KINDS[kind].label} {basin_label(argument)}"
    if kind in PRODUCT_KINDS and argument:
        return PRODUCT_KINDS[kind].label.format(site_label(argument))
    if kind in CONSTRAINT_KINDS and argument:
        return CONSTRAINT_KINDS[kind].label.format(site_label(argument))
    return site_label(token)


def basin_label(basin_side: str) -> str:
    """``axillary_left`` -> "the left armpit (axillary) nodes"."""
    basin, _, side = basin_side.rpartition("_")
    if basin not in BASINS or side not in SIDE_TERMS:
        raise UnknownToken(basin_side)
    if side == "bilateral":
        return f"both sides' {BASINS[basin].label} nodes"
    return f"the {SIDE_TERMS[side].label} {BASINS[basin].label} nodes"


def site_label(token: str) -> str:
    """A site token as a learner reads it: "the radiation field", "left chest"."""
    if token in SITE_TOKENS:
        return SITE_TOKENS[token].label
    kind, _, argument = token.partition(":")
    if kind in PARAMETRISED_SITES and argument:
        if kind == "device_site":
            return PARAMETRISED_SITES[kind].label.format(fact_label("devices.type", argument))
        return PARAMETRISED_SITES[kind].label.format(argument)
    if kind in BONES and not argument:
        return BONES[kind].label
    return region_label(token)


def region_label(token: str) -> str:
    """The words a learner reads for a region token: "left chest", "sole of the left foot",
    "left upper quadrant". Never derived from the spelling."""
    if token in REGIONS:
        return REGIONS[token].label
    if token in AREAS:
        return AREAS[token].label
    region, _, subsite = token.partition(":")
    whole = REGIONS.get(region) or AREAS.get(region)
    if whole is None or subsite not in SUBSITE_TERMS:
        raise UnknownToken(token)
    base = whole.label.split(" (")[0]
    if subsite in ("left", "right"):
        return f"{base}, {SUBSITE_TERMS[subsite].label}"
    return f"{SUBSITE_TERMS[subsite].label} of the {base}"


def fact_term(path: str, value: str) -> Term:
    """The entry of an enumerated case-fact value (``fact_term("radiation.status",
    "in_place")``). Raises ``UnknownToken`` for a value with no words."""
    table = FACT_VALUES.get(path)
    if table is None or value not in table:
        raise UnknownToken(f"{path}={value}")
    return table[value]


def fact_label(path: str, value: str) -> str:
    """The words for an enumerated case-fact value, as they read inside a sentence."""
    return fact_term(path, value).label


def fact_text(path: str, text: str) -> str:
    """A free-text fact: its words when the registry knows the value (a procedure written as
    ``left_mastectomy_alnd``), otherwise the author's text as written."""
    known = FACT_TEXTS.get(path, {})
    return known[text].label if text in known else text


# The plan editor: one state per body area, the per-area toggles, and what it lists first -----

AREA_EDITOR = Term(
    "Body areas",
    "Give an area one state: a lower pressure limit, hold only, or avoid. Areas you leave at "
    "'no separate limit' follow the highest pressure anywhere.",
    kind="plan editor",
)
CASE_SITES_GROUP = "Sites for this client"
# One state per area. Pressure caps are worded from ``PRESSURE_LEVELS``; these are the others.
AREA_STATES: dict[str, Term] = _kind(
    "area state",
    PLACE,
    {
        "": Term("No separate limit", "The highest pressure anywhere applies here."),
        "avoid": Term("Avoid: do not touch", "No strokes, no holds, no product here."),
    },
    group="Area states",
)
# Per-area toggles, each shown in an area's row when the question asks its section.
AREA_TOGGLES: dict[str, Term] = _kind(
    "area toggle",
    STATED,
    {
        "no_heat": Term("No heat here", "No heat source reaches this area.", "thermal"),
        "no_cold": Term("No cold here", "No cold source reaches this area.", "thermal"),
        "no_product_on": Term("No product here", "Nothing goes on the skin here.", "products"),
        "no_joint_movement": Term("Joints kept still", "No joint moves here.", "techniques"),
    },
)
# The case sites the editor offers by name when this client has them: the places a therapist
# reads off the chart (a port, a radiation field, a rash). Sites that carry a judgement
# (unhealed, acute, unsafe scar, the vicinity of something) are left out, so the list of
# names never hints at what a rule will decide; the regions they cover stay in the body list.
CASE_SITES: tuple[str, ...] = (
    "port_site",
    "cvc_site",
    "picc_site",
    "picc_arm",
    "picc_hand",
    "line_device_sites",
    "surgical_site",
    "reconstructed_breast",
    "flap_donor_regions",
    "radiation_field",
    "implant_region",
    "patch_site",
    "at_risk_regions",
    "lymphedema_regions",
    "neuropathy_regions",
    "new_swelling_regions",
    "redness_warmth_regions",
    "petechiae_or_bruise_regions",
    "dvt_limb",
    "tumor_site",
    "bone_met_site",
    "lesion_site",
    "pressure_injury_site",
    "hfs_site",
    "rash_site",
    "paronychia_site",
)
# Groups of techniques and products the editor shows collapsed. Chosen from data: the groups
# that no expert plan of the shipped cases (content/cases) or of the domain checks
# (tests/data/domain/checks/*-model.yaml) uses: of 15 expert plans, none plans nail work or
# an active ingredient (massage 9, esthetics 6, heat and cold 1; skin care 13, dispensing 5).
RARE_GROUPS: frozenset[str] = frozenset({NAILS, ACTIVES})

# The facts an author may vary to make variants of a case (``variants.AXES``), in an author's
# words: the label names the fact, the help says what a variant does with it.
VARIANT_AXES: dict[str, Term] = _kind(
    "variant_axis",
    FACT,
    {
        "platelets": Term(
            "Platelet count (/µL)", "A count drawn between the lowest and highest you set."
        ),
        "days_since_chemo": Term(
            "Days since the last chemotherapy dose",
            "A number of days drawn between the lowest and highest you set.",
        ),
        "days_since_radiation": Term(
            "Days since radiation ended",
            "Drawn between the lowest and highest you set, for every course of radiation.",
        ),
        "side": Term(
            "Side of the body",
            "Half of the variants mirror the client left to right: dissection, radiation field,"
            " lines, swelling and every sided detail move together.",
        ),
        "central_line": Term(
            "Kind of central line",
            "The client's port, tunnelled line or PICC becomes one of the three, placed where"
            " that kind of line sits, on the same side.",
        ),
    },
    group="Facts a variant may change",
)
