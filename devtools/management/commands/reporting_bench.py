from django.core.management.base import BaseCommand

from devtools.bench.reporting import run


class Command(BaseCommand):
    help = "Time the reports on a large database (generates 1,000,000 cases if needed)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--repeats", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, cases: int, repeats: int, seed: int, **options):
        run(self.stdout, cases=cases, repeats=repeats, seed=seed)
