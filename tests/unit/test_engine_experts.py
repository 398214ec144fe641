"""The grader agrees with experts on plans it was not written from (pure, no database).

- ``tests/data/corpus/``: plans written by a second expert who saw RULES, VOCABULARY and the
  modules but not the engine, each verdict fixed before the first run. Where the expert was
  wrong the plan keeps ``expert_verdict`` and a ``resolution`` line; every other verdict is
  the expert's own (tests/data/corpus/RESOLUTIONS.md lists each disagreement and its fix).
- ``content/courses/*/NN-*.checks.yaml``: every plan a module presents as correct grades as
  the module says, and every wrong answer it discusses fails for the rules it names.
"""

from pathlib import Path

import pytest

from quizzes.engine.grader import grade
from quizzes.engine.loader import read_plan_files
from tests.rules import load_rule_files

ROOT = Path(__file__).parents[2]
RULES = load_rule_files(ROOT / "content" / "rules")
CORPUS = read_plan_files(ROOT / "tests" / "data" / "corpus")
MODULE_CHECKS = [
    item
    for path in sorted((ROOT / "content" / "courses").glob("*/*.checks.yaml"))
    for item in read_plan_files(path)
]


def test_the_corpus_is_large_and_mixed():
    verdicts = [item["expect"] for item in CORPUS]
    assert len(CORPUS) >= 150
    assert min(verdicts.count(v) for v in ("safe", "caution", "unsafe")) > 30
    assert len({item["id"] for item in CORPUS}) == len(CORPUS)


def test_only_a_few_expert_verdicts_were_changed_and_each_says_why():
    changed = [item for item in CORPUS if "expert_verdict" in item]
    assert all(item.get("resolution", "").startswith("Case changed") for item in changed)
    assert len(changed) <= len(CORPUS) // 50


def graded_as_expected(item):
    report = grade(item["facts"], item["plan"], RULES)
    assert report.verdict == item["expect"], (
        item["reason"],
        [(v.severity, v.rule, v.detail) for v in report.violations],
    )
    return report


@pytest.mark.parametrize("item", CORPUS, ids=lambda item: item["id"])
def test_the_grader_agrees_with_the_second_expert(item):
    graded_as_expected(item)


def test_every_module_has_checks():
    modules = sorted(p.stem for p in (ROOT / "content" / "courses").glob("*/[0-9]*.md"))
    checks = (ROOT / "content" / "courses").glob("*/*.checks.yaml")
    checked = sorted(p.name.removesuffix(".checks.yaml") for p in checks)
    assert checked == modules


@pytest.mark.parametrize("item", MODULE_CHECKS, ids=lambda item: item["id"])
def test_each_worked_plan_grades_as_its_module_says(item):
    report = graded_as_expected(item)
    assert set(item.get("violates") or []) <= set(report.violated_rules())
