"""What a process that serves requests does once the project is loaded (config.wsgi).

Python's cyclic garbage collector now and then runs a full collection, which walks every
object the process holds: here the ~200,000 the project loads at start-up and keeps for the
life of the process (modules, URL patterns, compiled templates, forms' fields). Measured over
whole public forms in one process (2026-12-01): one full collection every ~100 forms, about
140 ms of CPU each, landing on whichever request happens to allocate at that moment.
`gc.freeze()` moves the objects alive at start-up out of the collector's generations, so a
full collection walks only what was made since (about 38,000 objects after 100 forms); under
gunicorn's pre-forked workers it also keeps the collector from writing to pages the workers
would otherwise share. The young generations, where a request's own objects die, run as before.
"""

import gc


def serving_process_ready() -> None:
    """Called once the WSGI application is loaded, before the first request."""
    gc.collect()  # what start-up left unreachable is freed, not frozen
    gc.freeze()
