from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from devtools.bench import RefusedError, run


class Command(BaseCommand):
    help = (
        "Generate N realistic cases in the configured database, then print the officer case "
        "list's and the public form's speed at that size. Never fails on time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeats", type=int, default=20, help="Requests per list query.")
        parser.add_argument("--submissions", type=int, default=50, help="Public form flows.")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--letters", type=int, default=500, help="One-page letters in the batch timing."
        )
        parser.add_argument(
            "--json",
            metavar="FILE",
            help="Also write the figures in the peer harness's format (compare.py).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add cases to a database that already has some (e.g. the demo's).",
        )

    def handle(self, *args, **options):
        manifest = getattr(staticfiles_storage, "manifest_name", None)
        if manifest and not staticfiles_storage.exists(manifest):
            # Pages render {% static %} through the manifest when DEBUG is off.
            call_command("collectstatic", interactive=False, verbosity=0)
        try:
            run(
                cases=options["cases"],
                seed=options["seed"],
                force=options["force"],
                repeats=options["repeats"],
                submissions=options["submissions"],
                batch_size=options["batch_size"],
                letters=options["letters"],
                json_path=options["json"],
                write=self.stdout.write,
                stdout=self.stdout,
            )
        except RefusedError as exc:
            raise CommandError(str(exc)) from exc
