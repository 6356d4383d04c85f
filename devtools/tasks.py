"""The demo's work for the Celery worker: the past letters' PDFs, made once the worker starts
under `make run` (devtools.demo.letters.history_pdfs_queue), so the demo is in sooner."""

from celery import shared_task


@shared_task(ignore_result=True)
def demo_history_pdfs_attach(letter_ids: list[int]) -> int:
    from devtools.demo.letters import history_pdfs_attach

    return history_pdfs_attach(letter_ids=letter_ids)
