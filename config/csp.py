"""django-csp's middleware, with the policy built once instead of on every response.

django-csp 4 builds the header from the settings for each response (both the policy and the
report-only one: copies of every directive, a set, joins), about 2 ms of CPU over the public
form's 20 requests. A response with no policy of its own (no `@csp_update`, `@csp_replace`,
`_csp_config`) and a request that used no nonce get exactly what `build_policy` returned for
those settings the first time, kept until the settings change (`override_settings` in tests).
Every other response is built as django-csp builds it.
"""

from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, PolicyParts
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# report_only -> the header built from the settings alone
_BUILT: dict[bool, str] = {}
_SETTINGS = {"CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"}


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS:
        _BUILT.clear()


def policy_build(parts: PolicyParts, *, report_only: bool) -> str:
    """`build_policy` for these parts; built once for the settings' own policy."""
    if parts.config is None and parts.update is None and parts.replace is None and not parts.nonce:
        built = _BUILT.get(report_only)
        if built is None:
            built = _BUILT[report_only] = build_policy(report_only=report_only)
        return built
    return build_policy(
        config=parts.config,
        update=parts.update,
        replace=parts.replace,
        nonce=parts.nonce,
        report_only=report_only,
    )


_HEADERS = (
    (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)


class CSPMiddleware(BaseCSPMiddleware):
    """The same headers as django-csp's: its `process_response`, with `policy_build`."""

    def process_response(self, request, response):
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in _HEADERS:
            parts = self.get_policy_parts(
                request=request, response=response, report_only=report_only
            )
            policy = policy_build(parts, report_only=report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
