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


@pytest.mark.usefixtures("stage1_case")
def test_no_batch_is_timed_when_none_is_asked_for(db):
    """`manage.py bench --letters 0` (the list's and form's figures alone): the single letters
    are timed and no batch; waiting for no letters raised EmptyResultSet before."""
    out = io.StringIO()
    bench.run(out, repeat=2, batch=0, workers=1)
    text = out.getvalue()
    assert "1-page letter (1 page rendered): median" in text
    assert "no batch of letters (--letters 0)" in text
    assert "letters per minute" not in text
    assert not Letter.objects.exists()


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
