from django.core.management.base import BaseCommand

from devtools.bench import letters as bench


class Command(BaseCommand):
    help = "Time letter rendering: one page, three pages, and a batch (prints figures only)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--workers", type=int, default=None)

    def handle(self, *args, repeat: int, batch: int, workers: int | None, **options):
        bench.run(self.stdout, repeat=repeat, batch=batch, workers=workers)
