"""The web UI's roles, applied to API tokens: a token acts as its user."""

from rest_framework.permissions import BasePermission

from feedback.selectors import user_can_see_cases


class CanSeeCases(BasePermission):
    """Officers who see cases; committee members (statistics only) get 403."""

    message = "Your role does not give access to cases."

    def has_permission(self, request, view) -> bool:
        return user_can_see_cases(request.user)


class CanLogContact(BasePermission):
    """Creating feedback on a customer's behalf, as the officer's "log a contact" does."""

    message = "Your role does not allow logging feedback on a customer's behalf."

    def has_permission(self, request, view) -> bool:
        if request.method != "POST":
            return True
        return bool(request.user.has_perm("feedback.log_contact"))


class CanViewStatistics(BasePermission):
    message = "Your role does not give access to statistics."

    def has_permission(self, request, view) -> bool:
        return bool(request.user.has_perm("feedback.view_statistics"))
