"""The staff sessions each user has open, so they can all be ended at once."""

from django.conf import settings
from django.db import models


class StaffSession(models.Model):
    """One signed-in session of a staff user. Written at sign-in; "sign out everywhere" deletes
    the sessions these keys name (whatever the session engine), then these rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "started_at"])]

    def __str__(self) -> str:
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"
