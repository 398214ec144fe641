"""The shipped quizzes follow item-writing standards that a test can see, and together they
assess every adaptation rule.

Generic over ``content/quizzes/*.yaml``: a new quiz file is held to the same checks.

- The correct option of a single-answer question is not given away by being the longest.
  Counted by characters, "longest" means strictly or jointly longest (ties count against the
  key). Over all single-answer questions, that count may be at most the chance rate: the sum
  over the questions of 1 / (number of options), rounded UP to a whole question.
- No option is "all of the above" or "none of the above".
- Every rule in ``content/rules`` is assessed by at least one question. A case-plan question
  assesses the rules its case triggers (the case's ``expected.triggered_rules``, which the
  importer checks against the engine); a choice question assesses the rules it names in
  ``assesses``. A part of a rule (``heme-anticoagulant/combo``) counts for its rule.
"""

import math
import re
from collections import defaultdict
from pathlib import Path

import pytest

from cms.importer.parser import parse_library

CONTENT = Path(__file__).parents[2] / "content"


@pytest.fixture(scope="module")
def library():
    parsed = parse_library(CONTENT)
    assert parsed.errors == [], [str(error) for error in parsed.errors]
    assert parsed.quizzes
    return parsed


def questions(library, kind):
    for parsed in library.quizzes:
        for question in parsed.quiz.questions:
            if question.kind == kind:
                yield parsed.path, question


def test_the_correct_option_is_not_the_longest_more_often_than_chance(library):
    single = [q for _, q in questions(library, "choice") if not q.multiple]
    assert single
    longest = []
    for question in single:
        lengths = [len(option.text) for option in question.options]
        [key] = [len(option.text) for option in question.options if option.correct]
        if key == max(lengths):  # strictly or jointly the longest
            longest.append(question.id)
    chance = sum(1 / len(question.options) for question in single)
    bound = math.ceil(chance)
    rate = f"{len(longest)} of {len(single)} single-answer questions have the longest key"
    print(f"{rate} (chance {chance:.2f}, bound {bound}): {', '.join(longest)}")
    assert len(longest) <= bound, f"{rate}; chance allows {bound}: {longest}"


ABOVE = re.compile(r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them)\b", re.I)


def test_no_option_is_all_or_none_of_the_above(library):
    offending = [
        f"{path}: {question.id}: {option.text}"
        for path, question in questions(library, "choice")
        for option in question.options
        if ABOVE.search(option.text)
    ]
    assert offending == []


def test_every_choice_question_names_the_rules_it_assesses(library):
    unnamed = [f"{path}: {q.id}" for path, q in questions(library, "choice") if not q.assesses]
    assert unnamed == [], "add 'assesses: [rule ids]' to these questions"


def assessed_by(library) -> dict[str, list[str]]:
    rules = library.rules
    by_rule = defaultdict(list)
    for _, question in questions(library, "choice"):
        for rule_id in question.assesses:
            by_rule[rules.by_id[rule_id].base_id].append(question.id)
    for _, question in questions(library, "case_plan"):
        _, case = library.cases[question.case]
        for rule_id in case.expected["triggered_rules"]:
            by_rule[rules.by_id[rule_id].base_id].append(question.id)
    return by_rule


def test_every_rule_is_assessed_by_at_least_one_question(library):
    by_rule = assessed_by(library)
    report = "\n".join(
        f"{len(by_rule[rule_id]):2d}  {rule_id}: {', '.join(sorted(set(by_rule[rule_id])))}"
        for rule_id in library.rules.base_ids
    )
    print(f"Questions per rule:\n{report}")
    unassessed = [rule_id for rule_id in library.rules.base_ids if not by_rule[rule_id]]
    assert unassessed == [], f"no question assesses {unassessed}"
