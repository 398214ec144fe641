"""Read graded plans (grading checks, corpora) from YAML files, for ``lint_rules`` and the
tests. Content files (rules, cases, quizzes) are read by the importer's parser only."""

from __future__ import annotations

from pathlib import Path

import yaml


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
