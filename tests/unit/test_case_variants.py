"""Case variants (``quizzes.engine.variants``): a seed replays its variant exactly, only the
chosen facts change and stay within the author's range, a mirrored client is the same client
to the rules, and choices that cannot make a variant are refused by name."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.engine.expected import expected_plan
from quizzes.engine.facts import validate_facts
from quizzes.engine.grader import grade
from quizzes.engine.variants import AXES, NumberAxis, VariantError, _mirror, variant, variants
from tests.rules import load_rule_files

ROOT = Path(__file__).parents[2]
RULES = load_rule_files(ROOT / "content" / "rules")
CASES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
    for path in sorted((ROOT / "content" / "cases").glob("*.yaml"))
}


def every_axis(facts: dict) -> dict:
    """Every axis the case has, numbers over their whole clinical span."""
    return {
        name: (axis.minimum, axis.maximum) if isinstance(axis, NumberAxis) else None
        for name, axis in AXES.items()
        if axis.present(facts)
    }


seeds = st.integers(min_value=0, max_value=2**32)
case_ids = st.sampled_from(sorted(CASES))


@settings(max_examples=60, deadline=None)
@given(case_id=case_ids, seed=seeds)
def test_a_seed_replays_its_variant_exactly_and_the_variant_fits_the_schema(case_id, seed):
    facts = CASES[case_id]
    first = variant(facts, every_axis(facts), seed)
    again = variant(yaml.safe_load(yaml.safe_dump(facts)), every_axis(facts), seed)
    assert first == again
    validate_facts(first.facts)
    assert facts == CASES[case_id]  # the case itself is never changed in place


@settings(max_examples=60, deadline=None)
@given(
    case_id=st.sampled_from([c for c, f in sorted(CASES.items()) if AXES["platelets"].present(f)]),
    seed=seeds,
    low=st.integers(5, 200).map(lambda n: n * 1000),
    span=st.integers(0, 100).map(lambda n: n * 1000),
)
def test_only_the_chosen_fact_changes_and_stays_within_the_range(case_id, seed, low, span):
    facts = CASES[case_id]
    high = min(low + span, AXES["platelets"].maximum)
    made = variant(facts, {"platelets": (low, high)}, seed)
    assert {change.path for change in made.changes} <= {"labs.platelets_per_uL"}
    assert low <= made.facts["labs"]["platelets_per_uL"] <= high
    assert made.facts["labs"]["platelets_per_uL"] % 1000 == 0


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_a_mirrored_client_triggers_the_same_rules_and_the_mirrored_expert_plan_is_safe(case_id):
    facts = CASES[case_id]
    mirrored = _mirror(facts)
    assert _mirror(mirrored) == facts
    validate_facts(mirrored)
    report = grade(facts, {}, RULES)
    assert grade(mirrored, {}, RULES).triggered_rules == report.triggered_rules
    assert grade(mirrored, _mirror(expected_plan(report.expected)), RULES).verdict == "safe"


def test_mirroring_moves_the_dissection_its_field_its_line_and_the_words_together():
    facts = CASES["C01"]
    made = next(v for v in variants(facts, {"side": None}, 1))
    mirrored = made.facts
    assert mirrored["lymph_nodes"][0]["side"] == "right"
    assert mirrored["surgeries"][0]["regions"] == ["chest_right", "axilla_right"]
    assert mirrored["surgeries"][0]["procedure"] == "right_mastectomy_alnd"
    assert mirrored["radiation"][0]["field_regions"] == ["chest_right"]
    assert mirrored["devices"][0] | {"type": "port"} == mirrored["devices"][0]
    assert mirrored["devices"][0]["region"] == "chest_left"
    assert "lymph_nodes[0].side" in {change.path for change in made.changes}


@pytest.mark.parametrize("seed", range(12))
def test_a_new_central_line_sits_where_that_kind_of_line_sits(seed):
    made = variant(CASES["N05"], {"central_line": None}, seed)
    line = next(d for d in made.facts["devices"] if d["type"] in ("port", "tunneled_cvc", "picc"))
    expected = {"port": "chest_", "tunneled_cvc": "chest_", "picc": ""}[line["type"]]
    assert line["region"].startswith(expected)
    assert line["side"] in line["region"]


def test_variants_are_distinct_and_differ_from_the_case():
    facts = CASES["N02"]
    made = variants(facts, {"platelets": (20_000, 60_000), "days_since_chemo": (0, 21)}, 5)
    assert len(made) == 5
    assert all(v.facts != facts for v in made)
    assert len({yaml.safe_dump(v.facts) for v in made}) == 5
    # A choice with a single value gives no more variants than there are values.
    assert len(variants(CASES["C11"], {"side": None}, 5)) == 1


@pytest.mark.parametrize(
    ("choices", "axis", "words"),
    [
        ({"ldl": None}, "ldl", "not a fact that can vary"),
        ({"platelets": (60_000, 20_000)}, "platelets", "is above the highest"),
        ({"platelets": (1_000, 20_000)}, "platelets", "from 5,000 to 450,000"),
        ({"platelets": (20_000.5, 30_000)}, "platelets", "whole numbers"),
        ({"platelets": None}, "platelets", "lowest and highest"),
        ({"days_since_radiation": (0, 10)}, "days_since_radiation", "no such fact"),
        ({}, "choices", "at least one"),
    ],
)
def test_choices_that_cannot_make_a_variant_are_refused_by_name(choices, axis, words):
    with pytest.raises(VariantError) as refused:
        variant(CASES["N02"], choices, 1)
    assert any(name == axis and words in message for name, message in refused.value.errors)
