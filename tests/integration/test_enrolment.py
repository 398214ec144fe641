"""Enrolment and progress services and selectors, and their thin views."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment, ModuleProgress
from courses.selectors import course_progress, learner_courses
from courses.services import (
    NotACourse,
    NotEnrolled,
    enrolment_create,
    module_visit_record,
)
from tests.factories import CoursePageFactory, LearnerFactory, ModulePageFactory
from tests.factories.progress import study

pytestmark = pytest.mark.django_db
T0 = timezone.now().replace(microsecond=0)


def test_enrolling_twice_keeps_one_enrolment(learner, course):
    first = enrolment_create(user=learner, course=course, now=T0)
    second = enrolment_create(user=learner, course=course, now=T0 + timedelta(days=1))
    assert first.pk == second.pk
    assert Enrolment.objects.count() == 1


def test_an_unpublished_course_cannot_be_enrolled_in(learner, course):
    course.unpublish()
    with pytest.raises(NotACourse):
        enrolment_create(user=learner, course=course)


def test_a_module_is_not_a_course(learner, modules):
    with pytest.raises(NotACourse):
        enrolment_create(user=learner, course=modules[0])


def test_visiting_requires_enrolment(learner, modules):
    with pytest.raises(NotEnrolled):
        module_visit_record(user=learner, module=modules[0])
    assert not ModuleProgress.objects.exists()


def test_reading_time_is_credited_between_views_and_capped_by_idle_gaps(learner, course, modules):
    enrolment_create(user=learner, course=course, now=T0)
    module_visit_record(user=learner, module=modules[0], now=T0)
    module_visit_record(user=learner, module=modules[0], now=T0 + timedelta(minutes=5))
    module_visit_record(user=learner, module=modules[1], now=T0 + timedelta(minutes=12))
    module_visit_record(user=learner, module=modules[1], now=T0 + timedelta(hours=3))  # idle
    module_visit_record(user=learner, module=modules[0], now=T0 + timedelta(hours=3, minutes=1))

    rows = {p.module_id: p for p in ModuleProgress.objects.all()}
    assert rows[modules[0].pk].seconds_spent == 12 * 60
    assert rows[modules[1].pk].seconds_spent == 60  # the minute before returning to module 1


def test_progress_percent_next_and_resume(learner, course, modules):
    """The factory's modules have no quiz: 20 minutes of study completes one."""
    enrolment_create(user=learner, course=course, now=T0)
    end = study(user=learner, module=modules[0], minutes=20, start=T0)
    module_visit_record(user=learner, module=modules[2], now=end + timedelta(minutes=1))

    progress = course_progress(user=learner, course=course)
    assert (progress.completed_count, progress.percent) == (1, 33)
    assert progress.next_module.pk == modules[1].pk
    assert progress.resume_module.pk == modules[2].pk  # where they left off
    study(user=learner, module=modules[2], minutes=20, start=end + timedelta(minutes=2))
    assert course_progress(user=learner, course=course).resume_module.pk == modules[1].pk


def test_learner_courses_costs_the_same_queries_for_one_or_many_courses(catalogue):
    few, many = LearnerFactory(), LearnerFactory()
    courses = [CoursePageFactory(parent=catalogue) for _ in range(4)]
    for course in courses:
        for _ in range(3):
            ModulePageFactory(parent=course)
    enrolment_create(user=few, course=courses[0])
    for course in courses:
        enrolment_create(user=many, course=course)

    with CaptureQueriesContext(connection) as one:
        assert len(learner_courses(user=few)) == 1
    with CaptureQueriesContext(connection) as four:
        assert [len(p.modules) for p in learner_courses(user=many)] == [3, 3, 3, 3]
    assert len(one) == len(four) == 6


def test_enrol_view_enrols_and_opens_the_first_module(learner_client, learner, course, modules):
    response = learner_client.post(reverse("courses:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert response["Location"] == modules[0].url
    assert Enrolment.objects.filter(user=learner, course=course).exists()


def test_enrol_view_ignores_an_offsite_next(learner_client, course, modules):
    response = learner_client.post(
        reverse("courses:enrol", args=[course.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == modules[0].url


def test_enrol_view_requires_post_and_login(learner_client, course):
    assert learner_client.get(reverse("courses:enrol", args=[course.pk])).status_code == 405
    response = Client().post(reverse("courses:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert not Enrolment.objects.exists()


def test_the_mark_complete_view_is_gone(learner_client, learner, course, modules):
    """A module completes by its rule (study time and quiz), never by a button."""
    enrolment_create(user=learner, course=course)
    response = learner_client.post(f"/learning/complete/{modules[0].pk}/")
    assert response.status_code == 404
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


def test_dashboard_shows_progress_time_and_next_step(learner_client, learner, course, modules):
    enrolment_create(user=learner, course=course)
    study(user=learner, module=modules[0], minutes=20)
    html = learner_client.get(reverse("courses:dashboard")).content.decode()
    assert "1 of 3 modules complete" in html
    assert "Study time recorded: 20 of 60 minutes required." in html
    assert f'href="{modules[1].url}"' in html
    assert "Study module 2: Module 2" in html
    assert "Resume" not in html


def test_a_reload_within_a_minute_writes_nothing(learner, course, modules):
    enrolment_create(user=learner, course=course, now=T0)
    assert module_visit_record(user=learner, module=modules[0], now=T0) is not None
    with CaptureQueriesContext(connection) as queries:
        assert (
            module_visit_record(user=learner, module=modules[0], now=T0 + timedelta(seconds=30))
            is None
        )
    assert not any(q["sql"].startswith(("UPDATE", "INSERT")) for q in queries.captured_queries)
