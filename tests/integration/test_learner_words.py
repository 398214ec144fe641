"""Learners read clinical words, never engine words: every module page, every quiz with an
open attempt, and the results of each quiz (a right answer, and a failing one with every
rule it breaks and the expected plan revealed) of the shipped content are rendered as an
enrolled learner sees them, and no rule id, fact name or token spelling may show."""

from __future__ import annotations

import re

import pytest
import yaml
from django.urls import reverse

from courses.models import CoursePage, ModulePage
from courses.services import enrolment_create
from quizzes.models import Attempt, CaseQuestion, QuizPage
from tests.browser.plans import as_post, form_values
from tests.conftest import ROOT
from tests.factories import LearnerFactory
from tests.factories.progress import complete_modules
from tests.integration.learner_words import (
    abbreviation_tokens,
    engine_words,
    fact_names,
    rule_ids,
    visible_text,
)

pytestmark = pytest.mark.django_db

CONTENT = ROOT / "content"
CHECKS = ROOT / "tests" / "data" / "domain" / "checks"
MODULES = sorted(p.stem.split("-", 1)[1] for p in (CONTENT / "courses").glob("*/[0-9]*.md"))
QUIZZES = sorted(p.stem for p in (CONTENT / "quizzes").glob("*.yaml"))

# A plan that breaks as many rules as a form allows: deep pressure everywhere, strong and
# heated techniques, fragranced and active products, drainage toward treated node groups, and
# nothing else (no release, no referral, no process): feedback then cites most rules.
FAILING_PLAN = {
    "max_pressure_global": 5,
    "techniques": [
        "deep_tissue",
        "trigger_point",
        "hot_stones",
        "cupping",
        "joint_mobilization",
        "abdominal_massage",
        "reflexology_firm",
        "chemical_peel",
        "cuticle_cutting",
    ],
    "products_used": ["fragranced_lotion", "essential_oil_blend", "aha_bha", "jar_product"],
    "joint_movement": "full",
    "stroke_direction": ["drainage_toward:axillary_left", "drainage_toward:inguinal_right"],
}


@pytest.fixture
def learner_client(shipped_content, client):
    learner = LearnerFactory()
    course = CoursePage.objects.get(slug="oncology-care")
    enrolment_create(user=learner, course=course)
    complete_modules(user=learner, course=course)  # the final opens after the modules
    client.force_login(learner)
    client.learner = learner
    return client


def _quiz(slug: str) -> QuizPage:
    data = yaml.safe_load((CONTENT / "quizzes" / f"{slug}.yaml").read_text())
    quizzes = QuizPage.objects.live().filter(slug=data["slug"])
    if data.get("module"):
        quizzes = quizzes.filter(url_path__contains=f"/{data['module']}/")
    return quizzes.get()


def _expert_plan(question: CaseQuestion) -> dict:
    case = question.case
    if case.expert_plan:
        return case.expert_plan
    return yaml.safe_load((CHECKS / f"{case.case_id}-model.yaml").read_text())["plan"]


def _answers(attempt: Attempt, *, right: bool) -> dict:
    """Form data for every question of the attempt: the correct options and expert plans, or
    a wrong option and ``FAILING_PLAN``."""
    data = {}
    questions = CaseQuestion.objects.select_related("case")
    for entry in attempt.layout:
        if entry["kind"] == "choice":
            options = [o["value"] for o in entry["options"] if o["correct"] == right]
            data[f"q-{entry['key']}-selected"] = options if right else options[:1]
            continue
        question = questions.get(key=entry["key"])
        plan = _expert_plan(question) if right else FAILING_PLAN
        data.update(as_post(entry["key"], form_values(plan, question.case.facts)))
    return data


def _submit(client, quiz: QuizPage, *, right: bool) -> str:
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=client.learner, quiz=quiz, submitted_at__isnull=True)
    response = client.post(
        reverse("quizzes:submit", args=[attempt.pk]),
        {**_answers(attempt, right=right), "confirm": "1"},  # past the check before grading
    )
    assert response.status_code == 302, re.findall(
        r'class="(?:field__errors|form-errors)"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    attempt.refresh_from_db()
    assert attempt.passed is right
    page = client.get(f"{quiz.url}?attempt={attempt.pk}")
    assert page.status_code == 200
    return page.content.decode()


def _report(findings) -> str:
    return f"{len(findings)} engine word(s) a learner reads:\n" + "\n".join(
        str(f) for f in findings[:60]
    )


def test_the_word_lists_are_built_from_the_engine_and_the_content():
    assert {"heme-plt-mild", "proc-intake-consent"} <= rule_ids()
    assert {"labs.platelets_per_uL", "chemo_recent", "admin.md_release_on_file"} <= fact_names()
    assert {"mld", "led", "clt", "ph", "md", "picc"} <= abbreviation_tokens()
    assert not {"massage", "prone", "gloves", "age"} & (abbreviation_tokens() | fact_names())


def test_the_finder_reads_shown_text_and_attributes_but_not_machinery():
    html = (
        '<p title="heme-plt-mild">Apply <code>md_release_required</code> with mld.</p>'
        '<input name="q-k-techniques" value="hot_stones" aria-label="labs.platelets_per_uL">'
        '<script>var skin_rule = "drainage_toward:axillary_left";</script>'
        "<p>MLD and LED are fine; so are e.g., 10:30 and https://example.org/a_b_c.</p>"
    )
    found = {(f.kind, f.word) for f in engine_words("sample", html)}
    assert found == {
        ("rule id", "heme-plt-mild"),
        ("snake_case", "md_release_required"),
        ("raw token", "mld"),
        ("fact name", "labs.platelets_per_uL"),
    }
    assert "hot_stones" not in " ".join(visible_text(html))


@pytest.mark.parametrize("slug", MODULES)
def test_a_module_page_speaks_clinical_words(learner_client, slug):
    module = ModulePage.objects.live().get(slug=slug)
    response = learner_client.get(module.url)
    assert response.status_code == 200
    findings = engine_words(f"module {slug}", response.content.decode())
    assert not findings, _report(findings)


def test_the_course_page_speaks_clinical_words(learner_client):
    response = learner_client.get(CoursePage.objects.get(slug="oncology-care").url)
    assert response.status_code == 200
    findings = engine_words("course page", response.content.decode())
    assert not findings, _report(findings)


@pytest.mark.parametrize("slug", QUIZZES)
def test_a_quiz_with_an_open_attempt_speaks_clinical_words(learner_client, slug):
    quiz = _quiz(slug)
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    html = learner_client.get(quiz.url).content.decode()
    assert "quiz-form" in html
    findings = engine_words(f"quiz {slug} (open attempt)", html)
    assert not findings, _report(findings)


@pytest.mark.parametrize("slug", QUIZZES)
def test_the_feedback_on_right_answers_speaks_clinical_words(learner_client, slug):
    quiz = _quiz(slug)
    html = _submit(learner_client, quiz, right=True)
    assert "What the rules require for this client" in html  # every shipped quiz has a case
    findings = engine_words(f"quiz {slug} (passed)", html)
    assert not findings, _report(findings)


@pytest.mark.parametrize("slug", QUIZZES)
def test_the_feedback_on_a_failing_plan_speaks_clinical_words(learner_client, slug):
    quiz = _quiz(slug)
    for _ in range(quiz.attempts_allowed):  # the last attempt reveals the answers
        html = _submit(learner_client, quiz, right=False)
    assert "a correct answer" in html
    assert "rule-feedback" in html
    assert "What the rules require for this client" in html
    findings = engine_words(f"quiz {slug} (failed, answers revealed)", html)
    assert not findings, _report(findings)
