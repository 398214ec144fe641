"""import_content: pages by slug, through revisions, idempotent, respecting admin edits.

These tests run on the small folder in ``tests/data/content`` (one course, two modules, two
rule files, one case, one quiz); ``test_shipped_content`` checks the project's own content/."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision, WorkflowPage

from cms.importer.run import content_import
from cms.models import ImportRecord
from courses.models import CourseIndexPage, CoursePage, ModulePage, Source
from quizzes.grading import rule_set
from quizzes.models import AdaptationRule, Case, CaseQuestion, ChoiceQuestion, QuizPage
from tests.rules import library_snippets, read_rule_files

pytestmark = pytest.mark.django_db
CONTENT = Path(__file__).parents[1] / "data" / "content"


@pytest.fixture
def content(tmp_path):
    """A private copy of the small content folder that a test may change."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def module_file(content: Path, slug: str) -> Path:
    return next((content / "courses" / "safe-touch").glob(f"*-{slug}.md"))


def test_import_creates_the_catalogue_course_and_modules_published_in_order(content):
    report = content_import(root=content)

    assert report.ok, report.errors
    course = CoursePage.objects.get(slug="safe-touch")
    assert course.live
    assert course.get_parent().specific_class is CourseIndexPage
    modules = ModulePage.objects.child_of(course).order_by("path")
    assert [m.slug for m in modules] == ["foundations", "lymphatic"]
    assert all(m.live and m.latest_revision_id for m in modules)
    assert Source.objects.count() == 3
    assert (
        ImportRecord.objects.count() == 4 + library_snippets()
    )  # the course, its two modules and one quiz
    foundations = modules[0]
    assert [b.block_type for b in foundations.body] == [
        "heading",
        "markdown",
        "callout",
        "heading",
        "markdown",
        "references",
    ]
    assert "<p>" in str(foundations.body)


def test_a_second_import_makes_no_new_revisions(content):
    content_import(root=content)
    revisions = Revision.objects.count()
    report = content_import(root=content)
    assert Revision.objects.count() == revisions
    assert report.count("created") == report.count("updated") == report.count("kept") == 0
    pages = 1 + 2 + 1  # the course, its modules and its quiz
    assert report.count("unchanged") == pages


def test_a_changed_file_updates_only_its_page_with_one_revision(content):
    content_import(root=content)
    path = module_file(content, "foundations")
    path.write_text(path.read_text().replace("estimated_minutes: 40", "estimated_minutes: 42"))
    revisions = Revision.objects.count()

    report = content_import(root=content)

    assert Revision.objects.count() == revisions + 1
    assert report.count("updated") == 1
    assert ModulePage.objects.get(slug="foundations").estimated_minutes == 42


def test_a_page_edited_in_the_admin_is_kept_unless_forced(content):
    content_import(root=content)
    page = ModulePage.objects.get(slug="foundations")
    page.title = "Edited by an instructor"
    page.save_revision().publish()
    path = module_file(content, "foundations")
    path.write_text(path.read_text().replace("estimated_minutes: 40", "estimated_minutes: 41"))

    report = content_import(root=content)
    page.refresh_from_db()
    assert page.title == "Edited by an instructor"
    assert any(a == "kept" and "01-foundations.md" in w for a, w in report.actions)

    content_import(root=content, force=True)
    page.refresh_from_db()
    assert page.title != "Edited by an instructor"
    assert page.estimated_minutes == 41


def test_a_bad_file_writes_nothing_from_it_and_is_reported(content):
    path = module_file(content, "lymphatic")
    path.write_text(path.read_text().replace("order: 2", "order: two"))

    report = content_import(root=content)

    assert not ModulePage.objects.filter(slug="lymphatic").exists()
    assert ModulePage.objects.filter(slug="foundations").exists()
    assert any("02-lymphatic.md:4: order:" in e for e in report.errors), report.errors


def test_the_command_fails_loudly_on_a_bad_file(content):
    path = module_file(content, "foundations")
    path.write_text(path.read_text().replace(":::caution", ":::cautionary", 1))
    with pytest.raises(CommandError, match="problem"):
        call_command("import_content", "--path", str(content))


def test_dry_run_writes_nothing(content, capsys):
    call_command("import_content", "--dry-run", "--path", str(content))
    assert not CoursePage.objects.exists()
    assert Source.objects.count() == 0
    assert "[dry run]" in capsys.readouterr().out


def test_import_assigns_the_clinical_review_workflow_to_the_catalogue(content):
    content_import(root=content)
    catalogue = CourseIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=catalogue).workflow.name == "Clinical review"
    assert ModulePage.objects.get(slug="foundations").get_workflow().name == "Clinical review"


def test_markdown_is_stored_rendered_and_sanitised(content):
    path = module_file(content, "foundations")
    heading = "## Why this module comes first"
    payload = "Click [me](javascript:alert(1)) <script>x()</script>"
    assert heading in path.read_text()
    path.write_text(path.read_text().replace(heading, f"{payload}\n\n{heading}", 1))
    content_import(root=content)
    stored = ModulePage.objects.get(slug="foundations").body.raw_data
    markdown_blocks = [b["value"] for b in stored if b["type"] == "markdown"]
    assert all("html" in value for value in markdown_blocks)
    joined = " ".join(value["html"] for value in markdown_blocks)
    assert "&lt;script&gt;x()&lt;/script&gt;" in joined  # the payload is there, as text
    assert "javascript:" not in joined
    assert "<script" not in joined
    page = ModulePage.objects.get(slug="foundations")
    assert "<script>x()" not in str(page.body)


def test_the_rule_library_cases_and_quizzes_are_imported(content):
    report = content_import(root=content)
    assert report.ok, report.errors
    in_files = read_rule_files(content / "rules")
    in_files = [rule["id"] for _, rule in in_files]
    assert sorted(AdaptationRule.objects.values_list("rule_id", flat=True)) == sorted(in_files)
    assert len(in_files) == 6
    case = Case.objects.get()
    assert case.case_id == "T01"
    assert case.vignette[0]["heading"] == "Client and request"
    assert ChoiceQuestion.objects.get().options.count() == 2
    assert CaseQuestion.objects.get().case == case
    quiz = QuizPage.objects.live().get()
    assert quiz.get_parent().slug == "foundations"
    assert not quiz.assesses_course


def test_a_rule_edited_in_the_admin_is_kept_and_a_bad_rule_file_is_refused(content):
    content_import(root=content)
    rule = AdaptationRule.objects.get(rule_id="heme-plt-mild")
    rule.title = "Edited by an instructor"
    rule.save()
    rule.save_revision()  # as the admin's edit view does: every edit is a revision
    report = content_import(root=content)
    assert any(a == "kept" and "heme-plt-mild" in w for a, w in report.actions)
    assert AdaptationRule.objects.get(rule_id="heme-plt-mild").title == "Edited by an instructor"

    path = content / "rules" / "blood_counts.yaml"
    path.write_text(
        path.read_text().replace("labs.platelets_per_uL < 150000", "labs.platelet < 150000", 1)
    )
    report = content_import(root=content)
    assert any(
        "blood_counts.yaml" in e and "unknown fact 'labs.platelet'" in e for e in report.errors
    )


def test_a_quiz_intro_stating_the_pass_mark_is_refused_with_its_file_line_and_field(content):
    path = content / "quizzes" / "foundations.yaml"
    text = path.read_text()
    line = text.splitlines().index('intro: "One question and one client case."') + 1
    path.write_text(text.replace("One question and one client case.", "Pass with 80% or more."))
    report = content_import(root=content)
    assert any(
        f"foundations.yaml:{line}: intro: “80%”: learners read the pass mark" in error
        for error in report.errors
    ), report.errors
    assert not QuizPage.objects.exists()


def test_a_rule_file_with_one_bad_rule_writes_none_of_its_rules(content):
    path = content / "rules" / "blood_counts.yaml"
    path.write_text(
        path.read_text().replace("labs.platelets_per_uL < 150000", "labs.platelet < 150000", 1)
    )
    report = content_import(root=content)
    assert any("blood_counts.yaml" in e for e in report.errors)
    assert not AdaptationRule.objects.filter(category="blood_counts").exists()
    assert AdaptationRule.objects.filter(category="lymphatic").exists()


def test_rules_removed_from_the_files_stop_grading_and_are_kept(content):
    content_import(root=content)
    path = content / "rules" / "blood_counts.yaml"
    text = path.read_text()
    start = text.index("  - id: heme-anticoagulant/bruising")
    end = text.find("  - id:", start + 10)
    path.write_text(text[:start] + (text[end:] if end > 0 else ""))
    report = content_import(root=content)
    assert report.ok, report.errors
    rule = AdaptationRule.objects.get(rule_id="heme-anticoagulant/bruising")
    assert rule.active is False
    assert "heme-anticoagulant/bruising" not in rule_set().by_id


def test_a_bad_folder_is_reported_in_words_not_a_traceback(tmp_path, content):
    (content / "sources.yaml").rename(content / "sources.yml")
    no_sources = content_import(root=content)
    (content / "sources.yml").rename(content / "sources.yaml")
    shutil.rmtree(content / "courses")
    no_courses = content_import(root=content)
    for report in (content_import(root=tmp_path / "nowhere"), no_sources, no_courses):
        assert not report.ok
        assert report.errors
    assert "no such folder" in content_import(root=tmp_path / "nowhere").errors[0]
    assert "sources.yaml" in no_sources.errors[0]
    assert "courses/" in no_courses.errors[0]


def test_a_content_file_that_is_not_utf8_is_reported_with_its_name(content):
    path = module_file(content, "foundations")
    path.write_bytes(path.read_text().replace("the", "thé", 1).encode("latin-1", "replace"))
    report = content_import(root=content)
    assert any("01-foundations.md:1: file: is not UTF-8" in e for e in report.errors)


def test_a_dry_run_leaves_no_image_file_behind(content, settings, tmp_path):
    import wagtail_factories

    settings.MEDIA_ROOT = str(tmp_path / "media")
    (content / "images").mkdir()
    (content / "images" / "diagram.png").write_bytes(
        wagtail_factories.ImageFactory.build().file.read()
    )
    path = module_file(content, "foundations")
    path.write_text(
        path.read_text()
        + "\n:::image\nfile: diagram.png\nalt: A diagram of the lymph basins\ncaption: ''\n:::\n"
    )
    report = content_import(root=content, dry_run=True)
    assert report.ok, report.errors
    media = Path(settings.MEDIA_ROOT)
    assert media.exists()  # the import did write the file before rolling back
    assert not [p for p in media.rglob("*") if p.is_file()]
