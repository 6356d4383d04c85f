"""The officer case list's printing shortcuts (issue 14) give what Django's own tags and
filters give: the links' query strings, the numbers, and the filter menus printed once."""

import pytest
from django.http import QueryDict
from django.template.defaulttags import querystring
from django.urls import reverse
from django.utils.formats import localize

from feedback.templatetags.officer import QueryLinks, _fields_printed
from govuk_forms.jinja_env import field_printed, printed

QUERIES = [
    "",
    "page=3",
    "service=4&state=open&q=bin+collected",
    "q=caf%C3%A9+%26+co&page=2&sort=-received&q=second",
    "sort=reference&page=7&page_size=50&overdue=on",
    "a=1&a=2&b=&page=",
    "q=%3Cscript%3E%22%27",
]
CHANGES = [
    {"page": 2},
    {"page": 12},
    {"sort": "-reference", "page": None},
    {"sort": "received", "page": None},
    {"page": None},
    {"new": "x y", "page": 1},
    {
        "sort": None,
        "page": None,
        "a": None,
        "b": None,
        "q": None,
        "service": None,
        "state": None,
        "page_size": None,
        "overdue": None,
    },
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_links_query_strings_are_djangos(query):
    get = QueryDict(query)
    links = QueryLinks(get)
    for changes in CHANGES:
        assert links.with_(**changes) == querystring(None, get, **changes), (query, changes)


def test_numbers_print_as_localize_prints_them(settings):
    for number in (0, 1, 9, 25, 999, 1000, 100_053, -7, 10**12):
        assert printed(number) == str(localize(number))
    assert printed(True) == localize(True)
    settings.USE_THOUSAND_SEPARATOR = True
    assert printed(100_053) == localize(100_053) == "100,053"


@pytest.mark.django_db
def test_a_menu_is_printed_once_per_value_and_copied_after(central_filter_form):
    form, memo = central_filter_form
    fields = [form["state"], form["q"]]
    first = _fields_printed("filter", fields, fixed={"state": ()}, printed=memo)
    assert first == field_printed(form["state"]) + field_printed(form["q"])
    assert list(memo) == [("filter", "state", (), "en-gb", str, "open")]
    memo[next(iter(memo))] = "<kept>"  # the next page copies what is kept
    assert _fields_printed("filter", fields, fixed={"state": ()}, printed=memo).startswith("<kept>")
    # Another menu (another officer's services) or another value is another entry.
    _fields_printed("filter", fields, fixed={"state": (1, 2)}, printed=memo)
    assert len(memo) == 2


@pytest.mark.django_db
def test_a_field_with_an_error_is_printed_every_time(rf, complaints_officer):
    from feedback.filters import CaseFilter
    from feedback.models import Case

    request = rf.get("/", {"state": "nonsense"})
    request.user = complaints_officer
    form = CaseFilter(request.GET, queryset=Case.objects.none(), request=request).form
    assert form["state"].errors
    memo: dict = {}
    html = _fields_printed("filter", [form["state"]], fixed={"state": ()}, printed=memo)
    assert "govuk-form-group--error" in html
    assert memo == {}


@pytest.fixture
def central_filter_form(rf, complaints_officer):
    from feedback.filters import CaseFilter
    from feedback.models import Case

    request = rf.get("/", {"state": "open", "q": "bins"})
    request.user = complaints_officer
    return CaseFilter(request.GET, queryset=Case.objects.none(), request=request).form, {}


@pytest.mark.django_db
@pytest.mark.usefixtures("pinned_clock")
def test_the_list_page_prints_the_same_menus_from_the_memo(login, complaints_officer, make_case):
    """The second request copies the menus the first printed: the page is the same."""
    make_case()
    client = login(complaints_officer)
    url = reverse("officer:case_list")
    params = {"state": "open", "kind": "complaint", "overdue": "on", "q": "x"}
    first = client.get(url, params).content.decode()
    second = client.get(url, params).content.decode()

    def without_tokens(html: str) -> str:
        import re

        return re.sub(r'value="[A-Za-z0-9]{64}"', "", html)

    assert without_tokens(first) == without_tokens(second)
    assert 'value="open" selected' in second
