"""Run the retention schedule now, or say what the next run would do (`--dry-run`)."""

from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError

from feedback import clock
from feedback.retention import retention_run, retention_schedule
from feedback.selectors import organisation_current


class Command(BaseCommand):
    help = "Anonymise closed cases past their retention period (see feedback.retention)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            help="With --dry-run: what a run on this date (YYYY-MM-DD) would do.",
        )

    def handle(self, *args, dry_run: bool = False, as_of: date | None = None, **options) -> None:
        if as_of is not None and not dry_run:
            raise CommandError("--as-of previews only: use it with --dry-run.")
        now = clock.now()
        if as_of is not None:
            now = datetime.combine(as_of, time(12), tzinfo=now.tzinfo)
        organisation = organisation_current()
        if organisation is None:
            raise CommandError("No organisation: run council_setup first.")
        for (kind, outcome), years in sorted(retention_schedule(organisation=organisation).items()):
            self.stdout.write(f"Schedule: {kind}, {outcome}: {years} years after closure")
        report = retention_run(organisation=organisation, dry_run=dry_run, now=now)
        for line in report.lines():
            self.stdout.write(line)
