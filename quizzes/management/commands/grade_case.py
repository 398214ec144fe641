import json
import sys
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from quizzes.engine.facts import FactsError
from quizzes.engine.grader import grade
from quizzes.engine.plan import PlanError
from quizzes.grading import rule_set


class InvalidInput(CommandError):
    def __init__(self, message):
        super().__init__(message, returncode=2)


class Command(BaseCommand):
    help = (
        "Grade a session plan for a client case against the rule library. FILE (or - for "
        "stdin) is YAML with top-level facts: and plan:. Exit 0 when graded, 2 on bad input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="YAML file with facts: and plan:, or - for stdin")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        data = self._read(options["file"])
        rules = rule_set()
        if not len(rules):
            raise InvalidInput("The rule library is empty: run `manage.py import_content` first.")
        try:
            report = grade(data["facts"], data["plan"], rules)
        except FactsError as error:
            detail = "; ".join(f"{p}: {m}" for p, m in error.errors)
            raise InvalidInput(f"Invalid facts: {detail}") from error
        except PlanError as error:
            detail = "; ".join(f"{p}: {m}" for p, m in error.errors)
            raise InvalidInput(f"Invalid plan: {detail}") from error
        if options["json"]:
            out = report.to_dict()
            self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False, default=str))
            return
        self._print(report)

    def _read(self, name: str) -> dict:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as error:
            raise InvalidInput(f"Cannot read {name}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise InvalidInput(
                f"{name} is not UTF-8 text (byte {error.start}); save it as UTF-8"
            ) from error
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise InvalidInput(f"{name} is not valid YAML: {error}") from error
        if not isinstance(data, dict) or "facts" not in data or "plan" not in data:
            raise InvalidInput(f"{name} needs two top-level keys: facts: and plan:")
        if not isinstance(data["plan"], dict):
            raise InvalidInput("plan: must be a mapping of plan fields")
        return data

    def _print(self, report) -> None:
        style = {
            "safe": self.style.SUCCESS,
            "caution": self.style.WARNING,
            "unsafe": self.style.ERROR,
        }[report.verdict]
        self.stdout.write(style(f"Verdict: {report.verdict.upper()}   score {report.score:.2f}"))
        self.stdout.write(f"Triggered rules: {', '.join(report.triggered_rules)}")
        if report.postpone_required:
            self.stdout.write("A triggered rule requires postponing: only that is graded today.")
        if not report.violations:
            self.stdout.write("No rule is violated.")
        for violation in report.violations:
            rule = violation.rule + (f"/{violation.clause}" if violation.clause else "")
            self.stdout.write(f"\n[{violation.severity}] {rule} ({violation.field})")
            self.stdout.write(f"  {violation.detail}")
            self.stdout.write(f"  Why: {violation.rationale}")
