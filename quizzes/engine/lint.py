"""Lint a rule library: rules that do not load, rules that can never fire, rules that no
case or plan of the library (and the test corpus, when given) triggers, and conflicting
pairs."""

from __future__ import annotations

from itertools import combinations

from .facts import FactsError, derive, normalize_facts
from .grader import triggered
from .plan import PlanError, parse_plan
from .rules import Rule, RuleError, RuleSet, load_rule
from .satisfiable import unsatisfiable
from .vocabulary import POSITION_PARENT, PRODUCT_CONSTRAINTS


def _blocked_positions(rule: Rule) -> set[str]:
    blocked = set()
    for block in (rule.must, rule.should):
        for position in block.get("positions", {}).get("prohibited", ()):
            blocked.add(position)
            blocked |= {child for child, parent in POSITION_PARENT.items() if parent == position}
    return blocked


def _forbidden_products(rule: Rule) -> set[str]:
    forbidden = set()
    for block in (rule.must, rule.should):
        forbidden |= set(block.get("products_excluded", ()))
        for constraint in block.get("product_constraints", ()):
            if constraint in PRODUCT_CONSTRAINTS:
                forbidden |= PRODUCT_CONSTRAINTS[constraint].breakers
    return forbidden


def conflicts(a: Rule, b: Rule) -> list[str]:
    """Requirements of ``a`` that ``b`` forbids (positions, products, postponing)."""
    found = []
    for block in (a.must, a.should):
        use = set(block.get("positions", {}).get("use", ()))
        if use and use <= _blocked_positions(b):
            found.append(f"uses only {sorted(use)}, all prohibited by {b.id}")
        clash = set(block.get("products_used", ())) & _forbidden_products(b)
        if clash:
            found.append(f"requires {sorted(clash)}, which {b.id} excludes")
    postpones = a.must.get("postpone") is True
    refuses_postpone = any(blk.get("postpone") is False for blk in (b.must, b.should))
    if postpones and refuses_postpone and not b.when.reads_postpone_required:
        found.append(f"requires postponing, which {b.id} forbids")
    return found


def _fired(rule_set: RuleSet, facts: dict, plan=None) -> list[str]:
    try:
        normalized = normalize_facts(facts)
        parsed = parse_plan(plan) if plan is not None else None
    except (FactsError, PlanError):
        return []
    return [rule.id for rule in triggered(rule_set, normalized, derive(normalized), parsed)]


def lint_rules(
    items: list[tuple[str, dict]], cases: list[dict], plans: list[tuple[dict, dict]] = ()
) -> list[tuple[str, str, str]]:
    """(level, rule id, message): level is error (the rule cannot be used, can never fire or
    is never exercised) or warning. ``cases`` are fact sets; ``plans`` (facts, plan) pairs,
    which also exercise the plan-dependent rules."""
    findings: list[tuple[str, str, str]] = []
    rules = []
    for rule_id, data in items:
        try:
            rules.append(load_rule(data))
        except RuleError as error:
            findings += [("error", rule_id, f"{path}: {msg}") for path, msg in error.errors]
    rule_set = RuleSet(rules)
    fired_by: dict[str, list[int]] = {}
    for index, facts in enumerate(cases):
        for rule_id in _fired(rule_set, facts):
            fired_by.setdefault(rule_id, []).append(index)
    exercised = set(fired_by)
    for facts, plan in plans:
        exercised |= set(_fired(rule_set, facts, plan))
    for rule in rules:
        if unsatisfiable(rule.when.source):
            findings.append(("error", rule.id, "its condition can never be true"))
        elif rule.id not in exercised:
            findings.append(("error", rule.id, "no case or plan of the library triggers it"))
    for a, b in combinations(rules, 2):
        for first, second in ((a, b), (b, a)):
            for message in conflicts(first, second):
                together = set(fired_by.get(first.id, ())) & set(fired_by.get(second.id, ()))
                level = "error" if together else "warning"
                note = f" (both fire for {len(together)} case(s))" if together else ""
                findings.append((level, first.id, message + note))
    return findings
