"""Grade a session plan against the adaptation rules (RULES.md §1).

Pure: facts, a plan and a ``RuleSet`` in, a ``GradeReport`` out. How requirements combine:

1. Every rule and every conditional part (``<base>/<part>``) is evaluated on its own
   condition: a part never waits for its base rule (``skin-hand-foot-syndrome/drug-only``
   fires exactly when the base does not).
2. Postpone dominates. When a triggered rule requires postponing (``must.postpone``, or
   ``services_postponed`` covering every requested service), the plan is judged only on
   postponing and on the referrals the postponing rules (and their parts) name.
3. Otherwise each requirement is checked rule by rule (``checks``), so every violated rule is
   reported with its own rationale. Checking per rule is the same as checking the combined
   limits of §1 (the strictest cap, the union of exclusions, the minimum duration, the highest
   infection control, the OR of releases), because a limit is met by anything stricter.
4. A plan that postpones, or avoids the whole body, when no rule requires it is cautioned by
   ``proc-no-blanket-refusal`` unless a triggered rule marks postponing as acceptable, and it
   scores at most 0.25 whatever it adds (§1 item 11): refusing shows no adaptation. A plan of
   stationary holds over the whole body is read the same way unless a rule asks for holds
   only: it is a refusal of every pressure decision, not a stricter single limit.
5. Any ``must`` violation makes the plan unsafe; otherwise any ``should`` violation makes it
   a caution. Score = 1 − Σ weight, with weight 0.1 for pressure, site and position items and
   0.05 for the rest, doubled for unsafe items, floored at 0.

Readings chosen where the catalogue leaves room (each agrees with the worked cases; the
full list is in content/rules/README.md):

- Pressure limits combine as VOCABULARY §3.1 says (``reading``): the innermost token speaks,
  the strictest of overlapping tokens and ties, and every named part is checked.
- Prohibitions are judged by what the plan does, declarations by what it says (``checks``).
  A must product prohibition that the plan leaves unsaid, with no offending product used, is
  a caution; a heat or cold technique with no place left is graded as applied everywhere it
  could go (``reading``).
- A must position prohibition with a blank positions section is a caution: the plan should
  say how the client lies, but nothing unsafe is planned.
- ``supine`` breaks a ``supine_flat`` prohibition, ``prone`` a ``prone_face_cradle`` one: the
  general position may be the prohibited one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks import CHECKS, SITE_FIELDS, Finding, required_services
from .conditions import Context
from .expected import expected_requirements
from .facts import derive, normalize_facts
from .plan import Plan, parse_plan
from .reading import PlanReading
from .rules import Rule, RuleSet
from .sites import SiteResolver
from .vocabulary import PLAN_SECTIONS

WEIGHTS = {"site": 0.1, "other": 0.05}
REFUSAL_SCORE_CAP = 0.25


@dataclass(frozen=True)
class Violation:
    rule: str
    clause: str | None
    severity: str  # unsafe | caution
    field: str
    detail: str
    rationale: str

    @property
    def message(self) -> str:
        return f"{self.detail} Why: {self.rationale}" if self.rationale else self.detail

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "detail": self.detail,
            "rationale": self.rationale,
        }


@dataclass
class GradeReport:
    verdict: str
    score: float
    violations: list[Violation]
    triggered_rules: list[str]
    triggered_clauses: list[str]
    plan_dependent_rules: list[str]
    expected: dict
    postpone_required: bool
    refused: bool = False
    advice: list[tuple[str, str]] = field(default_factory=list)

    def violated_rules(self, severity: str | None = None) -> list[str]:
        return list(
            dict.fromkeys(v.rule for v in self.violations if severity in (None, v.severity))
        )

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "violations": [v.to_dict() for v in self.violations],
            "triggered_rules": self.triggered_rules,
            "triggered_clauses": self.triggered_clauses,
            "plan_dependent_rules": self.plan_dependent_rules,
            "postpone_required": self.postpone_required,
            "refused": self.refused,
            "expected": self.expected,
            "advice": [{"rule": rule, "text": text} for rule, text in self.advice],
        }


def verdict_of(violations) -> str:
    """Unsafe if any must item is violated, caution if any should item is, else safe."""
    if any(v.severity == "unsafe" for v in violations):
        return "unsafe"
    return "caution" if violations else "safe"


def score_of(violations, *, refused: bool = False) -> float:
    """1 − Σ weight (0.1 for pressure, site and position items, 0.05 for the rest, doubled
    for unsafe items), floored at 0; at most 0.25 for an unnecessary refusal."""
    penalty = sum(
        (WEIGHTS["site"] if v.field in SITE_FIELDS else WEIGHTS["other"])
        * (2 if v.severity == "unsafe" else 1)
        for v in violations
    )
    score = max(0.0, 1.0 - penalty)
    if refused:
        score = min(score, REFUSAL_SCORE_CAP)
    return round(score, 3)


def judged_on(report: GradeReport, sections) -> tuple[str, float, list[Violation]]:
    """(verdict, score, violations) counting only the plan sections a question asks for: a
    learner is not marked down for a part of the plan the question never showed. An unsafe
    verdict scores 0; an unnecessary refusal keeps its cap."""
    fields = {name for section in sections for name in PLAN_SECTIONS.get(section, ())}
    kept = [v for v in report.violations if v.field in fields]
    verdict = verdict_of(kept)
    score = 0.0 if verdict == "unsafe" else score_of(kept, refused=report.refused)
    return verdict, score, kept


def requires_postponing(rule: Rule, services: list[str]) -> bool:
    if rule.must.get("postpone") is True:
        return True
    needed = required_services(rule.must.get("services_postponed", ()), services)
    return bool(needed) and set(needed) >= set(services)


def triggered(rules: RuleSet, facts: dict, derived: dict, plan: Plan | None = None) -> list[Rule]:
    """The rules whose conditions hold, in catalogue order, each on its own condition.
    Plan-dependent rules are included only when a plan is given. ``derived
    ['postpone_required']`` is set on the way, for the rules that read it."""
    ctx = Context(facts, derived, plan.condition_view() if plan else {})
    fired: set[str] = set()
    late = []
    for rule in rules:
        if rule.when.reads_postpone_required:
            late.append(rule)
        elif (rule.plan_dependent and plan is None) or (
            rule.id in rules.within_base and rule.base_id not in fired
        ):
            continue
        elif rule.when(ctx):
            fired.add(rule.id)
    services = derived["services"]
    derived["postpone_required"] = any(
        requires_postponing(rules.by_id[rule_id], services) for rule_id in fired
    )
    fired |= {rule.id for rule in late if rule.when(ctx)}
    return [rule for rule in rules if rule.id in fired]


class _Collector:
    """Turns findings into violations of one rule, keeping each rule's rationale."""

    def __init__(self):
        self.violations: list[Violation] = []

    def add(self, rule: Rule, severity: str, findings: list[Finding]) -> None:
        for f in findings:
            self.violations.append(
                Violation(
                    rule.base_id,
                    rule.clause,
                    "caution" if f.caution_only else severity,
                    f.field,
                    f.detail,
                    rule.rationale,
                )
            )


def grade(facts: dict, plan, rules: RuleSet) -> GradeReport:
    """Grade ``plan`` for the client in ``facts``. Raises FactsError or PlanError on input that
    does not fit the vocabulary."""
    facts = normalize_facts(facts)
    plan = parse_plan(plan)
    derived = derive(facts)
    fired = triggered(rules, facts, derived, plan)
    sites = SiteResolver(facts, derived)
    holds_asked = any(
        block.get("max_pressure_global") == 0 for r in fired for block in (r.must, r.should)
    )
    reading = PlanReading(plan, sites, derived["services"], holds_asked=holds_asked)
    out = _Collector()
    services = derived["services"]

    postponers = [r for r in fired if requires_postponing(r, services)]
    refused = False
    if postponers:
        for rule in postponers:
            needed = required_services(rule.must.get("services_postponed", ()), services)
            if not (plan.postpone or (needed and set(needed) <= set(plan.services_postponed))):
                out.add(rule, "unsafe", [Finding("postpone", "Postpone today's session.")])
        postponing = {r.base_id for r in postponers}
        for rule in fired:
            if rule.base_id in postponing and rule.must.get("refer"):
                out.add(rule, "unsafe", CHECKS["refer"](reading, rule.must["refer"]))
    else:
        refusal_ok = any(r.postpone_acceptable for r in fired)
        refused = reading.blanket and not refusal_ok
        for rule in fired:
            for severity, key, value in rule.requirements():
                if reading.refuses and key not in ("refer", "postpone"):
                    continue  # no session today: only referrals and the refusal itself count
                if key == "postpone" and value is False and refusal_ok:
                    continue
                out.add(rule, severity, CHECKS[key](reading, value))

    violations = list(dict.fromkeys(out.violations))  # two checks can find the same fault
    facts_only = [r for r in fired if not r.plan_dependent]
    return GradeReport(
        verdict=verdict_of(violations),
        score=score_of(violations, refused=refused),
        violations=violations,
        triggered_rules=list(dict.fromkeys(r.base_id for r in facts_only)),
        triggered_clauses=[r.id for r in fired],
        plan_dependent_rules=[r.id for r in fired if r.plan_dependent],
        expected=expected_requirements(fired, sites, derived, bool(postponers)),
        postpone_required=bool(postponers),
        refused=refused,
        advice=[(r.base_id, text) for r in fired for text in r.advice],
    )
