"""A plan read against one case: the pressure it allows on each site, where each planned
technique and product lands, and where the session works at all.

Pressure (VOCABULARY §3.1). An avoided site is below level 0, whatever limits also cover it
(RULES §1 item 3, "avoid wins", read for plans too: C09's expert plan avoids the field and
caps the neck, field included, at 2). Elsewhere a site's effective pressure is
``min(limit, max_pressure_global)``, where ``limit`` comes from the plan's ``site_limits``
tokens that cover the site:

- nested tokens: the innermost speaks, even when it is looser ("left upper quadrant 2, left
  upper back 3" is level 3 on the upper back; C11, wrong answer 2);
- tokens that overlap without nesting, and ties: the strictest speaks ("bony prominences 1,
  lower legs 2" is level 1 on the ankle bones, level 2 on the rest of the lower legs);
- every covered part is checked, including sub-sites the plan names ("left arm 1, its
  shoulder 4" is level 4 on the shoulder).

Where a technique lands (RULES §1 item 13, and our ``technique_sites`` extension). Sites the
plan names for a technique are where it is done, whatever else the plan declares there (an
action beats a declaration). Otherwise its candidate places are the places it is done by
nature (paraffin: hands and feet, the hands only in a manicure; scar work: the scars; nail
work: the hands in a manicure), else wherever the requested services are done (a facial: the
head and neck; a massage: the whole body). From those it reaches every site the plan leaves
room for: not avoided, not capped below the technique's working pressure, not declared free
of heat (for a heat technique) or cold, not held still or limited in joint movement (for a
technique that moves joints), not excluded for it. A technique with no place left
contradicts the plan and is graded as done everywhere it could go, never as reaching nothing.
"""

from __future__ import annotations

from functools import cached_property

from .body import ALL_SITES, ON_THE_BACK, POSTERIOR, SERVICE_AREAS, covers, overlap, parent, within
from .plan import Plan
from .sites import SiteResolver
from .vocabulary import JOINT_LEVELS, TECHNIQUES

AVOIDED = -1
# Products whose place the plan states (``lubricant:<site>``), and the radiation team's own
# product, which its instructions allow on the field (RULES §1 item 6).
TEAM_PRODUCT = "rt_team_approved_product"


class PlanReading:
    """What ``plan`` does for the client whose sites ``sites`` resolves."""

    def __init__(
        self, plan: Plan, sites: SiteResolver, services: list[str], *, holds_asked: bool = False
    ):
        self.plan = plan
        self.sites = sites
        self.services = services
        self.holds_asked = holds_asked  # a triggered rule asks for stationary holds only
        active = [s for s in services if s not in plan.services_postponed] or services
        self.area = frozenset().union(*(SERVICE_AREAS.get(s, ALL_SITES) for s in active)) or (
            ALL_SITES
        )
        used = set(plan.positions_use)
        if used & ON_THE_BACK and used <= ON_THE_BACK | {"in_bed"}:
            self.area -= POSTERIOR  # the back rests on the table or bed
        self.avoid_tokens = [sites.resolve(token) for token in plan.avoid_sites]
        self.avoided = frozenset().union(*self.avoid_tokens)
        self.entries = [(sites.resolve(token), level) for token, level in plan.site_limits]
        self._inside = [
            [
                j
                for j, (other, _) in enumerate(self.entries)
                if j != i and within(other, region) and not within(region, other)
            ]
            for i, (region, _) in enumerate(self.entries)
        ]
        self.global_cap = 5 if plan.max_pressure_global is None else plan.max_pressure_global
        self.no_heat = sites.resolve_all(plan.no_heat)
        self.no_cold = sites.resolve_all(plan.no_cold)
        self.no_product = sites.resolve_all(
            c.partition(":")[2] for c in plan.product_constraints if c.startswith("no_product_on:")
        )
        self.placings = {
            t: [sites.resolve(token) for token in tokens] for t, tokens in plan.technique_sites
        }
        self.placed = {t: frozenset().union(*sets) for t, sets in self.placings.items()}
        self.no_heat_tokens = [sites.resolve(token) for token in plan.no_heat]
        self.no_cold_tokens = [sites.resolve(token) for token in plan.no_cold]
        self.excluded_on = [
            (sites.resolve(token), set(techniques))
            for token, techniques in plan.excluded_techniques_on
        ]
        self.joint_limits = [
            (sites.resolve(token), level) for token, level in plan.joint_movement_on
        ]
        self.mentioned = frozenset(
            site
            for group in (
                self.avoided,
                *(region for region, _ in self.entries),
                *self.placed.values(),
                self.no_heat,
                self.no_cold,
            )
            for site in group
        )
        self._pressure: dict[str, int] = {}
        self._parts: dict[frozenset, list[str]] = {}
        self._landing: dict[str, tuple[frozenset, bool]] = {}

    # pressure ------------------------------------------------------------------------

    def pressure(self, site: str) -> int:
        """Effective pressure on ``site``: -1 if avoided, else 0–5 (5 where the plan says
        nothing)."""
        if site not in self._pressure and covers(self.avoided, site):
            self._pressure[site] = AVOIDED
        elif site not in self._pressure:
            covering = [i for i, (region, _) in enumerate(self.entries) if covers(region, site)]
            innermost = [i for i in covering if not set(self._inside[i]) & set(covering)]
            limit = min((self.entries[i][1] for i in innermost), default=5)
            self._pressure[site] = min(limit, self.global_cap)
        return self._pressure[site]

    def parts(self, sites) -> list[str]:
        """``sites`` and every site the plan names inside them: the parts a limit is checked
        on (VOCABULARY §3.1, "every covered part is checked")."""
        sites = frozenset(sites)
        if sites not in self._parts:
            self._parts[sites] = sorted(sites | {m for m in self.mentioned if covers(sites, m)})
        return self._parts[sites]

    @cached_property
    def check_sites(self) -> list[str]:
        return self.parts(ALL_SITES)

    @cached_property
    def highest_pressure(self) -> int:
        return max(self.pressure(s) for s in self.check_sites)

    @cached_property
    def refuses(self) -> bool:
        """The plan gives no session: it postpones, or avoids the whole body."""
        return self.plan.postpone or all(self.pressure(s) == AVOIDED for s in ALL_SITES)

    @cached_property
    def holds_only(self) -> bool:
        """The plan touches nowhere beyond stationary holds (level 0 or avoided)."""
        return all(self.pressure(s) <= 0 for s in ALL_SITES)

    @cached_property
    def blanket(self) -> bool:
        """The plan refuses, or holds still everywhere when no rule asks for that: either way
        it makes none of the decisions this client needs (RULES §1 item 11)."""
        return self.refuses or (self.holds_only and not self.holds_asked)

    def works_on(self, site: str) -> bool:
        """Whether the session touches ``site`` at all."""
        return covers(self.area, site) and self.pressure(site) != AVOIDED

    # joint movement ------------------------------------------------------------------

    @cached_property
    def joint(self) -> str:
        """The most joint movement the plan allows anywhere (its techniques included)."""
        levels = [self.plan.joint_movement or "none"]
        levels += [TECHNIQUES[t].joint for t in self.plan.techniques]
        return max(levels, key=JOINT_LEVELS.index)

    @cached_property
    def joint_techniques(self) -> list[str]:
        return [t for t in self.plan.techniques if TECHNIQUES[t].joint != "none"]

    def joint_limit(self, site: str) -> str:
        """The joint movement the plan itself allows at ``site`` (its ``joint_movement_on``)."""
        limits = ["full"] + [lim for region, lim in self.joint_limits if covers(region, site)]
        return min(limits, key=JOINT_LEVELS.index)

    def joint_at(self, site: str) -> str:
        """Joint movement done at ``site``. Where the plan names techniques that move joints,
        movement is where they land (rocking confined to the feet moves no spine); a plan that
        only declares a level moves joints at that level wherever it works and does not hold
        still, within its own per-area limits."""
        if self.joint_techniques:
            landing = [TECHNIQUES[t].joint for t in self.joint_techniques if self.lands_on(t, site)]
            return max(landing, default="none", key=JOINT_LEVELS.index)
        if self.pressure(site) <= 0:
            return "none"
        declared = self.plan.joint_movement or "none"
        return min(declared, self.joint_limit(site), key=JOINT_LEVELS.index)

    # techniques ----------------------------------------------------------------------

    def resolve(self, token: str) -> frozenset[str]:
        """A site token for this plan: as the case resolves it, except ``scar_work_site``,
        which is where this plan's scar mobilization lands."""
        sites = self.sites.resolve(token)
        if token == "scar_work_site":
            return frozenset(s for s in sites if self.lands_on("scar_mobilization", s))
        return sites

    def candidates(self, technique: str) -> frozenset[str]:
        """Where a technique could go: its place by nature, else wherever the services are."""
        spec = TECHNIQUES[technique]
        if spec.whole_body:
            return ALL_SITES
        if spec.place is not None:
            return self.sites.resolve_all(spec.place)
        return self.area

    def reachable(self, technique: str, site: str) -> bool:
        """Whether the plan leaves room for ``technique`` on ``site``."""
        spec = TECHNIQUES[technique]
        pressure = self.pressure(site)
        if pressure == AVOIDED or (spec.min_pressure is not None and pressure < spec.min_pressure):
            return False
        moves = JOINT_LEVELS.index(spec.joint)
        if moves and (pressure == 0 or moves > JOINT_LEVELS.index(self.joint_limit(site))):
            return False  # holding still, or joint movement limited there
        if (spec.heat and covers(self.no_heat, site)) or (spec.cold and covers(self.no_cold, site)):
            return False
        return not any(
            technique in techniques and covers(region, site)
            for region, techniques in self.excluded_on
        )

    def _narrower(self, technique: str) -> list[frozenset]:
        """The plan's declarations that keep ``technique`` off a site: avoided sites (for a
        technique that does not move joints), no heat or cold, caps below its working
        pressure, its own exclusions, joint-movement limits."""
        spec = TECHNIQUES[technique]
        found = [] if spec.joint != "none" else list(self.avoid_tokens)
        found += self.no_heat_tokens if spec.heat else []
        found += self.no_cold_tokens if spec.cold else []
        found += [
            region
            for region, level in self.entries
            if spec.min_pressure is not None and level < spec.min_pressure
        ]
        found += [region for region, techniques in self.excluded_on if technique in techniques]
        if spec.joint != "none":
            found += [
                region
                for region, level in self.joint_limits
                if JOINT_LEVELS.index(level) < JOINT_LEVELS.index(spec.joint)
            ]
        return found

    def placed_on(self, technique: str, site: str) -> bool:
        """Whether a technique the plan places (``technique_sites``) is done on ``site``. The
        named place is what happens, whatever the plan declares there ("paraffin on both
        hands" with "no heat on the left upper quadrant" is paraffin on the left hand; "soak
        both feet" with "avoid the right foot" soaks the right foot). Only a declaration about
        a part of a region keeps the technique off that part: "file the nails of both hands"
        with "avoid the right thumb's nail fold" works around the fold."""
        if not any(covers(placement, site) for placement in self.placings[technique]):
            return False
        return not any(
            covers(narrower, site) and not covers(narrower, parent(site))
            for narrower in self._narrower(technique)
        )

    def landing(self, technique: str) -> tuple[frozenset[str], bool]:
        """(the sites a planned technique lands on, whether the plan contradicts itself).
        Sites the plan names for a technique are where it is done, whatever else the plan
        declares there: the named action is what happens."""
        if technique not in self._landing:
            candidates = self.candidates(technique)
            if technique in self.placed:
                land = frozenset(s for s in self.placed[technique] if self.placed_on(technique, s))
                result = (land, False)
            elif TECHNIQUES[technique].whole_body:
                result = (candidates, False)
            else:
                left = frozenset(s for s in candidates if self.reachable(technique, s))
                result = (left, False) if left or not candidates else (candidates, True)
            self._landing[technique] = result
        return self._landing[technique]

    def lands_on(self, technique: str, site: str) -> bool:
        """Whether a planned technique is done on ``site`` (or on part of it)."""
        land, contradiction = self.landing(technique)
        if site in land:
            return True
        if parent(site) in land:
            if technique in self.placed:
                return self.placed_on(technique, site)
            if contradiction or TECHNIQUES[technique].whole_body:
                return True
            return self.reachable(technique, site)
        return any(parent(s) == site for s in land)

    def lands_on_any(self, technique: str, sites) -> list[str]:
        return [s for s in sorted(sites) if self.lands_on(technique, s)]

    def is_placed(self, technique: str) -> bool:
        """Whether the technique has a place of its own (named by the plan, or by nature)."""
        return technique in self.placed or TECHNIQUES[technique].place is not None

    # products ------------------------------------------------------------------------

    @cached_property
    def lubricated(self) -> frozenset[str]:
        return self.sites.resolve_all(
            p.partition(":")[2] for p in self.plan.products_used if p.startswith("lubricant:")
        )

    @cached_property
    def applied_products(self) -> list[str]:
        """Products the plan applies wherever the session works (not a stated place)."""
        return [
            p
            for p in self.plan.products_used
            if not p.startswith("lubricant:") and p not in (TEAM_PRODUCT, "mineral_spf30")
        ]

    def products_on(self, site: str) -> bool:
        """Whether the plan puts any product on ``site``."""
        if overlap(self.lubricated, {site}):
            return True
        if not self.applied_products or covers(self.no_product, site):
            return False
        return self.works_on(site)
