"""The catalogue, courses and modules.

Declarative page models: fields, panels, parent/child rules, search fields, the page
queries other code needs (a course's modules, a module's course), and a ``get_context`` that
calls ``courses.selectors``. The selectors never import this module (they reach page queries
through the pages they are given), so the dependency points one way. Markdown in
StreamFields is rendered when saved (see ``cms.blocks``).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import CourseOverviewBlock, InstructorBlock, ModuleBodyBlock, ObjectiveBlock
from courses import selectors
from courses.estimates import CEEstimate, assessment_time

# What a listing of modules needs (tree order, title, link, reading time), and no more.
MODULE_LISTING_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "estimated_minutes",
    "minimum_study_minutes",
)


class CourseType(models.TextChoices):
    HOME_STUDY = "home_study", "Home study"
    LIVE = "live", "Live"
    WEBINAR = "webinar", "Webinar"


class CEEstimatePanel(Panel):
    """Shows instructors the CE hours the content supports next to the approved hours."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/panels/ce_estimate.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["approved"] = page.ce_hours
            context["estimate"] = estimate = page.ce_estimate() if page.pk else None
            context["problems"] = estimate.disagreements(page.ce_hours) if estimate else []
            return context


class CourseIndexPage(Page):
    """The catalogue: every live course, as cards."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "course catalogue"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.live().child_of(self).order_by("path")
        return context


class CoursePage(Page):
    """A course as a licensing board approved it, with its modules as child pages."""

    approved_title = models.CharField(
        max_length=255,
        blank=True,
        help_text="The title exactly as the board approved it. It is printed on certificates.",
    )
    summary = models.TextField(max_length=800, help_text="Shown on the catalogue card.")
    overview = StreamField(CourseOverviewBlock(), blank=True)
    learning_objectives = StreamField([("objective", ObjectiveBlock())], blank=True)
    course_type = models.CharField(
        max_length=16, choices=CourseType.choices, default=CourseType.HOME_STUDY
    )
    ce_hours = models.DecimalField(
        "CE hours (as approved)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("200"))],
    )
    approval_board = models.CharField(max_length=120, blank=True)
    approval_number = models.CharField(max_length=64, blank=True)
    approved_from = models.DateField(null=True, blank=True)
    approved_until = models.DateField(null=True, blank=True)
    instructors = StreamField([("instructor", InstructorBlock())], blank=True)
    prerequisites = models.TextField(blank=True)
    for_massage_therapists = models.BooleanField("for massage therapists", default=True)
    for_estheticians = models.BooleanField("for estheticians", default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("overview"),
        FieldPanel("learning_objectives"),
        FieldPanel("instructors"),
        FieldPanel("prerequisites"),
        FieldRowPanel([FieldPanel("for_massage_therapists"), FieldPanel("for_estheticians")]),
    ]
    approval_panels = [
        MultiFieldPanel(
            [
                FieldPanel("approved_title"),
                FieldRowPanel([FieldPanel("course_type"), FieldPanel("ce_hours")]),
                CEEstimatePanel(heading="CE hours: approved and estimated from the content"),
                FieldRowPanel([FieldPanel("approval_board"), FieldPanel("approval_number")]),
                FieldRowPanel([FieldPanel("approved_from"), FieldPanel("approved_until")]),
            ],
            heading="Board approval",
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(approval_panels, heading="Approval and CE hours"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("overview"),
        index.FilterField("course_type"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = "course"

    @property
    def target_professions(self) -> list[str]:
        """Who the course is for, as plural nouns for "For … and …"."""
        return [
            label
            for label, on in (
                ("massage therapists", self.for_massage_therapists),
                ("estheticians", self.for_estheticians),
            )
            if on
        ]

    @property
    def is_approved(self) -> bool:
        return bool(self.approval_board and self.approval_number and self.approved_title)

    def ce_estimate(self) -> CEEstimate:
        modules = list(
            ModulePage.objects.child_of(self)
            .live()
            .only("body", "media_minutes", "estimated_minutes", "minimum_study_minutes")
        )
        return CEEstimate(
            words=sum(m.word_count for m in modules),
            media_minutes=sum(m.media_minutes for m in modules),
            module_minutes=sum(m.estimated_minutes for m in modules),
            study_minutes=sum(m.required_study_minutes for m in modules),
            assessment=assessment_time(self),
        )

    def modules(self) -> list[ModulePage]:
        """The live modules in study (tree) order, with the fields a listing needs. One query."""
        return list(self.modules_of([self]).get(self.pk, []))

    @classmethod
    def modules_of(cls, courses) -> dict[int, list[ModulePage]]:
        """The live modules of several courses in study order, by course id. One query."""
        courses = list(courses)
        by_path = {course.path: course.pk for course in courses}
        found: dict[int, list[ModulePage]] = {course.pk: [] for course in courses}
        if not courses:
            return found
        children = models.Q()
        for course in courses:
            children |= models.Q(path__startswith=course.path, depth=course.depth + 1)
        for module in (
            ModulePage.objects.live().filter(children).order_by("path").only(*MODULE_LISTING_FIELDS)
        ):
            found[by_path[module.path[: -module.steplen]]].append(module)
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.course_page_context(course=self, user=request.user))
        return context


class ModulePage(Page):
    """One module of a course. Its body is for enrolled learners; others see the overview."""

    summary = models.TextField(
        blank=True, help_text="One or two sentences shown to learners who are not enrolled yet."
    )
    learning_objectives = StreamField([("objective", ObjectiveBlock())], blank=True)
    estimated_minutes = models.PositiveIntegerField(default=30, help_text="Reading time.")
    minimum_study_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(600)],
        help_text=(
            "Study time a learner must have recorded on this module before it counts as"
            " complete (with its quiz passed). Leave blank to require the reading time above:"
            " the stated minutes are what the course's CE hours are approved for."
        ),
    )
    media_minutes = models.PositiveIntegerField(
        default=0, help_text="Minutes of audio or video (counted in the CE estimate)."
    )
    body = StreamField(ModuleBodyBlock())

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        FieldRowPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("media_minutes"),
                FieldPanel("minimum_study_minutes"),
            ]
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["quizzes.QuizPage"]

    class Meta:
        verbose_name = "module"

    @property
    def required_study_minutes(self) -> int:
        """The study time the module needs before it counts as complete."""
        if self.minimum_study_minutes is None:
            return self.estimated_minutes
        return self.minimum_study_minutes

    @cached_property
    def word_count(self) -> int:
        return sum(_block_words(child) for child in self.body)

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.parent_of(self).get()

    def get_context(self, request, *args, **kwargs):
        """Reading a module writes nothing: the page posts the visit (``courses:visit``)."""
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.module_page_context(module=self, user=request.user))
        context["can_study"] = (
            context["progress"].enrolled
            or getattr(request, "is_preview", False)
            or request.user.has_perm("wagtailadmin.access_admin")
        )
        return context


def _block_words(block) -> int:
    """Words a reader sees in one body block (headings, text, callouts, cases, captions)."""
    value = block.value
    match block.block_type:
        case "heading":
            return len(value["text"].split())
        case "markdown":
            return value.word_count
        case "callout":
            return len(value["title"].split()) + value["body"].word_count
        case "case_study":
            vignette = sum(
                len(line.split()) for s in value["facts"].sections for line in s["lines"]
            )
            return (
                len(value["title"].split())
                + len(value["intro"].split())
                + vignette
                + value["discussion"].word_count
            )
        case "image":
            return len(value["caption"].split())
    return 0
