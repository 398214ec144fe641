"""Regrade timing: the dry run and the applied regrade over 10,000 submitted attempts, on a
throwaway SQLite database, graded against the shipped rule library (content/rules).

    .venv/bin/python tests/perf/regrade.py [--attempts 10000]

Half the attempts planned pressure level 2 for a client with platelets at 40,000/µL (safe:
they pass), half level 3 (unsafe: they fail). The change under review lowers the platelet
rule's pressure limit to level 1, so the first half flips to fail: the worst case for the
apply (every other attempt changed, and its learner emailed to the in-memory outbox). Not
collected by pytest (no test_ prefix); prints one line per phase.

Measured on the 2-core development machine, 10,002 attempts: dry run 4.5 s (two distinct
answers, each graded once), 18.7 s with every answer graded (34.4 s before the plan form made
its area fields once); apply 19.0 s (5,001 results changed and emailed).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LEVEL_2 = {"max_pressure_global": ["2"], "md_release_required": ["on"], "process": ["intake"]}
LEVEL_3 = {**LEVEL_2, "max_pressure_global": ["3"]}
PER_LEARNER = 10  # attempts numbered 1..10 per learner


def setup_django(path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(total: int):
    from django.contrib.auth import get_user_model

    from courses.services import enrolment_create
    from quizzes.models import AdaptationRule, Attempt
    from quizzes.services import attempt_save, attempt_start, attempt_submit
    from tests.conftest import ensure_site_tree
    from tests.factories import (
        CaseQuestionFactory,
        CourseIndexPageFactory,
        CoursePageFactory,
        LearnerFactory,
        ModulePageFactory,
        QuizPageFactory,
    )
    from tests.rules import read_rule_files

    ensure_site_tree()
    for order, (_, data) in enumerate(read_rule_files(ROOT / "content" / "rules")):
        AdaptationRule.objects.create(
            rule_id=data["id"], sort_order=order, **AdaptationRule.fields_from_data(data)
        )
    rule = AdaptationRule.objects.create(
        rule_id="bench-platelets",
        sort_order=10_000,
        **AdaptationRule.fields_from_data(
            {
                "title": "Platelets below 50,000/µL (bench)",
                "category": "blood_counts",
                "when": "labs.platelets_per_uL < 50000",
                "must": {"max_pressure_global": 2, "md_release_required": True},
                "should": {"process": ["intake"]},
                "rationale": "Low platelets make bruising and bleeding more likely.",
            }
        ),
    )
    course = CoursePageFactory(parent=CourseIndexPageFactory(), slug="bench")
    module = ModulePageFactory(parent=course, slug="module-1")
    # a caution (the library asks for more process steps than these plans list) still passes
    quiz = QuizPageFactory.with_questions(module, [CaseQuestionFactory()], pass_mark=50)
    templates = []
    for plan in (LEVEL_2, LEVEL_3):
        learner = LearnerFactory()
        enrolment_create(user=learner, course=course)
        attempt = attempt_start(user=learner, quiz=quiz)
        key = attempt.layout[0]["key"]
        attempt_save(attempt_id=attempt.pk, user=learner, answers={key: plan})
        templates.append(attempt_submit(attempt_id=attempt.pk, user=learner, quiz=quiz))
    assert [t.passed for t in templates] == [True, False], [t.result for t in templates]
    User = get_user_model()
    learners = User.objects.bulk_create(
        [
            User(email=f"bench-{n}@example.org", legal_name=f"Learner {n}")
            for n in range(total // PER_LEARNER)
        ],
        batch_size=1000,
    )
    attempts = []
    for n, learner in enumerate(learners):
        for number in range(1, PER_LEARNER + 1):
            template = templates[(n * PER_LEARNER + number) % 2]
            attempts.append(
                Attempt(
                    user=learner,
                    quiz=quiz,
                    number=number,
                    started_at=template.started_at,
                    submitted_at=template.submitted_at,
                    layout=template.layout,
                    answers=template.answers,
                    score=template.score,
                    passed=template.passed,
                    result=template.result,
                )
            )
    Attempt.objects.bulk_create(attempts, batch_size=1000)
    return rule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "regrade-bench.sqlite3")
        from django.core import mail

        from quizzes import regrade
        from quizzes.models import AdaptationRule, Attempt
        from quizzes.regrade import dry_run, regrade_apply, regrade_run_process

        class NoAnswerCache(dict):
            """Keeps each question's form defaults, never an answer's result."""

            def __contains__(self, key):
                return len(key) != 2 and super().__contains__(key)

        class UncachedChange(regrade.Change):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.defaults = NoAnswerCache()

        began = time.perf_counter()
        rule = build(args.attempts)
        built = time.perf_counter() - began
        print(f"built {Attempt.objects.count()} submitted attempts in {built:.1f} s")

        version = AdaptationRule.objects.get(pk=rule.pk)
        version.must = {"max_pressure_global": 1, "md_release_required": True}
        began = time.perf_counter()
        impact = dry_run(rule, version)
        dry = time.perf_counter() - began
        print(
            f"dry run: {impact.considered} attempts in {dry:.1f} s "
            f"({impact.considered / dry:.0f}/s); {len(impact.changed)} would change, "
            f"{impact.newly_failing} learners would no longer pass"
        )

        # the same, with every answer graded as if no two learners answered alike (the
        # regrade caches the result of each distinct answer; here two answers repeat)
        graded = mock.Mock(wraps=regrade._grade_plan)
        with (
            mock.patch.object(regrade, "Change", UncachedChange),
            mock.patch.object(regrade, "_grade_plan", graded),
        ):
            began = time.perf_counter()
            impact = dry_run(rule, version)
            dry = time.perf_counter() - began
        print(
            f"dry run, no two answers alike: {impact.considered} attempts in {dry:.1f} s "
            f"({impact.considered / dry:.0f}/s; {graded.call_count} plans graded)"
        )

        version.save_revision().publish()
        rule.refresh_from_db()
        mail.outbox = []
        began = time.perf_counter()
        run = regrade_apply(obj=rule, user=None)
        listed = time.perf_counter() - began
        run = regrade_run_process(run.pk)
        applied = time.perf_counter() - began
        print(
            f"apply: {run.done} of {run.total} attempts regraded in {applied:.1f} s "
            f"({run.total / applied:.0f}/s; work list {listed:.1f} s), {run.changed} changed, "
            f"{len(mail.outbox)} learners emailed"
        )


if __name__ == "__main__":
    main()
