"""The plan vocabulary is the one source of words: every plan section and every token the engine
knows has a label, a help text, a kind, a group and a grading role, and no label is the token's
spelling with its underscores read as spaces.

The tokens are collected where the engine defines or uses them (the resolvers of ``sites``, the
body of ``body``, the stroke and product kinds of ``plan``, the case-fact schema of ``facts``,
the requirement keys of ``rules`` and ``checks``, the verdicts of the grader, and every token the
shipped rules, cases and plans use), never from the registry itself: a token added anywhere
without words fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from quizzes.engine import body, plan, sites, vocabulary
from quizzes.engine.checks import CHECKS
from quizzes.engine.facts import FACTS, Spec, validate_facts
from quizzes.engine.grader import Violation, verdict_of
from quizzes.engine.loader import read_plan_files
from quizzes.engine.rules import CONFIDENCE, load_rule
from quizzes.engine.rules import REQUIREMENTS as RULE_KEYS
from quizzes.engine.rules import SEVERITIES as RULE_BLOCKS
from quizzes.engine.vignette import vignette
from quizzes.engine.vocabulary import (
    BLOCK_OF_SEVERITY,
    CONFIDENCE_LEVELS,
    GRADING,
    PLAN_QUESTIONS,
    PLAN_SECTIONS,
    PRESSURE_LEVELS,
    REQUIREMENT_PARTS,
    REQUIREMENTS,
    SECTIONS,
    SEVERITIES,
    VERDICTS,
    Term,
    UnknownToken,
    basin_label,
    fact_term,
    label,
    lowered,
    site_label,
    term,
)
from quizzes.forms import PlanForm
from tests.rules import load_rule_files

ROOT = Path(__file__).parents[2]
CASE_FILES = [
    *sorted((ROOT / "content" / "cases").glob("*.yaml")),
    *sorted((ROOT / "tests" / "data" / "domain" / "cases").glob("*.yaml")),
]
FIELDS = ("label", "help", "group", "kind", "grading")

# Tokens whose spelling, underscores read as spaces, is already the clinical phrase; each was
# read and kept on purpose. Any other token whose label is its spelling fails: that is a label
# made from the token, not written for the learner.
READS_AS_SPELLED = frozenset(
    token
    for words in (
        # regions and their parts
        "left_hand right_hand left_thigh right_thigh left_lower_leg right_lower_leg left_foot "
        "right_foot left_arm right_arm palms_and_soles bony_prominences nail_folds "
        "thumb_nail_fold big_toe_nail_fold catheter_track",
        # techniques, products, product rules, services
        "stationary_hold myofascial_release joint_mobilization scar_mobilization "
        "abdominal_massage scalp_massage hot_stones heat_pack hot_towels heated_mitts heat_lamp "
        "cold_pack whirlpool_foot_spa enzyme_exfoliation chemical_peel uv_tanning hydrating_mask "
        "facial_massage alkaline_soap urea_cream fragranced_lotion benzoyl_peroxide "
        "salicylic_acid harsh_botanicals no_essential_oils no_alkaline_soap no_retinoids "
        "preserved_products_only body_treatment hand_massage",
        # plan-form fields and requirement keys
        "joint_movement no_product_on infection_control stroke_direction",
        # case facts
        "infusion_pump feeding_tube urinary_catheter oxygen_tubing cardiac_monitor at_rest "
        "aromatase_inhibitor excisional_biopsy tissue_expander egfr_inhibitor "
        "radiation_dermatitis acneiform_rash open_wound fungating_wound weeping_rash "
        "pressure_injury reddened_bony_prominence atrial_fibrillation",
        # surgeries as cases name them
        "abdominoperineal_resection laparoscopic_colectomy left_lumpectomy right_lumpectomy "
        "open_right_hemicolectomy radical_prostatectomy right_neck_dissection right_nephrectomy "
        "sigmoid_colectomy total_hysterectomy total_thyroidectomy wide_local_excision",
    )
    for token in words.split()
)


def _problems(token, entry, words: str | None = None) -> list[str]:
    """What is wrong with a token's entry and the words shown for it ([] when nothing)."""
    found = [f"{token}: no {name}" for name in FIELDS if not str(getattr(entry, name)).strip()]
    if entry.grading and entry.grading not in GRADING:
        found.append(f"{token}: unknown grading role {entry.grading!r}")
    for text in {entry.label, words or entry.label}:
        if _spelled(token, text) and token not in READS_AS_SPELLED:
            found.append(f"{token}: label {text!r} is the token's spelling")
    return found


def _spelled(token, text: str) -> bool:
    token = str(token)
    return "_" in token and text.strip().casefold() == token.replace("_", " ").casefold()


def _check(pairs) -> list[str]:
    """Problems of (token, lookup) pairs; ``lookup`` gives (entry, words) or raises."""
    found = []
    for token, lookup in pairs:
        try:
            entry, words = lookup(token)
        except UnknownToken:
            found.append(f"{token}: no entry in the vocabulary")
            continue
        found += _problems(token, entry, words)
    return found


def _plan_token(token: str):
    return term(token), label(token)


def _site_token(token: str):
    return term(token), site_label(token)


# -- where the engine's tokens come from ----------------------------------------------------


def _enums(spec: Spec, path: str = ""):
    """(dotted path, value) for every enumerated case fact, list items without an index."""
    if spec.kind == "enum":
        yield from ((path, value) for value in spec.values)
    for name, child in (spec.fields or {}).items():
        yield from _enums(child, f"{path}.{name}" if path else name)
    if spec.item is not None:
        yield from _enums(spec.item, path)


def _strings(value, skip=frozenset()):
    """Every string in a requirement or plan value, mapping keys included, except the
    structural keys in ``skip``."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield key
            yield from _strings(item, skip)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item, skip)


PARTS = frozenset(part for parts in REQUIREMENT_PARTS.values() for part in parts)


def _rule_tokens() -> set[str]:
    rules = load_rule_files(ROOT / "content" / "rules")
    return {
        token
        for rule in rules
        for block in (rule.must, rule.should)
        for token in _strings(dict(block), skip=PARTS | set(block))
    }


def _plans() -> list[dict]:
    plans = [item["plan"] for item in read_plan_files(ROOT / "tests" / "data" / "domain")]
    for path in CASE_FILES:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        if case.get("plan"):
            plans.append(case["plan"])
    return plans


def _plan_tokens() -> set[str]:
    return {
        token
        for item in _plans()
        for key, value in item.items()
        if not isinstance(value, bool | int)
        for token in _strings(value, skip=PARTS)
    }


def _registry_tables():
    """Every table of entries the registry holds, by name."""
    for name, value in vars(vocabulary).items():
        if name.isupper() and isinstance(value, dict) and value:
            entries = list(value.values())
            if all(isinstance(entry, Term) for entry in entries):
                yield name, value
            elif all(isinstance(entry, dict) for entry in entries):
                for key, table in value.items():
                    yield f"{name}[{key}]", table


def test_every_entry_of_the_registry_is_complete():
    tables = dict(_registry_tables())
    assert {"TECHNIQUES", "SITE_TOKENS", "REGIONS", "SKIN_CONDITIONS", "SECTIONS"} <= set(tables)
    found = [
        f"{name}: {problem}"
        for name, table in tables.items()
        for token, entry in table.items()
        for problem in _problems(token, entry)
    ]
    assert found == []


def test_every_token_read_as_spelled_was_reviewed_and_is_still_needed():
    spelled = {
        token
        for _, table in _registry_tables()
        for token, entry in table.items()
        if _spelled(token, entry.label)
    }
    assert spelled == READS_AS_SPELLED


# -- plan sections, requirement keys, form fields -------------------------------------------


def _asked_sections() -> set[str]:
    """The plan sections the shipped case questions ask for."""
    asked = set()
    for path in (ROOT / "content" / "quizzes").glob("*.yaml"):
        quiz = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for question in quiz.get("questions") or []:
            asked.update(question.get("fields") or [] if isinstance(question, dict) else [])
    return asked


def test_every_plan_section_has_words_and_a_grading_role():
    asked = _asked_sections()
    assert len(asked) > 5
    sections = set(PLAN_SECTIONS) | asked | {REQUIREMENTS[key].group for key in RULE_KEYS}
    assert _check((s, lambda s: (SECTIONS[s], None)) for s in sections if s in SECTIONS) == []
    assert sections <= set(SECTIONS), sections - set(SECTIONS)


def test_every_requirement_key_the_engine_checks_has_words_and_a_section():
    keys = set(RULE_KEYS) | set(CHECKS)
    missing = sorted(keys - set(REQUIREMENTS))
    assert missing == []
    assert _check((key, lambda k: (REQUIREMENTS[k], None)) for key in keys) == []
    assert {REQUIREMENTS[key].group for key in keys} <= set(SECTIONS)


def test_every_field_of_the_plan_form_is_labelled_from_the_vocabulary():
    form = PlanForm(sections=list(SECTIONS))
    names = [name for name in form.fields if not name.startswith("limit__")]
    pairs = ((name, lambda n: (PLAN_QUESTIONS[n], form.fields[n].label)) for name in names)
    assert _check(pairs) == []
    assert {section["title"] for section in form.layout()} == {s.label for s in SECTIONS.values()}


def test_pressure_levels_verdicts_severities_and_confidence_have_words():
    rule = load_rule(
        {
            "id": "any-rule",
            "title": "Any rule",
            "category": "global",
            "when": "age >= 18",
            "must": {"postpone": True},
            "should": {"refer": ["clt"]},
            "rationale": "Any reason.",
        }
    )
    severities = {severity for severity, _, _ in rule.requirements()}
    verdicts = {verdict_of([Violation("any-rule", None, s, "refer", "", "")]) for s in severities}
    pairs = [
        *((level, lambda n: (PRESSURE_LEVELS[n], None)) for level in range(6)),
        *((v, lambda v: (VERDICTS[v], None)) for v in {verdict_of([]), *verdicts}),
        *((b, lambda b: (SEVERITIES[b], None)) for b in RULE_BLOCKS),
        *((s, lambda s: (SEVERITIES[BLOCK_OF_SEVERITY[s]], None)) for s in severities),
        *((c, lambda c: (CONFIDENCE_LEVELS[c], None)) for c in CONFIDENCE),
    ]
    assert _check(pairs) == []


# -- site tokens, regions, body -------------------------------------------------------------


def test_every_site_token_the_resolvers_know_has_words():
    pairs = [(token, _site_token) for token in sites.RESOLVERS]
    devices = [value for path, value in _enums(FACTS) if path == "devices.type"]
    for kind in sites.PARAMETRISED:  # a record's id, or a device type for device_site
        arguments = devices if kind == "device_site" else ["s1"]
        pairs += [(f"{kind}:{argument}", _site_token) for argument in arguments]
    assert _check(pairs) == []


def test_every_region_area_part_bone_and_node_group_of_the_body_has_words():
    pairs = [(token, _site_token) for token in (*body.ATOMIC_REGIONS, *body.ALIASES)]
    pairs += [(f"left_foot:{part}", _site_token) for part in body.SUBSITES]
    pairs += [(bone, _site_token) for bone in body.BONE_SITES]
    pairs += [(limb, lambda limb: (fact_term("vte.limb", limb), None)) for limb in body.LIMBS]
    found = _check(pairs)
    found += _check(
        (basin, lambda b: (fact_term("lymph_nodes.basin", b), None)) for basin in body.LYMPH_BASINS
    )
    found += _check(
        (side, lambda s: (fact_term("lymph_nodes.side", s), None)) for side in body.SIDES
    )
    for basin in body.LYMPH_BASINS:
        for side in body.SIDES:
            words = basin_label(f"{basin}_{side}")
            if "_" in words:
                found.append(f"{basin}_{side}: {words!r}")
    assert found == []


def test_every_stroke_and_sited_product_kind_of_the_plan_has_words():
    tokens = [*plan.STROKES, "no_drainage_toward:compromised_basins"]
    tokens += [f"{kind}:axillary_left" for kind in plan.AIMED_STROKES]
    tokens += [f"{kind}:face" for kind in (*plan.SITED_PRODUCTS, *plan.SITED_CONSTRAINTS)]
    assert all(
        plan.is_stroke_token(t) or plan.is_product_token(t) or plan.is_constraint_token(t)
        for t in tokens
    )
    assert _check((token, _plan_token) for token in tokens) == []


# -- case facts -----------------------------------------------------------------------------


def test_every_enumerated_case_fact_value_has_words():
    values = list(_enums(FACTS))
    assert len(values) > 150
    assert (
        _check((value, lambda v, p=path: (fact_term(p, v), None)) for path, value in values) == []
    )


# -- the tokens the shipped content uses ----------------------------------------------------


def test_every_token_of_the_shipped_rules_has_words():
    tokens = _rule_tokens()
    assert len(tokens) > 100
    assert _check((token, _plan_token) for token in sorted(tokens)) == []


def test_every_token_of_the_shipped_and_worked_plans_has_words():
    tokens = _plan_tokens()
    assert len(tokens) > 50
    assert _check((token, _plan_token) for token in sorted(tokens)) == []


# -- the vignette ---------------------------------------------------------------------------

UNDERSCORED = re.compile(r"\w*_\w*")


def _longest_enum(spec: Spec) -> int:
    own = len(spec.values) if spec.kind == "enum" else 1
    children = [_longest_enum(c) for c in (spec.fields or {}).values()]
    return max([own, *children, _longest_enum(spec.item) if spec.item else 1])


def _fill(spec: Spec, k: int):
    """Facts of ``spec`` with the ``k``-th value of every enumeration, every flag raised and
    every list item repeated until each of its values has been used. Numbers, regions and
    free text are left unknown: this is about the words of the enumerated values."""
    if spec.kind == "enum":
        return spec.values[k % len(spec.values)]
    if spec.kind == "bool":
        return True
    if spec.kind == "object":
        return {name: _fill(child, k) for name, child in spec.fields.items()}
    if spec.kind == "list":
        if spec.item.kind == "enum":
            return list(spec.item.values)
        if spec.item.kind in ("text", "region"):
            return []
        return [_fill(spec.item, k + i) for i in range(_longest_enum(spec.item))]
    return None


def _cases() -> list[dict]:
    return [_fill(FACTS, k) for k in range(_longest_enum(FACTS))]


def test_the_generated_cases_hold_every_enumerated_value_and_are_valid_facts():
    cases = _cases()
    for facts in cases:
        validate_facts(facts)
    seen: dict[str, set] = {}

    def walk(value, path):
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, f"{path}.{name}" if path else name)
        elif isinstance(value, list):
            for item in value:
                walk(item, path)
        elif isinstance(value, str):
            seen.setdefault(path, set()).add(value)

    for facts in cases:
        walk(facts, "")
    assert all(value in seen.get(path, ()) for path, value in _enums(FACTS))


def test_the_vignette_writes_every_fact_value_in_words_never_as_a_token():
    lines = [line for facts in _cases() for section in vignette(facts) for line in section.lines]
    assert len(lines) > 100
    assert [line for line in lines if UNDERSCORED.search(line)] == []
    text = "\n".join(lines)
    assert "(implant in place)" in text
    assert "by sentinel lymph node biopsy" in text
    assert "para-aortic nodes (both sides)" in text


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_the_vignettes_of_the_shipped_and_worked_cases_show_no_token(path):
    facts = yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
    lines = [line for section in vignette(facts) for line in section.lines]
    assert [line for line in lines if UNDERSCORED.search(line)] == []


def test_a_token_without_words_is_an_error_never_its_spelling():
    with pytest.raises(UnknownToken):
        label("ph_4_5_to_6")
    with pytest.raises(UnknownToken):
        site_label("left_elbow")
    with pytest.raises(UnknownToken):
        fact_term("radiation.status", "in_transit")


def test_a_label_inside_a_sentence_keeps_a_leading_abbreviation():
    assert lowered("Intake: update the health history") == "intake: update the health history"
    assert lowered(label("uv_tanning")) == "UV tanning"
    assert lowered(label("led")) == "LED light therapy"
    assert lowered(label("mld")) == "manual lymphatic drainage (MLD)"
