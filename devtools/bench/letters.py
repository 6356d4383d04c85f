"""Letter rendering benchmark (a benchmark, never a test: it prints figures and never fails).

* median and p95 seconds to render a one-page and a three-page letter (HTML → tagged PDF);
* letters per minute for a batch of 500 rendered with the project's worker settings: the
  worker in Procfile.dev runs `--pool=solo` (one process), unless CELERY_WORKER_CONCURRENCY
  says otherwise; `--workers N` tries another number of processes.

It renders the made-up sample case (letters.sample), so it needs no database rows and touches
none; the database read and the file write of a real render add a few milliseconds each.
"""

import hashlib
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context

from django.conf import settings

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
    return int(getattr(settings, "CELERY_WORKER_CONCURRENCY", 0) or 1)


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
    started = time.perf_counter()
    if workers == 1:
        for index in range(batch):
            _render_one(index)
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            list(pool.map(_render_one, range(batch), chunksize=4))
    elapsed = time.perf_counter() - started
    stdout.write(
        f"  batch of {batch} one-page letters, {workers} worker process"
        f"{'es' if workers != 1 else ''} ({os.cpu_count()} CPUs here): "
        f"{elapsed:.1f} s, {batch / elapsed * 60:.0f} letters per minute\n"
    )
