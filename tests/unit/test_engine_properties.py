"""Metamorphic properties of the grader, over generated fact sets and plans (Hypothesis).

No worked case can show that the grader is right on clients nobody wrote down; these
properties can, because each relates two gradings of the same client:

- the engine's own expected plan is always safe;
- tightening a plan (a lower limit, another avoided site, another excluded technique, another
  referral) never makes a plan that gives a session worse;
- loosening any must limit past its cap, using a technique a must excludes, or using a
  position a must prohibits always makes the expected plan unsafe;
- the grade never depends on the order of lists in the facts or the plan.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from quizzes.engine.expected import expected_plan
from quizzes.engine.facts import derive, normalize_facts
from quizzes.engine.grader import grade
from quizzes.engine.plan import parse_plan
from quizzes.engine.reading import PlanReading
from quizzes.engine.sites import SiteResolver
from quizzes.engine.vocabulary import TECHNIQUES
from tests.rules import load_rule_files
from tests.unit.strategies import REFERRALS, SITE_TOKENS, facts, plans

RULES = load_rule_files(Path(__file__).parents[2] / "content" / "rules")
ORDER = {"safe": 0, "caution": 1, "unsafe": 2}
# 200 generated cases per property in every run; PROPERTY_EXAMPLES=2000 for a deeper search.
PROPERTY = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def verdict(f, p) -> str:
    return grade(f, p, RULES).verdict


def reading(f, p) -> PlanReading:
    normalized = normalize_facts(f)
    derived = derive(normalized)
    return PlanReading(parse_plan(p), SiteResolver(normalized, derived), derived["services"])


def contradictions(f, p) -> set[str]:
    r = reading(f, p)
    return {t for t in r.plan.techniques if r.landing(t)[1]}


@PROPERTY
@given(facts())
def test_the_engines_expected_plan_is_always_safe(f):
    report = grade(f, {}, RULES)
    plan = expected_plan(report.expected)
    graded = grade(f, plan, RULES)
    assert graded.verdict == "safe", [v.detail for v in graded.violations]


def _tighten(f, p, choice, data):
    """One tightening of ``p``: a lower limit, an avoided site, an exclusion or a referral."""
    p = {**p, "site_limits": dict(p["site_limits"])}
    if choice == "global" and p["max_pressure_global"]:
        p["max_pressure_global"] -= 1
    elif choice == "lower_limit" and p["site_limits"]:
        token = data.draw(st.sampled_from(sorted(p["site_limits"])))
        p["site_limits"][token] = max(0, p["site_limits"][token] - 1)
    elif choice == "new_limit":
        token = data.draw(SITE_TOKENS)
        if token in p["site_limits"]:
            return None
        r = reading(f, p)
        parts = r.parts(r.sites.resolve(token))
        lowest = min((r.pressure(s) for s in parts), default=0)
        p["site_limits"][token] = max(0, lowest - data.draw(st.integers(0, 2)))
    elif choice == "avoid":
        p["avoid_sites"] = [*p["avoid_sites"], data.draw(SITE_TOKENS)]
    elif choice == "exclude":
        left = sorted(set(TECHNIQUES) - set(p["techniques"]) - set(p["excluded_techniques"]))
        if not left:
            return None
        p["excluded_techniques"] = [*p["excluded_techniques"], data.draw(st.sampled_from(left))]
    elif choice == "refer":
        p["refer"] = sorted({*p["refer"], data.draw(st.sampled_from(sorted(REFERRALS)))})
    else:
        return None
    return p


@PROPERTY
@given(
    facts(),
    plans(),
    st.sampled_from(["global", "lower_limit", "new_limit", "avoid", "exclude", "refer"]),
    st.data(),
)
def test_tightening_a_plan_never_makes_it_worse(f, p, choice, data):
    tighter = _tighten(f, p, choice, data)
    assume(tighter is not None)
    before = grade(f, p, RULES)
    after = grade(f, tighter, RULES)
    # Deliberate exceptions, graded as RULES §1 items 11 and 13 say: a plan that comes to
    # avoid the whole body is a refusal, and a technique left with no place is graded as
    # done everywhere it could go.
    assume(not after.refused and not before.postpone_required)
    assume(contradictions(f, tighter) <= contradictions(f, p))
    assert ORDER[after.verdict] <= ORDER[before.verdict], (
        [v.detail for v in before.violations],
        [v.detail for v in after.violations],
    )


def _loosenings(f, expected, plan):
    """(description, plan) for each must limit of ``expected`` loosened past its cap."""
    must = expected["must"]
    sites = SiteResolver(normalize_facts(f), derive(normalize_facts(f)))
    if "max_pressure_global" in must and must["max_pressure_global"]["value"] < 5:
        cap = must["max_pressure_global"]["value"]
        yield (
            "global",
            {**plan, "max_pressure_global": cap + 1, "site_limits": {}, "avoid_sites": []},
        )
    for token, item in (must.get("site_limits", {}).get("value") or {}).items():
        region = sites.resolve(token)
        if not region or item["limit"] >= 5:
            continue
        limits = {
            t: level
            for t, level in plan.get("site_limits", {}).items()
            if not (sites.resolve(t) & region)
        }
        limits[token] = item["limit"] + 1
        avoid = [t for t in plan.get("avoid_sites", []) if not (sites.resolve(t) & region)]
        yield (
            f"site {token}",
            {**plan, "site_limits": limits, "avoid_sites": avoid, "max_pressure_global": 5},
        )
    excluded = set(plan.get("excluded_techniques", []))
    for technique in must.get("excluded_techniques", {}).get("value") or []:
        yield (
            f"technique {technique}",
            {
                **plan,
                "techniques": [technique],
                "excluded_techniques": sorted(excluded - {technique}),
            },
        )
    for token, item in (must.get("excluded_techniques_on", {}).get("value") or {}).items():
        if not sites.resolve(token):
            continue
        for technique in item["limit"]:
            if TECHNIQUES[technique].whole_body:
                continue
            yield (
                f"technique {technique} on {token}",
                {
                    **plan,
                    "technique_sites": {technique: [token]},
                    "excluded_techniques": sorted(excluded - {technique}),
                },
            )
    for position in (must.get("positions", {}).get("value") or {}).get("prohibited", []):
        yield f"position {position}", {**plan, "positions": {"use": [position]}}


@PROPERTY
@given(facts())
def test_loosening_any_must_limit_past_its_cap_makes_the_plan_unsafe(f):
    report = grade(f, {}, RULES)
    assume(not report.postpone_required)
    plan = expected_plan(report.expected)
    loosenings = list(_loosenings(f, report.expected, plan))
    size = "none" if not loosenings else "1-9" if len(loosenings) < 10 else "10 or more"
    event(f"must limits loosened: {size}")
    for description, loose in loosenings:
        assert verdict(f, loose) == "unsafe", description


def _shuffled(value, rng: random.Random):
    if isinstance(value, list):
        items = [_shuffled(v, rng) for v in value]
        rng.shuffle(items)
        return items
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffled(value[k], rng) for k in keys}
    return value


def _signature(report):
    return (
        report.verdict,
        report.score,
        sorted({(v.rule, v.severity, v.field) for v in report.violations}),
        sorted(report.triggered_clauses),
    )


@PROPERTY
@given(facts(), plans(), st.randoms(use_true_random=False))
def test_the_grade_never_depends_on_the_order_of_lists(f, p, rng):
    assert _signature(grade(f, p, RULES)) == _signature(
        grade(_shuffled(f, rng), _shuffled(p, rng), RULES)
    )
