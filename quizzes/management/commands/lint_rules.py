from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.engine.lint import lint_rules
from quizzes.engine.loader import read_plan_files
from quizzes.models import AdaptationRule, Case


class Command(BaseCommand):
    help = (
        "Check the rule library in the database: rules that do not validate (unknown facts or "
        "tokens), rules that can never fire, rules that no case or graded plan triggers, and "
        "pairs of rules whose requirements conflict."
    )

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="fail on warnings too")
        parser.add_argument(
            "--plans",
            action="append",
            default=[],
            type=Path,
            help="a YAML file or folder of graded plans (module checks, a test corpus) that "
            "also count as exercising the rules; may be repeated",
        )

    def handle(self, *args, **options):
        cases = list(Case.objects.all())
        plans = [(case.facts, case.expert_plan) for case in cases if case.expert_plan]
        for path in options["plans"]:
            if not path.exists():
                raise CommandError(f"{path}: no such file or folder")
            plans += [(item["facts"], item["plan"]) for item in read_plan_files(path)]
        findings = lint_rules(
            [(rule.rule_id, rule.as_data()) for rule in AdaptationRule.objects.filter(active=True)],
            [case.facts for case in cases],
            plans,
        )
        for level, rule_id, message in findings:
            self.stdout.write(f"{level:<8} {rule_id}: {message}")
        errors = sum(1 for level, _, _ in findings if level == "error")
        warnings = len(findings) - errors
        self.stdout.write(f"{errors} error(s), {warnings} warning(s).")
        if errors or (options["strict"] and warnings):
            raise CommandError("The rule library has problems (see above).")
