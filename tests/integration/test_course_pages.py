"""Catalogue, course and module pages: what each visitor sees, and how many queries it costs."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.blocks import markdown_prep
from cms.models import HomePage
from courses.models import CourseIndexPage, CoursePage, ModulePage
from courses.services import enrolment_create
from quizzes.models import QuizPage
from tests.factories import CoursePageFactory, ModulePageFactory, module_body

pytestmark = pytest.mark.django_db
SECRET_BODY = "Study text about **platelets**."


class _Checks(WagtailPageTestCase):
    def runTest(self):  # pragma: no cover - only used for its assertions
        pass


def test_page_tree_rules():
    checks = _Checks()
    checks.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
    checks.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
    checks.assertAllowedParentPageTypes(ModulePage, {CoursePage})
    checks.assertAllowedSubpageTypes(CoursePage, {ModulePage, QuizPage})
    checks.assertAllowedSubpageTypes(ModulePage, {QuizPage})
    checks.assertAllowedParentPageTypes(QuizPage, {ModulePage, CoursePage})
    checks.assertCanNotCreateAt(CourseIndexPage, QuizPage)
    checks.assertCanNotCreateAt(HomePage, ModulePage)
    checks.assertCanNotCreateAt(CourseIndexPage, ModulePage)
    checks.assertCanNotCreateAt(Page, CoursePage)


def test_catalogue_lists_courses_with_hours_type_and_professions(client, course, catalogue):
    response = client.get(catalogue.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Safe Touch 101" in html
    assert "2.0 CEs" in html
    assert "Home study" in html
    assert "For massage therapists and estheticians" in html


def test_course_page_shows_objectives_outline_approval_and_enrol_button(learner_client, course):
    html = learner_client.get(course.url).content.decode()
    assert "Approved by NCBTMB for 2.0 CEs" in html
    assert "approval number TEST-" in html
    assert html.count('class="outline__item') == 3
    assert reverse("courses:enrol", args=[course.pk]) in html
    assert "Enrol in this course" in html


def test_quarter_hours_are_printed_as_approved_never_rounded(client, course, catalogue):
    # 4.25 approved hours once showed as "4.3 CEs" on the catalogue and the course page,
    # while the certificate printed 4.25.
    course.ce_hours = Decimal("4.25")
    course.save_revision().publish()
    for url in (catalogue.url, course.url):
        html = client.get(url).content.decode()
        assert "4.25 CEs" in html
        assert "4.3 CEs" not in html


def test_unapproved_course_says_so(client, catalogue):
    course = CoursePageFactory(parent=catalogue, approval_board="", approval_number="")
    assert "has not been approved by a licensing board" in client.get(course.url).content.decode()


def test_anonymous_visitors_are_asked_to_log_in_to_enrol(client, course):
    html = client.get(course.url).content.decode()
    assert "Log in to enrol" in html
    assert reverse("courses:enrol", args=[course.pk]) not in html


def test_a_module_shows_overview_and_enrol_prompt_not_body_to_the_unenrolled(
    learner_client, modules
):
    response = learner_client.get(modules[0].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "What this module covers." in html
    assert "Enrol in this course" in html
    assert "platelets" not in html
    assert 'id="section-one"' not in html


def test_anonymous_visitors_do_not_see_module_bodies(client, modules):
    html = client.get(modules[0].url).content.decode()
    assert "platelets" not in html
    assert "Log in to enrol" in html


def test_an_enrolled_learner_reads_the_body_with_progress_and_pager(
    learner_client, learner, course, modules
):
    enrolment_create(user=learner, course=course)
    html = learner_client.get(modules[1].url).content.decode()
    assert "<strong>platelets</strong>" in html
    assert 'id="section-one"' in html
    assert "0 of 3 modules complete" in html
    assert "Mark this module complete" not in html  # completion follows the rule, not a button
    assert "Study time recorded: <strong>0 of 20 minutes</strong>" in html
    assert f'href="{modules[0].url}" rel="prev"' in html
    assert f'href="{modules[2].url}" rel="next"' in html


def test_instructors_can_read_modules_without_enrolling(client, instructor, modules):
    client.force_login(instructor)
    assert "<strong>platelets</strong>" in client.get(modules[0].url).content.decode()


def test_markdown_in_a_module_cannot_inject_script(learner_client, learner, course):
    module = ModulePageFactory(
        parent=course,
        body=[
            {
                "type": "markdown",
                "value": markdown_prep(
                    "<script>alert(1)</script> [x](javascript:alert(2)) "
                    '<img src=x onerror="alert(3)">'
                ),
                "id": "0b0b0b0b-0000-4000-8000-000000000000",
            }
        ],
    )
    enrolment_create(user=learner, course=course)
    html = learner_client.get(module.url).content.decode()
    body = html[html.index('<article class="module-body">') :]
    assert "<script>alert(1)" not in body
    assert "javascript:" not in body
    assert "<img" not in body


def module_page_queries(client, module) -> int:
    client.get(module.url)  # warm caches (site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(module.url).status_code == 200
    return len(queries)


def test_module_page_queries_do_not_grow_with_the_number_of_modules(
    learner_client, learner, catalogue
):
    small = CoursePageFactory(parent=catalogue)
    large = CoursePageFactory(parent=catalogue)
    for _ in range(2):
        ModulePageFactory(parent=small)
    for _ in range(12):
        ModulePageFactory(parent=large)
    enrolment_create(user=learner, course=small)
    enrolment_create(user=learner, course=large)
    small_first = ModulePage.objects.child_of(small).first()
    large_first = ModulePage.objects.child_of(large).first()

    small_count = module_page_queries(learner_client, small_first)
    large_count = module_page_queries(learner_client, large_first)

    assert small_count == large_count
    # Fixed: the session and user, routing (one query, HomePage.route), the course, the
    # module list, enrolment, progress and the quiz; reading writes nothing.
    assert large_count <= 24


def test_reading_a_module_writes_nothing_and_the_page_posts_the_visit(
    learner_client, learner, course, modules
):
    enrolment = enrolment_create(user=learner, course=course)
    with CaptureQueriesContext(connection) as queries:
        html = learner_client.get(modules[1].url).content.decode()
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    visit = reverse("courses:visit", args=[modules[1].pk])
    assert f'data-visit-url="{visit}"' in html

    assert learner_client.post(visit).status_code == 204
    enrolment.refresh_from_db()
    assert enrolment.last_module_id == modules[1].pk
    with CaptureQueriesContext(connection) as queries:  # a reload within the minute
        assert learner_client.post(visit).status_code == 204
    assert not [q for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE")]


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_catalogue_queries_do_not_grow_with_the_number_of_courses(client, catalogue):
    CoursePageFactory(parent=catalogue)
    one = count_queries(client, catalogue.url)
    for _ in range(6):
        CoursePageFactory(parent=catalogue)
    assert count_queries(client, catalogue.url) == one <= 8


def test_course_page_queries_do_not_grow_with_the_number_of_modules(
    learner_client, learner, catalogue
):
    course = CoursePageFactory(parent=catalogue)
    ModulePageFactory(parent=course)
    enrolment_create(user=learner, course=course)
    one = count_queries(learner_client, course.url)
    for _ in range(9):
        ModulePageFactory(parent=course)
    assert count_queries(learner_client, course.url) == one <= 19


def test_search_finds_published_modules_only(client, course):
    ModulePageFactory(parent=course, title="Lymphedema basics", body=module_body("Garments."))
    draft = ModulePageFactory(parent=course, title="Lymphedema draft", body=module_body("x"))
    draft.unpublish()
    response = client.get(reverse("search"), {"q": "lymphedema"})
    titles = [r.title for r in response.context["results"]]
    assert "Lymphedema basics" in titles
    assert "Lymphedema draft" not in titles


def test_search_without_a_query_shows_the_form(client):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert b'role="search"' in response.content


def test_ce_estimate_counts_words_and_media(catalogue):
    course = CoursePageFactory(parent=catalogue)
    ModulePageFactory(parent=course, body=module_body("word " * 6000), media_minutes=30)
    ModulePageFactory(parent=course, body=module_body("word " * 6000))
    estimate = course.ce_estimate()
    assert estimate.words == 12000 + 2 * 2  # plus the two "Section one" headings
    assert estimate.media_minutes == 30
    assert str(estimate.hours) == "1.50"


def test_the_module_body_is_rendered_once_per_published_revision(
    learner_client, learner, course, modules, monkeypatch
):
    from cms.blocks import MarkdownBlock

    enrolment_create(user=learner, course=course)
    calls = []
    original = MarkdownBlock.render
    monkeypatch.setattr(
        MarkdownBlock,
        "render",
        lambda self, value, context=None: calls.append(1) or original(self, value, context),
    )
    learner_client.get(modules[0].url)
    first = len(calls)
    learner_client.get(modules[0].url)
    assert first >= 1
    assert len(calls) == first  # the second request reused the rendered body

    module = ModulePage.objects.get(pk=modules[0].pk)
    module.body = module_body("Revised text.")
    module.save_revision().publish()
    assert "Revised text." in learner_client.get(modules[0].url).content.decode()
