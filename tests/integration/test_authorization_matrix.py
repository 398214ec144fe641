"""Who may open what: every URL of the project, for every role, in one table.

The table is checked against the URL patterns themselves (the project's own views, its page
types and its admin screens), so a new URL without a row fails here before it ships.
Statuses: 200 shown, 302 redirected (to the login page, back to where the action leads, or
Wagtail's "permission denied" redirect to the admin dashboard), 403 refused (a learner in
the admin), 404 not found (another learner's attempt or certificate: its existence is not
even confirmed).
"""

from __future__ import annotations

import pytest
import wagtail_factories
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cms.assets import COURSE_IMAGES, collection
from cms.models import HomePage
from courses.certificates import evaluation_submit
from courses.models import (
    Certificate,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ProviderSettings,
)
from courses.services import assessment_record, enrolment_create
from quizzes.models import QuizPage, RegradeRun
from quizzes.services import attempt_start
from tests.factories import (
    AdaptationRuleFactory,
    CaseQuestionFactory,
    ChoiceQuestionFactory,
    CoursePageFactory,
    InstructorFactory,
    LearnerFactory,
    ModulePageFactory,
    QuizPageFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.factories.progress import study
from tests.integration.test_certificates import RATINGS, configure_provider

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "learner", "other learner", "instructor", "clinical reviewer", "admin")
OWN_MODULES = ("cms", "courses", "quizzes")


def regrade_run(rule) -> RegradeRun:
    """A finished regrade run of ``rule``'s published change."""
    revision = rule.save_revision()
    return RegradeRun.objects.get_or_create(
        revision=revision,
        defaults={
            "kind": "rule",
            "object_id": rule.pk,
            "title": rule.title,
            "created_at": timezone.now(),
            "status": RegradeRun.DONE,
        },
    )[0]


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status, anonymous=302):
    return {**everyone(status), "anonymous": anonymous}


def owner_and_admin(owner, outsiders=404, admin=None, anonymous=None):
    table = {**everyone(outsiders), "learner": owner, "admin": owner if admin is None else admin}
    if anonymous is not None:
        table["anonymous"] = anonymous
    return table


ADMINISTRATORS_ONLY = {
    "anonymous": 302,
    "learner": 403,
    "other learner": 403,
    "instructor": 302,
    "clinical reviewer": 302,
    "admin": 200,
}
STAFF = {**ADMINISTRATORS_ONLY, "instructor": 200, "clinical reviewer": 200}
INSTRUCTORS = {**ADMINISTRATORS_ONLY, "instructor": 200}

# name: (method, path built from the fixtures, expected status per role)
MATRIX = {
    "healthz": ("get", lambda f: "/healthz", everyone(200)),
    "search": ("get", lambda f: "/search/?q=lymph", everyone(200)),
    "_util/login/": ("post", lambda f: "/_util/login/", everyone(302)),
    "profile": ("get", lambda f: reverse("profile"), signed_in(200)),
    "courses:dashboard": ("get", lambda f: reverse("courses:dashboard"), signed_in(200)),
    "courses:my_certificates": (
        "get",
        lambda f: reverse("courses:my_certificates"),
        signed_in(200),
    ),
    "courses:transcript": ("get", lambda f: reverse("courses:transcript"), signed_in(200)),
    "courses:enrol": (
        "post",
        lambda f: reverse("courses:enrol", args=[f["course"].pk]),
        signed_in(302),
    ),
    "courses:visit": (
        "post",
        lambda f: reverse("courses:visit", args=[f["module"].pk]),
        signed_in(204),
    ),
    "courses:evaluation": (
        "get",
        lambda f: reverse("courses:evaluation", args=[f["course"].pk]),
        owner_and_admin(200, admin=404, anonymous=302),
    ),
    "courses:certificate_verify": (
        "get",
        lambda f: reverse("courses:certificate_verify", args=[f["code"]]),
        everyone(200),
    ),
    "courses:certificate_download": (
        "get",
        lambda f: reverse("courses:certificate_download", args=[f["code"]]),
        owner_and_admin(200),
    ),
    "quizzes:start": (
        "post",
        lambda f: reverse("quizzes:start", args=[f["quiz"].pk]),
        signed_in(302),
    ),
    "quizzes:save": (
        "post",
        lambda f: reverse("quizzes:save", args=[f["attempt"].pk]),
        owner_and_admin(302, admin=404, anonymous=302),
    ),
    "quizzes:submit": (  # to the check before grading: nothing is graded without confirm=1
        "post",
        lambda f: reverse("quizzes:submit", args=[f["attempt"].pk]),
        owner_and_admin(302, admin=404, anonymous=302),
    ),
    "quizzes:clear": (  # no question named: refused, nothing cleared
        "post",
        lambda f: reverse("quizzes:clear", args=[f["attempt"].pk]),
        owner_and_admin(400, admin=404, anonymous=302),
    ),
    "certificates:index": ("get", lambda f: "/admin/certificates/", ADMINISTRATORS_ONLY),
    "certificates:index_results": (
        "get",
        lambda f: "/admin/certificates/results/",
        ADMINISTRATORS_ONLY,
    ),
    "certificates:inspect": (
        "get",
        lambda f: f"/admin/certificates/{f['certificate'].pk}/",
        ADMINISTRATORS_ONLY,
    ),
    "certificates:action": (
        "post",
        lambda f: f"/admin/certificates/{f['certificate'].pk}/revoke/",
        {**ADMINISTRATORS_ONLY, "admin": 302},
    ),
    "certificates:issue": (
        "post",
        lambda f: f"/admin/certificates/issue/{f['enrolment'].pk}/",
        {**ADMINISTRATORS_ONLY, "admin": 302},
    ),
    "certificates:attendance": (
        "get",
        lambda f: "/admin/certificates/attendance/",
        ADMINISTRATORS_ONLY,
    ),
    "evaluations:index": ("get", lambda f: "/admin/evaluations/", STAFF),
    "attempt_grants:index": ("get", lambda f: "/admin/attempt_grants/", INSTRUCTORS),
    "attempt_grants:index_results": (
        "get",
        lambda f: "/admin/attempt_grants/results/",
        INSTRUCTORS,
    ),
    "attempt_grants:add": ("get", lambda f: "/admin/attempt_grants/new/", INSTRUCTORS),
    "evaluations:index_results": ("get", lambda f: "/admin/evaluations/results/", STAFF),
    # the library's edit screens (their view confirms a review naming Clinical review)
    **{
        f"wagtailsnippets_quizzes_{model}:edit": (
            "get",
            lambda f, model=model, key=key: f"/admin/snippets/quizzes/{model}/edit/{f[key].pk}/",
            STAFF,
        )
        for model, key in (
            ("adaptationrule", "rule"),
            ("case", "case"),
            ("choicequestion", "choice"),
            ("casequestion", "case_question"),
        )
    },
    "wagtailsnippets_quizzes_case:expert_plan": (
        "get",
        lambda f: f"/admin/snippets/quizzes/case/expert-plan/{f['case'].pk}/",
        STAFF,
    ),
    "case_variants": (
        "get",
        lambda f: reverse("case_variants", args=[f["case"].pk]),
        INSTRUCTORS,  # reviewers approve the variants instructors make
    ),
    # a rule's regrade impact: reviewers and administrators (an instructor sees only an item
    # they submitted or edited); applying is theirs only (refused here: nothing approved)
    "regrade_impact": (
        "get",
        lambda f: reverse("regrade_impact", args=["rule", f["rule"].pk]),
        {**ADMINISTRATORS_ONLY, "clinical reviewer": 200},
    ),
    "regrade_apply": (
        "post",
        lambda f: reverse("regrade_apply", args=["rule", f["rule"].pk]),
        {**ADMINISTRATORS_ONLY, "admin": 302},
    ),
    "regrade_run": (
        "get",
        lambda f: reverse("regrade_run", args=[regrade_run(f["rule"]).pk]),
        {**ADMINISTRATORS_ONLY, "clinical reviewer": 200},
    ),
    # the page types, served by Wagtail
    "page:HomePage": ("get", lambda f: "/", everyone(200)),
    "page:CourseIndexPage": ("get", lambda f: f["course"].get_parent().url, everyone(200)),
    "page:CoursePage": ("get", lambda f: f["course"].url, everyone(200)),
    "page:ModulePage": ("get", lambda f: f["module"].url, everyone(200)),
    "page:QuizPage": ("get", lambda f: f["quiz"].url, everyone(200)),
    # the admin screens the project registers
    "snippets:courses.source": (
        "get",
        lambda f: "/admin/snippets/courses/source/",
        ADMINISTRATORS_ONLY,
    ),
    "snippets:quizzes.adaptationrule": (
        "get",
        lambda f: "/admin/snippets/quizzes/adaptationrule/",
        STAFF,
    ),
    "snippets:quizzes.case": (
        "get",
        lambda f: "/admin/snippets/quizzes/case/",
        STAFF,
    ),
    "snippets:quizzes.choicequestion": (
        "get",
        lambda f: "/admin/snippets/quizzes/choicequestion/",
        STAFF,
    ),
    "snippets:quizzes.casequestion": (
        "get",
        lambda f: "/admin/snippets/quizzes/casequestion/",
        STAFF,
    ),
    # the question choosers of the quiz page's blocks: staff choose; instructors (and
    # administrators) also create, from the "New question" tab (a post without the form's
    # fields is shown again with its errors: nothing is created)
    "wagtailsnippetchoosers_quizzes_choicequestion:choose": (
        "get",
        lambda f: reverse("wagtailsnippetchoosers_quizzes_choicequestion:choose"),
        STAFF,
    ),
    "wagtailsnippetchoosers_quizzes_choicequestion:create": (
        "post",
        lambda f: reverse("wagtailsnippetchoosers_quizzes_choicequestion:create"),
        INSTRUCTORS,
    ),
    "wagtailsnippetchoosers_quizzes_casequestion:choose": (
        "get",
        lambda f: reverse("wagtailsnippetchoosers_quizzes_casequestion:choose"),
        STAFF,
    ),
    "wagtailsnippetchoosers_quizzes_casequestion:create": (
        "post",
        lambda f: reverse("wagtailsnippetchoosers_quizzes_casequestion:create"),
        INSTRUCTORS,
    ),
    "settings:courses.providersettings": (
        "get",
        lambda f: f"/admin/settings/courses/providersettings/{f['provider'].pk}/",
        ADMINISTRATORS_ONLY,
    ),
}


# Screens of Wagtail and allauth that guard the project's records: not enumerated (they are
# the libraries' URLs), but the audit's wrong cells were here too, so they keep a row.
LIBRARY_SCREENS = {
    "accounts: log in": ("get", lambda f: "/accounts/login/", signed_in(302, anonymous=200)),
    "accounts: sign up": ("get", lambda f: "/accounts/signup/", signed_in(302, anonymous=200)),
    "admin: dashboard": ("get", lambda f: "/admin/", STAFF),
    "admin: edit a course": (
        "get",
        lambda f: f"/admin/pages/{f['course'].pk}/edit/",
        STAFF,
    ),
    "admin: edit a rule of the quiz library": (
        "get",
        lambda f: f"/admin/snippets/quizzes/adaptationrule/edit/{f['rule'].pk}/",
        STAFF,
    ),
    "admin: edit a case": (
        "get",
        lambda f: f"/admin/snippets/quizzes/case/edit/{f['case'].pk}/",
        STAFF,
    ),
    "admin: edit a choice question": (
        "get",
        lambda f: f"/admin/snippets/quizzes/choicequestion/edit/{f['choice'].pk}/",
        STAFF,
    ),
    "admin: edit a case-plan question": (
        "get",
        lambda f: f"/admin/snippets/quizzes/casequestion/edit/{f['case_question'].pk}/",
        STAFF,
    ),
    "admin: add a choice question": (
        "get",
        lambda f: "/admin/snippets/quizzes/choicequestion/add/",
        INSTRUCTORS,  # reviewers approve what instructors write; they do not add items
    ),
    "admin: add a case-plan question": (
        "get",
        lambda f: "/admin/snippets/quizzes/casequestion/add/",
        INSTRUCTORS,
    ),
    "admin: preview a case-plan question as learners see it": (
        "get",
        lambda f: f"/admin/snippets/quizzes/casequestion/preview/{f['case_question'].pk}/",
        STAFF,
    ),
    "admin: delete a rule (nobody but administrators)": (
        "get",
        lambda f: f"/admin/snippets/quizzes/adaptationrule/delete/{f['rule'].pk}/",
        ADMINISTRATORS_ONLY,
    ),
    "admin: users": ("get", lambda f: "/admin/users/", ADMINISTRATORS_ONLY),
    "admin: a course's roster (the certificate list's export)": (
        "get",
        lambda f: f"/admin/certificates/?course={f['course'].pk}&export=csv",
        ADMINISTRATORS_ONLY,
    ),
    "admin: groups": ("get", lambda f: "/admin/groups/", ADMINISTRATORS_ONLY),
    "admin: the signature image": (
        "get",
        lambda f: f"/admin/images/{f['signature'].pk}/",
        ADMINISTRATORS_ONLY,
    ),
    "admin: delete the signature image": (
        "get",
        lambda f: f"/admin/images/{f['signature'].pk}/delete/",
        ADMINISTRATORS_ONLY,
    ),
    "admin: replace an image a live course shows": (
        "get",
        lambda f: f"/admin/images/{f['course_image'].pk}/",
        ADMINISTRATORS_ONLY,
    ),
}


def _view_class_name(callback) -> str:
    return getattr(getattr(callback, "view_class", None), "__name__", "")


def project_urls() -> set[str]:
    """The names of the project's own URL patterns, its page types and its admin screens."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "")
                if module.startswith(OWN_MODULES):
                    yield f"{namespace}{pattern.name}"
                elif _view_class_name(pattern.callback) == "RedirectView":
                    yield str(pattern.pattern)

    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.snippets.models import get_snippet_models

    names = {name for name in walk(get_resolver().url_patterns) if name != "admin/test404/"}
    names |= {
        f"page:{model.__name__}"
        for model in (HomePage, CourseIndexPage, CoursePage, ModulePage, QuizPage)
    }
    names |= {
        f"snippets:{model._meta.label_lower}"
        for model in get_snippet_models()
        if model.__module__.startswith(OWN_MODULES)
    }
    names |= {
        f"settings:{model._meta.label_lower}"
        for model in settings_registry
        if model.__module__.startswith(OWN_MODULES)
    }
    return names


def test_every_url_of_the_project_has_a_row():
    assert project_urls() == set(MATRIX)


@pytest.fixture
def world(catalogue):
    """A course with a module and its quiz, a learner who completed it and holds its
    certificate, with an open attempt at the quiz; and one user per other role."""
    configure_provider()
    course = CoursePageFactory(
        parent=catalogue,
        slug="safe-touch",
        approved_title="Safe Touch in Oncology Care",
        ce_hours="6.00",
        approval_number="NCB-2026-77",
    )
    instructor = InstructorFactory()
    course_image = wagtail_factories.ImageFactory(
        collection=collection(COURSE_IMAGES), uploaded_by_user=instructor
    )
    module = ModulePageFactory(
        parent=course,
        slug="module-1",
        body=[("image", {"image": course_image, "alt_text": "A diagram", "caption": ""})],
    )
    choice, case_question = ChoiceQuestionFactory(key="m-choice"), CaseQuestionFactory(key="m-case")
    quiz = QuizPageFactory.with_questions(module, [choice, case_question])
    learner = LearnerFactory(legal_name="Lena Learner")
    enrolment_create(user=learner, course=course)
    study(user=learner, module=module, minutes=module.required_study_minutes)
    assessment_record(user=learner, page=module, score=1, passed=True)
    evaluation_submit(user=learner, course=course, **RATINGS)
    certificate = Certificate.objects.get(enrolment__user=learner)
    attempt = attempt_start(user=learner, quiz=quiz)
    other = LearnerFactory()
    # completed, but no certificate yet: the profile has no legal name
    unnamed = LearnerFactory(legal_name="")
    enrolment_create(user=unnamed, course=course)
    study(user=unnamed, module=module, minutes=module.required_study_minutes)
    assessment_record(user=unnamed, page=module, score=1, passed=True)
    evaluation_submit(user=unnamed, course=course, **RATINGS)
    users = {
        "learner": learner,
        "other learner": other,
        "instructor": instructor,
        "clinical reviewer": ReviewerFactory(),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    pending = Enrolment.objects.get(user=unnamed)
    assert pending.completed_at
    assert not Certificate.objects.filter(enrolment=pending).exists()
    return {
        "course": course,
        "module": module,
        "quiz": quiz,
        "attempt": attempt,
        "certificate": certificate,
        "code": certificate.code,
        "enrolment": pending,
        "users": users,
        "provider": ProviderSettings.load(),
        "signature": ProviderSettings.load().signature,
        "course_image": course_image,
        "rule": AdaptationRuleFactory(),
        "case": case_question.case,
        "choice": choice,
        "case_question": case_question,
    }


@pytest.mark.parametrize("name", sorted(MATRIX) + sorted(LIBRARY_SCREENS))
def test_each_role_gets_what_it_may_see(world, name):
    method, path_of, expected = {**MATRIX, **LIBRARY_SCREENS}[name]
    path = path_of(world)
    seen = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = getattr(client, method)(path, {"reason": "matrix"} if method == "post" else {})
        seen[role] = response.status_code
    assert seen == expected, path


@pytest.mark.parametrize("role", ["instructor", "clinical reviewer"])
def test_instructors_and_reviewers_see_the_quiz_library_in_the_admin_menu(world, role):
    client = Client()
    client.force_login(world["users"][role])
    html = client.get("/admin/").content.decode()
    assert "Quiz library" in html
    for label in ("Adaptation rules", "Client cases", "Choice questions", "Case questions"):
        assert label in html
