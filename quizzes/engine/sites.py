"""Site tokens -> sets of body sites, for one case.

Region tokens (regions, sub-sites, aliases, quadrants) mean the same for every client. The
symbolic tokens (content/rules/README.md) resolve against the case facts: a ``port_site`` is
wherever this client's port is. Each symbolic token has one small resolver below, registered
in ``RESOLVERS``; ``SiteResolver`` caches the answers for one case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .body import (
    ALL_SITES,
    BONE_SITES,
    LINE_DEVICES,
    NEIGHBOURS,
    expand,
    is_region_token,
    limb_sites,
    parent,
)

LESIONS = (
    "open_wound",
    "moist_desquamation",
    "ulceration",
    "fungating_wound",
    "herpes_zoster_active",
    "weeping_rash",
)
SPINE_AND_RIBS = (
    "upper_back_left",
    "upper_back_right",
    "lower_back_left",
    "lower_back_right",
    "chest_left",
    "chest_right",
)
ACUTE_REACTIONS = ("erythema", "dry_desquamation", "moist_desquamation", "ulceration")


class UnknownSiteToken(ValueError):
    pass


Resolver = Callable[["SiteResolver", str], Iterable[str]]
RESOLVERS: dict[str, Resolver] = {}
PARAMETRISED: dict[str, Resolver] = {}


def resolves(*names: str, parametrised: bool = False):
    """Register a resolver for symbolic tokens (``device_site:<type>`` when parametrised)."""

    def register(function: Resolver) -> Resolver:
        for name in names:
            (PARAMETRISED if parametrised else RESOLVERS)[name] = function
        return function

    return register


class SiteResolver:
    """Resolves site tokens against one case's normalized facts and derived predicates."""

    def __init__(self, facts: dict, derived: dict):
        self.f = facts
        self.d = derived
        self._cache: dict[str, frozenset[str]] = {}

    def resolve(self, token: str) -> frozenset[str]:
        if token not in self._cache:
            self._cache[token] = self._resolve(token)
        return self._cache[token]

    def resolve_all(self, tokens: Iterable[str]) -> frozenset[str]:
        result: set[str] = set()
        for token in tokens or ():
            result |= self.resolve(token)
        return frozenset(result)

    def _resolve(self, token: str) -> frozenset[str]:
        if is_region_token(token):
            return expand([token])
        if token in RESOLVERS:
            return expand(RESOLVERS[token](self, token))
        name, _, argument = token.partition(":")
        if argument and name in PARAMETRISED:
            return expand(PARAMETRISED[name](self, argument))
        raise UnknownSiteToken(token)

    # helpers the resolvers share ---------------------------------------------------------

    def devices(self, *types: str) -> list[dict]:
        return [d for d in self.f["devices"] if d["type"] in types]

    def skin(self, *conditions: str, where=lambda s: True) -> list[str]:
        return [
            region
            for s in self.f["skin"]
            if s["condition"] in conditions and where(s)
            for region in s["regions"]
        ]

    def external_fields(self, keep) -> list[str]:
        return [
            region
            for rt in self.f["radiation"]
            if rt["type"] == "external" and keep(rt)
            for region in rt["field_regions"]
        ]


def _sided(device: dict) -> str | None:
    return device["side"] if device["side"] in ("left", "right") else None


@resolves("global")
def _global(r: SiteResolver, _):
    return ALL_SITES


@resolves("port_site", "cvc_site")
def _central_line(r: SiteResolver, token):
    kind = "port" if token == "port_site" else "tunneled_cvc"
    for device in r.devices(kind):
        if device["region"]:
            yield device["region"]
        if _sided(device):
            yield f"neck_{device['side']}:catheter_track"


@resolves("picc_site", "picc_hand", "picc_arm")
def _picc(r: SiteResolver, token):
    part = {"picc_site": "{}_arm:upper", "picc_hand": "{}_hand", "picc_arm": "{}_arm"}[token]
    return [part.format(d["side"]) for d in r.devices("picc") if _sided(d)]


@resolves("device_site", parametrised=True)
def _device(r: SiteResolver, kind):
    return [d["region"] for d in r.devices(kind) if d["region"]]


@resolves("line_device_sites")
def _lines(r: SiteResolver, _):
    return [d["region"] for d in r.devices(*LINE_DEVICES) if d["region"]]


@resolves("accessed_port_shoulder_neck")
def _accessed_port(r: SiteResolver, _):
    for d in r.devices("port", "tunneled_cvc"):
        if d["accessed"] and _sided(d):
            yield from (f"neck_{d['side']}", f"{d['side']}_arm:shoulder")


@resolves("surgical_site", parametrised=True)
def _one_surgery(r: SiteResolver, surgery_id):
    return [region for s in r.f["surgeries"] if s["id"] == surgery_id for region in s["regions"]]


def _unhealed(s: dict) -> bool:
    weeks = s["weeks_since"]
    return (
        s["incision_healed"] is False
        or bool(s["drains"])
        or (s["incision_healed"] is None and weeks is not None and weeks < 3)
    )


@resolves("surgical_site")
def _surgeries(r: SiteResolver, _):
    return [region for s in r.f["surgeries"] for region in s["regions"]]


@resolves("unhealed_surgical_site")
def _unhealed_sites(r: SiteResolver, _):
    for s in r.f["surgeries"]:
        if _unhealed(s):
            yield from (*s["regions"], *s["flap_donor_regions"])
    yield from r.resolve("device_site:drain")


@resolves("recent_surgical_site")
def _recent(r: SiteResolver, _):
    return [
        region
        for s in r.f["surgeries"]
        if s["weeks_since"] is not None and s["weeks_since"] < 6
        for region in s["regions"]
    ]


@resolves("reconstructed_breast")
def _reconstructed(r: SiteResolver, _):
    for s in r.f["surgeries"]:
        if s["reconstruction"] in ("tissue_expander", "implant"):
            sides = ("left", "right") if s["side"] == "bilateral" else (s["side"],)
            yield from (f"chest_{side}" for side in sides if side)


@resolves("flap_donor_regions")
def _flap_donor(r: SiteResolver, _):
    return [
        region
        for s in r.f["surgeries"]
        if s["incision_healed"] is not True
        for region in s["flap_donor_regions"]
    ]


@resolves("scar_work_site")
def _scar_work(r: SiteResolver, _):
    """The scars scar work is done on; a plan reading narrows this to where its scar
    mobilization lands (``PlanReading.resolve``)."""
    return r.resolve("surgical_site")


@resolves("unsafe_scar_site")
def _unsafe_scar(r: SiteResolver, _):
    """Scars that scar work would damage: not known to be fully healed, or inside an external
    radiation field that is under way or ended less than 14 days ago (RULES surg-scar-work-
    timing). Unknown healing is not healed."""
    recent = set(
        r.external_fields(
            lambda rt: (
                rt["status"] == "ongoing"
                or (rt["days_since_last"] is not None and rt["days_since_last"] < 14)
            )
        )
    )
    for s in r.f["surgeries"]:
        if s["incision_healed"] is not True or s["drains"] or set(s["regions"]) & recent:
            yield from s["regions"]


@resolves("early_scar_site")
def _early_scar(r: SiteResolver, _):
    return [
        region
        for s in r.f["surgeries"]
        if s["weeks_since"] is None or s["weeks_since"] < 6
        for region in s["regions"]
    ]


@resolves("radiation_field", parametrised=True)
def _one_field(r: SiteResolver, course_id):
    return r.external_fields(lambda rt: rt["id"] == course_id)


def is_acute(rt: dict) -> bool:
    days = rt["days_since_last"]
    return (
        rt["status"] == "ongoing"
        or (days is not None and days <= 28)
        or rt["skin_reaction"] in ACUTE_REACTIONS
    )


@resolves("radiation_field")
def _fields(r: SiteResolver, _):
    return r.external_fields(lambda rt: True)


@resolves("acute_radiation_field")
def _acute_fields(r: SiteResolver, _):
    return r.external_fields(is_acute)


@resolves("late_radiation_field")
def _late_fields(r: SiteResolver, _):
    return r.external_fields(lambda rt: not is_acute(rt))


@resolves("ongoing_radiation_field")
def _ongoing_fields(r: SiteResolver, _):
    return r.external_fields(lambda rt: rt["status"] == "ongoing")


@resolves("implant_region")
def _implants(r: SiteResolver, _):
    return [region for rt in r.f["radiation"] for region in rt["implant_regions"]]


@resolves("patch_site")
def _patch(r: SiteResolver, _):
    patch = r.f["meds"]["transdermal_patch"]
    return [patch["region"]] if patch and patch.get("region") else []


def vicinity(sites: Iterable[str]) -> set[str]:
    """The regions of ``sites`` and the regions whose skin meets them."""
    regions = {parent(site) for site in sites}
    return regions | {n for region in regions for n in NEIGHBOURS.get(region, ())}


@resolves("patch_vicinity")
def _patch_vicinity(r: SiteResolver, _):
    """The patch and the regions next to it: heat nearby also raises the drug's release
    (RULES dev-transdermal-patch: "no heat on the patch and adjacent regions")."""
    return vicinity(r.resolve("patch_site"))


@resolves("at_risk_regions")
def _at_risk(r: SiteResolver, _):
    return r.d["at_risk_regions"]


@resolves("lymphedema_regions")
def _lymphedema(r: SiteResolver, _):
    return [
        region
        for le in r.f["lymphedema"]
        if le["status"] == "diagnosed"
        for region in le["regions"]
    ]


@resolves("neuropathy_regions")
def _neuropathy(r: SiteResolver, _):
    return r.f["neuropathy"]["regions"]


@resolves("new_swelling_regions", "redness_warmth_regions")
def _signs(r: SiteResolver, token):
    return r.f["signs"][token]


@resolves("petechiae_or_bruise_regions")
def _bruises(r: SiteResolver, _):
    return [*r.f["signs"]["new_petechiae_regions"], *r.skin("petechiae", "bruising")]


@resolves("suspected_clot_limb")
def _suspected_limb(r: SiteResolver, _):
    limbs = [r.f["signs"]["unilateral_limb_swelling_pain_warmth"]]
    limbs += [v["limb"] for v in r.f["vte"] if v["status"] == "suspected"]
    return limb_sites(limbs)


def dvt_kind(v: dict) -> str | None:
    """``dvt_limb`` for a DVT on treatment or treated < 6 months ago, ``remote_dvt_limb`` for
    one resolved ≥ 6 months ago, else None."""
    if v["type"] != "dvt":
        return None
    months = v["months_since_treatment_completed"]
    if v["status"] == "active_treatment" or (months is not None and months < 6):
        return "dvt_limb"
    if v["status"] == "resolved" and months is not None and months >= 6:
        return "remote_dvt_limb"
    return None


@resolves("dvt_limb", "remote_dvt_limb")
def _dvt(r: SiteResolver, token):
    return limb_sites(v["limb"] for v in r.f["vte"] if v["limb"] and dvt_kind(v) == token)


@resolves("tumor_site")
def _tumor(r: SiteResolver, _):
    t = r.f["tumor"]
    return [*t["palpable_sites"], *t["enlarged_nodes"], *t["fungating"], *t["organomegaly"]]


@resolves("tumor_vicinity")
def _tumor_vicinity(r: SiteResolver, _):
    return vicinity(r.resolve("tumor_site"))


@resolves("bone_met_site")
def _bone_mets(r: SiteResolver, _):
    return [region for b in r.f["bone"]["metastases"] for region in BONE_SITES[b]]


@resolves("spine_and_ribs")
def _spine_and_ribs(r: SiteResolver, _):
    return SPINE_AND_RIBS


@resolves("unexplained_pain_site")
def _unexplained_pain(r: SiteResolver, _):
    return r.f["bone"]["unexplained_localized_pain_regions"]


def _open(s: dict) -> bool:
    stage_two = s["condition"] == "pressure_injury" and (s["grade"] or 0) >= 2
    return s["condition"] in LESIONS or stage_two or bool(s["fissures_or_blisters"])


@resolves("lesion_site")
def _lesions(r: SiteResolver, _):
    return [region for s in r.f["skin"] if _open(s) for region in s["regions"]]


@resolves("lesion_vicinity")
def _lesion_vicinity(r: SiteResolver, _):
    """The regions that hold open skin and the regions next to them: working there brings the
    hands near the lesion and its fluids (RULES skin-open-lesions: "gloves if working near
    the lesion or body fluids"; CASES C17 asks gloves for back and leg work beside an open
    abdominal incision)."""
    return vicinity(r.resolve("lesion_site"))


@resolves("pressure_injury_site")
def _pressure_injuries(r: SiteResolver, _):
    return r.skin("pressure_injury", "reddened_bony_prominence")


@resolves("hfs_site")
def _hfs(r: SiteResolver, _):
    return r.skin("hand_foot_syndrome")


@resolves("rash_site")
def _rash(r: SiteResolver, _):
    return r.skin("acneiform_rash")


@resolves("pustular_rash_site")
def _pustular_rash(r: SiteResolver, _):
    """Rash areas recorded as pustular or eroded. A rash record that does not say so has its
    pustules, if any, scattered over the area: strokes keep off them on clear skin (Module 3's
    worked case, a gentle facial on a grade 1 rash), which a region cannot express."""
    return r.skin("acneiform_rash", where=lambda s: s["pustular_or_eroded"] is True)


@resolves("paronychia_site")
def _paronychia(r: SiteResolver, _):
    return r.skin("paronychia")


@resolves("hand_foot_work_sites")
def _hands_or_feet(r: SiteResolver, _):
    """Nail work and paraffin are on the hands in a manicure or hand massage and on the feet
    in a pedicure; with neither (or both) requested, on both."""
    services = set(r.d["services"])
    hands = bool(services & {"manicure", "hand_massage"})
    feet = "pedicure" in services
    return [
        *(("left_hand", "right_hand") if hands or not feet else ()),
        *(("left_foot", "right_foot") if feet or not hands else ()),
    ]


SYMBOLIC_TOKENS = tuple(RESOLVERS)
PARAMETRISED_TOKENS = tuple(PARAMETRISED)


def is_site_token(token: object) -> bool:
    """Whether ``token`` names sites (checked when rules and plans are loaded)."""
    if not isinstance(token, str):
        return False
    if is_region_token(token) or token in RESOLVERS:
        return True
    name, sep, argument = token.partition(":")
    return bool(sep and argument) and name in PARAMETRISED
