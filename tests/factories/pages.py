import uuid
from decimal import Decimal

import factory
import wagtail_factories

from cms.blocks import markdown_prep
from cms.models import HomePage
from courses.models import CourseIndexPage, CoursePage, ModulePage


def module_body(text="Study text about **platelets**.", anchor="section-one"):
    """Stored StreamField data for a module body: a heading and one markdown block."""
    return [
        {
            "type": "heading",
            "value": {"text": "Section one", "anchor": anchor},
            "id": str(uuid.uuid4()),
        },
        {"type": "markdown", "value": markdown_prep(text), "id": str(uuid.uuid4())},
    ]


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Courses"
    slug = "courses"
    parent = factory.LazyFunction(lambda: HomePage.objects.get())

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    approved_title = factory.SelfAttribute("title")
    summary = "A course summary."
    ce_hours = Decimal("2.0")
    approval_board = "NCBTMB"
    approval_number = factory.Sequence(lambda n: f"TEST-{n:04d}")

    class Meta:
        model = CoursePage


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = "What this module covers."
    estimated_minutes = 20
    body = factory.LazyFunction(module_body)

    class Meta:
        model = ModulePage
