"""The page types that assess a course: the quizzes app's quiz page, registered at start-up.

Completion needs to know which modules have a quiz and whether a course has a final
assessment, but ``courses`` sits below ``quizzes`` (cms → quizzes → courses) and cannot
import the quiz page. ``quizzes`` registers its page type here when its app is ready
(``QuizzesConfig.ready``); the dependency stays one way and import-linter can see it.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page

_page_types: list[type] = []


def register_assessment(page_type: type) -> None:
    if page_type not in _page_types:
        _page_types.append(page_type)


def assessments_in(page):
    """The live assessments anywhere under ``page`` (a course), as plain pages with what a
    link and the tree position need."""
    if not _page_types:
        return Page.objects.none()
    return (
        Page.objects.live()
        .descendant_of(page)
        .type(*_page_types)
        .only("title", "url_path", "path", "depth")
    )


def assessments_under(pages):
    """The live assessments under several courses at once (one query), as ``assessments_in``."""
    pages = list(pages)
    if not _page_types or not pages:
        return Page.objects.none()
    under = Q()
    for page in pages:
        under |= Q(path__startswith=page.path, depth__gt=page.depth)
    return (
        Page.objects.live()
        .filter(under)
        .type(*_page_types)
        .order_by("path")
        .only("title", "url_path", "path", "depth")
    )
