"""Case variants in the library (issue 13, part 5).

The engine (``quizzes.engine.variants``) makes a variant's facts from a case, the author's
choices and a seed. Here a variant becomes a case of its own: a draft that clinical review
approves like any other case, with the rules it triggers and the plan they expect computed
when it is made, so the author sees what the variant asks of a learner. A quiz that draws
variants (``QuizPage.draw_case_variants``) shows each attempt one approved variant or the
case itself, and the attempt keeps the variant's seed and choices beside its snapshot, so
``replayed_facts`` makes the same client again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from quizzes.engine.expected import expected_plan
from quizzes.engine.grader import grade
from quizzes.engine.variants import AXES, NumberAxis, VariantError, variant, variants
from quizzes.engine.vocabulary import VARIANT_AXES

from .grading import rule_set
from .models.rules import Case

MOST_AT_ONCE = 10


@dataclass(frozen=True)
class AxisOffer:
    """A fact of this case that can vary, as the author is offered it."""

    name: str
    label: str
    help: str
    minimum: int | None = None
    maximum: int | None = None
    now: object = None  # the case's own value, shown beside the range


def offered_axes(case: Case) -> list[AxisOffer]:
    """The facts of ``case`` that a variant may change, in the engine's order."""
    offers = []
    for name, axis in AXES.items():
        if not axis.present(case.facts or {}):
            continue
        words = VARIANT_AXES[name]
        if isinstance(axis, NumberAxis):
            now = axis.current(case.facts)
            offers.append(AxisOffer(name, words.label, words.help, axis.minimum, axis.maximum, now))
        else:
            offers.append(AxisOffer(name, words.label, words.help))
    return offers


def variant_summary(facts: dict) -> dict:
    """What a variant asks of a learner: the rules it triggers and the plan they expect."""
    report = grade(facts, {}, rule_set())
    return {"triggered_rules": report.triggered_rules, **report.expected}


@transaction.atomic
def variants_create(*, case: Case, choices: dict, count: int, user) -> list[Case]:
    """Up to ``count`` new variants of ``case``, each a draft submitted to Clinical review
    (as a question made from the quiz chooser is), so the reviewers are told at once. A
    variant already in the library (the same facts) is not made twice. All or nothing.
    Raises VariantError."""
    if case.variant_of_id:
        raise VariantError([("case", "make variants from the original case, not a variant")])
    if not 1 <= count <= MOST_AT_ONCE:
        raise VariantError([("count", f"make between 1 and {MOST_AT_ONCE} variants at a time")])
    existing = list(Case.objects.filter(variant_of=case).order_by("pk"))
    seen = [v.facts for v in existing]
    first_seed = 1 + max((v.variant_seed or 0 for v in existing), default=0)
    made: list[Case] = []
    for drawn in variants(case.facts, choices, count + len(seen), first_seed=first_seed):
        if drawn.facts in seen or len(made) == count:
            continue
        seen.append(drawn.facts)
        made.append(_draft(case, drawn, choices, number=len(existing) + len(made) + 1, user=user))
    return made


def _draft(case: Case, drawn, choices: dict, *, number: int, user) -> Case:
    summary = variant_summary(drawn.facts)
    row = Case(
        case_id=f"{case.case_id}-v{number}",
        title=f"{case.title} (variant {number})",
        intro=case.intro,
        module_slug=case.module_slug,
        facts=drawn.facts,
        variant_of=case,
        variant_seed=drawn.seed,
        variant_choices={name: list(v) if v else None for name, v in choices.items()},
        expected=summary,
        expert_plan=expected_plan(summary),
        live=False,
    )
    row.clean()
    row.save()
    row.save_revision(user=user, log_action=True)
    workflow = row.get_workflow()
    if workflow is not None:
        workflow.start(row, user)
    return row


def draw(case: Case) -> Case:
    """The case an attempt shows: the case itself or one of its approved variants, at random
    (each equally likely). Unapproved variants are never drawn."""
    approved = list(Case.objects.filter(variant_of=case, live=True).order_by("case_id"))
    for row in approved:
        row.variant_of = case  # the attempt names the case a variant was drawn from
    return _pick([case, *approved])


def _pick(candidates: list[Case]) -> Case:
    return secrets.choice(candidates)


def replayed_facts(base: Case, seed: int, choices: dict) -> dict:
    """The variant's facts made again from ``base``, its seed and its choices."""
    return variant(base.facts, {k: tuple(v) if v else None for k, v in choices.items()}, seed).facts
