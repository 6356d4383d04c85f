from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from devtools.backup import backup_make


class Command(BaseCommand):
    help = "Back up the database and the media folder (README: Backups)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--to", type=Path, default=settings.VAR_DIR / "backups")

    def handle(self, *args, to: Path, **options) -> None:
        self.stdout.write(f"Backup made: {backup_make(folder=to)}")
