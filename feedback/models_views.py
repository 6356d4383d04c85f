"""Saved case list filters: an officer's "my queue" views."""

from django.conf import settings
from django.db import models


class SavedCaseView(models.Model):
    """A named set of case list filters. It keeps the query string, never the cases: whoever
    opens it sees only the cases they may see today."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_case_views"
    )
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000, blank=True)
    shared_with = models.ForeignKey(
        "feedback.ServiceArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The service whose officers also see this view (they cannot change it).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_case_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
