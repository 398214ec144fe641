"""Case facts are validated against the vocabulary and read back as a vignette."""

from pathlib import Path

import pytest
import yaml

from quizzes.engine.facts import FactsError, derive, normalize_facts, validate_facts
from quizzes.engine.vignette import vignette
from quizzes.engine.vocabulary import is_region_token, region_label

DOMAIN_CASES = sorted((Path(__file__).parents[1] / "data" / "domain" / "cases").glob("*.yaml"))


@pytest.mark.parametrize("path", DOMAIN_CASES, ids=lambda p: p.stem)
def test_every_worked_case_fits_the_vocabulary(path):
    facts = yaml.safe_load(path.read_text())["facts"]
    assert validate_facts(facts) is facts


def test_worked_cases_are_present():
    assert len(DOMAIN_CASES) >= 10


@pytest.mark.parametrize(
    ("facts", "path", "message"),
    [
        ({"labs": {"platelets": 40000}}, "labs.platelets", "unknown fact"),
        ({"labs": {"platelets_per_uL": "low"}}, "labs.platelets_per_uL", "expected a number"),
        ({"service": "reiki"}, "service", "unknown value 'reiki'"),
        (
            {"radiation": [{"field_regions": ["chest_middle"]}]},
            "radiation[0].field_regions[0]",
            "unknown body region 'chest_middle'",
        ),
        ({"function": {"ecog": 7}}, "function.ecog", "at most 4"),
        ({"lymph_nodes": {"basin": "axillary"}}, "lymph_nodes", "expected a list"),
        ({"cancer": {"client_knows_sites": "yes"}}, "cancer.client_knows_sites", "true or false"),
    ],
)
def test_malformed_facts_are_rejected_naming_the_field(facts, path, message):
    with pytest.raises(FactsError) as raised:
        validate_facts(facts)
    assert raised.value.errors[0][0] == path
    assert message in raised.value.errors[0][1]


@pytest.mark.parametrize(
    ("facts", "path", "message"),
    [
        ({"labs": {"platelets_per_uL": 40}}, "labs.platelets_per_uL", "is 40,000/µL"),
        ({"labs": {"anc_per_uL": 0.8}}, "labs.anc_per_uL", "is 800/µL"),
        ({"labs": {"hemoglobin_g_dL": 102}}, "labs.hemoglobin_g_dL", "is 10.2 g/dL"),
        ({"vitals": {"temp_c": 100.9}}, "vitals.temp_c", "°F is 38.3 °C"),
        ({"labs": {"platelets_per_uL": float("nan")}}, "labs.platelets_per_uL", "finite"),
        ({"labs": {"anc_per_uL": float("inf")}}, "labs.anc_per_uL", "finite"),
        (
            {"devices": [{"type": "port", "region": "chest_right", "side": "left"}]},
            "devices[0].side",
            "contradicts the region 'chest_right'",
        ),
        (
            {"surgeries": [{"regions": ["chest_right", "axilla_right"], "side": "left"}]},
            "surgeries[0].side",
            "contradicts",
        ),
        ({"devices": [{"type": "picc"}]}, "devices[0].side", "which arm"),
        ({"lymph_nodes": [{"basin": "axillary"}]}, "lymph_nodes[0].side", "which side"),
    ],
)
def test_implausible_and_contradictory_facts_are_refused_naming_the_likely_slip(
    facts, path, message
):
    with pytest.raises(FactsError) as raised:
        validate_facts(facts)
    assert raised.value.errors[0][0] == path
    assert message in raised.value.errors[0][1]


def test_a_missing_side_is_read_from_the_regions_so_no_rule_is_lost():
    facts = normalize_facts(
        {
            "devices": [{"type": "picc", "region": "left_arm"}],
            "surgeries": [{"regions": ["chest_right", "axilla_right"], "weeks_since": 3}],
            "lymph_nodes": [{"basin": "axillary", "procedure": "dissection"}],
        }
    )
    assert facts["devices"][0]["side"] == "left"
    assert facts["surgeries"][0]["side"] == "right"
    assert facts["lymph_nodes"][0]["side"] == "right"  # from the surgery that reached the axilla
    assert "right_hand" in derive(facts)["at_risk_regions"]


def test_an_unreported_nodal_field_is_read_as_at_risk_until_known():
    course = {
        "id": "r1",
        "type": "external",
        "field_regions": ["abdomen_lower", "groin_left"],
        "status": "completed",
        "days_since_last": 900,
        "skin_reaction": "none",
    }
    unknown = derive(normalize_facts({"radiation": [course]}))["at_risk_regions"]
    known = derive(normalize_facts({"radiation": [{**course, "nodal_basins": []}]}))
    assert {"left_thigh", "right_thigh", "perineum"} <= set(unknown)
    assert known["at_risk_regions"] == []


def test_null_means_unknown_and_is_accepted():
    assert validate_facts({"labs": {"platelets_per_uL": None}, "vitals": {"temp_c": None}})


@pytest.mark.parametrize(
    ("token", "valid"),
    [
        ("chest_left", True),
        ("left_foot:sole", True),
        ("quadrant_upper_left", True),
        ("feet", True),
        ("chest_middle", False),
        ("left_foot:", False),
        ("Chest_Left", False),
    ],
)
def test_region_tokens(token, valid):
    assert is_region_token(token) is valid


def test_region_labels_read_naturally():
    assert region_label("chest_left") == "left chest"
    assert region_label("left_foot:sole") == "sole of the left foot"
    assert region_label("quadrant_upper_right") == "right upper quadrant"


def test_vignette_reads_like_intake_notes_and_says_unknown_labs_are_unknown():
    facts = yaml.safe_load((DOMAIN_CASES[-1]).read_text())["facts"]  # C25: fever, no labs
    text = "\n".join(line for section in vignette(facts) for line in section.lines)
    assert "41-year-old woman." in text
    assert "Platelets not known" in text
    assert "Temperature 38.3 °C." in text
    assert "Port, at the right chest" in text
