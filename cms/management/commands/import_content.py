from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Validate content/ and import it into the CMS (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report without writing."
        )

    def handle(self, *args, **options):
        # The hook that `make run` calls; the course importer fills it in.
        self.stdout.write("Content import: nothing to import yet.")
