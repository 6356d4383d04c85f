"""Who may open officer pages. Anonymous users go to the sign-in page; signed-in users without
the permission get 403. Service scoping (404 outside the user's services) is in the selectors."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def officer_required(*perms: str) -> Callable:
    """Sign-in required, then every permission named (403 without one of them)."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


casework_required = officer_required("feedback.view_case")
