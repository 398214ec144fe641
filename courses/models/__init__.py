"""Enrolment, progress, evaluation, completion and certificates."""

from .certificates import Certificate, CertificateEvent, CertificateStatus, ProviderSettings
from .progress import CourseEvaluation, Enrolment, ModuleProgress

__all__ = [
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "CourseEvaluation",
    "Enrolment",
    "ModuleProgress",
    "ProviderSettings",
]
