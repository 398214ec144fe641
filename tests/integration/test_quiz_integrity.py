"""The shipped quizzes cannot be read from the page source: the values a choice question
posts, and the order its options are stored and shown in, say nothing about which option is
correct (an audit found "tick the lowest id" scored 38 of 40)."""

import re
from collections import Counter

import pytest

from courses.services import enrolment_create
from quizzes.models import ChoiceOption, ChoiceQuestion, QuizPage
from quizzes.services import attempt_start
from tests.factories.progress import complete_modules

pytestmark = pytest.mark.django_db
INPUT = re.compile(
    r'<input type="(?:radio|checkbox)" name="q-([\w-]+)-selected" [^>]*value="([^"]+)"'
)


def test_posted_option_values_reveal_neither_order_nor_correctness(
    shipped_content, learner_client, learner
):
    option_ids = {str(pk) for pk in ChoiceOption.objects.values_list("pk", flat=True)}
    shown_first = lowest_value_first = single_answer = 0
    for quiz in QuizPage.objects.live():
        enrolment_create(user=learner, course=quiz.course)
        if quiz.assesses_course:  # the final opens once every module is complete
            complete_modules(user=learner, course=quiz.course)
        attempt = attempt_start(user=learner, quiz=quiz)
        posted = INPUT.findall(learner_client.get(quiz.url).content.decode())
        values = [value for _, value in posted]
        assert values, quiz.title
        assert len(set(values)) == len(values)
        assert not [v for v in values if v.isdigit() or v in option_ids]
        for entry in (e for e in attempt.layout if e["kind"] == "choice" and not e["multiple"]):
            shown = [value for key, value in posted if key == entry["key"]]
            correct = {o["value"] for o in entry["options"] if o["correct"]}
            single_answer += 1
            shown_first += shown[0] in correct
            lowest_value_first += min(shown) in correct
    assert single_answer >= 20
    # about one in four by chance (four options); never the rule
    assert shown_first / single_answer < 0.5
    assert lowest_value_first / single_answer < 0.5
    # the stored order puts the right answer in each slot about equally often
    slots = Counter(
        [o.correct for o in q.options.order_by("sort_order", "pk")].index(True)
        for q in ChoiceQuestion.objects.filter(multiple=False)
    )
    questions = sum(slots.values())
    print(f"\nstored slot of the right answer: {dict(sorted(slots.items()))} of {questions}")
    assert max(slots.values()) / questions < 0.4
