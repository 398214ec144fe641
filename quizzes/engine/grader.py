"""Grade a session plan against the adaptation rules (RULES.md §1).

Pure: facts, a plan and a ``RuleSet`` in, a ``GradeReport`` out. How requirements combine:

1. Postpone dominates. When a triggered rule requires postponing (``must.postpone``, or
   ``services_postponed`` that covers every requested service), the plan is judged only on
   postponing and on the referrals those rules name; everything else is moot today.
2. Each other requirement is checked rule by rule, so every violated rule is reported with its
   own rationale. Checking per rule is the same as checking the combined limits of §1 (the
   strictest cap, the union of exclusions, the minimum duration, the highest infection
   control, the OR of releases), because a limit is met by anything stricter.
3. A plan that postpones (or avoids the whole body) when no rule requires it is cautioned by
   ``proc-no-blanket-refusal``, unless a triggered rule marks postponing as acceptable.
4. Any ``must`` violation makes the plan unsafe; otherwise any ``should`` violation makes it a
   caution. Score = 1 − Σ weight, with weight 0.1 for pressure, site and position items and
   0.05 for the rest, doubled for ``must`` items, floored at 0.

Readings chosen where the catalogue is ambiguous (each agrees with the worked cases):

- Pressure on a site is the most specific limit the plan gives for it (a sub-site, then the
  region, then a larger token), capped by the global limit; VOCABULARY §3.1's "min" is read as
  "min with the global cap". So "left upper quadrant 2, left upper back 3" is level 3 on the
  upper back (C11, wrong answer 2: "level 3 exceeds the quadrant cap of 2").
- Prohibitions are judged by what the plan does, declarations by what it says: a technique,
  heat source or position is a violation when the plan uses it where a rule forbids it; a
  required declaration (process steps, referrals, release, product constraints, avoided sites,
  pressure caps) must be written in the plan. Techniques done by nature on a body part (a hot
  foot soak, décolleté massage, nail work) reach that part whatever else the plan says; other
  techniques reach every site the plan works on, minus avoided sites, minus sites the plan
  caps below the technique's working pressure (deep tissue needs level 4), and for heat and
  cold minus the sites the plan declares no heat or cold on.
- ``supine`` breaks a ``supine_flat`` prohibition, ``prone`` a ``prone_face_cradle`` one: the
  general position may be the prohibited one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .conditions import Context
from .facts import derive, normalize_facts
from .plan import Plan, parse_plan
from .rules import Rule, RuleSet
from .sites import ALL_SITES, SiteResolver, covers, overlap, parent
from .vocabulary import (
    DOWNSTREAM_BASINS,
    FEET,
    HAND_FOOT_SERVICES,
    HANDS,
    INFECTION_LEVELS,
    JOINT_LEVELS,
    POSITION_PARENT,
    PRODUCT_CONSTRAINTS,
    TECHNIQUES,
    region_label,
)

SITE_FIELDS = {"max_pressure_global", "site_limits", "avoid_sites", "positions"}
WEIGHTS = {"site": 0.1, "other": 0.05}


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
            "expected": self.expected,
            "advice": [{"rule": rule, "text": text} for rule, text in self.advice],
        }


TOKEN_LABELS = {
    "acute_radiation_field": "the radiation field",
    "late_radiation_field": "the old radiation field",
    "radiation_field": "the radiation fields",
    "at_risk_regions": "the lymphatic at-risk regions",
    "lymphedema_regions": "the areas with lymphedema",
    "port_site": "the port and its catheter track",
    "cvc_site": "the central line and its track",
    "picc_site": "the PICC insertion site",
    "picc_arm": "the arm with the PICC",
    "picc_hand": "the hand on the PICC side",
    "line_device_sites": "the lines, tubes and devices",
    "accessed_port_shoulder_neck": "the shoulder and neck on the accessed port's side",
    "patch_site": "the medication patch",
    "implant_region": "the radiation implant area",
    "bone_met_site": "the bone metastases",
    "spine_and_ribs": "the spine and ribs",
    "dvt_limb": "the limb with the clot",
    "remote_dvt_limb": "the limb with the old clot",
    "suspected_clot_limb": "the limb that may have a clot",
    "surgical_site": "the surgical sites",
    "unhealed_surgical_site": "the unhealed incision",
    "recent_surgical_site": "the recent surgical site",
    "reconstructed_breast": "the reconstructed breast",
    "flap_donor_regions": "the flap donor site",
    "neuropathy_regions": "the areas with neuropathy",
    "new_swelling_regions": "the new swelling",
    "redness_warmth_regions": "the red, warm areas",
    "petechiae_or_bruise_regions": "the bruised areas",
    "tumor_site": "the tumor sites",
    "unexplained_pain_site": "the area of unexplained pain",
    "lesion_site": "the open or broken skin",
    "pressure_injury_site": "the pressure injuries",
    "hfs_site": "the skin with hand-foot syndrome",
    "rash_site": "the rash",
    "paronychia_site": "the inflamed nail folds",
    "global": "the whole body",
}


def verdict_of(violations) -> str:
    """Unsafe if any must item is violated, caution if any should item is, else safe."""
    if any(v.severity == "unsafe" for v in violations):
        return "unsafe"
    return "caution" if violations else "safe"


def score_of(violations) -> float:
    """1 − Σ weight (0.1 for pressure, site and position items, 0.05 for the rest, doubled
    for must items), floored at 0."""
    penalty = sum(
        (WEIGHTS["site"] if v.field in SITE_FIELDS else WEIGHTS["other"])
        * (2 if v.severity == "unsafe" else 1)
        for v in violations
    )
    return round(max(0.0, 1.0 - penalty), 3)


def _labels(sites) -> str:
    sites = sorted(sites)
    if len(sites) >= 12:
        return f"most of the body ({len(sites)} regions)"
    return ", ".join(region_label(s) for s in sites) or "nothing"


def _name(token: str) -> str:
    """A site token as learners read it: "the radiation field", "left chest"."""
    if token in TOKEN_LABELS:
        return TOKEN_LABELS[token]
    kind, _, argument = token.partition(":")
    if kind in TOKEN_LABELS and argument:
        return f"{TOKEN_LABELS[kind].removesuffix('s')} {argument}".replace("the ", "", 0)
    if kind == "device_site" and argument:
        return f"the {argument.replace('_', ' ')}"
    return region_label(token)


class _PlanOnCase:
    """A plan read against one case: resolved sites, effective pressures, technique reach."""

    def __init__(self, plan: Plan, sites: SiteResolver, services: list[str]):
        self.plan = plan
        self.sites = sites
        self.services = services
        self.avoided = sites.resolve_all(plan.avoid_sites)
        self.entries = [(token, level, sites.resolve(token)) for token, level in plan.site_limits]
        self.global_cap = 5 if plan.max_pressure_global is None else plan.max_pressure_global
        self.no_heat = sites.resolve_all(plan.no_heat)
        self.no_cold = sites.resolve_all(plan.no_cold)
        self.declared = set(plan.product_constraints)
        self.lubricated = sites.resolve_all(
            p.partition(":")[2] for p in plan.products_used if p.startswith("lubricant:")
        )
        self._pressure: dict[str, int] = {}
        self._reach: dict[tuple[str, str], bool] = {}
        mentioned = {s for _, _, resolved in self.entries for s in resolved}
        self.check_sites = ALL_SITES | mentioned
        self.joint = max(
            [plan.joint_movement or "none"] + [TECHNIQUES[t].joint for t in plan.techniques],
            key=JOINT_LEVELS.index,
        )
        self.refuses = plan.postpone or all(covers(self.avoided, s) for s in ALL_SITES)
        self.joint_limits = [
            (sites.resolve(token), level) for token, level in plan.joint_movement_on
        ]
        self.excluded_on = [
            (sites.resolve(token), set(techniques))
            for token, techniques in plan.excluded_techniques_on
        ]

    def joint_at(self, site: str) -> str:
        """Joint movement the plan allows at ``site``: its overall level, lowered where the
        plan limits a region (``joint_movement_on``), and none where it avoids or holds still."""
        if self.pressure(site) <= 0:
            return "none"
        levels = [self.joint] + [
            level for region, level in self.joint_limits if covers(region, site)
        ]
        return min(levels, key=JOINT_LEVELS.index)

    def pressure(self, site: str) -> int:
        """Effective pressure on ``site``: -1 if avoided, else the most specific limit capped
        by the global one (5 where the plan says nothing)."""
        if site not in self._pressure:
            if covers(self.avoided, site):
                value = -1
            else:
                best = None
                for _token, level, resolved in self.entries:
                    if site in resolved:
                        rank = 0
                    elif parent(site) in resolved:
                        rank = 1
                    else:
                        continue
                    rank = rank if rank < 2 and len(resolved) == 1 else 2 + len(resolved)
                    if best is None or rank < best[0] or (rank == best[0] and level > best[1]):
                        best = (rank, level)
                value = min(best[1] if best else 5, self.global_cap)
            self._pressure[site] = value
        return self._pressure[site]

    def located(self, technique: str) -> frozenset | None:
        """The body parts a technique is done on by nature, or None if it can go anywhere."""
        spec = TECHNIQUES[technique]
        if spec.nail:
            hands = "manicure" in self.services or "hand_massage" in self.services
            feet = "pedicure" in self.services
            return frozenset(
                (HANDS if hands or not feet else ()) + (FEET if feet or not hands else ())
            )
        return spec.sites

    def reaches(self, technique: str, site: str) -> bool:
        """Whether a planned technique would be done on ``site`` for this client."""
        key = (technique, site)
        if key not in self._reach:
            spec = TECHNIQUES[technique]
            located = self.located(technique)
            if located is not None:
                result = overlap(located, {site})
            else:
                result = not covers(self.avoided, site)
                if result and spec.min_pressure is not None:
                    result = self.pressure(site) >= spec.min_pressure
                if result and spec.heat:
                    result = not covers(self.no_heat, site)
                if result and spec.cold:
                    result = not covers(self.no_cold, site)
                if result:
                    result = not any(
                        technique in techniques and covers(region, site)
                        for region, techniques in self.excluded_on
                    )
            self._reach[key] = result
        return self._reach[key]

    def works_on(self, technique: str, required) -> bool:
        """Whether a technique done by nature on a body part lands on sites that must be
        avoided. A manicure is done on the hands, so it breaks "avoid the right hand"; it does
        not break "avoid the right thumb's nail fold" when the plan avoids that fold."""
        located = self.located(technique)
        if located is None:
            return False
        for site in required:
            if site in located or any(parent(t) == site for t in located):
                return True
            if parent(site) in located and not covers(self.avoided, site):
                return True
        return False

    def reaches_any(self, technique: str, sites) -> bool:
        return any(self.reaches(technique, site) for site in sites)


class _Checker:
    def __init__(self, rule: Rule, severity: str, p: _PlanOnCase, violations: list):
        self.rule, self.severity, self.p, self.out = rule, severity, p, violations

    def fail(self, field_name: str, detail: str) -> None:
        self.out.append(
            Violation(
                self.rule.base_id,
                self.rule.clause,
                self.severity,
                field_name,
                detail,
                self.rule.rationale,
            )
        )

    # one method per requirement key ----------------------------------------------------

    def postpone(self, value):
        if value is False and self.p.refuses:
            self.fail(
                "postpone",
                "The plan refuses or postpones the session, which nothing "
                "here requires: offer an adapted session.",
            )
        elif value is True and not self.p.plan.postpone:
            self.fail("postpone", "The session must be postponed today.")

    def services_postponed(self, value):
        required = _required_services(value, self.p.services)
        missing = [s for s in required if s not in self.p.plan.services_postponed]
        if missing and not self.p.plan.postpone:
            self.fail("services_postponed", f"Postpone {', '.join(missing)} today.")

    def refer(self, value):
        for item in value:
            if item not in self.p.plan.refer:
                self.fail("refer", f"Refer: {item.replace('_', ' ')}.")

    def md_release_required(self, value):
        if not self.p.plan.md_release_required:
            self.fail("md_release_required", "Confirm this plan with the treating team first.")

    def max_pressure_global(self, cap):
        over = sorted(s for s in self.p.check_sites if self.p.pressure(s) > cap)
        if over:
            self.fail(
                "max_pressure_global",
                f"Pressure must stay at level {cap} or lower "
                f"everywhere; the plan allows more on {_labels(over)}.",
            )

    def site_limits(self, value):
        for token, cap in value:
            over = sorted(s for s in self.p.sites.resolve(token) if self.p.pressure(s) > cap)
            if over:
                self.fail(
                    "site_limits",
                    f"At most level {cap} on {_name(token)}; "
                    f"the plan allows more on {_labels(over)}.",
                )

    def avoid_sites(self, value):
        for token in value:
            required = self.p.sites.resolve(token)
            if not required:
                continue
            missing = sorted(s for s in required if not covers(self.p.avoided, s))
            if missing:
                self.fail(
                    "avoid_sites",
                    f"Avoid {_name(token)} entirely; the plan does not avoid {_labels(missing)}.",
                )
            for technique in self.p.plan.techniques:
                if self.p.works_on(technique, required):
                    self.fail(
                        "techniques",
                        f"{technique.replace('_', ' ')} is done on "
                        f"{_name(token)}, which must be avoided.",
                    )
            if overlap(self.p.lubricated, required):
                self.fail("products_used", f"No product on {_name(token)}.")

    def positions(self, value):
        used = self.p.plan.positions_use
        for banned in value.get("prohibited", ()):
            for position in used:
                if (
                    position == banned
                    or POSITION_PARENT.get(position) == banned
                    or (POSITION_PARENT.get(banned) == position)
                ):
                    self.fail(
                        "positions",
                        f"{position.replace('_', ' ')} is not safe here "
                        f"({banned.replace('_', ' ')} is ruled out).",
                    )
        allowed = value.get("use", ())
        if allowed and not any(u in allowed or POSITION_PARENT.get(u) in allowed for u in used):
            self.fail("positions", "Use " + " or ".join(a.replace("_", " ") for a in allowed) + ".")

    def excluded_techniques(self, value):
        for technique in self.p.plan.techniques:
            if technique in value:
                self.fail("techniques", f"{technique.replace('_', ' ')} is excluded.")

    def excluded_techniques_on(self, value):
        for token, techniques in value:
            region = self.p.sites.resolve(token)
            for technique in self.p.plan.techniques:
                if technique in techniques and self.p.reaches_any(technique, region):
                    self.fail(
                        "techniques",
                        f"No {technique.replace('_', ' ')} on {_name(token)}.",
                    )

    def joint_movement(self, level):
        if JOINT_LEVELS.index(self.p.joint) > JOINT_LEVELS.index(level):
            self.fail("joint_movement", f"Joint movement: {level.replace('_', ' ')} at most.")

    def joint_movement_on(self, value):
        for token, level in value:
            too_much = sorted(
                s
                for s in self.p.sites.resolve(token)
                if JOINT_LEVELS.index(self.p.joint_at(s)) > JOINT_LEVELS.index(level)
            )
            if too_much:
                self.fail(
                    "joint_movement",
                    f"Joint movement on {_name(token)}: {level.replace('_', ' ')} at most "
                    f"(the plan allows more on {_labels(too_much)}).",
                )

    def thermal(self, value):
        for key, kind, word in (("no_heat", "heat", "heat"), ("no_cold", "cold", "cold")):
            region = self.p.sites.resolve_all(value.get(key, ()))
            if not region:
                continue
            for technique in self.p.plan.techniques:
                if getattr(TECHNIQUES[technique], kind) and self.p.reaches_any(technique, region):
                    tokens = ", ".join(_name(t) for t in value[key])
                    self.fail(
                        "thermal",
                        f"No {word} on {tokens}: {technique.replace('_', ' ')} would reach it.",
                    )

    def stroke_direction(self, value):
        plan_strokes = self.p.plan.stroke_direction
        for token in value:
            if token == "centripetal_light":
                if token not in plan_strokes:
                    self.fail("stroke_direction", "Use light strokes toward the heart.")
                continue
            for target in _expand_basins(token, self.p.sites):
                for stroke in plan_strokes:
                    kind, _, aimed = stroke.partition(":")
                    if kind == "drainage_toward" and _drains_into(aimed, target):
                        self.fail(
                            "stroke_direction",
                            f"No drainage strokes toward {target.replace('_', ' ')} nodes.",
                        )

    def product_constraints(self, value):
        declared, used = self.p.declared, set(self.p.plan.products_used)
        for constraint in value:
            kind, _, token = constraint.partition(":")
            if kind == "no_product_on":
                self._no_product_on(constraint, token)
                continue
            if constraint == "rt_team_approved_only_on_field":
                field_sites = self.p.sites.resolve("acute_radiation_field")
                if constraint not in declared and not all(
                    covers(self.p.avoided, s) for s in field_sites
                ):
                    self.fail(
                        "product_constraints",
                        "Only products the radiation team approved on the treatment field.",
                    )
                continue
            breakers, implied_by = PRODUCT_CONSTRAINTS[constraint]
            if constraint == "recommend_mineral_spf30":
                if constraint not in declared and "mineral_spf30" not in used:
                    self.fail("product_constraints", "Recommend mineral SPF 30 sun protection.")
                continue
            if constraint not in declared and not (implied_by & declared):
                self.fail("product_constraints", f"Declare: {constraint.replace('_', ' ')}.")
            for product in sorted(used & breakers):
                self.fail(
                    "products_used",
                    f"{product.replace('_', ' ')} breaks {constraint.replace('_', ' ')}.",
                )

    def _no_product_on(self, constraint, token):
        region = self.p.sites.resolve(token)
        if not region:
            return
        covered = self.p.sites.resolve_all(
            c.partition(":")[2] for c in self.p.declared if c.startswith("no_product_on:")
        )
        if not all(covers(covered, s) or covers(self.p.avoided, s) for s in region):
            self.fail(
                "product_constraints",
                f"Declare no product on {_name(token)} ({_labels(region)}).",
            )
        if overlap(self.p.lubricated, region):
            self.fail("products_used", f"No product on {_name(token)}.")

    def products_used(self, value):
        for product in value:
            if product not in self.p.plan.products_used:
                self.fail("products_used", f"Use {product.replace('_', ' ')}.")

    def products_excluded(self, value):
        for product in value:
            if product in self.p.plan.products_used:
                self.fail("products_used", f"Do not use {product.replace('_', ' ')}.")

    def max_duration_min(self, minutes):
        planned = self.p.plan.max_duration_min
        if planned is None or planned > minutes:
            self.fail("max_duration_min", f"Keep hands-on time to {minutes} minutes or less.")

    def infection_control(self, level):
        planned = self.p.plan.infection_control or "standard"
        if INFECTION_LEVELS.index(planned) < INFECTION_LEVELS.index(level):
            self.fail("infection_control", f"Infection control: {level.replace('_', ' ')}.")

    def ppe(self, value):
        for item in value:
            if item not in self.p.plan.ppe:
                self.fail("ppe", f"Wear {item}.")

    def process(self, value):
        for step in value:
            if step not in self.p.plan.process:
                self.fail("process", f"Include: {step.replace('_', ' ')}.")


def _required_services(value, services) -> list[str]:
    result = []
    for item in value:
        if item == "hand_foot_services":
            result += [s for s in services if s in HAND_FOOT_SERVICES]
        elif item in services:
            result.append(item)
    return list(dict.fromkeys(result))


def _requires_postponing(rule: Rule, services: list[str]) -> bool:
    if rule.must.get("postpone") is True:
        return True
    needed = _required_services(rule.must.get("services_postponed", ()), services)
    return bool(needed) and set(needed) >= set(services)


def _expand_basins(token: str, sites: SiteResolver) -> list[str]:
    target = token.partition(":")[2]
    if target == "compromised_basins":
        return list(sites.d["compromised_basins"])
    return [target]


def _drains_into(aimed: str, compromised: str) -> bool:
    a_basin, _, a_side = aimed.rpartition("_")
    c_basin, _, c_side = compromised.rpartition("_")
    sides_meet = "bilateral" in (a_side, c_side) or a_side == c_side
    return sides_meet and (c_basin == a_basin or c_basin in DOWNSTREAM_BASINS.get(a_basin, ()))


def triggered(rules: RuleSet, facts: dict, derived: dict, plan: Plan | None = None) -> list[Rule]:
    """The rules whose conditions hold, in catalogue order. Plan-dependent rules are included
    only when a plan is given. ``derived['postpone_required']`` is set on the way.

    A derived rule's condition includes its base rule's, so it is evaluated only when the base
    rule fired (this halves the work: most base rules do not fire for a given client).
    """
    ctx = Context(facts, derived, plan.condition_view() if plan else {})
    fired: set[str] = set()
    late = []
    for rule in rules:
        if rule.when.reads_postpone_required:
            late.append(rule)
        elif (rule.plan_dependent and plan is None) or (
            rule.clause and rule.base_id in rules.by_id and rule.base_id not in fired
        ):
            continue
        elif rule.when(ctx):
            fired.add(rule.id)
    services = derived["services"]
    derived["postpone_required"] = any(
        _requires_postponing(rules.by_id[rule_id], services) for rule_id in fired
    )
    fired |= {rule.id for rule in late if rule.when(ctx)}
    return [rule for rule in rules if rule.id in fired]


def grade(facts: dict, plan, rules: RuleSet) -> GradeReport:
    """Grade ``plan`` for the client in ``facts``. Raises FactsError or PlanError on input that
    does not fit the vocabulary."""
    facts = normalize_facts(facts)
    plan = parse_plan(plan)
    derived = derive(facts)
    fired = triggered(rules, facts, derived, plan)
    sites = SiteResolver(facts, derived)
    on_case = _PlanOnCase(plan, sites, derived["services"])
    violations: list[Violation] = []

    postponers = [r for r in fired if _requires_postponing(r, derived["services"])]
    if postponers:
        for rule in postponers:
            services = rule.must.get("services_postponed", ())
            needed = _required_services(services, derived["services"])
            if not (plan.postpone or (needed and set(needed) <= set(plan.services_postponed))):
                _Checker(rule, "unsafe", on_case, violations).fail(
                    "postpone", "The session must be postponed today."
                )
        # the referrals that the postponing rules (and their conditional parts) name
        postponing = {r.base_id for r in postponers}
        for rule in fired:
            if rule.base_id in postponing and rule.must.get("refer"):
                _Checker(rule, "unsafe", on_case, violations).refer(rule.must["refer"])
    else:
        refusal_ok = any(r.postpone_acceptable for r in fired)
        for rule in fired:
            for severity, key, value in rule.requirements():
                if on_case.refuses and key not in ("refer", "postpone"):
                    continue  # no session today: only referrals and the refusal itself count
                if key == "postpone" and value is False and refusal_ok:
                    continue
                getattr(_Checker(rule, severity, on_case, violations), key)(value)

    violations = list(dict.fromkeys(violations))  # two checks can find the same fault
    facts_only = [r for r in fired if not r.plan_dependent]
    return GradeReport(
        verdict=verdict_of(violations),
        score=score_of(violations),
        violations=violations,
        triggered_rules=list(dict.fromkeys(r.base_id for r in facts_only)),
        triggered_clauses=[r.id for r in fired],
        plan_dependent_rules=[r.id for r in fired if r.plan_dependent],
        expected=expected_requirements(fired, sites, derived, bool(postponers)),
        postpone_required=bool(postponers),
        advice=[(r.base_id, text) for r in fired for text in r.advice],
    )


# -- expected plan ----------------------------------------------------------------------


def expected_requirements(fired, sites: SiteResolver, derived: dict, postponed: bool) -> dict:
    """The combined requirements (RULES.md §1), must and should kept apart, with the rules
    behind each item: what feedback shows as "what the plan should have said"."""
    result: dict[str, dict] = {"must": {}, "should": {}}
    for rule in fired:
        for severity, key, value in rule.requirements():
            block = result["must" if severity == "unsafe" else "should"]
            _merge(block, key, value, rule.base_id, sites, derived)
    if postponed:
        result["postpone_dominates"] = True
    return result


def _merge(block, key, value, rule_id, sites, derived):
    entry = block.setdefault(key, {"value": None, "rules": []})
    if rule_id not in entry["rules"]:
        entry["rules"].append(rule_id)
    current = entry["value"]
    if key in ("max_pressure_global", "max_duration_min"):
        entry["value"] = value if current is None else min(current, value)
    elif key in ("joint_movement",):
        entry["value"] = value if current is None else min(current, value, key=JOINT_LEVELS.index)
    elif key == "infection_control":
        entry["value"] = (
            value if current is None else max(current, value, key=INFECTION_LEVELS.index)
        )
    elif key in ("postpone", "md_release_required"):
        entry["value"] = value if current is None else (current or value)
    elif key in ("site_limits", "joint_movement_on"):
        merged = dict(current or {})
        for token, limit in value:
            item = merged.setdefault(
                token, {"limit": limit, "regions": sorted(sites.resolve(token))}
            )
            order = JOINT_LEVELS.index if key == "joint_movement_on" else (lambda x: x)
            item["limit"] = min(item["limit"], limit, key=order)
        entry["value"] = merged
    elif key == "excluded_techniques_on":
        merged = dict(current or {})
        for token, techniques in value:
            item = merged.setdefault(
                token, {"techniques": [], "regions": sorted(sites.resolve(token))}
            )
            item["techniques"] = list(dict.fromkeys([*item["techniques"], *techniques]))
        entry["value"] = merged
    elif key in ("positions", "thermal"):
        merged = {k: list(v) for k, v in (current or {}).items()}
        for k, items in value.items():
            merged[k] = list(dict.fromkeys([*merged.get(k, []), *items]))
        entry["value"] = merged
    elif key == "stroke_direction":
        expanded = []
        for token in value:
            if token == "no_drainage_toward:compromised_basins":
                expanded += [f"no_drainage_toward:{b}" for b in derived["compromised_basins"]]
            else:
                expanded.append(token)
        entry["value"] = list(dict.fromkeys([*(current or []), *expanded]))
    elif key == "avoid_sites":
        merged = dict(current or {})
        for token in value:
            merged.setdefault(token, sorted(sites.resolve(token)))
        entry["value"] = merged
    else:
        entry["value"] = list(dict.fromkeys([*(current or []), *value]))
