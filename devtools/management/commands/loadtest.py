import asyncio
import concurrent.futures
import os
import statistics
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from devtools.bench.measure import nearest_rank_p95
from devtools.loadtest import client, cpu, server


class Command(BaseCommand):
    help = (
        "Real-HTTP load test: gunicorn with the production settings on a scratch PostgreSQL "
        "database, public submissions from concurrent clients through the API and the form. "
        "Prints throughput and p50/p95; fails only if a count is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("--submissions", type=int, default=2000)
        parser.add_argument("--clients", type=int, default=50, help="Concurrent clients.")
        parser.add_argument(
            "--form-every",
            type=int,
            default=10,
            help="Every Nth submission goes through the whole public form (0: none).",
        )
        parser.add_argument(
            "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn's."
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help="Threads per gunicorn worker; more than 1 is gunicorn's gthread worker, which "
            "keeps connections open between requests (the sync worker closes each).",
        )
        parser.add_argument("--celery-worker", action="store_true", help="Run a real worker.")
        parser.add_argument(
            "--database-url",
            default=os.environ.get(
                "LOADTEST_DATABASE_URL",
                "postgres://postgres@127.0.0.1:5432/council_feedback_loadtest",
            ),
            help="The scratch database: DROPPED and created again.",
        )
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
            help="Broker (queue 'loadtest') and the rate limits' cache.",
        )
        parser.add_argument(
            "--template-database",
            help="Copy this migrated database (on the same server, with nobody connected to it) "
            "instead of creating an empty one; the migrations then have nothing left to do.",
        )
        parser.add_argument("--time-limit", type=float, default=600, help="Seconds, at most.")
        parser.add_argument("--keep-database", action="store_true")

    def handle(self, *args, **options):
        database_url = options["database_url"]
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise CommandError("The load test runs on PostgreSQL: give --database-url.")
        env = server.server_environment(
            database_url=database_url,
            broker_url=options["redis_url"],
            cache_url=options["redis_url"],
        )
        template = options["template_database"]
        self.stdout.write(
            f"Scratch database {database_url.rpartition('/')[2]}: "
            + (f"copying {template}, migrating..." if template else "migrating...")
        )
        server.database_create(database_url, template=template)
        try:
            token = server.database_prepare(env)
            body = server.api_body(database_url)
            before = server.counts(database_url)
            log = Path(settings.VAR_DIR) / "loadtest-server.log"
            with server.processes(
                env,
                port=server.free_port(),
                workers=options["workers"],
                threads=options["threads"],
                celery_worker=options["celery_worker"],
                log=log,
            ) as running:
                load_before = os.getloadavg()
                meter = cpu.CpuMeter(server_pid=running.server_pid, database_url=database_url)
                meter.start()
                results, wall = _in_own_thread(
                    client.run(
                        base=running.base,
                        start_path=reverse("public:start"),
                        token=token,
                        api_body=body,
                        submissions=options["submissions"],
                        clients=options["clients"],
                        form_every=options["form_every"],
                        deadline_s=options["time_limit"],
                    )
                )
                meter.stop()
                load_after = os.getloadavg()
            after = server.counts(database_url)
            server.queue_purge(options["redis_url"])
        finally:
            if not options["keep_database"]:
                server.database_drop(database_url)
        self._report(options, results, wall, load_before, load_after, log)
        self._report_cpu(meter, results, wall)
        self._check(options["submissions"], results, before, after)

    def _report(self, options, results, wall, load_before, load_after, log) -> None:
        done = len(results.api_ms) + len(results.form_ms)
        write = self.stdout.write
        write(
            f"{done} submissions in {wall:.1f} s from {options['clients']} clients, gunicorn "
            f"{options['workers']} workers"
            + (f" x {options['threads']} threads" if options["threads"] > 1 else "")
            + f": {done / wall:.1f} submissions/s "
            f"(load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
            f"{os.cpu_count()} CPUs)"
        )
        for label, times, unit in (
            ("API POST /api/v1/cases/", results.api_ms, "requests"),
            ("whole public form flow", results.form_ms, "flows"),
        ):
            if times:
                write(
                    f"  {label}: {len(times)} {unit}, {len(times) / wall:.1f}/s, "
                    f"p50 {statistics.median(times):.0f} ms, p95 {nearest_rank_p95(times):.0f} ms"
                )
        if results.form_ms:
            write(
                f"  form requests: {results.form_requests} ({results.form_requests / wall:.1f}/s)"
            )
        write(f"  HTTP statuses: {dict(sorted(results.status_counts.items()))}; server log {log}")

    def _report_cpu(self, meter: cpu.CpuMeter, results, wall: float) -> None:
        """Where the cores went: per submission, so runs of different lengths compare."""
        done = len(results.api_ms) + len(results.form_ms)
        if not done:
            return
        sides = [
            ("client", meter.client_s),
            ("gunicorn", meter.server_s),
            ("PostgreSQL", meter.database_s),
        ]
        parts = [
            f"{label} {seconds:.1f} s ({seconds * 1000 / done:.1f} ms a submission)"
            for label, seconds in sides
            if seconds is not None
        ]
        line = f"  CPU: {'; '.join(parts)}"
        if meter.machine_s is not None:
            counted = sum(seconds for _, seconds in sides if seconds is not None)
            available = wall * (os.cpu_count() or 1)
            line += (
                f"; the whole machine {meter.machine_s:.1f} s of {available:.1f} "
                f"available, {meter.machine_s - counted:.1f} s of it Redis, the kernel and "
                "other jobs"
            )
        self.stdout.write(line)

    def _check(self, expected, results, before, after) -> None:
        problems = []
        if results.server_errors:
            problems.append(f"{results.server_errors} server errors (5xx)")
        problems += results.failures[:10]
        made = after.cases - before.cases
        checks = [
            ("new cases", made),
            ("distinct references", after.references - before.references),
            ("acknowledgements queued", after.acknowledgements - before.acknowledgements),
            ("distinct references seen by the clients", len(set(results.references))),
        ]
        for label, value in checks:
            self.stdout.write(f"  {label}: {value}")
            if value != expected:
                problems.append(f"{label}: {value}, expected {expected}")
        if problems:
            raise CommandError("The load test's counts are wrong:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS("Counts right: 0 server errors."))


def _in_own_thread(coroutine):
    """Runs the load client's event loop in a thread of its own: the command may be called from
    a thread that already runs a loop (a test process whose browser fixtures hold Playwright's),
    where asyncio.run() refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
