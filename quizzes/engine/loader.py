"""Read rule files (content/rules/*.yaml) into a ``RuleSet``, reporting file and rule."""

from __future__ import annotations

from pathlib import Path

import yaml

from .rules import RuleError, RuleSet, load_rule


def read_rule_files(directory: Path) -> list[tuple[Path, dict]]:
    """(file, rule data) for every rule in the YAML files of ``directory``, in file order."""
    items = []
    for path in sorted(Path(directory).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rules = data.get("rules") if isinstance(data, dict) else None
        if not isinstance(rules, list):
            raise RuleError([(str(path), "expected a top-level 'rules:' list")])
        items += [(path, item) for item in rules]
    return items


def read_plan_files(path: Path) -> list[dict]:
    """Graded plans from a YAML file or every YAML file under a folder: grading checks
    (``checks:`` lists beside the modules), corpus files (``plans:`` lists) and single checks
    (a mapping with ``facts`` and ``plan``). Each item keeps its ``facts``, ``plan``,
    ``expect`` and ``id``."""
    path = Path(path)
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    items = []
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        entries = data.get("checks") or data.get("plans") or ([data] if "plan" in data else [])
        for entry in entries:
            if isinstance(entry, dict) and "facts" in entry and "plan" in entry:
                items.append({"source": file.name, **entry})
    return items


def load_rule_files(directory: Path) -> RuleSet:
    """All rules of ``directory``; a bad rule raises RuleError naming its file and field."""
    rules, errors = [], []
    for path, item in read_rule_files(directory):
        try:
            rules.append(load_rule(item))
        except RuleError as error:
            errors += [
                (f"{path.name}: {error.rule_id}.{field}", msg) for field, msg in error.errors
            ]
    if errors:
        raise RuleError(errors)
    return RuleSet(rules)
