import io

import pytest

from devtools.bench import letters as bench
from letters.models import Letter
from tests.letters.conftest import (  # noqa: F401 - the letters tests' fixtures
    _pinned_day,
    customer,
    make_case,
    officer_with_phone,
    stage1_case,
)


def test_benchmark_prints_its_figures(db):
    out = io.StringIO()
    bench.run(out, repeat=2, batch=2, workers=1)
    text = out.getvalue()
    assert "1-page letter (1 page rendered): median" in text
    assert "3-page letter (3 pages rendered)" in text
    assert "letters per minute" in text


def test_letters_0_renders_the_samples_and_makes_no_batch(db, monkeypatch):
    """`manage.py bench --letters 0` (the public form's runs): it failed with EmptyResultSet
    waiting for an empty batch."""

    def no_batch(*args, **kwargs):
        raise AssertionError("no batch was asked for")

    monkeypatch.setattr(bench, "celery_batch", no_batch)
    monkeypatch.setattr(bench, "pool_batch", no_batch)
    out = io.StringIO()
    bench.run(out, repeat=2, batch=0, workers=1)
    assert "1-page letter (1 page rendered): median" in out.getvalue()
    assert "no batch of letters (--letters 0)" in out.getvalue()


@pytest.mark.usefixtures("stage1_case")  # the complaint the batch writes to
def test_the_batch_counts_its_own_letters_rendered_and_only_those():
    ids = bench._bench_letters(4)
    other = bench._bench_letters(1)
    rendered = bench._Rendered(ids)  # compiled once, asked many times
    assert rendered() == 0
    Letter.objects.filter(pk__in=[ids[0], ids[2], *other]).update(rendered_generation=1)
    assert rendered() == 2
    Letter.objects.filter(pk=ids[1]).update(rendered_generation=2)  # a later render's
    assert rendered() == 2
    Letter.objects.filter(pk__in=ids).update(rendered_generation=1)
    assert rendered() == bench._rendered(ids) == 4
