"""Officers' permissions kept per process with the reference data (feedback.reference).

Every page an officer opens asks what they may do (the menu, the view's own check), which cost
a query per page. Users, groups, their memberships and their permissions are registered
reference data: any change raises the version every request reads with its organisation, so a
permission granted or taken away counts from the officer's next request, in every process.
"""

from django.contrib.auth import get_backends
from django.http import HttpRequest, HttpResponse

from .reference import reference_read
from .selectors import organisation_for_request


def _permissions_read(user) -> frozenset[str]:
    permissions: set[str] = set()
    for backend in get_backends():
        if hasattr(backend, "get_all_permissions"):
            permissions |= backend.get_all_permissions(user)
    return frozenset(permissions)


def permissions_keep(user, organisation) -> None:
    """Fill `user`'s per-request permission cache from the value kept for `organisation`
    (also the API's token authentication, which signs its user in after the middleware)."""
    if user.is_active and not hasattr(user, "_perm_cache"):
        user._perm_cache = reference_read(
            organisation, f"permissions:{user.pk}", lambda: _permissions_read(user)
        )


class KeptPermissionsMiddleware:
    """After the authentication middleware: fills Django's per-request permission cache
    (`user._perm_cache`, which ModelBackend's `has_perm` reads) from the kept value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            organisation = organisation_for_request(request)
            if organisation is not None:
                permissions_keep(request.user, organisation)
        return self.get_response(request)
