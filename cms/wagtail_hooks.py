"""Admin registration only."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.images import get_image_model
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms import admin_views
from cms.assets import ReviewedImagePolicy
from cms.records import describe, records_of_pages, records_of_user
from courses.models import Source
from quizzes.models import AdaptationRule, Case, CaseQuestion, ChoiceQuestion

# For the exact image class, so it wins over the policy Wagtail's images app registers.
register_permission_policy(
    get_image_model(),
    ReviewedImagePolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "list-ol"
    menu_label = "Sources"
    list_display = ["key", "citation"]
    search_fields = ["citation"]
    ordering = ["number"]


register_snippet(SourceViewSet)


class AdaptationRuleViewSet(SnippetViewSet):
    model = AdaptationRule
    icon = "tasks"
    menu_label = "Adaptation rules"
    list_display = ["rule_id", "title", "category", "confidence", "active"]
    list_filter = ["category", "confidence", "active"]
    search_fields = ["rule_id", "title", "rationale"]


class CaseViewSet(SnippetViewSet):
    model = Case
    icon = "user"
    menu_label = "Client cases"
    list_display = ["case_id", "title", "module_slug"]
    search_fields = ["case_id", "title"]


class ChoiceQuestionViewSet(SnippetViewSet):
    model = ChoiceQuestion
    icon = "list-ul"
    menu_label = "Choice questions"
    list_display = ["key", "category", "prompt"]
    list_filter = ["category"]


class CaseQuestionViewSet(SnippetViewSet):
    model = CaseQuestion
    icon = "clipboard-list"
    menu_label = "Case questions"
    list_display = ["key", "category", "case"]


class QuizLibraryGroup(SnippetViewSetGroup):
    menu_label = "Quiz library"
    menu_icon = "tasks"
    menu_order = 300
    items = (AdaptationRuleViewSet, CaseViewSet, ChoiceQuestionViewSet, CaseQuestionViewSet)


register_snippet(QuizLibraryGroup)


@hooks.register("register_admin_urls")
def certificate_admin_urls():
    return [
        path("certificates/", admin_views.certificate_list, name="certificate_admin_list"),
        path(
            "certificates/<int:pk>/",
            admin_views.certificate_detail,
            name="certificate_admin_detail",
        ),
        path(
            "certificates/<int:pk>/<str:action>/",
            admin_views.certificate_action,
            name="certificate_admin_action",
        ),
        path(
            "certificates/issue/<int:enrolment_id>/",
            admin_views.certificate_issue_pending,
            name="certificate_admin_issue",
        ),
        path(
            "certificates/roster/<int:course_id>.csv",
            admin_views.roster_csv,
            name="certificate_admin_roster",
        ),
        path(
            "certificates/attendance/", admin_views.attendance, name="certificate_admin_attendance"
        ),
        path("evaluations/", admin_views.evaluations, name="course_evaluations"),
    ]


class AdminOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def certificates_menu_item():
    return AdminOnlyMenuItem(
        "Certificates", reverse("certificate_admin_list"), icon_name="doc-full", order=400
    )


@hooks.register("register_admin_menu_item")
def evaluations_menu_item():
    return MenuItem(
        "Course evaluations", reverse("course_evaluations"), icon_name="form", order=410
    )


@hooks.register("before_delete_page")
def keep_course_records(request, page):
    """A course, module or quiz page whose learners have records is not deleted (records are
    kept six years): unpublish it instead."""
    counts = records_of_pages(page.get_descendants(inclusive=True).values_list("pk", flat=True))
    if counts:
        messages.error(
            request,
            f"'{page.title}' cannot be deleted: learners' records point at it ({describe(counts)}),"
            " and they are kept for six years. Unpublish the page instead.",
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_delete_user")
def keep_learner_records(request, user):
    """A learner with course records is not deleted: deactivate the account instead."""
    counts = records_of_user(user)
    if counts:
        messages.error(
            request,
            f"{user.email} cannot be deleted: the account holds records kept for six years "
            f"({describe(counts)}). Deactivate the account instead.",
        )
        return redirect("wagtailusers_users:edit", user.pk)
    return None
