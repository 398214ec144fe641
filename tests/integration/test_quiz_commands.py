"""grade_case and lint_rules, and the shipped quizzes answered through the plan form."""

import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils.datastructures import MultiValueDict

from quizzes.forms import PlanForm
from quizzes.grading import grade_case_question, rule_set
from quizzes.models import AdaptationRule, CaseQuestion
from tests.browser.plans import as_post, form_values

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).parents[2]
CHECKS = ROOT / "tests" / "data" / "domain" / "checks"


@pytest.fixture
def library(shipped_content):
    """The shipped rule library, cases and quizzes (imported once per run)."""


def write_case(tmp_path, name):
    check = yaml.safe_load((CHECKS / f"{name}.yaml").read_text())
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({"facts": check["facts"], "plan": check["plan"]}))
    return path, check["expect"]


def test_grade_case_prints_json_with_verdict_score_violations_and_expected(library, tmp_path):
    path, expect = write_case(tmp_path, "C01-wrong1")
    out = StringIO()
    call_command("grade_case", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["verdict"] == expect == "unsafe"
    assert 0 <= report["score"] < 1
    assert {"rule", "severity", "field", "message"} <= set(report["violations"][0])
    assert "heme-anticoagulant" in report["triggered_rules"]
    assert report["expected"]["must"]["max_pressure_global"]["value"] == 1


def test_grade_case_prints_a_readable_report(library, tmp_path):
    path, _ = write_case(tmp_path, "C25-model")
    out = StringIO()
    call_command("grade_case", str(path), stdout=out)
    assert "Verdict: SAFE" in out.getvalue()
    assert "glob-fever-infection-postpone" in out.getvalue()


BAD_INPUT = [
    ("facts: {labs: {platelets: 1}}\nplan: {}", "labs.platelets: unknown fact"),
    ("facts: {}\nplan: {techniques: [swedish]}", "techniques[0]: unknown technique"),
    ("facts: {}\n", "needs two top-level keys"),
    ("facts: [", "not valid YAML"),
]


def test_grade_case_rejects_bad_input_with_exit_code_2(library, tmp_path):
    path = tmp_path / "bad.yaml"
    for text, message in BAD_INPUT:  # one library import for all four inputs
        path.write_text(text)
        with pytest.raises(CommandError) as raised:
            call_command("grade_case", str(path))
        assert raised.value.returncode == 2
        assert message in str(raised.value)


def test_grade_case_refuses_a_file_that_is_not_utf8_without_a_traceback(library, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("facts: {request: 'soin du visage, trait\xe9'}\nplan: {}\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8") as raised:
        call_command("grade_case", str(path))
    assert raised.value.returncode == 2


def test_lint_rules_passes_the_shipped_library_and_catches_a_bad_rule(library):
    out = StringIO()
    checks = ROOT / "content" / "courses"
    call_command("lint_rules", plans=[checks, ROOT / "tests" / "data" / "corpus"], stdout=out)
    assert "0 error(s)" in out.getvalue(), out.getvalue()
    rule = AdaptationRule.objects.get(rule_id="heme-plt-mild")
    AdaptationRule.objects.filter(pk=rule.pk).update(when="labs.platelet_count < 5")
    with pytest.raises(CommandError):
        call_command("lint_rules", stdout=StringIO())


def test_every_case_question_can_be_answered_safely_through_the_form(library):
    rules = rule_set()
    for question in CaseQuestion.objects.select_related("case"):
        case = question.case
        plan = (
            case.expert_plan
            or yaml.safe_load((CHECKS / f"{case.case_id}-model.yaml").read_text())["plan"]
        )
        data = as_post(question.key, form_values(plan, case.facts))
        form = PlanForm(
            data=MultiValueDict(data), sections=question.fields, prefix=f"q-{question.key}"
        )
        assert form.is_valid(), (question.key, form.errors)
        result = grade_case_question(question, form.to_plan(), rules)
        assert result.verdict == "safe", (question.key, result.violations)
