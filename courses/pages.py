"""The course and module page classes, found through settings rather than imported."""

from django.apps import apps
from django.conf import settings


def course_page_model():
    return apps.get_model(settings.COURSES_COURSE_PAGE_MODEL)


def module_page_model():
    return apps.get_model(settings.COURSES_MODULE_PAGE_MODEL)


def quiz_page_model():
    return apps.get_model(settings.COURSES_QUIZ_PAGE_MODEL)
