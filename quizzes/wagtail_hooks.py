"""The quizzes app's Wagtail hooks: its own admin screens (the quiz library's snippets are
registered with the project's in ``cms.wagtail_hooks``) and its share of a course's CE
estimate (``courses.estimates``); the regrade's screens (``quizzes.regrade_views``) and their
link in the action menu of a rule or case."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState
from wagtail.snippets.action_menu import ActionMenuItem

from courses.estimates import ASSESSMENT_HOOK

from . import regrade_views
from .estimates import assessment_time
from .models import AdaptationRule, Case, RegradeRun
from .regrade import may_apply
from .viewsets import AttemptGrantViewSet


@hooks.register("register_admin_viewset")
def attempt_grant_viewset():
    return AttemptGrantViewSet()


@hooks.register(ASSESSMENT_HOOK)
def course_assessment_minutes(course):
    """The course's quiz minutes, for the CE estimate on the course page's admin form."""
    return assessment_time(course)


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
