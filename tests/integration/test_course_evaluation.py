"""The course evaluation form: nothing chosen for the learner, and a missing answer is named."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from courses.models import CourseEvaluation
from courses.services import enrolment_create

pytestmark = pytest.mark.django_db
QUESTIONS = ("objectives_met", "relevance", "presentation")


def radios(html: str) -> list[dict]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("type") == "radio":
                found.append(attrs)

    Collector().feed(html)
    return found


@pytest.fixture
def url(learner, course):
    enrolment_create(user=learner, course=course)
    return reverse("courses:evaluation", args=[course.pk])


def test_the_form_offers_five_ratings_per_question_and_preselects_none(learner_client, url):
    html = learner_client.get(url).content.decode()
    buttons = radios(html)
    assert len(buttons) == 5 * len(QUESTIONS)
    assert {b["name"] for b in buttons} == set(QUESTIONS)
    assert not [b for b in buttons if "checked" in b]
    assert all(b["value"] in {"1", "2", "3", "4", "5"} for b in buttons)
    assert "---------" not in html


def test_an_unanswered_question_is_named_on_its_field_and_nothing_is_saved(learner_client, url):
    response = learner_client.post(url, {"relevance": "4", "comments": "Useful."})
    html = response.content.decode()
    assert response.status_code == 200
    assert not CourseEvaluation.objects.exists()
    unanswered = ("the course met its learning objectives", "the material was clearly presented")
    for statement in unanswered:
        assert html.count(f"Choose how much you agree that {statement}.") == 2  # summary + field
    assert "Choose how much you agree that the content is relevant" not in html
    assert 'aria-describedby="id_objectives_met_error"' in html
    assert 'href="#id_objectives_met_0"' in html
    assert [b["value"] for b in radios(html) if "checked" in b] == ["4"]  # kept, not lost


def test_a_complete_evaluation_is_recorded(learner_client, learner, url, course):
    answers = {"objectives_met": "5", "relevance": "4", "presentation": "3", "comments": " Clear. "}
    response = learner_client.post(url, answers)
    assert response.status_code == 302
    evaluation = CourseEvaluation.objects.get(enrolment__user=learner, enrolment__course=course)
    assert (evaluation.objectives_met, evaluation.relevance, evaluation.presentation) == (5, 4, 3)
    assert evaluation.comments == "Clear."


def test_a_rating_outside_the_scale_is_refused_on_its_field(learner_client, url):
    response = learner_client.post(url, dict.fromkeys(QUESTIONS, "9"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CourseEvaluation.objects.exists()
