import time

from django.core.management.base import BaseCommand

from devtools.demo import DEFAULT_CASES, demo_load, demo_present


class Command(BaseCommand):
    help = "Load the demo council: officers in every role and a few hundred realistic cases."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if there are cases already (make run calls it every time).",
        )
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same demo.")
        parser.add_argument(
            "--history-pdfs-by-worker",
            action="store_true",
            help="Leave the past letters' PDFs to the Celery worker (make run starts one next).",
        )

    def handle(
        self, *args, if_empty: bool, cases: int, seed: int, history_pdfs_by_worker: bool, **options
    ):
        if if_empty and demo_present():
            self.stdout.write("Cases exist already: the demo is not loaded again.")
            return
        started = time.perf_counter()
        organisation = demo_load(
            cases=cases, seed=seed, history_pdfs_by_worker=history_pdfs_by_worker
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo council ({organisation.name}): {cases} cases "
                f"in {time.perf_counter() - started:.1f} s. "
                "The demo logins work now."
                + (
                    " The worker makes the past letters' PDFs next."
                    if history_pdfs_by_worker
                    else ""
                )
            )
        )
