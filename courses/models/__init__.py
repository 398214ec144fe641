"""The catalogue, course and module pages, the numbered sources they cite, and each
learner's enrolment, progress, evaluation and certificates (re-exported, as wagtail.models)."""

from .certificates import Certificate, CertificateEvent, CertificateStatus, ProviderSettings
from .pages import CourseIndexPage, CoursePage, CourseType, ModulePage
from .progress import CourseEvaluation, Enrolment, ModuleProgress
from .sources import Source

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "CourseEvaluation",
    "CourseIndexPage",
    "CoursePage",
    "CourseType",
    "Enrolment",
    "ModulePage",
    "ModuleProgress",
    "ProviderSettings",
    "Source",
]
