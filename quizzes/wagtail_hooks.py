"""The quizzes app's Wagtail hooks: its own admin screens (the quiz library's snippets are
registered with the project's in ``cms.wagtail_hooks``), "Make variants" on a case, its
share of a course's CE estimate (``courses.estimates``), the plan form a case-plan question's
preview shows (``quizzes.models.questions.PLAN_FORM_HOOK``: the models sit below
``quizzes.forms``), and the regrade's screens (``quizzes.regrade_views``) with their link in
the action menu of a rule or case."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.models import TaskState
from wagtail.snippets.action_menu import ActionMenuItem

from courses.estimates import ASSESSMENT_HOOK

from . import regrade_views
from .estimates import assessment_time
from .forms import plan_form_for
from .models import AdaptationRule, Case, RegradeRun
from .models.questions import PLAN_FORM_HOOK
from .regrade import may_apply
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


@hooks.register("register_admin_urls")
def regrade_urls():
    return [
        path("regrade/runs/<int:pk>/", regrade_views.run_detail, name="regrade_run"),
        path("regrade/<str:kind>/<int:pk>/", regrade_views.impact, name="regrade_impact"),
        path("regrade/<str:kind>/<int:pk>/apply/", regrade_views.apply, name="regrade_apply"),
    ]


class RegradeImpactMenuItem(ActionMenuItem):
    """ "Regrade impact" in the action menu of a rule or case, beside "Approve" while it is in
    clinical review, and after approval until the regrade is applied."""

    label = "Regrade impact"
    name = "regrade-impact"
    icon_name = "tasks"
    order = 70

    def is_shown(self, context):
        instance = context.get("instance")
        if context.get("view") != "edit" or instance is None:
            return False
        if not regrade_views.may_see(context["request"].user, instance):
            return False
        if instance.workflow_in_progress:
            return True
        return (
            may_apply(instance)
            and not RegradeRun.objects.filter(revision_id=instance.live_revision_id).exists()
        )

    def get_url(self, parent_context):
        return regrade_views.impact_url(parent_context["instance"])


@hooks.register("register_snippet_action_menu_item")
def regrade_impact_menu_item(model):
    return RegradeImpactMenuItem() if model in (AdaptationRule, Case) else None


class RegradeImpactPanel(Component):
    """On a reviewer's dashboard, under "Awaiting your review": the rules and cases in
    clinical review, each with the link to its regrade impact."""

    name = "regrade_impact"
    template_name = "quizzes/admin/regrade/panel.html"
    order = 221

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context):
        return {"items": self.items}


@hooks.register("construct_homepage_panels")
def regrade_impact_panel(request, panels):
    if not regrade_views.may_review(request.user):
        return
    states = TaskState.objects.reviewable_by(request.user).select_related("revision")
    items = []
    for state in states.order_by("-started_at")[:50]:
        obj = state.revision.content_object
        if isinstance(obj, AdaptationRule | Case):
            items.append({"title": obj.title, "url": regrade_views.impact_url(obj)})
    if items:
        panels.append(RegradeImpactPanel(items))
