from django.core.management.base import BaseCommand

from mailintake.mailboxes import DirectoryMailbox
from mailintake.services import email_intake_run


class Command(BaseCommand):
    help = (
        "Turn new messages in the intake mailbox into cases (IMAP when INTAKE_IMAP_HOST is set, "
        "else the .eml files in INTAKE_MAIL_DIR). Safe to run again: each message is read once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Read the .eml files of this folder instead.")

    def handle(self, *args, dir: str | None = None, **options):
        summary = email_intake_run(mailbox=DirectoryMailbox(dir) if dir else None)
        self.stdout.write(
            f"{summary.created} new case(s), {summary.added} added to existing cases, "
            f"{summary.duplicate} already processed, {summary.failed} failed, "
            f"{summary.errors} left for the next run."
        )
