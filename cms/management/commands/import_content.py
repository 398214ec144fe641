from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.importer.run import content_import


class Command(BaseCommand):
    help = (
        "Validate content/ and import it into the CMS by slug, through revisions. "
        "Idempotent; pages edited in the admin since the last import are kept unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, write nothing."
        )
        parser.add_argument(
            "--force", action="store_true", help="Overwrite pages edited in the admin."
        )
        parser.add_argument("--path", default=str(settings.CONTENT_ROOT), help="content folder")
        parser.add_argument("--user", help="email of the administrator to record as author")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(email__iexact=options["user"]).first()
            if user is None or not user.is_superuser:
                raise CommandError(f"{options['user']} is not an administrator.")
        report = content_import(
            root=Path(options["path"]),
            dry_run=options["dry_run"],
            force=options["force"],
            user=user,
        )
        prefix = "[dry run] " if options["dry_run"] else ""
        for action, what in report.actions:
            if action != "unchanged" or options["verbosity"] > 1:
                self.stdout.write(f"{prefix}{action:<10} {what}")
        summary = ", ".join(
            f"{report.count(a)} {a}"
            for a in ("created", "updated", "unchanged", "kept")
            if report.count(a)
        )
        self.stdout.write(f"{prefix}Content import: {summary or 'nothing to do'}.")
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(report.errors)} problem(s) in content/; the files named were not imported."
            )
