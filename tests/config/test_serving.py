"""A serving process freezes what start-up loaded (config.serving), once the WSGI application
is loaded."""

import gc
import importlib
import sys

from config import serving


def test_a_serving_process_freezes_what_start_up_loaded():
    threshold = gc.get_threshold()
    try:
        serving.serving_process_ready()
        assert gc.get_freeze_count() > 10_000  # the project's modules, URLs, templates...
        assert gc.isenabled()  # the young generations are still collected, as before
        assert gc.get_threshold() == threshold
    finally:
        gc.unfreeze()  # the test process goes on as it was
    assert gc.get_freeze_count() == 0


def test_the_wsgi_module_loads_the_application_then_freezes(monkeypatch):
    calls = []
    monkeypatch.setattr(serving, "serving_process_ready", lambda: calls.append("ready"))
    monkeypatch.delitem(sys.modules, "config.wsgi", raising=False)
    wsgi = importlib.import_module("config.wsgi")
    assert calls == ["ready"]
    assert callable(wsgi.application)
