"""Comparing two versions of a client case: the facts as learners read them and the expert
plan as the plan form shows it, in the admin's revision comparison (``quizzes.case_compare``).
"""

import re

import pytest
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from quizzes.case_compare import ExpertPlanComparison, FactsComparison, line_diff
from quizzes.forms import PlanForm, plan_form_data
from quizzes.models import Case
from tests.factories import CaseFactory

ANA = {"service": "massage", "age": 58, "sex": "F", "labs": {"platelets_per_uL": 40000}}
PLAN = {
    "max_pressure_global": 2,
    "md_release_required": True,
    "process": ["intake"],
    "infection_control": "standard",
    "joint_movement": "gentle_within_range",
}
TOKENS = re.compile(r"platelets_per_uL|max_pressure_global|md_release_required|\bintake\b")


def version(**changes) -> Case:
    """An unsaved case, as a revision's ``as_object()`` gives it."""
    return Case(**{"case_id": "V01", "title": "Ana", "facts": ANA, "expert_plan": PLAN, **changes})


# -- the rows, on their own ------------------------------------------------------------------


def test_a_changed_fact_is_the_changed_words_of_the_vignette_line():
    after = {**ANA, "labs": {"platelets_per_uL": 20000}}
    row = FactsComparison(version(), version(facts=after))
    assert row.has_changed()
    html = str(row.htmldiff())
    assert "<dt>Labs and vital signs</dt>" in html
    assert '<span class="deletion">40</span>' in html
    assert '<span class="addition">20</span>' in html
    assert "Client and request" not in html  # a section that did not change is left out
    assert not TOKENS.search(html)


def test_same_facts_are_no_change():
    assert not FactsComparison(version(), version(title="Ana, revised")).has_changed()


def test_a_fact_added_shows_its_section_added():
    after = {**ANA, "meds": {"anticoagulant": "apixaban"}}
    html = str(FactsComparison(version(), version(facts=after)).htmldiff())
    assert "<dt>Medications</dt>" in html
    assert re.search(r'<span class="addition">[^<]*apixaban', html, re.IGNORECASE)


def test_the_expert_plan_is_compared_in_the_plan_forms_words():
    row = ExpertPlanComparison(version(), version(expert_plan={**PLAN, "max_pressure_global": 1}))
    assert row.has_changed()
    html = str(row.htmldiff())
    pressure = PlanForm(sections=["pressure"]).fields["max_pressure_global"].label
    assert f"<dt>{pressure}</dt>" in html
    assert re.search(r'<span class="addition">1: [^<]*', html)
    assert "Intake" not in html  # an answer that did not change is left out
    assert not TOKENS.search(html)
    assert "does not show" not in html


def test_an_added_answer_is_marked_in_its_words():
    after = {**PLAN, "process": ["intake", "informed_consent"]}
    html = str(ExpertPlanComparison(version(), version(expert_plan=after)).htmldiff())
    consent = PlanForm(sections=["process"]).fields["process"]
    words = dict(consent.choices)["informed_consent"]
    assert f'<span class="addition">, {words}</span>' in html
    assert "informed_consent" not in html


def test_a_plan_change_the_form_cannot_show_is_said_rather_than_hidden():
    after = {**PLAN, "excluded_techniques": ["deep_tissue"]}
    row = ExpertPlanComparison(version(), version(expert_plan=after))
    assert row.has_changed()
    assert "parts of the stored plan the plan form does not show: excluded_techniques" in str(
        row.htmldiff()
    )


def test_the_plan_form_writes_exactly_the_parts_it_shows():
    """``PLAN_KEYS`` names exactly the parts ``to_plan`` writes with every section asked."""
    data = MultiValueDict(plan_form_data(PLAN, "plan"))
    form = PlanForm(data=data, sections=list(PlanForm.SECTION_FIELDS), prefix="plan")
    assert form.is_valid(), form.errors
    # every part but the session length, which this plan leaves blank
    assert set(form.to_plan()) | {"max_duration_min"} == PlanForm.PLAN_KEYS


DELETED_40, ADDED_20 = '<span class="deletion">40</span>', '<span class="addition">20</span>'


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (["a b", "c"], ["a b", "c"], ["a b", "c"]),
        (["take 40"], ["take 20"], [f"take {DELETED_40}{ADDED_20}"]),
        (["one"], [], ['<span class="deletion">one</span>']),
        ([], ["<b>two</b>"], ['<span class="addition">&lt;b&gt;two&lt;/b&gt;</span>']),
    ],
    ids=["kept", "rewritten", "removed", "added-and-escaped"],
)
def test_line_diff(old, new, expected):
    assert [str(line) for line in line_diff(old, new)] == expected


# -- in the admin's comparison of two revisions ----------------------------------------------


@pytest.mark.django_db
def test_the_revision_comparison_of_a_case_shows_its_facts_and_expert_plan(admin_client):
    case = CaseFactory(case_id="R01", facts=ANA)
    case.expert_plan = PLAN
    first = case.save_revision()
    case.facts = {**ANA, "labs": {"platelets_per_uL": 20000}}
    case.clean()
    case.expert_plan = {**PLAN, "max_pressure_global": 1}
    second = case.save_revision()
    url = reverse(
        "wagtailsnippets_quizzes_case:revisions_compare", args=[case.pk, first.pk, second.pk]
    )
    html = admin_client.get(url).content.decode()
    assert "Facts, as learners read them" in html
    assert "Expert plan" in html
    assert '<span class="addition">20</span>' in html
    assert re.search(r'<span class="addition">1: [^<]*', html)
    assert not TOKENS.search(html.split("<main", 1)[-1])
