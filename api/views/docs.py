"""ReDoc under the Content Security Policy. drf-spectacular's own page starts ReDoc from an
inline script and loads web fonts; ours starts it from a static file (`static/app/redoc.js`)
with the same locally served bundle (drf-spectacular-sidecar). ReDoc draws its styles as
<style> elements (styled-components), which the policy refuses without `unsafe-inline`: this
page alone allows style elements carrying the response's nonce, which ReDoc puts on each one
(its `nonce` option). Still no `unsafe-inline`."""

from typing import Any

from csp.constants import NONCE, SELF
from drf_spectacular.views import SpectacularRedocView

# What this page adds to the policy:
# * style elements with the nonce (ReDoc's styled-components), and the two ReDoc's bundle
#   inserts as it loads, before it can know the nonce (an empty one and perfect-scrollbar's
#   CSS), by their SHA-256: a new ReDoc version changes them and tests/api/test_docs_browser.py
#   says so;
# * its search index runs in a worker made from a blob: URL;
# * its sidebar shows Redocly's logo from their CDN (the one request the page makes elsewhere).
_REDOC_POLICY = {
    "style-src": [
        NONCE,
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    ],
    "worker-src": [SELF, "blob:"],
    "img-src": ["https://cdn.redoc.ly"],
}


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response._csp_update = _REDOC_POLICY
        response._csp_update_ro = _REDOC_POLICY
        return response
