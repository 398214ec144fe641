"""The admin screens of the quiz library: adaptation rules, client cases and the question
bank, as snippets (instructors edit them; ``cms.wagtail_hooks`` registers them); and the
extra attempts instructors grant (``quizzes.wagtail_hooks`` registers that viewset).

The quiz page's "Choice" and "Case plan" blocks choose questions through the questions'
chooser modals, which also create one (``QuestionChooserViewSet``): the new question is a
draft (never live until a clinical reviewer approves it), optionally submitted to Clinical
review at once, and chosen into the block."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views.generic import TemplateView
from wagtail.actions.create import CreateAction
from wagtail.admin.auth import permission_denied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.chooser import ChooseView, SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from cms.review import review_confirmation
from courses.models import Enrolment
from quizzes.engine.vocabulary import SECTIONS, VERDICTS

from .case_editor import PANELS, CaseCheckPanel, CaseForm, field_name
from .forms import PlanForm, case_sites, plan_form_data
from .models import AdaptationRule, AttemptGrant, Case, CaseQuestion, ChoiceQuestion, QuizPage
from .models.questions import CaseQuestionForm, ChoiceQuestionForm
from .selectors import answers_shown
from .services import attempts_grant


class LibraryEditView(EditView):
    """The edit view of the library's snippets: a reviewer's approval or request for
    changes is confirmed naming Clinical review (Wagtail's own message only says "updated")."""

    def get_success_message(self, instance=None):
        if self.action == "workflow-action":
            confirmation = review_confirmation(
                getattr(self, "workflow_action", None),
                self.model._meta.verbose_name,
                get_latest_str(instance or self.object),
            )
            if confirmation:
                return confirmation
        return super().get_success_message(instance)


class LibraryViewSet(SnippetViewSet):
    edit_view_class = LibraryEditView


class AdaptationRuleViewSet(LibraryViewSet):
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


class CaseViewSet(LibraryViewSet):
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


# -- creating a question from the quiz page's chooser ---------------------------------------

CREATION_FORM_TEMPLATE = "quizzes/admin/questions/creation_form.html"
SUBMIT_LABEL = "Submit to Clinical review now"
KEY_HELP = "A stable id attempts refer to. Leave blank to make one from {source}."
# Blank option rows in the creation tab: at least two are filled; a blank row is skipped.
OPTION_ROWS = 5
SUBMIT_HELP = (
    "Learners see a question only once a clinical reviewer approves it. Untick to keep it as a"
    " draft you finish in the Quiz library first."
)


def unique_key(model, text: str) -> str:
    """A key made from ``text`` that no question of ``model`` holds yet."""
    base = slugify(text)[:70].strip("-") or "question"
    key, n = base, 1
    while model.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


class QuestionCreationMixin:
    """What both creation forms share: a key made from the prompt when left blank, and
    whether to submit the draft to Clinical review at once."""

    submit_for_review = forms.BooleanField(
        label=SUBMIT_LABEL, required=False, initial=True, help_text=SUBMIT_HELP
    )

    key_source_words = "the prompt"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["key"].help_text = KEY_HELP.format(source=self.key_source_words)

    def key_source(self, cleaned: dict) -> str:
        """The words a blank key is made from."""
        return cleaned.get("prompt") or ""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("key") and self.key_source(cleaned):
            cleaned["key"] = unique_key(self._meta.model, self.key_source(cleaned))
        return cleaned


class SuggestingTextInput(forms.TextInput):
    """A text input that suggests values already in use (an HTML datalist): any value may
    still be typed."""

    template_name = "quizzes/admin/questions/suggesting_input.html"

    def __init__(self, suggestions=(), attrs=None):
        super().__init__(attrs)
        self.suggestions = list(suggestions)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-suggestions"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["suggestions"] = self.suggestions
        context["widget"]["list_id"] = list_id
        return context


class OptionRowForm(WagtailAdminModelForm):
    """One option row of the creation tab. Any row may stay blank (it is skipped), so none of
    its fields is marked required; a row begun needs its text and its feedback, and says so
    on the field left empty. How many rows make a question is the form's check (at least 2)."""

    NEEDED = {
        "text": "Give this option's text, or clear the row.",
        "feedback": "Give the feedback learners read for this option.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.NEEDED:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if self.has_changed():
            for name, message in self.NEEDED.items():
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, message)
        return cleaned


class ChoiceQuestionCreationForm(QuestionCreationMixin, ChoiceQuestionForm):
    """A choice question with its options (text, correct, feedback), in one form: the same
    checks as the edit form (``ChoiceQuestionForm``), with the options' errors on them."""

    submit_for_review = QuestionCreationMixin.submit_for_review

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = (
            ChoiceQuestion.objects.order_by("category")
            .values_list("category", flat=True)
            .distinct()
        )
        self.fields["category"].widget = SuggestingTextInput(categories, attrs={"maxlength": 60})
        self.fields[
            "category"
        ].help_text = "The question bank's category: choose one in use, or type a new one."

    class Meta:
        model = ChoiceQuestion
        fields = ["prompt", "multiple", "category", "points", "key"]
        formsets = {
            "options": {
                "fields": ["text", "correct", "feedback"],
                "form": OptionRowForm,
                "extra": OPTION_ROWS,
                "can_delete": False,
            }
        }
        widgets = {"prompt": forms.Textarea(attrs={"rows": 3})}


class CaseChoiceField(forms.ModelChoiceField):
    """A client case chosen by its title; one not yet approved says so."""

    def label_from_instance(self, case):
        return case.title if case.live else f"{case.title} (not yet approved)"


class CaseQuestionCreationForm(QuestionCreationMixin, CaseQuestionForm):
    """A case-plan question: its case by title and the plan sections asked, by name."""

    case = CaseChoiceField(
        queryset=Case.objects.order_by("title"),
        label="Client case",
        help_text="Learners read its vignette and plan a session for this client.",
    )
    submit_for_review = QuestionCreationMixin.submit_for_review
    key_source_words = "the case's title"

    def key_source(self, cleaned: dict) -> str:
        return cleaned["case"].title if cleaned.get("case") else ""

    class Meta:
        model = CaseQuestion
        fields = ["case", "prompt", "fields", "points", "key"]
        widgets = {"prompt": forms.Textarea(attrs={"rows": 2})}


class QuestionChooseView(ChooseView):
    creation_form_template_name = CREATION_FORM_TEMPLATE


class QuestionCreateView(SnippetCreateView):
    """Saves the new question as a draft with its first revision (``CreateAction``: not
    live), submits it to Clinical review when asked, and chooses it into the block. All or
    nothing: a failure leaves no question behind."""

    creation_form_template_name = CREATION_FORM_TEMPLATE

    def post(self, request):
        self.form = self.get_creation_form()
        if self.form.is_valid():
            try:
                question = self.save_form(self.form)
            except IntegrityError:  # the key was taken between the check and the save
                self.form.add_error("key", "A question with this key was saved meanwhile.")
            else:
                return self.get_chosen_response(question)
        return self.get_reshow_creation_form_response()

    def save_form(self, form):
        user = self.request.user
        with transaction.atomic():
            question = CreateAction(form.instance, user=user, form=form).execute()
            workflow = question.get_workflow()
            if form.cleaned_data.get("submit_for_review") and workflow is not None:
                workflow.start(question, user)
        return question


class QuestionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = QuestionChooseView
    create_view_class = QuestionCreateView
    create_action_label = "Create a draft question"
    create_action_clicked_label = "Creating…"
    creation_tab_label = "New question"


class ChoiceQuestionChooserViewSet(QuestionChooserViewSet):
    creation_form_class = ChoiceQuestionCreationForm


class CaseQuestionChooserViewSet(QuestionChooserViewSet):
    creation_form_class = CaseQuestionCreationForm


class ChoiceQuestionViewSet(LibraryViewSet):
    model = ChoiceQuestion
    icon = "list-ul"
    menu_label = "Choice questions"
    list_display = ["key", "category", "prompt"]
    list_filter = ["category"]
    chooser_viewset_class = ChoiceQuestionChooserViewSet


class CaseQuestionViewSet(LibraryViewSet):
    model = CaseQuestion
    icon = "clipboard-list"
    menu_label = "Case questions"
    list_display = [
        "key",
        "category",
        "case",
        Column("asked", label="Sections asked", accessor=lambda q: ", ".join(q.asked_sections)),
    ]
    chooser_viewset_class = CaseQuestionChooserViewSet


class QuizLibraryGroup(SnippetViewSetGroup):
    menu_label = "Quiz library"
    menu_icon = "tasks"
    menu_order = 300
    items = (AdaptationRuleViewSet, CaseViewSet, ChoiceQuestionViewSet, CaseQuestionViewSet)


# -- extra attempts -------------------------------------------------------------------------


class QuizChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, quiz):
        return f"{quiz.get_parent().title} › {quiz.title}"


ANSWERS_SHOWN = (
    "This quiz has already shown this learner its answers, so another attempt would test"
    " their memory of the feedback rather than their judgement. Tick this box to grant it"
    " anyway, and say why in the reason."
)


class AttemptGrantForm(WagtailAdminModelForm):
    """A grant names the learner by email (as live attendance does), a quiz of a course
    they are enrolled in, how many attempts, and why."""

    learner_email = forms.EmailField(label="Learner's email")
    quiz = QuizChoiceField(queryset=QuizPage.objects.live().order_by("path"))
    despite_answers = forms.BooleanField(
        label="Grant even though the answers were shown",
        required=False,
        help_text=(
            "Needed only when this quiz has shown the learner its answers (after a pass, or"
            " after their last attempt): another attempt then tests memory of the feedback."
        ),
    )

    class Meta:
        model = AttemptGrant
        fields = ["quiz", "extra_attempts", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    field_order = ["learner_email", "quiz", "extra_attempts", "reason", "despite_answers"]

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
        elif (
            quiz
            and learner
            and not cleaned.get("despite_answers")
            and answers_shown(user=learner, quiz=quiz)
        ):
            self.add_error("despite_answers", ANSWERS_SHOWN)
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
