"""The case editor in the admin: a client case is created and edited as labelled fields built
from the engine's fact schema (no YAML), the engine's messages land on the field they
concern, the preview shows the vignette and the rules the facts trigger, and the expert plan
is written with the learner's plan form, saved as a draft and published only when safe.

Every case here goes through the admin's own views with the Django test client; the posted
data is what the editor's widgets send (``post_data`` walks the editor's blocks).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from wagtail import blocks

from cms.importer.run import content_import
from quizzes.case_editor import (
    FIELD_PANEL,
    PANEL_BLOCKS,
    PART_CHOICES,
    REGION_CHOICES,
    facts_from,
    field_name,
    keep_layout,
    panel_values,
)
from quizzes.engine.body import ALIASES, ALL_SITES, SUBSITES
from quizzes.engine.case_fields import FIELDS, PANELS, walk
from quizzes.engine.facts import normalize_facts
from quizzes.engine.vignette import vignette
from quizzes.engine.vocabulary import capitalised, fact_label, region_label
from quizzes.forms import plan_form_data
from quizzes.models import Case
from tests.factories import (
    AdaptationRuleFactory,
    CaseFactory,
    InstructorFactory,
    LearnerFactory,
    ReviewerFactory,
)
from tests.integration.test_import_content import content  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
CASES = sorted((Path(__file__).resolve().parents[2] / "content" / "cases").glob("*.yaml"))


def url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_quizzes_case:{name}", args=args)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_data(block: blocks.Block, value, prefix: str) -> dict:
    """What the editor's widget posts for ``value`` of ``block`` under ``prefix``."""
    if isinstance(block, blocks.StructBlock):
        data = {}
        for name, child in block.child_blocks.items():
            data.update(post_data(child, value.get(name), f"{prefix}-{name}"))
        return data
    if isinstance(block, blocks.ListBlock):
        items = list(value or [])
        data = {f"{prefix}-count": str(len(items))}
        for index, item in enumerate(items):
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data[f"{prefix}-{index}-id"] = ""
            data.update(post_data(block.child_block, item, f"{prefix}-{index}-value"))
        return data
    if isinstance(block, blocks.MultipleChoiceBlock):
        return {prefix: list(value or [])}
    return {prefix: "" if value is None else str(value)}


def case_form(facts: dict, **fields) -> dict:
    """The whole case form as the editor posts it, for these facts."""
    data = {"case_id": "E01", "title": "Ana, 58", "intro": "", "module_slug": ""}
    for name, value in panel_values(facts).items():
        data.update(post_data(PANEL_BLOCKS[FIELD_PANEL[name]], value, name))
    return {**data, **fields}


def block_errors(response, panel: str):
    """The error a panel's widget renders (Wagtail's block widget passes it as JSON)."""
    page = response.content.decode()
    found = re.search(
        rf'<div id="{field_name(panel)}"[^>]*data-w-block-arguments-value="([^"]*)"', page
    )
    assert found, f"no widget for {panel}"
    return json.loads(html.unescape(found.group(1)))[1]


ANA = {
    "service": "massage",
    "setting": "outpatient_clinic",
    "age": 58,
    "sex": "F",
    "cancer": {"type": "breast", "status": "active"},
    "chemo": {"status": "ongoing", "route": "iv", "days_since_last_dose": 9},
    "labs": {"platelets_per_uL": 40000, "hemoglobin_g_dL": 10.5},
    "radiation": [
        {
            "id": "r1",
            "type": "external",
            "field_regions": ["chest_left", "axilla_left"],
            "nodal_basins": [{"basin": "axillary", "side": "left"}],
            "status": "completed",
            "days_since_last": 60,
        }
    ],
    "surgeries": [
        {"id": "s1", "procedure": "left_mastectomy_alnd", "regions": ["chest_left"], "side": "left"}
    ],
    "devices": [{"type": "port", "region": "chest_right", "side": "right", "accessed": False}],
    "skin": [{"condition": "reddened_bony_prominence", "regions": ["left_foot:heel"]}],
    "meds": {"anticoagulant": "apixaban", "opioid": {"level": "low", "sedated": False}},
}


@pytest.fixture
def instructor_client():
    return client_of(InstructorFactory())


@pytest.fixture
def platelet_rule():
    return AdaptationRuleFactory(
        rule_id="heme-plt-test",
        title="Platelets below 50,000/µL: gentle pressure",
        rationale="Low platelets make bruising and bleeding more likely.",
    )


# -- the editor covers the whole schema -----------------------------------------------------


def _help(block) -> str:
    field = getattr(block, "field", None)
    return str(field.help_text if field is not None else block.meta.help_text)


def _child(block, name):
    if isinstance(block, blocks.ListBlock):
        block = block.child_block
    return block.child_blocks[name]


def test_every_fact_of_the_schema_has_an_editor_field_with_its_clinical_words():
    top_level = {name: panel for panel, names in PANELS.items() for name in names}
    for path, spec in walk():
        info = FIELDS.get(path)
        assert info is not None, f"{path}: no words for the editor"
        assert info.label, f"{path}: no label"
        assert info.hint, f"{path}: no hint"
        names = path.split(".")
        block = PANEL_BLOCKS[top_level[names[0]]]
        for name in names:
            block = _child(block, name)  # KeyError: the fact has no field in the editor
        assert block.label == info.label, path
        assert info.hint in _help(block), path
        if spec.kind in ("int", "number"):
            assert block.field.min_value == spec.minimum, path
            assert block.field.max_value == spec.maximum, path
            assert ("Allowed" in _help(block)) == (spec.minimum is not None), path
        choices = []
        if spec.kind == "enum" or (spec.kind == "list" and spec.item.kind == "enum"):
            choices = [(v, words) for v, words in block.field.choices if v]
            values = spec.values or spec.item.values
            assert [v for v, _ in choices] == list(values), path
        for value, words in choices:  # selects read the vocabulary's words, never a token
            assert words == capitalised(fact_label(path, value)), (path, value)


def test_every_body_region_and_part_of_the_vocabulary_is_offered_by_its_words():
    offered = {token: words for _, items in REGION_CHOICES for token, words in items}
    assert set(offered) == {*ALL_SITES, *ALIASES}
    assert all(words == capitalised(region_label(token)) for token, words in offered.items())
    assert {token for token, _ in PART_CHOICES if token} == set(SUBSITES)


# -- create and validate through the admin ----------------------------------------------------


def test_an_instructor_creates_a_case_in_the_editor_without_yaml(instructor_client):
    response = instructor_client.get(url("add"))
    assert response.status_code == 200
    page = response.content.decode()
    for panel in PANELS:
        assert f'id="{field_name(panel)}"' in page
    assert 'name="facts"' not in page  # no YAML textarea left

    response = instructor_client.post(url("add"), case_form(ANA))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(case_id="E01")
    assert case.facts == ANA
    assert not case.live  # a draft until clinical review approves it
    assert case.vignette
    assert any("40,000" in line for s in case.vignette for line in s["lines"])


def test_the_engines_messages_land_on_the_field_they_concern_and_nothing_is_saved(
    instructor_client,
):
    second = {
        "id": "r2",
        "type": "external",
        "field_regions": [],
        "nodal_basins": [{"basin": "axillary"}],  # no side, and none to read from the field
        "status": "ongoing",
    }
    facts = {**ANA, "labs": {"platelets_per_uL": 40}, "radiation": [ANA["radiation"][0], second]}
    response = instructor_client.post(url("add"), case_form(facts))
    assert response.status_code == 200
    assert not Case.objects.filter(case_id="E01").exists()

    labs = block_errors(response, "Labs and vitals")
    message = labs["blockErrors"]["labs"]["blockErrors"]["platelets_per_uL"]["messages"][0]
    assert "is not a count per µL" in message
    assert "40,000/µL" in message

    radiation = block_errors(response, "Radiation")["blockErrors"]["radiation"]["blockErrors"]
    assert set(radiation) == {"1"}  # the second course, not the first
    side = radiation["1"]["blockErrors"]["nodal_basins"]["blockErrors"]["0"]["blockErrors"]
    assert "say which side" in side["side"]["messages"][0].lower()
    assert block_errors(response, "Client and setting") is None


def test_a_contradiction_is_reported_in_clinical_words_not_tokens(instructor_client):
    facts = {**ANA, "surgeries": [{"id": "s1", "regions": ["chest_right"], "side": "left"}]}
    response = instructor_client.post(url("add"), case_form(facts))
    surgery = block_errors(response, "Surgery and lymph nodes")["blockErrors"]["surgeries"]
    message = surgery["blockErrors"]["0"]["blockErrors"]["side"]["messages"][0]
    assert "right chest" in message
    assert "chest_right" not in message


def test_a_partial_post_is_refused_on_the_form_not_a_server_error(instructor_client):
    data = case_form(ANA)
    del data[f"{field_name('Radiation')}-radiation-0-order"]
    response = instructor_client.post(url("add"), data)
    assert response.status_code == 200
    assert not Case.objects.filter(case_id="E01").exists()


# -- round trip of the shipped cases ---------------------------------------------------------


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_shipped_case_shows_every_value_and_saves_unchanged(path):
    facts = yaml.safe_load(path.read_text())["facts"]
    shown = facts_from(panel_values(facts))  # what the editor shows, read back
    assert normalize_facts(shown) == normalize_facts(facts)  # every value is in a field
    assert vignette(shown) == vignette(facts)
    assert keep_layout(shown, facts) == facts  # and saving unchanged stores the same dict


def test_shipped_cases_saved_unchanged_through_the_admin_keep_their_facts(
    shipped_content, admin_client
):
    cases = Case.objects.filter(case_id__in=[p.stem for p in CASES])
    assert cases.count() == len(CASES) == 16
    for case in cases:
        before = case.facts
        assert admin_client.get(url("edit", case.pk)).status_code == 200
        data = case_form(before, case_id=case.case_id, title=case.title, intro=case.intro)
        data["module_slug"] = case.module_slug
        response = admin_client.post(url("edit", case.pk), data)
        assert response.status_code == 302, case.case_id
        case.refresh_from_db()
        assert case.get_latest_revision_as_object().facts == before, case.case_id
        plan = admin_client.get(url("expert_plan", case.pk))
        assert plan.status_code == 200, case.case_id
        if case.expert_plan:  # N01-N06: the stored expert plan opens filled in, grades safe,
            assert 'data-expert-verdict="safe"' in plan.content.decode(), case.case_id
            # and saved back through the learner's form (which has no control for some parts,
            # e.g. excluded techniques) it still grades safe
            data = plan_form_data(case.expert_plan, "plan")
            assert admin_client.post(url("expert_plan", case.pk), data).status_code == 302
            draft = Case.objects.get(pk=case.pk).get_latest_revision_as_object()
            assert draft.expert_plan_grade().verdict == "safe", case.case_id
            assert draft.facts == before


# -- preview: vignette and triggered rules ----------------------------------------------------


def test_the_preview_shows_the_vignette_and_the_rules_the_facts_trigger(
    instructor_client, platelet_rule
):
    case = CaseFactory(case_id="E01")
    preview = url("preview_on_edit", case.pk)
    data = case_form(ANA, intro="Ana comes between chemotherapy cycles.")
    assert instructor_client.post(preview, data).json()["is_valid"]
    page = instructor_client.get(preview).content.decode()
    assert "Ana comes between chemotherapy cycles." in page
    assert "40,000" in page  # the vignette, from the facts being edited
    assert platelet_rule.title in page
    assert platelet_rule.rationale in page

    case.facts = ANA
    case.clean()
    case.save()
    edit = instructor_client.get(url("edit", case.pk)).content.decode()
    assert platelet_rule.title in html.unescape(edit)  # the edit screen's panel, saved facts
    lines = [line for section in case.vignette for line in section["lines"]]
    assert all(line in html.unescape(edit) for line in lines)  # and the saved vignette
    assert "Write the expert plan" in edit


# -- the expert plan ------------------------------------------------------------------------

SAFE_PLAN = {
    "max_pressure_global": 2,
    "md_release_required": True,
    "process": ["intake"],
    "infection_control": "standard",
    "joint_movement": "gentle_within_range",
}


def test_the_expert_plan_is_saved_as_a_draft_revision_with_the_learners_plan_form(
    instructor_client, platelet_rule
):
    case = CaseFactory(case_id="E01", facts=ANA)
    case.save_revision().publish()
    case.refresh_from_db()
    edit = instructor_client.get(url("edit", case.pk)).content.decode()
    assert url("expert_plan", case.pk) in edit  # reachable from the edit screen
    listing = instructor_client.get(url("list")).content.decode()
    assert url("expert_plan", case.pk) in listing  # and from the list

    page = instructor_client.get(url("expert_plan", case.pk))
    assert page.status_code == 200
    assert platelet_rule.title in page.content.decode()  # the rules it triggers

    data = dict(plan_form_data(SAFE_PLAN, "plan").items())
    response = instructor_client.post(url("expert_plan", case.pk), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.expert_plan == {}  # the live row is unchanged until review approves
    assert case.has_unpublished_changes
    draft = case.get_latest_revision_as_object()
    assert draft.expert_plan["max_pressure_global"] == 2
    assert draft.expert_plan["md_release_required"] is True
    assert draft.expert_plan_grade().verdict == "safe"
    shown = instructor_client.get(url("expert_plan", case.pk)).content.decode()
    assert 'data-expert-verdict="safe"' in shown
    edit = instructor_client.get(url("edit", case.pk)).content.decode()
    assert 'data-expert-verdict="safe"' in edit  # the edit screen reads the draft's plan


def test_an_unsafe_expert_plan_is_refused_at_publish_with_the_engines_feedback(
    admin_client, platelet_rule
):
    case = CaseFactory(case_id="E01", facts=ANA, live=False)
    case.expert_plan = {**SAFE_PLAN, "max_pressure_global": 4}
    case.save_revision()
    response = admin_client.post(url("edit", case.pk), case_form(ANA, **{"action-publish": "1"}))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "graded unsafe" in page
    assert "Low platelets make bruising and bleeding more likely." in page
    case.refresh_from_db()
    assert not case.live

    case.expert_plan = SAFE_PLAN
    case.save_revision()
    response = admin_client.post(url("edit", case.pk), case_form(ANA, **{"action-publish": "1"}))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.live
    assert case.expert_plan == SAFE_PLAN


def test_a_reviewer_cannot_approve_an_unsafe_expert_plan_from_the_edit_screen(
    instructor_client, platelet_rule
):
    case = CaseFactory(case_id="E01", facts=ANA, live=False)
    case.expert_plan = SAFE_PLAN
    case.save_revision()
    submit = case_form(ANA, **{"action-submit": "1"})
    assert instructor_client.post(url("edit", case.pk), submit).status_code == 302
    case.refresh_from_db()
    assert case.workflow_in_progress
    # in review the case is locked for its author; the reviewers, who may edit it, cannot
    # save an unsafe plan either (approval publishes the latest revision, whichever screen
    # made it)
    unsafe = plan_form_data({**SAFE_PLAN, "max_pressure_global": 4}, "plan")
    response = instructor_client.post(url("expert_plan", case.pk), unsafe)
    assert "Nothing was saved" in html.unescape(response.content.decode())
    reviewer = client_of(ReviewerFactory())
    response = reviewer.post(url("expert_plan", case.pk), unsafe)
    assert response.status_code == 200
    assert "The case is in clinical review" in html.unescape(response.content.decode())
    assert case.get_latest_revision_as_object().expert_plan == SAFE_PLAN
    draft = case.get_latest_revision_as_object()
    draft.expert_plan = {**SAFE_PLAN, "max_pressure_global": 4}
    draft.save_revision()

    approve = case_form(ANA, **{"action-workflow-action": "1", "workflow-action-name": "approve"})
    response = reviewer.post(url("edit", case.pk), approve)
    assert response.status_code == 200
    assert "graded unsafe" in html.unescape(response.content.decode())
    case.refresh_from_db()
    assert not case.live


def test_an_admin_made_case_needs_an_expert_plan_but_a_specification_case_does_not(
    admin_client, instructor_client
):
    case = CaseFactory(case_id="E01", facts=ANA, live=False)
    response = instructor_client.post(
        url("edit", case.pk), case_form(ANA, **{"action-submit": "1"})
    )
    assert response.status_code == 200
    assert "Write the expert plan" in response.content.decode()
    case.refresh_from_db()
    assert not case.workflow_in_progress

    spec_case = CaseFactory(case_id="C99", facts=ANA, live=False, expected={"must": {}})
    data = case_form(ANA, case_id="C99", **{"action-publish": "1"})
    assert admin_client.post(url("edit", spec_case.pk), data).status_code == 302
    spec_case.refresh_from_db()
    assert spec_case.live


# -- permissions --------------------------------------------------------------------------------


def test_instructors_edit_cases_and_learners_are_refused():
    case = CaseFactory(case_id="E01", facts=ANA)
    instructor, learner = client_of(InstructorFactory()), client_of(LearnerFactory())
    expert_plan = url("expert_plan", case.pk)
    assert client_of(ReviewerFactory()).get(expert_plan).status_code == 200  # reviewers read it
    assert Client().get(expert_plan).status_code == 302  # to the log-in page
    for name, args in (("add", ()), ("edit", (case.pk,)), ("expert_plan", (case.pk,))):
        assert instructor.get(url(name, *args)).status_code == 200, name
        response = learner.get(url(name, *args))
        assert response.status_code == 403, name
        assert learner.post(url(name, *args), case_form(ANA)).status_code == 403, name
    data = plan_form_data(SAFE_PLAN, "plan")
    learner.post(url("expert_plan", case.pk), data)
    case.refresh_from_db()
    assert case.latest_revision is None or case.get_latest_revision_as_object().expert_plan == {}


# -- the importer still tells an admin's edit from its own ----------------------------------


def test_a_case_edited_in_the_editor_is_kept_by_the_importer_and_stays_a_structure(
    content,  # noqa: F811 (a fixture)
    admin_client,
):
    """What ``test_import_content`` checked with a YAML post, through the editor's fields."""
    content_import(root=content)
    case = Case.objects.get(case_id="T01")
    page = html.unescape(admin_client.get(url("edit", case.pk)).content.decode())
    assert "platelets_per_uL: " not in page  # no YAML in the form
    facts = {**case.facts, "labs": {"platelets_per_uL": 90000}}
    data = case_form(facts, case_id="T01", title="Edited", intro=case.intro)
    data.update({"module_slug": case.module_slug, "action-publish": "action-publish"})
    assert admin_client.post(url("edit", case.pk), data).status_code == 302
    case.refresh_from_db()
    assert case.facts["labs"] == {"platelets_per_uL": 90000}

    report = content_import(root=content)
    kept = [what for action, what in report.actions if action == "kept"]
    assert kept == [
        "case T01: edited in the admin since the last import (use --force to overwrite)"
    ]
    assert Case.objects.get(case_id="T01").title == "Edited"
