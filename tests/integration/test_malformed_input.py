"""Input a user can send, however malformed, gets a 4xx with a message, never a 500."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.factories import CoursePageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_page(catalogue):
    return Page.objects.get(depth=1)  # the tree's root: a page of no course type


def test_ids_of_the_wrong_page_type_are_not_found(learner_client, catalogue, other_page):
    course = CoursePageFactory(parent=catalogue)
    for url in (
        reverse("quizzes:start", args=[other_page.pk]),
        reverse("quizzes:start", args=[course.pk]),
        reverse("courses:enrol", args=[other_page.pk]),
        reverse("courses:visit", args=[other_page.pk]),
        reverse("courses:visit", args=[course.pk]),
        reverse("courses:evaluation", args=[other_page.pk]),
    ):
        assert learner_client.post(url).status_code == 404, url


def test_a_nul_byte_in_a_search_is_harmless(client):
    response = client.get("/search/", {"q": "lymph\x00edema"})
    assert response.status_code == 200


def test_admin_filters_and_actions_refuse_what_they_do_not_know(client, catalogue):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    for course in ("²", "9" * 4300, "-1"):
        for listing in ("/admin/evaluations/", "/admin/certificates/"):
            assert client.get(listing, {"course": course}).status_code == 200, (listing, course)
    nonsense = {"issued_at_after": "2026-13-45", "issued_at_before": "\x00", "status": "gone"}
    assert client.get("/admin/certificates/", nonsense).status_code == 200
