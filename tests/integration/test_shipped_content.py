"""The project's own content/ imports cleanly and whole: every course, module, source, rule,
case and quiz (the importer's behaviour is tested on a small folder in test_import_content)."""

import pytest

from cms.importer.parser import parse_sources
from cms.models import ImportRecord
from courses.models import CourseIndexPage, CoursePage, ModulePage, Source
from quizzes.models import AdaptationRule, Case, CaseQuestion, ChoiceQuestion, QuizPage
from tests.conftest import ROOT
from tests.rules import library_snippets, read_rule_files

pytestmark = pytest.mark.django_db


def test_the_shipped_course_and_its_modules_are_published_in_order(shipped_content):
    assert not shipped_content.errors
    course = CoursePage.objects.get(slug="oncology-care")
    assert course.live
    assert course.get_parent().specific_class is CourseIndexPage
    modules = ModulePage.objects.child_of(course).order_by("path")
    assert [m.slug for m in modules] == [
        "foundations",
        "oncology-adaptations",
        "acid-mantle-skin-care",
        "lymphatic-precautions",
        "special-settings",
        "evidence-whole-person",
    ]
    assert all(m.live and m.latest_revision_id for m in modules)
    in_file = [entry.number for entry in parse_sources(ROOT / "content" / "sources.yaml")]
    assert sorted(Source.objects.values_list("number", flat=True)) == in_file
    assert (
        ImportRecord.objects.count() == 14 + library_snippets()
    )  # the course, its six modules and seven quizzes
    assert any(b.block_type == "case_study" for b in modules[0].body)


def test_the_shipped_rules_cases_and_quizzes_are_all_imported(shipped_content):
    in_files = [rule["id"] for _, rule in read_rule_files(ROOT / "content" / "rules")]
    assert sorted(AdaptationRule.objects.values_list("rule_id", flat=True)) == sorted(in_files)
    assert len(in_files) > 48
    assert Case.objects.count() == len(list((ROOT / "content" / "cases").glob("*.yaml")))
    assert Case.objects.get(case_id="C01").vignette[0]["heading"] == "Client and request"
    assert ChoiceQuestion.objects.count() >= 30
    assert CaseQuestion.objects.count() >= 8
    quizzes = QuizPage.objects.live()
    assert quizzes.count() == 7
    module_quiz = quizzes.get(url_path__endswith="/oncology-adaptations/quiz/")
    assert module_quiz.get_parent().slug == "oncology-adaptations"
    assert quizzes.get(slug="final-assessment").assesses_course
