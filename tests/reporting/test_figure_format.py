"""A report's figures print as Django's intcomma printed them, in English and in Welsh:
`figure` groups thousands itself (a report prints thousands of figures)."""

from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from reporting.templatetags.reporting_tags import change, figure

MONEY = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False)


@given(st.integers(min_value=-(10**12), max_value=10**12), MONEY)
def test_counts_and_money_group_thousands_as_intcomma_does(count, money):
    for language in ("en-gb", "cy"):
        with translation.override(language):
            assert figure(count) == intcomma(count)
            assert figure(money) == f"£{intcomma(f'{money:.2f}')}"


def test_the_other_figures():
    assert figure(None) == "–"
    assert figure(12.345) == "12.3"
    assert figure(True) == "True"
    assert figure("n/a") == "n/a"
    assert figure(1234567) == "1,234,567"
    assert figure(Decimal("1234.5")) == "£1,234.50"
    assert change(-1500) == "−1,500"
    assert change(1500) == "+1,500"
