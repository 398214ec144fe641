from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from cms.accounts.demo import demo_accounts_ensure
from cms.demo import GRADUATE, demo_graduate_ensure


class Command(BaseCommand):
    help = (
        "Create the demo learner, instructor, clinical reviewer and administrator (once)"
        " and print their logins."
    )

    def handle(self, *args, **options):
        try:
            results = demo_accounts_ensure()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts (local use only):"))
        for account, created in results:
            note = "created" if created else "exists"
            self.stdout.write(
                f"  {account.role:<14} {account.email:<26} "
                f"password: {account.password:<18} ({note})"
            )
        certificate = demo_graduate_ensure()
        if certificate is None:
            self.stdout.write("  (no graduate: import the content first)")
            return
        email, password, _ = GRADUATE
        self.stdout.write(f"  {'Graduate':<14} {email:<26} password: {password}")
        self.stdout.write(f"  Graduate's certificate: {certificate.snapshot['verification_url']}")
