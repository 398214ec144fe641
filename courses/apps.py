from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Enrolment, progress, completion and certificates."""

    name = "courses"
    verbose_name = "Courses"
