"""Site tokens -> sets of body sites, for one case.

A *site* is an atomic region (``chest_left``) or a sub-site (``left_foot:sole``). A region
covers its sub-sites: avoiding ``left_foot`` avoids ``left_foot:sole``, but avoiding the sole
does not avoid the foot. Aliases, quadrants and the symbolic tokens of content/rules/README.md
resolve against the case facts (a ``port_site`` is wherever this client's port is).
"""

from __future__ import annotations

from collections.abc import Iterable

from .vocabulary import ALIASES, ATOMIC_REGIONS, BONE_SITES, is_region_token

ALL_SITES = frozenset(ATOMIC_REGIONS)

LINE_DEVICES = (
    "iv_peripheral", "infusion_pump", "drain", "ostomy", "feeding_tube", "urinary_catheter",
    "nephrostomy", "tracheostomy", "oxygen_tubing", "cardiac_monitor", "pca_pump",
)  # fmt: skip
LESIONS = (
    "open_wound", "moist_desquamation", "ulceration", "fungating_wound", "herpes_zoster_active",
    "weeping_rash",
)  # fmt: skip
LIMB_REGIONS = {
    "left_leg": ALIASES["left_leg"],
    "right_leg": ALIASES["right_leg"],
    "left_arm": ("left_arm", "left_hand"),
    "right_arm": ("right_arm", "right_hand"),
}
SPINE_AND_RIBS = (
    "upper_back_left", "upper_back_right", "lower_back_left", "lower_back_right",
    "chest_left", "chest_right",
)  # fmt: skip


class UnknownSiteToken(ValueError):
    pass


def parent(site: str) -> str:
    return site.partition(":")[0]


def covers(sites: Iterable[str], site: str) -> bool:
    """Whether ``sites`` (already resolved) covers ``site``."""
    sites = sites if isinstance(sites, set | frozenset) else set(sites)
    return site in sites or parent(site) in sites


def overlap(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two resolved site sets touch (a region touches its own sub-sites)."""
    a, b = set(a), set(b)
    return bool(a & b) or any(parent(s) in b for s in a) or any(parent(s) in a for s in b)


def _expand(tokens: Iterable[str]) -> set[str]:
    sites: set[str] = set()
    for token in tokens or ():
        if token in ALIASES:
            sites |= _expand(ALIASES[token])
        elif token in LIMB_REGIONS:
            sites |= set(LIMB_REGIONS[token])
        else:
            sites.add(token)
    return sites


class SiteResolver:
    """Resolves site tokens against one case's (normalized) facts and derived predicates."""

    def __init__(self, facts: dict, derived: dict):
        self.f = facts
        self.d = derived
        self._cache: dict[str, frozenset[str]] = {}

    def resolve(self, token: str) -> frozenset[str]:
        if token not in self._cache:
            self._cache[token] = frozenset(self._resolve(token))
        return self._cache[token]

    def resolve_all(self, tokens: Iterable[str]) -> frozenset[str]:
        result: set[str] = set()
        for token in tokens or ():
            result |= self.resolve(token)
        return frozenset(result)

    def _devices(self, *types: str) -> list[dict]:
        return [d for d in self.f["devices"] if d["type"] in types]

    def _skin(self, *conditions: str) -> set[str]:
        return _expand(
            r for s in self.f["skin"] if s["condition"] in conditions for r in s["regions"]
        )

    def _resolve(self, symbol: str) -> set[str]:  # one branch per kind of token
        f = self.f
        name, _, argument = symbol.partition(":")
        if symbol == "global":
            return set(ALL_SITES)
        if is_region_token(symbol) or symbol in LIMB_REGIONS:
            return _expand([symbol])
        if name in ("port_site", "cvc_site") and not argument:
            kind = "port" if name == "port_site" else "tunneled_cvc"
            sites = set()
            for device in self._devices(kind):
                sites |= _expand([device["region"]] if device["region"] else [])
                if device["side"] in ("left", "right"):
                    sites.add(f"neck_{device['side']}:catheter_track")
            return sites
        if symbol in ("picc_site", "picc_hand", "picc_arm"):
            part = {"picc_site": "{}_arm:upper", "picc_hand": "{}_hand", "picc_arm": "{}_arm"}
            return {
                part[symbol].format(d["side"])
                for d in self._devices("picc")
                if d["side"] in ("left", "right")
            }
        if name == "device_site" and argument:
            return _expand(d["region"] for d in self._devices(argument) if d["region"])
        if symbol == "line_device_sites":
            return _expand(d["region"] for d in self._devices(*LINE_DEVICES) if d["region"])
        if symbol == "accessed_port_shoulder_neck":
            return {
                site
                for d in self._devices("port", "tunneled_cvc")
                if d["accessed"] and d["side"] in ("left", "right")
                for site in (f"neck_{d['side']}", f"{d['side']}_arm:shoulder")
            }
        if name == "surgical_site":
            surgeries = [s for s in f["surgeries"] if not argument or s["id"] == argument]
            return _expand(r for s in surgeries for r in s["regions"])
        if symbol == "unhealed_surgical_site":
            sites = set()
            for s in f["surgeries"]:
                weeks = s["weeks_since"]
                if (
                    s["incision_healed"] is False
                    or s["drains"]
                    or (s["incision_healed"] is None and weeks is not None and weeks < 3)
                ):
                    sites |= _expand([*s["regions"], *s["flap_donor_regions"]])
            sites |= self.resolve("device_site:drain")
            return sites
        if symbol == "recent_surgical_site":
            return _expand(
                r
                for s in f["surgeries"]
                if s["weeks_since"] is not None and s["weeks_since"] < 6
                for r in s["regions"]
            )
        if symbol == "reconstructed_breast":
            return {
                f"chest_{s['side']}" if s["side"] != "bilateral" else site
                for s in f["surgeries"]
                if s["reconstruction"] in ("tissue_expander", "implant")
                for site in (("chest_left", "chest_right") if s["side"] == "bilateral" else ("",))
            } - {""}
        if symbol == "flap_donor_regions":
            return _expand(
                r for s in f["surgeries"] if s["incision_healed"] is not True
                for r in s["flap_donor_regions"]
            )  # fmt: skip
        if name == "radiation_field":
            return _expand(
                r
                for rt in f["radiation"]
                if rt["type"] == "external" and (not argument or rt["id"] == argument)
                for r in rt["field_regions"]
            )
        if symbol in ("acute_radiation_field", "late_radiation_field"):
            return _expand(
                r
                for rt in f["radiation"]
                if rt["type"] == "external" and _is_acute(rt) == (symbol == "acute_radiation_field")
                for r in rt["field_regions"]
            )
        if symbol == "implant_region":
            return _expand(r for rt in f["radiation"] for r in rt["implant_regions"])
        if symbol == "patch_site":
            patch = f["meds"]["transdermal_patch"]
            return _expand([patch["region"]] if patch and patch.get("region") else [])
        if symbol == "at_risk_regions":
            return _expand(self.d["at_risk_regions"])
        if symbol == "lymphedema_regions":
            return _expand(
                r for le in f["lymphedema"] if le["status"] == "diagnosed" for r in le["regions"]
            )
        if symbol == "neuropathy_regions":
            return _expand(f["neuropathy"]["regions"])
        if symbol in ("new_swelling_regions", "redness_warmth_regions"):
            return _expand(f["signs"][symbol])
        if symbol == "petechiae_or_bruise_regions":
            return _expand(f["signs"]["new_petechiae_regions"]) | self._skin(
                "petechiae", "bruising"
            )
        if symbol == "suspected_clot_limb":
            limbs = [f["signs"]["unilateral_limb_swelling_pain_warmth"]]
            limbs += [v["limb"] for v in f["vte"] if v["status"] == "suspected"]
            return _expand(limb for limb in limbs if limb)
        if symbol in ("dvt_limb", "remote_dvt_limb"):
            return _expand(v["limb"] for v in f["vte"] if v["limb"] and _dvt_kind(v) == symbol)
        if symbol == "tumor_site":
            t = f["tumor"]
            return _expand([*t["palpable_sites"], *t["enlarged_nodes"], *t["fungating"],
                            *t["organomegaly"]])  # fmt: skip
        if symbol == "bone_met_site":
            return {r for b in f["bone"]["metastases"] for r in BONE_SITES.get(b, ())}
        if symbol == "spine_and_ribs":
            return set(SPINE_AND_RIBS)
        if symbol == "unexplained_pain_site":
            return _expand(f["bone"]["unexplained_localized_pain_regions"])
        if symbol == "lesion_site":
            sites = self._skin(*LESIONS)
            for s in f["skin"]:
                stage_two = s["condition"] == "pressure_injury" and (s["grade"] or 0) >= 2
                if stage_two or s["fissures_or_blisters"]:
                    sites |= _expand(s["regions"])
            return sites
        if symbol == "pressure_injury_site":
            return self._skin("pressure_injury", "reddened_bony_prominence")
        if symbol == "hfs_site":
            return self._skin("hand_foot_syndrome")
        if symbol == "rash_site":
            return self._skin("acneiform_rash")
        if symbol == "paronychia_site":
            return self._skin("paronychia")
        raise UnknownSiteToken(symbol)


SYMBOLIC_TOKENS = (
    "global", "port_site", "cvc_site", "picc_site", "picc_hand", "picc_arm", "line_device_sites",
    "accessed_port_shoulder_neck", "surgical_site", "unhealed_surgical_site",
    "recent_surgical_site", "reconstructed_breast", "flap_donor_regions", "radiation_field",
    "acute_radiation_field", "late_radiation_field", "implant_region", "patch_site",
    "at_risk_regions", "lymphedema_regions", "neuropathy_regions", "new_swelling_regions",
    "redness_warmth_regions", "petechiae_or_bruise_regions", "suspected_clot_limb", "dvt_limb",
    "remote_dvt_limb", "tumor_site", "bone_met_site", "spine_and_ribs", "unexplained_pain_site",
    "lesion_site", "pressure_injury_site", "hfs_site", "rash_site", "paronychia_site",
)  # fmt: skip
PARAMETRISED_TOKENS = ("device_site", "surgical_site", "radiation_field")


def is_site_token(token: object) -> bool:
    """Whether ``token`` names sites (checked when rules and plans are loaded)."""
    if not isinstance(token, str):
        return False
    if is_region_token(token) or token in LIMB_REGIONS or token in SYMBOLIC_TOKENS:
        return True
    name, sep, argument = token.partition(":")
    return bool(sep and argument) and name in PARAMETRISED_TOKENS


def _is_acute(rt: dict) -> bool:
    days = rt["days_since_last"]
    return (
        rt["status"] == "ongoing"
        or (days is not None and days <= 28)
        or rt["skin_reaction"]
        in ("erythema", "dry_desquamation", "moist_desquamation", "ulceration")
    )


def _dvt_kind(v: dict) -> str | None:
    if v["type"] != "dvt":
        return None
    months = v["months_since_treatment_completed"]
    if v["status"] == "active_treatment" or (months is not None and months < 6):
        return "dvt_limb"
    if v["status"] == "resolved" and months is not None and months >= 6:
        return "remote_dvt_limb"
    return None
