"""The classes of grading fault the second-expert review found, each pinned at its cause on
the shipped rule set: conditions kept with their requirements, parts evaluated on their own
condition, declarations versus actions, blank sections, the therapist's own credential,
scoring that discriminates, and words the learner reads."""

from pathlib import Path

import pytest

from quizzes.engine.expected import expected_plan
from quizzes.engine.grader import grade
from quizzes.engine.vocabulary import REFERRALS, label
from tests.rules import load_rule_files

RULES = load_rule_files(Path(__file__).parents[2] / "content" / "rules")
INTAKE = ["intake", "informed_consent", "follow_up", "document"]


def violated(facts, plan) -> set[tuple[str, str]]:
    return {(v.rule, v.severity) for v in grade(facts, plan, RULES).violations}


# -- conditions kept with their requirements (RULES §1 item 14) ---------------------------

SACRAL_WOUND = {
    "service": "massage",
    "setting": "spa",
    "skin": [{"condition": "open_wound", "regions": ["sacrum"]}],
}


def test_gloves_are_needed_only_when_working_on_or_beside_the_open_skin():
    beside = {"avoid_sites": ["sacrum"], "process": INTAKE}
    assert ("skin-open-lesions", "unsafe") in violated(SACRAL_WOUND, beside)
    away = {
        "avoid_sites": [
            "sacrum",
            "lower_back_left",
            "lower_back_right",
            "gluteal_left",
            "gluteal_right",
            "perineum",
        ],
        "process": INTAKE,
    }
    assert ("skin-open-lesions", "unsafe") not in violated(SACRAL_WOUND, away)
    assert ("skin-open-lesions", "unsafe") not in violated(
        {**SACRAL_WOUND, "service": "facial"}, {"avoid_sites": ["sacrum"], "process": INTAKE}
    )


def test_heat_is_kept_off_the_patch_and_the_regions_next_to_it_not_the_whole_body():
    facts = {
        "service": "massage",
        "meds": {"transdermal_patch": {"drug": "fentanyl", "region": "upper_back_left"}},
    }
    plan = {"avoid_sites": ["upper_back_left"], "process": INTAKE}
    beside = {**plan, "technique_sites": {"hot_stones": ["upper_back_right"]}}
    far = {**plan, "technique_sites": {"hot_stones": ["left_foot"]}}
    assert ("dev-transdermal-patch", "unsafe") in violated(facts, beside)
    assert ("dev-transdermal-patch", "unsafe") not in violated(facts, far)


def test_proxy_consent_is_asked_only_where_the_client_cannot_consent():
    bed_bound = {"service": "massage", "function": {"bed_bound": True, "cognition": "intact"}}
    assert (
        "care-bedbound-pressure-injury/proxy" not in grade(bed_bound, {}, RULES).triggered_clauses
    )
    impaired = {**bed_bound, "function": {"bed_bound": True, "cognition": "impaired"}}
    assert "care-bedbound-pressure-injury/proxy" in grade(impaired, {}, RULES).triggered_clauses


def test_a_gentle_facial_on_a_grade_1_rash_draws_no_caution_but_strokes_on_pustules_do():
    facts = {
        "service": "facial",
        "targeted": {"status": "ongoing", "classes": ["egfr_inhibitor"]},
        "skin": [{"condition": "acneiform_rash", "regions": ["face"], "grade": 1}],
    }
    facial = {"techniques": ["cleanse", "hydrating_mask", "facial_massage"]}
    rash = {v.detail for v in grade(facts, facial, RULES).violations if "rash" in v.detail}
    assert not rash
    pustular = {
        **facts,
        "skin": [{**facts["skin"][0], "pustular_or_eroded": True}],
    }
    assert any(
        v.rule == "med-egfr-rash" and "facial massage" in v.detail.lower()
        for v in grade(pustular, facial, RULES).violations
    )


def test_resurfacing_is_excluded_on_the_field_being_irradiated_not_everywhere():
    facts = {
        "service": "body_treatment",
        "radiation": [
            {
                "id": "r1",
                "type": "external",
                "field_regions": ["chest_left"],
                "nodal_basins": [],
                "status": "ongoing",
                "days_since_last": 1,
                "skin_reaction": "none",
            }
        ],
    }
    on_the_legs = {"technique_sites": {"mechanical_scrub": ["lower_legs"]}}
    on_the_field = {"technique_sites": {"mechanical_scrub": ["chest_left"]}}
    assert ("skin-no-resurfacing-active", "unsafe") not in violated(facts, on_the_legs)
    assert ("skin-no-resurfacing-active", "unsafe") in violated(facts, on_the_field)


def test_scar_work_is_judged_on_the_scar_being_worked():
    facts = {
        "service": "massage",
        "surgeries": [
            {"id": "s1", "regions": ["abdomen_lower"], "weeks_since": 52, "incision_healed": True},
            {"id": "s2", "regions": ["chest_left"], "weeks_since": 2, "incision_healed": False},
        ],
    }
    healed = {
        "technique_sites": {"scar_mobilization": ["abdomen_lower"]},
        "avoid_sites": ["chest_left"],
    }
    unhealed = {"technique_sites": {"scar_mobilization": ["chest_left"]}}
    assert ("surg-scar-work-timing", "unsafe") not in violated(facts, healed)
    assert ("surg-scar-work-timing", "unsafe") in violated(facts, unhealed)


# -- every part on its own condition (class 3) ------------------------------------------


def test_the_drug_only_part_of_hand_foot_syndrome_fires_without_the_base_rule():
    facts = {"service": "manicure", "meds": {"hfs_drugs": ["capecitabine"]}}
    report = grade(facts, {"technique_sites": {"paraffin": ["hands"]}}, RULES)
    assert "skin-hand-foot-syndrome/drug-only" in report.triggered_clauses
    assert ("skin-hand-foot-syndrome", "caution") in {
        (v.rule, v.severity) for v in report.violations
    }


# -- declarations versus actions (class 6) and blank sections (class 7) ----------------

EGFR = {"service": "facial", "targeted": {"status": "ongoing", "classes": ["egfr_inhibitor"]}}


def test_a_must_product_prohibition_is_broken_by_the_product_not_by_a_missing_tick():
    unsaid = grade(EGFR, {"products_used": ["bland_emollient"]}, RULES)
    assert all(v.severity == "caution" for v in unsaid.violations if v.rule == "med-egfr-rash")
    used = grade(
        EGFR, {"products_used": ["retinoid"], "product_constraints": ["no_retinoids"]}, RULES
    )
    assert ("med-egfr-rash", "unsafe") in {(v.rule, v.severity) for v in used.violations}


def test_a_cold_pack_with_no_cold_anywhere_is_a_cold_pack():
    facts = {"service": "massage", "meds": {"oxaliplatin_days_since": 3}}
    plan = {"techniques": ["cold_pack"], "thermal": {"no_cold": ["global"]}}
    assert ("sym-neuropathy", "unsafe") in violated(facts, plan)


def test_a_blank_positions_section_under_a_must_prohibition_is_a_caution():
    facts = {"service": "massage", "symptoms": {"dyspnea": "at_rest"}}
    blank = grade(facts, {}, RULES)
    said = grade(facts, {"positions": {"use": ["semi_reclined"]}}, RULES)
    positions = [
        v for v in blank.violations if v.field == "positions" and v.rule == "sym-dyspnea-orthopnea"
    ]
    assert positions
    assert {v.severity for v in positions} == {"caution"}
    assert not [v for v in said.violations if v.field == "positions"]


# -- the therapist's own credential (class 8) -----------------------------------------

LYMPHEDEMA = {
    "service": "massage",
    "lymph_nodes": [{"basin": "axillary", "side": "left", "procedure": "dissection"}],
    "lymphedema": [{"regions": ["left_arm", "left_hand"], "side": "left", "status": "diagnosed"}],
}
REROUTING = {"stroke_direction": ["toward_functional_nodes:axillary_right"]}


def test_rerouting_lymph_is_unsafe_for_a_therapist_who_is_not_a_clt():
    assert ("lymph-lymphedema-diagnosed", "unsafe") in violated(LYMPHEDEMA, REROUTING)
    clt = {**LYMPHEDEMA, "therapist": {"is_clt": True}}
    assert ("lymph-lymphedema-diagnosed", "unsafe") not in {
        (v.rule, v.severity)
        for v in grade(clt, REROUTING, RULES).violations
        if v.field == "stroke_direction"
    }


def test_a_clt_is_never_told_to_refer_to_a_clt():
    clt = {**LYMPHEDEMA, "therapist": {"is_clt": True}}
    assert "clt" not in (grade(clt, {}, RULES).expected["should"].get("refer") or {}).get(
        "value", []
    )
    assert "clt" in grade(LYMPHEDEMA, {}, RULES).expected["should"]["refer"]["value"]


# -- scoring that discriminates (class 9) ------------------------------------------------

SURVIVOR = {"service": "massage", "cancer": {"type": "breast", "status": "ned"}}


@pytest.mark.parametrize(
    "plan",
    [
        {"postpone": True, "refer": list(REFERRALS), "md_release_required": True},
        {"max_pressure_global": 0, "process": INTAKE, "md_release_required": True},
    ],
    ids=["postpone and refer everyone", "hold still everywhere"],
)
def test_an_unnecessary_refusal_scores_at_most_a_quarter(plan):
    report = grade(SURVIVOR, plan, RULES)
    assert report.verdict == "caution"
    assert report.score <= 0.25


def test_holding_still_everywhere_is_no_refusal_where_a_rule_asks_for_holds_only():
    facts = {**SURVIVOR, "labs": {"platelets_per_uL": 8000}}
    report = grade(facts, {"max_pressure_global": 0}, RULES)
    assert not report.refused


# -- words the learner reads (class 10) -------------------------------------------------


def test_each_referral_says_exactly_what_it_asks():
    assert "urgent same-day call" in label("physician_urgent").lower()
    assert "urgent" not in label("oncology_team").lower()
    assert "not the urgent same-day call" in REFERRALS["oncology_team"].help


def test_fever_during_chemotherapy_needs_the_urgent_call_not_a_note_to_the_team():
    facts = {"service": "massage", "vitals": {"temp_c": 38.3}, "chemo": {"status": "ongoing"}}
    note = grade(facts, {"postpone": True, "refer": ["oncology_team"]}, RULES)
    urgent = grade(facts, {"postpone": True, "refer": ["physician_urgent"]}, RULES)
    assert note.verdict == "unsafe"
    assert any("urgent same-day call" in v.detail.lower() for v in note.violations)
    assert urgent.verdict == "safe"


def test_feedback_keeps_the_capitals_of_a_clinical_abbreviation_inside_a_sentence():
    facts = {
        "service": "facial",
        "setting": "spa",
        "targeted": {"status": "ongoing", "classes": ["egfr_inhibitor"]},
    }
    report = grade(facts, {"products_used": [], "techniques": []}, RULES)
    details = [v.detail for v in report.violations]
    assert "Add to the plan: products at skin pH (4.5–5.5)." in details
    assert "Add to the plan: no exfoliating acids (AHA or BHA)." in details
    assert not [d for d in details if " ph " in d or "aha" in d]


def test_the_expected_plan_never_lets_an_inner_limit_loosen_an_outer_one():
    facts = {
        "service": "massage",
        "lymphedema": [
            {"regions": ["right_arm", "right_hand"], "side": "right", "status": "diagnosed"}
        ],
        "devices": [{"type": "picc", "region": "right_arm", "side": "right"}],
    }
    plan = expected_plan(grade(facts, {}, RULES).expected)
    assert plan["site_limits"]["picc_hand"] == 0
    assert grade(facts, plan, RULES).verdict == "safe"
