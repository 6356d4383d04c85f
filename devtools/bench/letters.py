"""Letter rendering benchmark (a benchmark, never a test: it prints figures and never fails).

* median and p95 seconds to render a one-page and a three-page letter (HTML → tagged PDF);
* letters per minute for a batch of 500 one-page letters rendered by **real Celery workers**:
  one worker with `--concurrency N` prefork processes (N = `--workers`, default 2, both cores
  here) on a queue of its own, each letter the real task (`letters.tasks.render_letter`: read
  the letter and its case, render, store the PDF), timed from the first task published to the
  last PDF stored, after a warm-up letter per process. The letters are made on one of the
  database's complaints and deleted afterwards with their files. In a test's transaction (the
  worker could not see the rows) or with no complaint in the database, the batch is rendered
  in this process's pool instead, and the output says so.

The one- and three-page timings render the made-up sample case (letters.sample) in this
process, so they need no database rows and touch none.
"""

import hashlib
import os
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context

from django.conf import settings
from django.db import connection

from letters.defaults import DEFAULT_WORDING
from letters.document import LetterDocument, document_build, merge_values
from letters.merge_fields import merge_render
from letters.models import LetterKind
from letters.rendering import letter_pdf, pdf_page_count
from letters.sample import sample_facts

LETTER_DATE = date(2026, 11, 23)


def sample_document(*, pages: int, large_print: bool = False) -> LetterDocument:
    """A one-page acknowledgement, or a three-page Stage 1 response (long reasons)."""
    kind = LetterKind.ACKNOWLEDGEMENT if pages == 1 else LetterKind.STAGE1_RESPONSE
    facts = sample_facts(kind=kind, letter_date=LETTER_DATE, long=pages > 1)
    values = merge_values(facts)
    subject, body = DEFAULT_WORDING[kind]
    body = merge_render(body, values).replace(
        "[Add anything else the customer needs to know, or delete this paragraph.]", ""
    )
    return document_build(
        facts=facts,
        kind=kind,
        subject=merge_render(subject, values),
        body=body,
        large_print=large_print,
    )


def _timings(document: LetterDocument, repeat: int) -> tuple[list[float], int]:
    times = []
    content = b""
    for _ in range(repeat):
        started = time.perf_counter()
        content = letter_pdf(document)
        hashlib.sha256(content).hexdigest()
        times.append(time.perf_counter() - started)
    return times, pdf_page_count(content)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def _render_one(index: int) -> int:
    return len(letter_pdf(sample_document(pages=1, large_print=index % 10 == 0)))


def worker_processes() -> int:
    """Both cores: the production worker's concurrency when set, else 2."""
    return int(getattr(settings, "CELERY_WORKER_CONCURRENCY", 0) or 2)


def run(stdout, *, repeat: int = 30, batch: int = 500, workers: int | None = None, **options):
    workers = workers or worker_processes()
    letter_pdf(sample_document(pages=1))  # warm up: fonts are read and parsed once per process
    stdout.write(f"Letters: rendering to tagged PDF/UA-1 (WeasyPrint), {repeat} runs each\n")
    for pages in (1, 3):
        times, actual = _timings(sample_document(pages=pages), repeat)
        stdout.write(
            f"  {pages}-page letter ({actual} page{'s' if actual != 1 else ''} rendered): "
            f"median {statistics.median(times):.3f} s, p95 {_p95(times):.3f} s\n"
        )
    if batch <= 0:  # `--letters 0`: no batch (its wait for no letters failed on an empty IN)
        return
    if not celery_batch(stdout, batch=batch, workers=workers):
        pool_batch(stdout, batch=batch, workers=workers)


def pool_batch(stdout, *, batch: int, workers: int) -> None:
    started = time.perf_counter()
    if workers == 1:
        for index in range(batch):
            _render_one(index)
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            list(pool.map(_render_one, range(batch), chunksize=4))
    elapsed = time.perf_counter() - started
    stdout.write(
        f"  batch of {batch} one-page letters, {workers} process"
        f"{'es' if workers != 1 else ''} of this command, no Celery ({os.cpu_count()} CPUs "
        f"here): {elapsed:.1f} s, {batch / elapsed * 60:.0f} letters per minute\n"
    )


def _bench_letters(count: int) -> list[int] | None:
    """`count` acknowledgement drafts on one complaint, asking for their first render; None
    when the database has no complaint with a customer to write to."""
    from feedback import clock
    from feedback.models import Case
    from letters.facts import case_facts
    from letters.models import Letter
    from letters.services import template_current

    case = (
        Case.objects.filter(kind="complaint", state="stage1", customer__isnull=False)
        .select_related("organisation", "customer")
        .order_by("pk")
        .first()
    )
    if case is None:
        return None
    kind = LetterKind.ACKNOWLEDGEMENT
    template = template_current(organisation=case.organisation, kind=kind)
    values = merge_values(case_facts(case=case, kind=kind, letter_date=clock.today(), author=None))
    now = clock.now()
    letters = Letter.objects.bulk_create(
        Letter(
            organisation=case.organisation,
            case=case,
            kind=kind,
            template=template,
            subject=merge_render(template.subject, values),
            body=merge_render(template.body, values),
            large_print=index % 10 == 0,
            render_generation=1,
            render_requested_at=now,
        )
        for index in range(count)
    )
    return [letter.pk for letter in letters]


class _Rendered:
    """How many of `ids` have their PDF, asked ten times a second while the workers run on the
    same cores. The query is compiled once: Django compiling its IN list of 500 ids each time
    cost this process 2-4 ms of CPU for every letter timed, taken from the workers."""

    def __init__(self, ids: list[int]) -> None:
        from letters.models import Letter

        query = (
            Letter.objects.filter(pk__in=ids, rendered_generation=1).order_by().values("pk").query
        )
        sql, self.params = query.sql_with_params()
        self.sql = f"SELECT COUNT(*) FROM ({sql}) rendered"  # noqa: S608 - Django's own SQL

    def __call__(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            return cursor.fetchone()[0]


def _rendered(ids: list[int]) -> int:
    return _Rendered(ids)()


def _wait(ids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    rendered = _Rendered(ids)
    while time.monotonic() < deadline:
        if rendered() == len(ids):
            return True
        time.sleep(0.1)
    return False


def _letters_delete(ids: list[int]) -> None:
    from letters.models import Letter

    for letter in Letter.objects.filter(pk__in=ids).exclude(pdf=""):
        letter.pdf.delete(save=False)
    Letter.objects.filter(pk__in=ids).delete()


def celery_batch(stdout, *, batch: int, workers: int) -> bool:
    """The batch through a real Celery worker with `workers` processes; False when it cannot
    run here (see the module's docstring)."""
    if connection.in_atomic_block:
        return False
    from letters.tasks import render_letter

    ids = _bench_letters(batch + workers)
    if ids is None:
        return False
    warm_up, timed = ids[:workers], ids[workers:]
    queue = f"bench-letters-{os.getpid()}"
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
        + [f"--concurrency={workers}", "-Q", queue, "--loglevel=WARNING"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for letter_id in warm_up:
            render_letter.apply_async((letter_id, 1), queue=queue)
        if not _wait(warm_up, timeout=300):
            stdout.write("  (the Celery worker rendered nothing in 5 minutes: no batch figure)\n")
            return True
        started = time.perf_counter()
        for letter_id in timed:
            render_letter.apply_async((letter_id, 1), queue=queue)
        finished = _wait(timed, timeout=max(600, batch * 2))
        elapsed = time.perf_counter() - started
        done = _rendered(timed)
        stdout.write(
            f"  batch of {batch} one-page letters, real Celery worker, {workers} prefork "
            f"process{'es' if workers != 1 else ''} ({os.cpu_count()} CPUs here): "
            f"{done} rendered in {elapsed:.1f} s, {done / elapsed * 60:.0f} letters per minute"
            f"{'' if finished else ' (stopped waiting)'}\n"
        )
        return True
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        _letters_delete(ids)
