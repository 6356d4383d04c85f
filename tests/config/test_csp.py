"""The CSP middleware builds the settings' policy once: the same headers as django-csp's own
middleware, and a response or request with a policy of its own still gets that one."""

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_replace, csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from config.csp import CSPMiddleware

HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def _headers(middleware_class, view, *, path="/", nonce=False):
    request = RequestFactory().get(path)
    middleware = middleware_class(lambda request: view(request))
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)  # a template asked for it
    response = view(request)
    middleware.process_response(request, response)
    return {name: response.get(name) for name in HEADERS}, request


def _page(request):
    return HttpResponse("page")


@csp_update({"img-src": ["https://example.org"]})
def _updated(request):
    return HttpResponse("updated")


@csp_replace({"frame-ancestors": [SELF]})
def _replaced(request):
    return HttpResponse("replaced")


@pytest.mark.parametrize("view", [_page, _updated, _replaced])
@pytest.mark.parametrize("nonce", [False, True])
def test_the_headers_are_django_csps(view, nonce, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "script-src": [SELF, NONCE],
        }
    }
    for _ in range(2):  # the second time from what was kept
        ours, request = _headers(CSPMiddleware, view, nonce=nonce)
        nonce_value = getattr(request, "_csp_nonce", None)
        theirs, _ = _headers(DjangoCSPMiddleware, view)
        if nonce_value:  # the same nonce in django-csp's header, to compare
            theirs_request = RequestFactory().get("/")
            theirs_request._csp_nonce = nonce_value
            response = view(theirs_request)
            DjangoCSPMiddleware(view).process_response(theirs_request, response)
            theirs = {name: response.get(name) for name in HEADERS}
            assert f"'nonce-{nonce_value}'" in ours["Content-Security-Policy"]
        assert ours == theirs
        assert ours["Content-Security-Policy"]


def test_a_settings_change_counts_at_the_next_response(settings):
    first, _ = _headers(CSPMiddleware, _page)
    assert "report-uri" not in first["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "report-uri": "/csp/"}
    }
    second, _ = _headers(CSPMiddleware, _page)
    assert "report-uri /csp/" in second["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": [NONCE]}}
    third, _ = _headers(CSPMiddleware, _page)
    assert third["Content-Security-Policy-Report-Only"] == "default-src"
    assert third == _headers(DjangoCSPMiddleware, _page)[0]


def test_excluded_prefixes_and_exempt_responses_get_no_header(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/skip/"],
    }
    assert _headers(CSPMiddleware, _page, path="/skip/x")[0]["Content-Security-Policy"] is None

    def exempt(request):
        response = HttpResponse()
        response._csp_exempt = True
        return response

    assert _headers(CSPMiddleware, exempt)[0]["Content-Security-Policy"] is None


def test_a_nonce_asked_for_after_the_header_is_refused():
    _, request = _headers(CSPMiddleware, _page)
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)


def test_pages_are_served_with_it(client, settings, db):
    assert "config.csp.CSPMiddleware" in settings.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE
    response = client.get("/")
    expected, _ = _headers(DjangoCSPMiddleware, _page)
    assert response["Content-Security-Policy"] == expected["Content-Security-Policy"]
