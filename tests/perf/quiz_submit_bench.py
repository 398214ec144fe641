"""Quiz submission latency, in process (Django test client, bench settings, SQLite): one
learner after another starts module 2's quiz, saves the expert answers and submits. Run by
tests/perf/bench.py through ``manage.py shell``; prints one line."""

import statistics
import time
import uuid
from pathlib import Path

import yaml
from django.test import Client
from django.urls import reverse

from courses.models import CoursePage
from courses.services import enrolment_create
from quizzes.models import Attempt, CaseQuestion, QuizPage
from tests.browser.plans import as_post, form_values
from tests.factories import LearnerFactory

ROUNDS = 30
CHECKS = Path(__file__).resolve().parents[1] / "data" / "domain" / "checks"


def answers(attempt: Attempt) -> dict:
    data = {}
    for entry in attempt.layout:
        if entry["kind"] == "choice":
            data[f"q-{entry['key']}-selected"] = [
                o["value"] for o in entry["options"] if o["correct"]
            ]
        else:
            question = CaseQuestion.objects.select_related("case").get(key=entry["key"])
            plan = (
                question.case.expert_plan
                or yaml.safe_load((CHECKS / f"{question.case.case_id}-model.yaml").read_text())[
                    "plan"
                ]
            )
            data.update(as_post(entry["key"], form_values(plan, question.case.facts)))
    return data


course = CoursePage.objects.get(slug="oncology-care")
quiz = QuizPage.objects.get(url_path__endswith="/oncology-adaptations/quiz/")
timings = []
for _ in range(ROUNDS):
    learner = LearnerFactory(email=f"bench-{uuid.uuid4().hex[:12]}@example.org")
    enrolment_create(user=learner, course=course)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(learner)
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=learner)
    data = {**answers(attempt), "confirm": "1"}  # confirmed: straight to grading
    began = time.perf_counter()
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]), data)
    timings.append(time.perf_counter() - began)
    assert response.status_code == 302, response.status_code
print(
    f"quiz submission (module 2 quiz: 6 choice + 2 case questions, in process): "
    f"p50 {statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms "
    f"over {ROUNDS} submissions"
)
