"""The words of the case editor: every case fact (``facts.FACTS``) with its clinical label,
unit, allowed range and a short hint, and the editor panel each top-level fact sits in.

Pure data beside the fact schema, read by the admin's case editor (``quizzes.case_editor``)
to build its fields: the schema says what a value may be, this module what an author reads.
Paths are written as ``FACT_VALUES`` writes them: dotted, list items without their index
(``radiation.status``, ``meds.opioid.level``). A fact missing here is a gap the tests find
(``tests/integration/test_case_editor.py`` walks ``FACTS``), never a field left to YAML.

The allowed range of a number is the schema's own (``Spec.minimum``/``maximum``); the hints
add the range a clinician expects, so a value the engine finds implausible (a platelet count
typed in ×10⁹/L) is explained before it is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .body import is_region_token
from .facts import FACTS, Spec
from .vocabulary import FACT_TEXTS, FACT_VALUES, region_label


@dataclass(frozen=True)
class FactField:
    """One fact as the editor shows it. ``unit``: what a number counts; ``hint``: one plain
    sentence for the author; ``item``: for a list of records, what one record is called."""

    label: str
    hint: str = ""
    unit: str = ""
    item: str = ""


# The editor's panels, in order, and the top-level facts each holds (in the schema's order).
CLIENT, HISTORY, RADIATION, SURGERY, DEVICES, LABS, MEDS, SKIN, TODAY = (
    "Client and setting",
    "Diagnosis and treatment history",
    "Radiation",
    "Surgery and lymph nodes",
    "Devices",
    "Labs and vitals",
    "Medications",
    "Skin",
    "Symptoms and function",
)
PANELS: dict[str, tuple[str, ...]] = {
    CLIENT: (
        "service",
        "additional_services",
        "setting",
        "age",
        "sex",
        "request",
        "notes",
        "therapist",
        "admin",
    ),
    HISTORY: ("cancer", "chemo", "targeted", "immuno", "endocrine", "bone", "tumor", "vte"),
    RADIATION: ("radiation",),
    SURGERY: ("surgeries", "lymph_nodes", "lymphedema"),
    DEVICES: ("devices",),
    LABS: ("labs", "vitals"),
    MEDS: ("meds",),
    SKIN: ("skin",),
    TODAY: ("symptoms", "signs", "neuropathy", "function", "infection"),
}
PANEL_HELP: dict[str, str] = {
    CLIENT: "Who the client is, what they ask for and where you see them.",
    HISTORY: "The cancer, where it has spread, clots, and the treatments so far.",
    RADIATION: "One entry per course of radiation therapy, past or current.",
    SURGERY: "Operations, lymph node procedures and lymphedema.",
    DEVICES: "Ports, lines, drains, tubes and pumps the client has today.",
    LABS: "The latest blood counts and today's temperature.",
    MEDS: "Drugs that change how a session is planned.",
    SKIN: "Skin conditions you will see or work near, one entry per condition.",
    TODAY: "How the client is today: symptoms, warning signs, function and infection.",
}

_REGIONS_HINT = "Add one row per body region; a part of a region narrows it."
_AGENTS_HINT = "Drug names as the chart writes them, one per row."

FIELDS: dict[str, FactField] = {
    # Client and setting
    "service": FactField("Service booked", "The main service the client booked today."),
    "additional_services": FactField(
        "Other services today", "Any further service in the same visit."
    ),
    "setting": FactField("Setting", "Where the session takes place."),
    "age": FactField("Age", "The client's age in whole years.", "years"),
    "sex": FactField("Sex", "As the intake form records it."),
    "request": FactField("What the client asks for", "In the client's own words."),
    "notes": FactField("Notes", "Anything else from the intake, for the vignette."),
    "therapist": FactField("The therapist", "Who gives the session."),
    "therapist.is_clt": FactField(
        "Therapist is a certified lymphedema therapist (CLT)",
        "Only a CLT may do lymph drainage work on a limb with lymphedema.",
    ),
    "admin": FactField("Care arrangements", "Hospice, medical release, proxy and code status."),
    "admin.hospice_enrolled": FactField("Enrolled in hospice", "Under a hospice team's care."),
    "admin.md_release_on_file": FactField(
        "Medical release on file", "A signed note from the care team is already on file."
    ),
    "admin.proxy": FactField(
        "Health-care proxy", "Who consents for the client when they cannot, e.g. 'daughter'."
    ),
    "admin.code_status": FactField("Code status", "Whether resuscitation will be attempted."),
    # Diagnosis and treatment history
    "cancer": FactField("Cancer", "The diagnosis and its status today."),
    "cancer.type": FactField("Cancer type", "The primary cancer."),
    "cancer.status": FactField(
        "Cancer status", "Active, spread (metastatic), or no evidence of disease."
    ),
    "cancer.client_knows_sites": FactField(
        "Client knows where the cancer is",
        "Whether the client can say where tumours or spread are.",
    ),
    "cancer.unknown_primary": FactField(
        "Primary site unknown", "Cancer found in a spread site, its origin never found."
    ),
    "chemo": FactField("Chemotherapy", "Cytotoxic chemotherapy, current or past."),
    "chemo.status": FactField("Chemotherapy status", "None, ongoing, or completed."),
    "chemo.route": FactField("Route", "Through a vein (IV), by mouth, or both."),
    "chemo.myelosuppressive": FactField(
        "Lowers blood counts", "The regimen suppresses the bone marrow."
    ),
    "chemo.days_since_last_dose": FactField(
        "Days since the last dose",
        "Within 28 days the counts may still be low (blood counts recover in 3 to 4 weeks).",
        "days",
    ),
    "chemo.agents": FactField("Chemotherapy drugs", _AGENTS_HINT),
    "targeted": FactField("Targeted therapy", "Drugs aimed at a molecule of the cancer."),
    "targeted.status": FactField("Targeted therapy status", "None, ongoing, or completed."),
    "targeted.agents": FactField("Targeted drugs", _AGENTS_HINT),
    "targeted.classes": FactField(
        "Drug classes", "The classes decide skin effects (rash, hand-foot reactions)."
    ),
    "immuno": FactField("Immunotherapy", "Checkpoint inhibitors and similar."),
    "immuno.status": FactField("Immunotherapy status", "None, ongoing, or completed."),
    "immuno.agents": FactField("Immunotherapy drugs", _AGENTS_HINT),
    "endocrine": FactField("Hormone therapy", "Endocrine therapy such as tamoxifen or ADT."),
    "endocrine.status": FactField("Hormone therapy status", "None, ongoing, or completed."),
    "endocrine.agents": FactField("Hormone therapy drugs", _AGENTS_HINT),
    "bone": FactField("Bone", "Spread to bone, bone thinning and spinal warning signs."),
    "bone.metastases": FactField(
        "Bones with metastases", "Each bone imaging shows cancer in; pressure there can fracture."
    ),
    "bone.sites_known": FactField(
        "Bone sites known", "Whether imaging says where in the bones the cancer is."
    ),
    "bone.osteoporosis": FactField("Osteoporosis", "Thinned bones, diagnosed."),
    "bone.red_flags": FactField(
        "Spinal warning signs", "New signs that need same-day medical review."
    ),
    "bone.unexplained_localized_pain_regions": FactField(
        "Unexplained local pain", "Regions with new bone pain no one has explained yet."
    ),
    "tumor": FactField("Tumour", "Where tumour can be seen or felt."),
    "tumor.palpable_sites": FactField("Palpable tumour", _REGIONS_HINT),
    "tumor.enlarged_nodes": FactField("Enlarged lymph nodes", _REGIONS_HINT),
    "tumor.fungating": FactField("Fungating tumour", "Tumour broken through the skin."),
    "tumor.organomegaly": FactField("Enlarged organ", "An enlarged liver or spleen, by region."),
    "vte": FactField("Blood clots", "Deep vein thrombosis or pulmonary embolism.", item="clot"),
    "vte.type": FactField("Clot type", "In a deep vein (DVT) or in the lungs (PE)."),
    "vte.limb": FactField("Limb", "The limb with the clot."),
    "vte.status": FactField("Clot status", "Suspected, under treatment, or resolved."),
    "vte.months_since_treatment_completed": FactField(
        "Months since treatment ended", "For a resolved clot.", "months"
    ),
    # Radiation
    "radiation": FactField("Radiation courses", "Each course of radiation.", item="course"),
    "radiation.id": FactField(
        "Course name", "A short name the plan can cite, e.g. r1; unique in this case."
    ),
    "radiation.type": FactField(
        "Radiation type", "External beam, seed implant, temporary implant, or radioiodine."
    ),
    "radiation.field_regions": FactField(
        "Treated field", "The regions in the radiation field. " + _REGIONS_HINT
    ),
    "radiation.nodal_basins": FactField(
        "Lymph nodes irradiated",
        "Node groups inside the field; left unrecorded, the nodes of the field count.",
        item="node group",
    ),
    "radiation.nodal_basins.basin": FactField("Node group", "Which lymph node group."),
    "radiation.nodal_basins.side": FactField("Side", "Which side was irradiated."),
    "radiation.status": FactField(
        "Radiation status", "Ongoing, completed, or an implant still in place."
    ),
    "radiation.days_since_last": FactField(
        "Days since the last treatment", "The skin is most fragile in the first weeks.", "days"
    ),
    "radiation.skin_reaction": FactField(
        "Skin reaction", "The worst reaction in the field now (graded from redness to ulcer)."
    ),
    "radiation.implant_regions": FactField(
        "Implant regions", "Where seeds or a temporary source sit. " + _REGIONS_HINT
    ),
    # Surgery and lymph nodes
    "surgeries": FactField("Surgeries", "Each operation.", item="surgery"),
    "surgeries.id": FactField(
        "Surgery name", "A short name the plan can cite, e.g. s1; unique in this case."
    ),
    "surgeries.procedure": FactField(
        "Procedure", "Choose the usual procedure, or write it as the chart does."
    ),
    "surgeries.regions": FactField("Operated regions", _REGIONS_HINT),
    "surgeries.side": FactField("Side", "Which side was operated on."),
    "surgeries.weeks_since": FactField(
        "Weeks since surgery", "Under 6 weeks the tissues are still healing.", "weeks"
    ),
    "surgeries.incision_healed": FactField("Incision healed", "Closed, no scab or drainage."),
    "surgeries.drains": FactField("Drains in place", "Surgical drains still in."),
    "surgeries.reconstruction": FactField(
        "Breast reconstruction", "Expander, implant or tissue flap, if any."
    ),
    "surgeries.flap_donor_regions": FactField(
        "Flap donor regions", "Where flap tissue was taken from. " + _REGIONS_HINT
    ),
    "lymph_nodes": FactField(
        "Lymph node procedures", "Nodes removed or sampled.", item="node procedure"
    ),
    "lymph_nodes.basin": FactField("Node group", "Which lymph node group."),
    "lymph_nodes.side": FactField(
        "Side", "Which side: it decides which regions are at risk of lymphedema for life."
    ),
    "lymph_nodes.procedure": FactField(
        "Procedure", "Sentinel node biopsy, dissection, or one node excised."
    ),
    "lymph_nodes.count": FactField(
        "Nodes removed", "As the pathology report counts them.", "nodes"
    ),
    "lymphedema": FactField("Lymphedema", "Each limb or region with lymphedema.", item="record"),
    "lymphedema.regions": FactField("Affected regions", _REGIONS_HINT),
    "lymphedema.side": FactField("Side", "Which side is swollen."),
    "lymphedema.status": FactField("Lymphedema status", "Diagnosed, or suspected."),
    "lymphedema.clt_managed": FactField("Managed by a lymphedema therapist", "Under a CLT's care."),
    "lymphedema.compression_garment": FactField(
        "Wears a compression garment", "Sleeve, stocking or wrap."
    ),
    # Devices
    "devices": FactField("Devices", "Each device, line, drain or tube.", item="device"),
    "devices.type": FactField("Device", "What the device is."),
    "devices.region": FactField("Where it is", "The body region of the device."),
    "devices.side": FactField("Side", "Which side; a PICC must say which arm."),
    "devices.accessed": FactField("Accessed now", "A needle or line connected today."),
    "devices.placed_days_ago": FactField(
        "Days since placed", "A new device site is still healing.", "days"
    ),
    # Labs and vitals
    "labs": FactField("Blood counts", "From the latest report."),
    "labs.platelets_per_uL": FactField(
        "Platelets",
        "Per microlitre, e.g. 40,000 (normal 150,000 to 400,000); a report in ×10⁹/L "
        "(e.g. 40) is multiplied by 1,000.",
        "/µL",
    ),
    "labs.anc_per_uL": FactField(
        "Absolute neutrophil count (ANC)",
        "Per microlitre, e.g. 800 (normal 1,500 to 8,000); ×10⁹/L is multiplied by 1,000.",
        "/µL",
    ),
    "labs.hemoglobin_g_dL": FactField(
        "Haemoglobin", "In g/dL, e.g. 9.5 (normal 12 to 17); g/L is divided by 10.", "g/dL"
    ),
    "labs.days_since_drawn": FactField(
        "Days since the blood was drawn", "Counts older than a few days may have changed.", "days"
    ),
    "vitals": FactField("Vital signs", "Measured today."),
    "vitals.temp_c": FactField(
        "Temperature", "In °C (30 to 45); 38.0 °C or more is a fever.", "°C"
    ),
    # Medications
    "meds": FactField("Medications", "Drugs that change the plan."),
    "meds.anticoagulant": FactField(
        "Anticoagulant", "A blood thinner by name, e.g. apixaban; blank if none."
    ),
    "meds.anticoagulant_indication": FactField(
        "Why the anticoagulant", "Choose the usual reason, or write it as the chart does."
    ),
    "meds.antiplatelet": FactField("Antiplatelet", "E.g. aspirin or clopidogrel; blank if none."),
    "meds.prothrombotic": FactField(
        "Drugs that raise clot risk", "E.g. tamoxifen, lenalidomide; one per row."
    ),
    "meds.opioid": FactField("Opioids", "Strong pain medicine."),
    "meds.opioid.level": FactField("Opioid dose", "None, low, or high."),
    "meds.opioid.sedated": FactField("Sedated", "Drowsy from the opioid today."),
    "meds.steroid_long_term": FactField("Long-term steroids", "Thins skin and bone over months."),
    "meds.bone_loss_drugs": FactField(
        "Drugs that thin bone", "Aromatase inhibitors, androgen deprivation, steroids."
    ),
    "meds.gcsf_recent": FactField(
        "Recent G-CSF injection", "A white-cell booster (e.g. filgrastim) in the past days."
    ),
    "meds.photosensitizers": FactField(
        "Drugs that sensitise skin to light", "One per row; no UV or heat lamps."
    ),
    "meds.hfs_drugs": FactField(
        "Drugs causing hand-foot reactions", "E.g. capecitabine; one per row."
    ),
    "meds.oxaliplatin_days_since": FactField(
        "Days since oxaliplatin", "Cold sensitivity for days after a dose.", "days"
    ),
    "meds.transdermal_patch": FactField("Medication patch", "A patch worn on the skin."),
    "meds.transdermal_patch.drug": FactField("Patch drug", "E.g. fentanyl."),
    "meds.transdermal_patch.region": FactField(
        "Where the patch is", "No heat, pressure or product over a patch."
    ),
    # Skin
    "skin": FactField("Skin conditions", "Each skin condition.", item="condition"),
    "skin.condition": FactField("Condition", "What the skin shows."),
    "skin.regions": FactField("Where", _REGIONS_HINT),
    "skin.grade": FactField("Grade", "Severity grade 1 (mild) to 4 (life-threatening).", "grade"),
    "skin.fissures_or_blisters": FactField("Cracks or blisters", "Fissures or blisters present."),
    "skin.pustular_or_eroded": FactField(
        "Pustules or erosions", "Rash areas with pustules or raw patches."
    ),
    "skin.infected": FactField("Infected", "Pus, spreading redness or warmth."),
    "skin.crusted": FactField("All crusted over", "Every blister crusted (shingles)."),
    # Symptoms and function
    "symptoms": FactField("Symptoms today", "As the client reports them."),
    "symptoms.fatigue_0_10": FactField("Fatigue", "0 (none) to 10 (worst imaginable).", "/10"),
    "symptoms.nausea": FactField("Nausea", "Feels sick today."),
    "symptoms.vomiting": FactField("Vomiting", "Has vomited today."),
    "symptoms.pain_0_10": FactField("Pain", "0 (none) to 10 (worst imaginable).", "/10"),
    "symptoms.dyspnea": FactField("Breathlessness", "None, on exertion, or at rest."),
    "symptoms.orthopnea": FactField("Breathless lying flat", "Needs to be propped up."),
    "symptoms.dizziness": FactField("Dizziness", "Light-headed today."),
    "symptoms.bone_pain_gcsf": FactField(
        "Bone pain from G-CSF", "Aching bones after a white-cell booster."
    ),
    "signs": FactField("Warning signs", "New signs that may need medical review today."),
    "signs.unilateral_limb_swelling_pain_warmth": FactField(
        "One limb swollen, painful and warm", "Possible clot (DVT): which limb."
    ),
    "signs.sudden_dyspnea_or_chest_pain": FactField(
        "Sudden breathlessness or chest pain",
        "Possible clot in the lungs: call emergency services.",
    ),
    "signs.new_swelling_regions": FactField("New swelling", _REGIONS_HINT),
    "signs.redness_warmth_regions": FactField("Redness and warmth", _REGIONS_HINT),
    "signs.active_bleeding": FactField("Active bleeding", "Bleeding now, anywhere."),
    "signs.new_petechiae_regions": FactField("New pinpoint bleeding (petechiae)", _REGIONS_HINT),
    "neuropathy": FactField("Neuropathy", "Nerve damage, often from chemotherapy."),
    "neuropathy.regions": FactField("Where", _REGIONS_HINT),
    "neuropathy.sensory_loss": FactField("Numbness", "Reduced feeling: cannot report pressure."),
    "neuropathy.pain": FactField("Nerve pain", "Burning or shooting pain."),
    "neuropathy.allodynia": FactField("Pain from light touch", "Allodynia."),
    "function": FactField("Function", "Mobility, performance status and cognition."),
    "function.bed_bound": FactField("Bed-bound", "Cannot get out of bed."),
    "function.ecog": FactField(
        "ECOG performance status", "0 (fully active) to 4 (completely disabled).", "0–4"
    ),
    "function.immobile": FactField("Immobile", "Cannot change position unaided."),
    "function.cognition": FactField("Cognition", "Intact, or impaired (cannot give feedback)."),
    "function.actively_dying": FactField("Actively dying", "In the last hours or days of life."),
    "infection": FactField("Infection", "Isolation and infection today."),
    "infection.isolation": FactField("Isolation precautions", "As posted on the door."),
    "infection.active_systemic_infection": FactField(
        "Systemic infection now", "Fever, sepsis or an infection being treated."
    ),
    "infection.therapist_ill": FactField(
        "Therapist is ill", "The therapist has a cold, flu or other infection."
    ),
}

YES_NO = (("true", "Yes"), ("false", "No"))
NOT_RECORDED = "Not recorded"


def walk(spec: Spec = FACTS, path: str = ""):
    """Every fact of the schema as (path, spec), parents before children, list items by the
    list's path (``radiation.status``)."""
    for name, child in spec.fields.items():
        child_path = f"{path}.{name}" if path else name
        yield child_path, child
        if child.kind == "object":
            yield from walk(child, child_path)
        elif child.kind == "list" and child.item.kind == "object":
            yield from walk(child.item, child_path)


def field_of(path: str) -> FactField:
    """The words for a fact; ``path`` may carry list indexes (``radiation[1].status``)."""
    return FIELDS[re.sub(r"\[\d+\]", "", path)]


def range_text(spec: Spec) -> str:
    """The allowed range of a number, as the schema states it."""
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    if low is not None:
        return f"{low:g} or more"
    if high is not None:
        return f"at most {high:g}"
    return ""


def help_text(path: str, spec: Spec) -> str:
    """The hint under a field: the clinical hint, then the unit and the allowed range."""
    info = field_of(path)
    parts = [info.hint]
    if spec.kind in ("int", "number"):
        extent = range_text(spec)
        unit = f" ({info.unit})" if info.unit else ""
        if extent:
            parts.append(f"Allowed: {extent}{unit}.")
    return " ".join(part for part in parts if part)


def value_choices(path: str) -> list[tuple[str, str]]:
    """An enumerated fact's values with their words (``FACT_VALUES``), in schema order."""
    table = FACT_VALUES[re.sub(r"\[\d+\]", "", path)]
    spec = spec_of(path)
    values = spec.item.values if spec.kind == "list" else spec.values
    return [(value, _sentence(table[value].label)) for value in values]


def known_texts(path: str) -> list[tuple[str, str]]:
    """A free-text fact's usual values with their words (``FACT_TEXTS``), or none."""
    table = FACT_TEXTS.get(re.sub(r"\[\d+\]", "", path), {})
    return [(value, _sentence(t.label)) for value, t in table.items()]


def spec_of(path: str) -> Spec:
    spec = FACTS
    for name in re.sub(r"\[\d+\]", "", path).split("."):
        spec = spec.item if spec.kind == "list" else spec
        spec = spec.fields[name]
    return spec


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


_TOKEN = re.compile(r"'?\b[a-z]+(?:_[a-z0-9]+)+(?::[a-z_]+)?\b'?|'?\b[a-z_]+:[a-z_]+\b'?")


def in_words(message: str) -> str:
    """An engine message with the region tokens it quotes turned into their words
    (``chest_right`` -> "right chest"), so an author reads clinical words on the field."""

    def words(match: re.Match) -> str:
        token = match.group(0).strip("'")
        if is_region_token(token):
            try:
                return region_label(token)
            except KeyError:
                return match.group(0)
        return match.group(0)

    return _TOKEN.sub(words, message)
