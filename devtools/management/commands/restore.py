from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.backup import backup_restore


class Command(BaseCommand):
    help = "Restore a backup into the configured, EMPTY PostgreSQL database and media folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, help="A folder made by `manage.py backup`.")

    def handle(self, *args, backup: Path, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Restore needs PostgreSQL; for SQLite copy database.sqlite3.")
        try:
            backup_restore(
                backup=backup,
                database=connection.settings_dict["NAME"],
                media_root=Path(settings.MEDIA_ROOT),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {backup} into {connection.settings_dict['NAME']}.")
