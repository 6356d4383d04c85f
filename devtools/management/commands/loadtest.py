import asyncio
import concurrent.futures
import os
import statistics
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from devtools.bench.measure import nearest_rank_p95
from devtools.loadtest import client, cpu, floor, server


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
        parser.add_argument(
            "--floor",
            action="store_true",
            help="Measure the stack's own floor with the same gunicorn and client: a bare WSGI "
            "answer, a trivial Django view, a DRF view doing one INSERT, then the API and the "
            "whole form, --submissions of each (forms: one in --form-every).",
        )
        parser.add_argument(
            "--profile",
            metavar="DIR",
            help="Each gunicorn worker writes its CPU profile (cProfile) to DIR.",
        )

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
        floor_mode = options["floor"]
        try:
            token = server.database_prepare(env)
            load = Load(
                database_url=database_url,
                token=token,
                api_body=server.api_body(database_url),
                clients=options["clients"],
                deadline_s=options["time_limit"],
            )
            if floor_mode:
                server.floor_table_create(database_url)
            log = Path(settings.VAR_DIR) / "loadtest-server.log"
            profile_dir = options["profile"]
            with server.processes(
                env,
                port=server.free_port(),
                workers=options["workers"],
                threads=options["threads"],
                celery_worker=options["celery_worker"],
                log=log,
                application="devtools.loadtest.floor_wsgi" if floor_mode else "config.wsgi",
                profile_dir=Path(profile_dir) if profile_dir else None,
            ) as running:
                load.base = running.base
                load.server_pid = running.server_pid
                self._warm_up(load, options["workers"] * options["threads"], floor_mode)
                if profile_dir:
                    (Path(profile_dir) / "measuring").touch()  # devtools.loadtest.gunicorn_profile
                before = server.counts(database_url)
                if floor_mode:
                    results = self._floor(load, options)
                else:
                    load_before = os.getloadavg()
                    results, wall, meter = load.measured(
                        client.run(
                            **load.submit_arguments(),
                            submissions=options["submissions"],
                            form_every=options["form_every"],
                        )
                    )
                    load_after = os.getloadavg()
            after = server.counts(database_url)
            server.queue_purge(options["redis_url"])
        finally:
            if not options["keep_database"]:
                server.database_drop(database_url)
        if profile_dir:
            self.stdout.write(f"gunicorn workers' CPU profiles in {profile_dir}")
        if floor_mode:  # the API's creates and the whole forms made cases
            forms = options["submissions"] // options["form_every"] if options["form_every"] else 0
            self._check(options["submissions"] + forms, results, before, after)
            return
        self._report(options, results, wall, load_before, load_after, log)
        self._report_cpu(meter, results, wall)
        self._check(options["submissions"], results, before, after)

    def _warm_up(self, load: "Load", processes: int, floor_mode: bool) -> None:
        """A few submissions of each kind before anything is measured, so that every worker has
        loaded what it loads lazily (URL patterns, templates, serializers, connections): some
        seconds of CPU the first requests would otherwise add to the run's figures. They make
        cases of their own, counted before the run's are."""
        count = 4 * processes
        warm = [client.run(**load.submit_arguments(), submissions=count, form_every=2)]
        if floor_mode:
            warm += [load.repeat(*kind, count=count) for kind in load.floor_kinds()]
        for coroutine in warm:
            results, _ = _in_own_thread(coroutine)
            if results.failures or results.server_errors:
                raise CommandError(f"The warm-up failed: {results.failures[:3]}")

    def _floor(self, load: "Load", options) -> client.Results:
        """The same gunicorn, client and settings, one kind of request at a time, from nothing
        (a bare WSGI answer) to the API's create and the whole form. Returns the API's and the
        form's results together, for the counts check."""
        count = options["submissions"]
        rows_before = server.floor_rows(load.database_url)
        self.stdout.write(
            f"The stack's floor and ours: {count} requests of each kind from "
            f"{options['clients']} clients, gunicorn {options['workers']} workers"
            + (f" x {options['threads']} threads" if options["threads"] > 1 else "")
            + f", {os.cpu_count()} CPUs; CPU a request for the client / gunicorn / PostgreSQL"
        )
        labels = [
            "bare WSGI (gunicorn, no Django)",
            "trivial Django view",
            "DRF view, one INSERT",
        ]
        merged = client.Results()
        for label, kind in zip(labels, load.floor_kinds(), strict=True):
            results, wall, meter = load.measured(load.repeat(*kind, count=count))
            self._floor_line(label, "requests", results.api_ms, wall, meter, results)
            merged.server_errors += results.server_errors
            merged.failures += results.failures
        api, wall, meter = load.measured(
            client.run(**load.submit_arguments(), submissions=count, form_every=0)
        )
        self._floor_line("API POST /api/v1/cases/", "requests", api.api_ms, wall, meter, api)
        merged.references += api.references
        merged.server_errors += api.server_errors
        merged.failures += api.failures
        if options["form_every"] and count // options["form_every"]:
            form, wall, meter = load.measured(
                client.run(
                    **load.submit_arguments(),
                    submissions=count // options["form_every"],
                    form_every=1,
                )
            )
            self._floor_line("whole public form flow", "flows", form.form_ms, wall, meter, form)
            merged.references += form.references
            merged.server_errors += form.server_errors
            merged.failures += form.failures
        rows = server.floor_rows(load.database_url) - rows_before
        self.stdout.write(f"  floor rows inserted: {rows}")
        if rows != count:
            merged.failures.append(f"floor rows inserted: {rows}, expected {count}")
        return merged

    def _floor_line(self, label, unit, times, wall, meter, results) -> None:
        done = len(times)
        if not done:
            self.stdout.write(f"  {label}: nothing answered; {results.failures[:3]}")
            return
        sides = [meter.client_s, meter.server_s, meter.database_s]
        cpu_ms = " / ".join(
            "-" if seconds is None else f"{seconds * 1000 / done:.2f}" for seconds in sides
        )
        other = ""
        if meter.machine_s is not None:
            counted = sum(seconds for seconds in sides if seconds is not None)
            other = f"; other jobs and the kernel {meter.machine_s - counted:.1f} s"
        self.stdout.write(
            f"  {label}: {done} {unit}, {done / wall:.1f}/s, p50 {statistics.median(times):.0f} "
            f"ms, p95 {nearest_rank_p95(times):.0f} ms; CPU {cpu_ms} ms{other}"
        )

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


class Load:
    """What every part of a run sends with: the server, the token, the API's body, the clients."""

    def __init__(self, *, database_url, token, api_body, clients, deadline_s):
        self.database_url, self.token, self.api_body = database_url, token, api_body
        self.clients, self.deadline_s = clients, deadline_s
        self.base, self.server_pid = "", 0

    def submit_arguments(self) -> dict:
        return {
            "base": self.base,
            "start_path": reverse("public:start"),
            "token": self.token,
            "api_body": self.api_body,
            "clients": self.clients,
            "deadline_s": self.deadline_s,
        }

    def floor_kinds(self) -> list[tuple[str, str, int, dict | None]]:
        """The floor's requests: path, method, expected status and JSON body (the API's
        summary and e-mail address, so the DRF view parses a body of the same kind)."""
        body = {"summary": self.api_body["summary"], "email": self.api_body["customer"]["email"]}
        return [
            (floor.WSGI_PATH, "GET", 200, None),
            ("/floor/django/", "GET", 200, None),
            ("/floor/drf/", "POST", 201, body),
        ]

    def repeat(self, path: str, method: str, expected_status: int, json_body, *, count: int):
        return client.repeat(
            url=self.base + path,
            method=method,
            expected_status=expected_status,
            json_body=json_body,
            count=count,
            clients=self.clients,
            deadline_s=self.deadline_s,
        )

    def measured(self, coroutine) -> tuple[client.Results, float, cpu.CpuMeter]:
        meter = cpu.CpuMeter(server_pid=self.server_pid, database_url=self.database_url)
        meter.start()
        results, wall = _in_own_thread(coroutine)
        meter.stop()
        return results, wall, meter
