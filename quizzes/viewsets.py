"""The admin screens of the quiz library: adaptation rules, client cases and the question
bank, as snippets (instructors edit them; ``cms.wagtail_hooks`` registers them); and the
extra attempts instructors grant (``quizzes.wagtail_hooks`` registers that viewset)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import Enrolment
from quizzes.engine.vocabulary import SECTIONS, VERDICTS

from .case_editor import PANELS, CaseCheckPanel, CaseForm, field_name, plan_form_data
from .forms import PlanForm, case_sites
from .models import AdaptationRule, AttemptGrant, Case, CaseQuestion, ChoiceQuestion, QuizPage
from .services import attempts_grant


class AdaptationRuleViewSet(SnippetViewSet):
    model = AdaptationRule
    icon = "tasks"
    menu_label = "Adaptation rules"
    list_display = ["rule_id", "title", "category", "confidence", "active"]
    list_filter = ["category", "confidence", "active"]
    search_fields = ["rule_id", "title", "rationale"]


class ExpertPlanView(WagtailAdminTemplateMixin, TemplateView):
    """A case's expert plan, edited with the plan form learners answer (every section).

    Saving writes the plan into a new draft revision of the case: the live row, which
    learners and the grader read, changes only when clinical review approves (or an
    administrator publishes). The plan is graded against the live rules on every save and
    the verdict is shown; publishing refuses a plan that is not safe (``publish_problems``),
    and so does saving while the case is in review (approval publishes the latest revision).
    """

    template_name = "quizzes/admin/case/expert_plan.html"
    page_title = "Expert plan"
    header_icon = "clipboard-list"
    permission_policy = None
    edit_url_name = None
    expert_plan_url_name = None
    prefix = "plan"

    def dispatch(self, request, *args, **kwargs):
        self.case = get_object_or_404(Case, pk=unquote(str(kwargs["pk"])))
        if not self.permission_policy.user_has_permission_for_instance(
            request.user, "change", self.case
        ):
            return permission_denied(request)
        self.draft = self.case.get_latest_revision_as_object()
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.case)

    def form(self, data=None) -> PlanForm:
        """The plan form, bound to ``data`` or else to the stored expert plan (unbound when
        there is none, so an empty form is not reported as full of missing answers)."""
        if data is None and self.draft.expert_plan:
            data = MultiValueDict(plan_form_data(self.draft.expert_plan, self.prefix))
        return PlanForm(
            data=data,
            sections=list(SECTIONS),
            sites=case_sites(self.draft.facts),
            prefix=self.prefix,
        )

    @cached_property
    def locked(self) -> bool:
        lock = self.case.get_lock()
        return bool(lock and lock.for_user(self.request.user))

    def get(self, request, *args, **kwargs):
        form = self.form()
        if form.is_bound:
            form.is_valid()  # show the stored plan as the form reads it, with any problem
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if self.locked:
            lock = self.case.get_lock()
            messages.error(request, f"{lock.get_message(request.user)} Nothing was saved.")
        elif form.is_valid():
            self.draft.expert_plan = form.to_plan()
            problems = self.draft.publish_problems() if self.case.workflow_in_progress else []
            if problems:  # in review, approval publishes the latest revision: keep it safe
                for problem in problems:
                    form.add_error(None, f"The case is in clinical review: {problem}")
                self.draft.expert_plan = self.case.get_latest_revision_as_object().expert_plan
                return self.render_to_response(self.get_context_data(form=form))
            self.draft.save_revision(user=request.user, log_action=True)
            report = self.draft.expert_plan_grade()
            verdict = VERDICTS[report.verdict].label if report else ""
            messages.success(
                request,
                f"Expert plan saved as a draft of case {self.case.case_id} (graded {verdict}). "
                "Learners see it once clinical review approves the case.",
            )
            return redirect(self.expert_plan_url_name, quote(self.case.pk))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        report = None
        problems = []
        triggered = []
        try:
            rules = self.draft.live_rules()  # compiled once for the three questions
            triggered = self.draft.triggered_rules(rules)
            report = self.draft.expert_plan_grade(rules)
            problems = self.draft.publish_problems(rules)
        except ValueError as error:  # facts of a draft the engine refuses
            problems = [str(error)]
        stored = self.draft.expert_plan or {}
        shown = form.to_plan() if form.is_bound and not form.errors else {}
        context.update(
            case=self.draft,
            item={"case": self.draft, "form": form},
            p=self.prefix,
            report=report,
            verdict=VERDICTS[report.verdict].label if report else "",
            problems=problems,
            not_in_form=sorted(k for k in stored if k not in shown),
            triggered_rules=triggered,
            edit_url=reverse(self.edit_url_name, args=[quote(self.case.pk)]),
            locked=self.locked,
        )
        return context


class CaseViewSet(SnippetViewSet):
    """Client cases: the facts in the case editor's panels (``quizzes.case_editor``), the
    expert plan in the learner's plan form (``ExpertPlanView``)."""

    model = Case
    icon = "user"
    menu_label = "Client cases"
    search_fields = ["case_id", "title"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("case_id"), FieldPanel("module_slug")]),
            FieldPanel("title"),
            FieldPanel("intro"),
            CaseCheckPanel(heading="Expert plan and the rules these facts trigger"),
            *(FieldPanel(field_name(panel), heading=panel) for panel in PANELS),
        ],
        base_form_class=CaseForm,
    )

    @property
    def list_display(self):
        return [
            "case_id",
            "title",
            "module_slug",
            TitleColumn(
                "expert_plan",
                label="Expert plan",
                accessor=lambda case: "Expert plan",
                url_name=self.get_url_name("expert_plan"),
                id_accessor="pk",
            ),
        ]

    @property
    def expert_plan_view(self):
        return self.construct_view(
            ExpertPlanView,
            permission_policy=self.permission_policy,
            expert_plan_url_name=self.get_url_name("expert_plan"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("expert-plan/<str:pk>/", self.expert_plan_view, name="expert_plan"),
        ]


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


# -- extra attempts -------------------------------------------------------------------------


class QuizChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, quiz):
        return f"{quiz.get_parent().title} › {quiz.title}"


class AttemptGrantForm(WagtailAdminModelForm):
    """A grant names the learner by email (as live attendance does), a quiz of a course
    they are enrolled in, how many attempts, and why."""

    learner_email = forms.EmailField(label="Learner's email")
    quiz = QuizChoiceField(queryset=QuizPage.objects.live().order_by("path"))

    class Meta:
        model = AttemptGrant
        fields = ["quiz", "extra_attempts", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    field_order = ["learner_email", "quiz", "extra_attempts", "reason"]

    def clean_learner_email(self):
        email = self.cleaned_data["learner_email"]
        self.learner = get_user_model().objects.filter(email__iexact=email).first()
        if self.learner is None:
            raise forms.ValidationError("No account has this email.")
        return email

    def clean(self):
        cleaned = super().clean()
        quiz, learner = cleaned.get("quiz"), getattr(self, "learner", None)
        if quiz and learner and not Enrolment.objects.filter(user=learner, course=quiz.course):
            self.add_error("learner_email", "This learner is not enrolled in the quiz's course.")
        return cleaned


class AttemptGrantCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return attempts_grant(
            learner=self.form.learner,
            quiz=data["quiz"],
            extra_attempts=data["extra_attempts"],
            reason=data["reason"],
            granted_by=self.request.user,
        )

    def get_success_url(self):
        return reverse(self.index_url_name)

    def get_success_buttons(self):
        return []  # a grant has no edit view

    def get_success_message(self, instance):
        return f"{instance.extra_attempts} more attempt(s) granted to {instance.user.email}."


class AttemptGrantIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "quiz", "granted_by")


class AttemptGrantViewSet(ModelViewSet):
    """Extra attempts granted to learners, with the reason: instructors add and list them;
    nobody edits or deletes one (a record, as attempts are)."""

    model = AttemptGrant
    name = "attempt_grants"
    icon = "plus"
    menu_label = "Extra attempts"
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = AttemptGrantCreateView
    index_view_class = AttemptGrantIndexView
    copy_view_enabled = False
    ordering = ["-granted_at"]
    list_per_page = 50
    search_fields = ["user__email", "reason"]
    search_backend_name = None
    list_display = [
        Column("learner", label="Learner", accessor="user.email"),
        Column("quiz", label="Quiz", accessor="quiz.title"),
        Column("extra_attempts", label="Extra attempts"),
        Column("reason", label="Reason"),
        Column("granted_by", label="Granted by", accessor="granted_by.email"),
        DateColumn("granted_at", label="Granted", sort_key="granted_at"),
    ]

    def get_form_class(self, for_update=False):
        return AttemptGrantForm

    def get_urlpatterns(self):
        """Listing, results and the grant form: no edit, delete, copy or history views."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
        ]
