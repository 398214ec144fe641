from django.core.management.base import BaseCommand, CommandError

from quizzes.engine.lint import lint_rules
from quizzes.models import AdaptationRule, Case


class Command(BaseCommand):
    help = (
        "Check the rule library in the database: rules that do not validate (unknown facts or "
        "tokens), rules no case triggers, and pairs of rules whose requirements conflict."
    )

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="fail on warnings too")

    def handle(self, *args, **options):
        findings = lint_rules(
            [(rule.rule_id, rule.as_data()) for rule in AdaptationRule.objects.filter(active=True)],
            [case.facts for case in Case.objects.all()],
        )
        for level, rule_id, message in findings:
            self.stdout.write(f"{level:<8} {rule_id}: {message}")
        errors = sum(1 for level, _, _ in findings if level == "error")
        warnings = len(findings) - errors
        self.stdout.write(f"{errors} error(s), {warnings} warning(s).")
        if errors or (options["strict"] and warnings):
            raise CommandError("The rule library has problems (see above).")
