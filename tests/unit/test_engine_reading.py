"""How a plan is read against a case (``quizzes.engine.reading``): pressure as VOCABULARY
§3.1 combines it, and where each technique lands."""

import pytest

from quizzes.engine.facts import derive, normalize_facts
from quizzes.engine.plan import parse_plan
from quizzes.engine.reading import PlanReading
from quizzes.engine.sites import SiteResolver


def read(plan: dict, facts: dict | None = None) -> PlanReading:
    normalized = normalize_facts(facts or {"service": "massage"})
    derived = derive(normalized)
    return PlanReading(parse_plan(plan), SiteResolver(normalized, derived), derived["services"])


FEMUR_MET = {"service": "massage", "bone": {"metastases": ["femur_left"]}}


@pytest.mark.parametrize(
    ("limits", "site", "level", "why"),
    [
        ({"quadrant_upper_left": 2, "upper_back_left": 3}, "upper_back_left", 3, "inner speaks"),
        ({"quadrant_upper_left": 2, "upper_back_left": 3}, "chest_left", 2, "outer elsewhere"),
        ({"bony_prominences": 1, "lower_legs": 2}, "left_lower_leg:malleoli", 1, "overlap"),
        ({"bony_prominences": 1, "lower_legs": 2}, "left_lower_leg", 2, "overlap elsewhere"),
        ({"left_thigh": 3, "bone_met_site": 1}, "left_thigh", 1, "a tie: strictest"),
        ({"left_arm": 1, "left_arm:shoulder": 4}, "left_arm:shoulder", 4, "looser sub-site"),
        ({"left_arm": 1, "left_arm:shoulder": 4}, "left_arm", 1, "the region itself"),
        ({}, "face", 5, "nothing said"),
    ],
)
def test_pressure_combines_as_vocabulary_3_1_says(limits, site, level, why):
    assert read({"site_limits": limits}, FEMUR_MET).pressure(site) == level, why


def test_a_looser_sub_site_is_among_the_parts_checked():
    reading = read({"site_limits": {"left_arm": 1, "left_arm:shoulder": 4}})
    assert "left_arm:shoulder" in reading.parts({"left_arm"})


def test_the_global_cap_and_avoidance_win_over_every_limit():
    reading = read(
        {
            "max_pressure_global": 2,
            "site_limits": {"upper_back_left": 4, "neck_right": 2},
            "avoid_sites": ["neck_right"],
        }
    )
    assert reading.pressure("upper_back_left") == 2
    assert reading.pressure("neck_right") == -1


def test_left_arm_is_the_region_from_shoulder_to_wrist_not_the_whole_limb():
    reading = read({"avoid_sites": ["left_arm"]})
    assert reading.pressure("left_arm") == -1
    assert reading.pressure("left_hand") == 5


MANICURE_AT_RISK = {
    "service": "manicure",
    "lymph_nodes": [{"basin": "axillary", "side": "left", "procedure": "dissection"}],
}


def test_paraffin_in_a_manicure_goes_on_the_hands_the_plan_leaves_room_for():
    reading = read(
        {"techniques": ["paraffin"], "thermal": {"no_heat": ["quadrant_upper_left"]}},
        MANICURE_AT_RISK,
    )
    assert reading.landing("paraffin") == ({"right_hand"}, False)


def test_a_technique_with_no_place_left_counts_as_done_everywhere_it_could_go():
    reading = read(
        {"techniques": ["paraffin"], "thermal": {"no_heat": ["hands"]}}, MANICURE_AT_RISK
    )
    assert reading.landing("paraffin") == ({"left_hand", "right_hand"}, True)


def test_a_named_place_beats_a_declaration_about_the_same_or_a_larger_area():
    reading = read(
        {
            "technique_sites": {"paraffin": ["hands"], "foot_soak_lukewarm": ["feet"]},
            "thermal": {"no_heat": ["quadrant_upper_left"]},
            "avoid_sites": ["right_foot"],
        },
        MANICURE_AT_RISK,
    )
    assert reading.lands_on("paraffin", "left_hand")
    assert reading.lands_on("foot_soak_lukewarm", "right_foot")


def test_a_declaration_about_a_part_keeps_a_placed_technique_off_that_part():
    reading = read(
        {
            "technique_sites": {"nail_file": ["hands"]},
            "avoid_sites": ["right_hand:thumb_nail_fold"],
        },
        MANICURE_AT_RISK,
    )
    assert reading.lands_on("nail_file", "right_hand")
    assert not reading.lands_on("nail_file", "right_hand:thumb_nail_fold")


def test_deep_tissue_does_not_reach_areas_capped_below_its_working_pressure():
    reading = read({"techniques": ["deep_tissue"], "site_limits": {"quadrant_upper_left": 2}})
    assert not reading.lands_on("deep_tissue", "left_arm")
    assert reading.lands_on("deep_tissue", "right_thigh")


def test_joint_movement_is_where_the_techniques_that_move_joints_land():
    confined = read({"technique_sites": {"rom_gentle": ["left_hand"]}, "joint_movement": "full"})
    assert confined.joint_at("left_hand") == "gentle_within_range"
    assert confined.joint_at("lower_back_left") == "none"
    declared = read({"joint_movement": "gentle_within_range", "site_limits": {"left_leg": 0}})
    assert declared.joint_at("lower_back_left") == "gentle_within_range"
    assert declared.joint_at("left_thigh") == "none"  # held still
    stretched = read(
        {"technique_sites": {"passive_stretch": ["left_leg"]}, "site_limits": {"left_leg": 0}}
    )
    assert stretched.joint_at("left_thigh") == "full"  # the named action happens


def test_a_facial_works_on_the_head_and_neck_only():
    reading = read({"techniques": ["effleurage"]}, {"service": "facial"})
    assert reading.works_on("face")
    assert not reading.works_on("right_lower_leg")
    assert not reading.lands_on("effleurage", "chest_left")


def test_holding_still_everywhere_and_avoiding_everything_are_told_apart():
    holds = read({"max_pressure_global": 0})
    assert holds.holds_only
    assert not holds.refuses
    everything = [
        *("quadrant_upper_left", "quadrant_upper_right", "quadrant_lower_left"),
        *("quadrant_lower_right", "scalp", "face", "neck_left", "neck_right"),
        *("abdomen_upper", "abdomen_lower", "sacrum"),
    ]
    assert read({"avoid_sites": everything}).refuses
