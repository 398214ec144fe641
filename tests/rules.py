"""The rule files as tests read them: through the importer's parser, the one reader of
content files, so a test and an import never disagree on what a file says."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from cms.importer.parser import parse_rules
from quizzes.engine.rules import RuleSet
from quizzes.models import AdaptationRule, Case, CaseQuestion, ChoiceQuestion


@cache
def _parsed(directory: Path):
    rules, data, errors, _ = parse_rules(directory, directory.parent)
    assert not errors, [str(e) for e in errors]
    return rules, data


def load_rule_files(directory: Path) -> RuleSet:
    """Every rule of ``directory`` (read once per folder; a file with a problem fails)."""
    return _parsed(Path(directory).resolve())[0]


def read_rule_files(directory: Path) -> list[tuple[str, dict]]:
    """(file, rule data) for every rule of ``directory``, in file order."""
    return _parsed(Path(directory).resolve())[1]


def library_snippets() -> int:
    """How many rules, cases and questions the database holds (each has an import record
    once imported); at least one, or a count comparison would prove nothing."""
    models = (AdaptationRule, Case, ChoiceQuestion, CaseQuestion)
    count = sum(model.objects.count() for model in models)
    assert count > 0
    return count
