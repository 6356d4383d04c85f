import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devtools.backup import restore_drill


class Command(BaseCommand):
    help = "Back up, restore into an empty database and folder, and check every case and file."

    def handle(self, *args, **options) -> None:
        with tempfile.TemporaryDirectory() as work:
            report = restore_drill(work=Path(work))
        self.stdout.write(
            f"Restore drill: {report.cases} cases, {report.letters} letter PDFs, "
            f"{report.attachments} attachments restored and checked (SHA-256)."
        )
        if not report.ok:
            raise CommandError("Restore drill FAILED:\n" + "\n".join(report.problems))
        self.stdout.write("Restore drill passed.")
