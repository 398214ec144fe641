from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """The catalogue, course and module pages; enrolment, progress, completion and
    certificates."""

    name = "courses"
    verbose_name = "Courses"
