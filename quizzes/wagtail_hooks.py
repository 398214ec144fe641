"""The quizzes app's Wagtail hooks: its own admin screens (the quiz library's snippets are
registered with the project's in ``cms.wagtail_hooks``), "Make variants" on a case, its
share of a course's CE estimate (``courses.estimates``), and the plan form a case-plan
question's preview shows (``quizzes.models.questions.PLAN_FORM_HOOK``: the models sit below
``quizzes.forms``)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem

from courses.estimates import ASSESSMENT_HOOK

from .estimates import assessment_time
from .forms import plan_form_for
from .models import Case
from .models.questions import PLAN_FORM_HOOK
from .variant_views import CaseVariantsView
from .viewsets import AttemptGrantViewSet


@hooks.register("register_admin_viewset")
def attempt_grant_viewset():
    return AttemptGrantViewSet()


@hooks.register(ASSESSMENT_HOOK)
def course_assessment_minutes(course):
    """The course's quiz minutes, for the CE estimate on the course page's admin form."""
    return assessment_time(course)


@hooks.register("register_admin_urls")
def case_variant_urls():
    return [path("case-variants/<int:pk>/", CaseVariantsView.as_view(), name="case_variants")]


@hooks.register("register_snippet_listing_buttons")
def case_variants_button(snippet, user, next_url=None):
    """'Make variants' in a case's menu in the Client cases list (not on a variant)."""
    original = isinstance(snippet, Case) and not snippet.variant_of_id
    if original and user.has_perm("quizzes.add_case"):
        yield MenuItem(
            "Make variants", reverse("case_variants", args=[snippet.pk]), icon_name="copy"
        )


@hooks.register(PLAN_FORM_HOOK)
def case_question_plan_form(question):
    """The unanswered plan form of ``question``, as a learner's attempt starts with it."""
    return plan_form_for(question, None)
