"""Case variants in the library (``quizzes.variants``, ``quizzes.variant_views``): made as
drafts that clinical review approves, each with the rules it triggers and a plan that grades
safe; drawn by a quiz only once approved; replayed exactly from the seed the attempt keeps."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.services import enrolment_create
from quizzes.engine.grader import grade
from quizzes.engine.variants import VariantError
from quizzes.grading import rule_set
from quizzes.models import Case
from quizzes.services import attempt_start, attempt_submit
from quizzes.variants import replayed_facts, variants_create
from tests.factories import (
    AdaptationRuleFactory,
    CaseFactory,
    CaseQuestionFactory,
    InstructorFactory,
    LearnerFactory,
    QuizPageFactory,
    ReviewerFactory,
)

pytestmark = pytest.mark.django_db

FACTS = {
    "service": "massage",
    "age": 58,
    "sex": "F",
    "labs": {"platelets_per_uL": 40000},
    "chemo": {"status": "ongoing", "days_since_last_dose": 5},
    "lymph_nodes": [{"basin": "axillary", "side": "left", "procedure": "dissection", "count": 12}],
}


@pytest.fixture
def rules():
    AdaptationRuleFactory(
        rule_id="heme-test",
        title="Platelets below 50,000/µL",
        when="labs.platelets_per_uL < 50000",
        rationale="Low platelets make bruising and bleeding more likely.",
    )


@pytest.fixture
def case(rules):
    return CaseFactory(case_id="V01", title="Ana, 58, between cycles", facts=FACTS)


@pytest.fixture
def instructor():
    return InstructorFactory()


def visible(html: str) -> str:
    """The text of a page as read, without its markup (field names and ids are not read)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_variants_are_drafts_in_review_with_their_rules_and_a_plan_that_grades_safe(
    case, instructor
):
    reviewer = ReviewerFactory(email="rhea@example.org")
    mail.outbox.clear()
    made = variants_create(
        case=case, choices={"platelets": (20_000, 90_000), "side": None}, count=3, user=instructor
    )
    assert [v.case_id for v in made] == ["V01-v1", "V01-v2", "V01-v3"]
    for row in made:
        assert row.live is False  # not for learners until clinical review approves it
        assert row.current_workflow_state.workflow.name == "Clinical review"
        assert row.current_workflow_state.requested_by == instructor
        assert row.latest_revision is not None
        assert row.latest_revision.user == instructor
        assert row.variant_of == case
        assert row.variant_seed is not None
        assert row.vignette  # made from the variant's own facts
        report = grade(row.facts, {}, rule_set())
        assert row.expected["triggered_rules"] == report.triggered_rules
        assert ("heme-test" in report.triggered_rules) == (
            row.facts["labs"]["platelets_per_uL"] < 50_000
        )
        assert grade(row.facts, row.expert_plan, rule_set()).verdict == "safe"
        assert replayed_facts(case, row.variant_seed, row.variant_choices) == row.facts
    told = [m.subject for m in mail.outbox if reviewer.email in m.to]
    assert len(told) == 3
    assert all(s.startswith("Clinical review:") for s in told)


def test_making_more_variants_continues_the_numbering_and_never_repeats_one(case, instructor):
    first = variants_create(case=case, choices={"side": None}, count=3, user=instructor)
    again = variants_create(case=case, choices={"side": None}, count=3, user=instructor)
    assert len(first) == 1
    assert again == []
    more = variants_create(
        case=case, choices={"days_since_chemo": (0, 21)}, count=2, user=instructor
    )
    assert [v.case_id for v in more] == ["V01-v2", "V01-v3"]
    assert len({str(v.facts) for v in Case.objects.filter(variant_of=case)}) == 3


@pytest.mark.parametrize(
    ("choices", "count", "axis"),
    [({"platelets": (90_000, 20_000)}, 2, "platelets"), ({"side": None}, 11, "count")],
)
def test_choices_that_cannot_make_variants_save_nothing(case, instructor, choices, count, axis):
    with pytest.raises(VariantError) as refused:
        variants_create(case=case, choices=choices, count=count, user=instructor)
    assert refused.value.errors[0][0] == axis
    assert Case.objects.count() == 1


def test_a_variant_has_no_variants_of_its_own(case, instructor):
    variant = variants_create(case=case, choices={"side": None}, count=1, user=instructor)[0]
    with pytest.raises(VariantError):
        variants_create(case=variant, choices={"side": None}, count=1, user=instructor)


@pytest.fixture
def drawing_quiz(modules, case, instructor):
    made = variants_create(
        case=case, choices={"platelets": (60_000, 150_000)}, count=2, user=instructor
    )
    approved, draft = made
    approved.save_revision(user=instructor).publish()
    question = CaseQuestionFactory(key="q-ana", case=case)
    quiz = QuizPageFactory.with_questions(modules[0], [question], draw_case_variants=True)
    return quiz, approved, draft


def test_a_quiz_draws_only_approved_variants_and_the_attempt_keeps_the_seed(
    drawing_quiz, course, monkeypatch
):
    quiz, approved, _draft = drawing_quiz
    offered = []

    def choose(candidates):
        offered.append([c.case_id for c in candidates])
        return candidates[-1]

    monkeypatch.setattr("quizzes.variants._pick", choose)
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    assert offered == [["V01", approved.case_id]]  # never the draft
    entry = attempt.layout[0]
    assert entry["case"]["case_id"] == approved.case_id
    assert entry["variant"] == {
        "of": "V01",
        "seed": approved.variant_seed,
        "choices": {"platelets": [60_000, 150_000]},
    }
    base = Case.objects.get(case_id=entry["variant"]["of"])
    replayed = replayed_facts(base, entry["variant"]["seed"], entry["variant"]["choices"])
    assert replayed == entry["case"]["facts"]


def test_the_drawn_variant_is_what_the_attempt_is_graded_on(drawing_quiz, course, monkeypatch):
    quiz, approved, _ = drawing_quiz
    monkeypatch.setattr("quizzes.variants._pick", lambda candidates: candidates[-1])
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt.answers = {"q-ana": {"max_pressure_global": ["3"], "process": ["intake"]}}
    attempt.save()
    graded = attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz)
    result = graded.result["questions"][0]
    # The variant's platelets are 60,000 or more: the low-platelet rule does not fire for it,
    # though it fires for the case the question was written on.
    assert "heme-test" not in result["triggered_rules"]
    assert approved.facts["labs"]["platelets_per_uL"] >= 60_000


def test_a_quiz_that_does_not_draw_shows_the_case_itself(drawing_quiz, course):
    quiz, _, _ = drawing_quiz
    quiz.draw_case_variants = False
    quiz.save()
    learner = LearnerFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    assert attempt.layout[0]["case"]["case_id"] == "V01"
    assert "variant" not in attempt.layout[0]


# -- the admin screen -----------------------------------------------------------------------


def test_an_instructor_makes_variants_in_words_and_sees_what_each_asks(case, instructor):
    client = client_of(instructor)
    url = reverse("case_variants", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vary: Platelet count (/µL)" in text
    assert "This case: 40,000." in text
    words = visible(text)
    assert "platelets_per_uL" not in words
    assert "days_since" not in words
    response = client.post(
        url,
        {
            "vary_platelets": "on",
            "platelets_low": "20000",
            "platelets_high": "45000",
            "count": "2",
        },
    )
    assert response.status_code == 200
    shown = visible(response.content.decode())
    assert "2 new variants, awaiting clinical review" in shown
    assert shown.count("(in clinical review)") == 2
    assert "Platelets below 50,000/µL" in shown  # the rule it triggers, by its title
    assert "Low platelets make bruising and bleeding more likely." in shown
    assert "heme-test" not in shown
    assert Case.objects.filter(variant_of=case, live=False).count() == 2


def test_the_variants_screen_costs_the_same_queries_for_one_variant_or_four(case, instructor):
    client = client_of(instructor)
    url = reverse("case_variants", args=[case.pk])
    client.get(url)  # warm the per-process caches (content types, site)
    counts = []
    for count in (1, 3):
        variants_create(
            case=case, choices={"platelets": (10_000, 90_000)}, count=count, user=instructor
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert Case.objects.filter(variant_of=case).count() == 4
    assert counts[0] == counts[1], counts


def test_a_bad_range_is_named_on_its_field_and_nothing_is_saved(case, instructor):
    response = client_of(instructor).post(
        reverse("case_variants", args=[case.pk]),
        {"vary_platelets": "on", "platelets_low": "90000", "platelets_high": "20000", "count": "2"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "is above the highest" in errors["platelets_low"][0]
    assert Case.objects.count() == 1


def test_the_list_offers_make_variants_on_a_case_to_instructors_only(case, instructor):
    listing = client_of(instructor).get(reverse("wagtailsnippets_quizzes_case:list"))
    assert reverse("case_variants", args=[case.pk]) in listing.content.decode()
    reviewer_listing = client_of(ReviewerFactory()).get(
        reverse("wagtailsnippets_quizzes_case:list")
    )
    assert reverse("case_variants", args=[case.pk]) not in reviewer_listing.content.decode()
