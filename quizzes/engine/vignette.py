"""A readable clinical vignette from structured case facts.

Learners read cases as a therapist's intake notes, not as YAML. ``vignette`` turns facts
(already validated by ``facts.validate_facts``) into short sections of plain sentences. Facts
that are ``null`` are written as "not known", because unknown is never normal.

Every value is written in the words ``vocabulary`` holds for it (``fact_label``), never in its
token's spelling: ``in_place`` reads "implant in place", ``slnb`` "sentinel lymph node
biopsy". Free-text facts (agents, drug names, a proxy's name) are the author's words, shown as
written, except the procedure names and anticoagulant indications the registry knows.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import capitalised, fact_label, fact_text, lowered, region_label


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


def _regions(tokens) -> str:
    return _join([region_label(t) for t in tokens or []]) or "none"


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _known(value, fmt="{}") -> str:
    return "not known" if value is None else fmt.format(value)


def _per_uL(value) -> str:
    return "not known" if value is None else f"{value:,.0f}/µL"


def _days(value, unit="days") -> str:
    if value is None:
        return "an unknown number of " + unit
    return f"{value:g} {unit[:-1] if value == 1 else unit}"


def _value(path: str, value, unknown: str = "") -> str:
    """An enumerated fact in the registry's words; ``unknown`` when it is not given."""
    return unknown if value is None else fact_label(path, value)


def _values(path: str, values) -> str:
    return _join([fact_label(path, value) for value in values or []])


def _nodes(path: str, record: dict) -> str:
    """A node group and its side: "armpit (axillary) nodes (left)"."""
    side = _value(f"{path}.side", record.get("side"), "side not given")
    return f"{fact_label(f'{path}.basin', record['basin'])} nodes ({side})"


def _client(f: dict) -> list[str]:
    if not any(f.get(key) for key in ("age", "sex", "service", "request")):
        return []
    who = _value("sex", f.get("sex"), "client")
    age = f.get("age")
    lines = [f"{age}-year-old {who}." if age is not None else f"Adult {who}, age not given."]
    services = [f.get("service"), *(f.get("additional_services") or [])]
    wanted = _join([lowered(fact_label("additional_services", s)) for s in services if s])
    if wanted:
        where = _value("setting", f.get("setting"))
        lines.append(f"Requests: {wanted}" + (f", in {where}." if where else "."))
    if f.get("request"):
        lines.append(f"In their words: \u201c{f['request']}\u201d.")
    return lines


def _cancer(f: dict) -> list[str]:
    c = f.get("cancer") or {}
    if not c:
        return []
    status = _value("cancer.status", c.get("status"), "status not given")
    kind = _value("cancer.type", c.get("type"), "cancer")
    lines = [f"{capitalised(kind)}; {status}."]
    if c.get("client_knows_sites") is False:
        lines.append("The client does not know where the disease is.")
    if c.get("unknown_primary"):
        lines.append("Diagnosed cancer of unknown primary.")
    return lines


def _treatments(f: dict) -> list[str]:
    lines = []
    for s in f.get("surgeries") or []:
        healed = {True: "incision healed", False: "incision NOT healed", None: "healing not known"}
        procedure = s.get("procedure")
        parts = [
            "Surgery: "
            + (fact_text("surgeries.procedure", procedure) if procedure else "procedure not named"),
            f"{_days(s.get('weeks_since'), 'weeks')} ago",
            f"at the {_regions(s.get('regions'))}",
            healed[s.get("incision_healed")],
        ]
        if s.get("drains"):
            parts.append("drains in place")
        if s.get("reconstruction") not in (None, "none"):
            parts.append(
                f"reconstruction: {fact_label('surgeries.reconstruction', s['reconstruction'])}"
            )
        lines.append(", ".join(parts) + ".")
    for n in f.get("lymph_nodes") or []:
        number = f"{n['count']} " if n.get("count") is not None else ""
        which = _nodes("lymph_nodes", n) if n.get("basin") else "nodes, group not named"
        how = _value("lymph_nodes.procedure", n.get("procedure"), "an unnamed procedure")
        lines.append(f"Lymph nodes removed: {number}{which}, by {how}.")
    chemo = f.get("chemo") or {}
    if chemo.get("status") not in (None, "none"):
        agents = _join(chemo.get("agents") or [])
        when = f"last dose {_days(chemo.get('days_since_last_dose'))} ago"
        lines.append(
            f"Chemotherapy {fact_label('chemo.status', chemo['status'])}"
            + (f" ({fact_label('chemo.route', chemo['route'])})" if chemo.get("route") else "")
            + (f": {agents}" if agents else "")
            + f"; {when}."
        )
    for key, name in (
        ("targeted", "Targeted therapy"),
        ("immuno", "Immunotherapy"),
        ("endocrine", "Hormone (endocrine) therapy"),
    ):
        therapy = f.get(key) or {}
        if therapy.get("status") not in (None, "none"):
            agents = _join(therapy.get("agents") or [])
            status = fact_label(f"{key}.status", therapy["status"])
            lines.append(f"{name} {status}" + (f": {agents}." if agents else "."))
    for r in f.get("radiation") or []:
        kind = capitalised(_value("radiation.type", r.get("type"), "radiation"))
        status = _value("radiation.status", r.get("status"), "status not given")
        parts = [f"{kind} ({status})"]
        if r.get("field_regions"):
            parts.append(f"field: {_regions(r['field_regions'])}")
        basins = [
            _nodes("radiation.nodal_basins", b)
            for b in r.get("nodal_basins") or []
            if b.get("basin")
        ]
        if basins:
            parts.append(f"nodes treated: {_join(basins)}")
        if r.get("implant_regions"):
            parts.append(f"implant area: {_regions(r['implant_regions'])}")
        parts.append(f"last treatment {_days(r.get('days_since_last'))} ago")
        parts.append(
            f"skin: {_value('radiation.skin_reaction', r.get('skin_reaction'), 'not described')}"
        )
        lines.append(", ".join(parts) + ".")
    return lines


def _labs(f: dict) -> list[str]:
    lines = []
    labs = f.get("labs")
    if labs:
        lines.append(
            f"Platelets {_per_uL(labs.get('platelets_per_uL'))}; "
            f"neutrophils (ANC) {_per_uL(labs.get('anc_per_uL'))}; "
            f"hemoglobin {_known(labs.get('hemoglobin_g_dL'), '{:g} g/dL')}; "
            f"drawn {_days(labs.get('days_since_drawn'))} ago."
        )
    temp = (f.get("vitals") or {}).get("temp_c")
    if "vitals" in f:
        lines.append(f"Temperature {_known(temp, '{:.1f} °C')}.")
    return lines


def _medications(f: dict) -> list[str]:
    m = f.get("meds") or {}
    lines = []
    if m.get("anticoagulant"):
        indication = m.get("anticoagulant_indication")
        why = f" for {fact_text('meds.anticoagulant_indication', indication)}" if indication else ""
        lines.append(f"Anticoagulant: {m['anticoagulant']}{why}.")
    if m.get("antiplatelet"):
        lines.append(f"Antiplatelet: {m['antiplatelet']}.")
    opioid = m.get("opioid") or {}
    if opioid.get("level") not in (None, "none"):
        lines.append(
            f"Opioid pain medication, {fact_label('meds.opioid.level', opioid['level'])} dose"
            + ("; drowsy or sedated." if opioid.get("sedated") else ".")
        )
    lists = (
        ("prothrombotic", "Drugs that raise clot risk"),
        ("bone_loss_drugs", "Bone-thinning drugs"),
        ("photosensitizers", "Drugs that make skin sun-sensitive"),
        ("hfs_drugs", "Drugs that can cause hand-foot syndrome"),
    )
    for key, label in lists:
        if key == "bone_loss_drugs" and m.get(key):
            lines.append(f"{label}: {_values('meds.bone_loss_drugs', m[key])}.")
        elif m.get(key):
            lines.append(f"{label}: {_join(m[key])}.")
    if m.get("steroid_long_term"):
        lines.append("Long-term steroids.")
    if m.get("gcsf_recent"):
        lines.append("Growth-factor injection (G-CSF) in the past week.")
    if m.get("oxaliplatin_days_since") is not None:
        lines.append(f"Oxaliplatin {_days(m['oxaliplatin_days_since'])} ago.")
    patch = m.get("transdermal_patch")
    if patch:
        lines.append(
            f"Medication patch ({patch.get('drug') or 'drug not named'}) on the "
            f"{region_label(patch['region']) if patch.get('region') else 'body'}."
        )
    return lines


def _devices(f: dict) -> list[str]:
    """Ports, lines and other devices."""
    lines = []
    for d in f.get("devices") or []:
        parts = [capitalised(_value("devices.type", d.get("type"), "device"))]
        if d.get("region"):
            parts.append(f"at the {region_label(d['region'])}")
        if d.get("accessed"):
            parts.append("accessed (line connected)")
        if d.get("placed_days_ago") is not None:
            parts.append(f"placed {_days(d['placed_days_ago'])} ago")
        lines.append(", ".join(parts) + ".")
    return lines


def _clots(f: dict) -> list[str]:
    """Blood clots, past or present."""
    lines = []
    for v in f.get("vte") or []:
        status = _value("vte.status", v.get("status"), "status not known")
        where = f" in the {fact_label('vte.limb', v['limb'])}" if v.get("limb") else ""
        months = v.get("months_since_treatment_completed")
        after = f", treatment ended {months:g} months ago" if months is not None else ""
        kind = _value("vte.type", v.get("type"), "type not known")
        lines.append(f"Blood clot ({kind}){where}: {status}{after}.")
    return lines


def _signs(f: dict) -> list[str]:
    """New signs the therapist must not miss."""
    lines = []
    signs = f.get("signs") or {}
    if signs.get("unilateral_limb_swelling_pain_warmth"):
        limb = fact_label(
            "signs.unilateral_limb_swelling_pain_warmth",
            signs["unilateral_limb_swelling_pain_warmth"],
        )
        lines.append(f"New swelling, pain and warmth of the {limb}.")
    if signs.get("sudden_dyspnea_or_chest_pain"):
        lines.append("Sudden breathlessness or chest pain.")
    for key, label in (
        ("new_swelling_regions", "New swelling"),
        ("redness_warmth_regions", "Redness and warmth"),
        ("new_petechiae_regions", "New pinpoint bruises (petechiae)"),
    ):
        if signs.get(key):
            lines.append(f"{label}: {_regions(signs[key])}.")
    if signs.get("active_bleeding"):
        lines.append("Active bleeding (for example nosebleeds that will not stop).")
    return lines


def _lymphedema(f: dict) -> list[str]:
    """Lymphedema, where and how it is managed."""
    lines = []
    for le in f.get("lymphedema") or []:
        extras = []
        if le.get("clt_managed"):
            extras.append("managed by a certified lymphedema therapist")
        if le.get("compression_garment"):
            extras.append("wears a compression garment")
        lines.append(
            f"Lymphedema ({_value('lymphedema.status', le.get('status'), 'status not given')}) "
            f"of the {_regions(le.get('regions'))}" + (f"; {_join(extras)}." if extras else ".")
        )
    return lines


def _bone(f: dict) -> list[str]:
    """Bone metastases, osteoporosis and warning signs."""
    lines = []
    bone = f.get("bone") or {}
    if bone.get("metastases"):
        lines.append(f"Bone metastases: {_values('bone.metastases', bone['metastases'])}.")
    if bone.get("sites_known") is False:
        lines.append("Where the bone disease is, is not known.")
    if bone.get("osteoporosis"):
        lines.append("Osteoporosis.")
    if bone.get("red_flags"):
        lines.append(f"New warning signs: {_values('bone.red_flags', bone['red_flags'])}.")
    if bone.get("unexplained_localized_pain_regions"):
        lines.append(
            f"New unexplained pain: {_regions(bone['unexplained_localized_pain_regions'])}."
        )
    return lines


def _tumor(f: dict) -> list[str]:
    """What can be felt or seen of the tumour."""
    lines = []
    tumor = f.get("tumor") or {}
    tumor_labels = (
        ("palpable_sites", "Palpable tumor"),
        ("enlarged_nodes", "Enlarged nodes"),
        ("fungating", "Fungating wound"),
        ("organomegaly", "Enlarged organ"),
    )
    for key, label in tumor_labels:
        if tumor.get(key):
            lines.append(f"{label}: {_regions(tumor[key])}.")
    return lines


def _skin(f: dict) -> list[str]:
    """Skin conditions and where they are."""
    lines = []
    for s in f.get("skin") or []:
        grade = f", grade {s['grade']}" if s.get("grade") is not None else ""
        cracks = ", with cracks or blisters" if s.get("fissures_or_blisters") else ""
        lines.append(
            f"Skin: {_value('skin.condition', s.get('condition'), 'condition not named')} "
            f"at the {_regions(s.get('regions'))}{grade}{cracks}."
        )
    return lines


def _body(f: dict) -> list[str]:
    parts = (_devices, _clots, _signs, _lymphedema, _bone, _tumor, _skin)
    return [line for part in parts for line in part(f)]


def _symptoms(f: dict) -> list[str]:
    """Today's symptoms, in one sentence."""
    s = f.get("symptoms") or {}
    bits = []
    if s.get("fatigue_0_10") is not None:
        bits.append(f"fatigue {s['fatigue_0_10']:g}/10")
    if s.get("pain_0_10") is not None:
        bits.append(f"pain {s['pain_0_10']:g}/10")
    if s.get("nausea") or s.get("vomiting"):
        bits.append("nausea" + (" and vomiting" if s.get("vomiting") else ""))
    if s.get("dyspnea") not in (None, "none"):
        bits.append(f"breathless {fact_label('symptoms.dyspnea', s['dyspnea'])}")
    if s.get("orthopnea"):
        bits.append("breathless lying flat")
    if s.get("dizziness"):
        bits.append("dizzy")
    if s.get("bone_pain_gcsf"):
        bits.append("bone pain after growth-factor injections")
    return [capitalised(_join(bits)) + "."] if bits else []


def _neuropathy(f: dict) -> list[str]:
    """Where the neuropathy is, and what kind."""
    lines = []
    n = f.get("neuropathy") or {}
    if n.get("regions"):
        kinds = [
            k
            for k, on in (
                ("numbness", n.get("sensory_loss")),
                ("pain", n.get("pain")),
                ("touch-evoked pain", n.get("allodynia")),
            )
            if on
        ]
        lines.append(
            f"Neuropathy ({_join(kinds) or 'type not described'}) in the {_regions(n['regions'])}."
        )
    return lines


def _function(f: dict) -> list[str]:
    """Mobility, performance status, thinking."""
    lines = []
    fn = f.get("function") or {}
    if fn.get("bed_bound"):
        lines.append("Bed-bound.")
    if fn.get("immobile") and not fn.get("bed_bound"):
        lines.append("Largely immobile.")
    if fn.get("ecog") is not None:
        lines.append(f"Performance status (ECOG) {fn['ecog']}.")
    if fn.get("cognition") == "impaired":
        lines.append("Thinking and memory impaired.")
    if fn.get("actively_dying"):
        lines.append("Actively dying.")
    return lines


def _infection(f: dict) -> list[str]:
    """Isolation and infection, the client's or the therapist's."""
    lines = []
    inf = f.get("infection") or {}
    if inf.get("isolation") not in (None, "none"):
        lines.append(
            f"On {fact_label('infection.isolation', inf['isolation'])} isolation precautions."
        )
    if inf.get("active_systemic_infection"):
        lines.append("Has an active infection.")
    if inf.get("therapist_ill"):
        lines.append("The therapist is unwell today.")
    return lines


def _admin(f: dict) -> list[str]:
    """Hospice, care-team note, proxy, code status and the therapist's training."""
    lines = []
    adm = f.get("admin") or {}
    if adm.get("hospice_enrolled"):
        lines.append("Enrolled in hospice.")
    if adm.get("md_release_on_file"):
        lines.append("A care-team note confirming the plan is on file.")
    if adm.get("proxy"):
        lines.append(f"Health-care proxy: {adm['proxy']}.")
    if adm.get("code_status"):
        lines.append(f"Code status: {fact_label('admin.code_status', adm['code_status'])}.")
    if (f.get("therapist") or {}).get("is_clt"):
        lines.append("You are a certified lymphedema therapist.")
    return lines


def _how_they_are(f: dict) -> list[str]:
    parts = (_symptoms, _neuropathy, _function, _infection, _admin)
    return [line for part in parts for line in part(f)]


SECTIONS = (
    ("Client and request", _client),
    ("Diagnosis", _cancer),
    ("Treatment history", _treatments),
    ("Labs and vital signs", _labs),
    ("Medications", _medications),
    ("Devices, clots, lymphatics, bone and skin", _body),
    ("How they are today", _how_they_are),
)


def vignette(facts: dict) -> list[Section]:
    """Sections of plain sentences, in the order a therapist would read intake notes."""
    sections = []
    for heading, build in SECTIONS:
        lines = build(facts)
        if lines:
            sections.append(Section(heading, tuple(lines)))
    return sections
