import io

from devtools.bench import letters as bench
from tests.letters.conftest import _pinned_day  # noqa: F401 - the letters tests' fixture


def test_benchmark_prints_its_figures(db):
    out = io.StringIO()
    bench.run(out, repeat=2, batch=2, workers=1)
    text = out.getvalue()
    assert "1-page letter (1 page rendered): median" in text
    assert "3-page letter (3 pages rendered)" in text
    assert "letters per minute" in text
