"""Reference data (services, categories, grounds, channels, stage policies): readable by any
signed-in user; no personal data. Edited in the admin, not here."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from api.serializers import reference as s
from escalation.models import RefusalReason, StagePolicy
from feedback.models import Category, Channel, ComplaintGround, ServiceArea
from feedback.selectors import organisation_current


class _OrganisationScoped(viewsets.ReadOnlyModelViewSet):
    model = None
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    pagination_class = None

    def get_queryset(self):
        return self.model.objects.filter(organisation=organisation_current())


def _documented(noun: str, plural: str):
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}", description=f"All {plural}, inactive too."),
        retrieve=extend_schema(summary=f"Read a {noun}"),
    )


@_documented("service", "services")
class ServiceViewSet(_OrganisationScoped):
    model = ServiceArea
    serializer_class = s.ServiceSerializer


@_documented("category", "categories")
class CategoryViewSet(_OrganisationScoped):
    model = Category
    serializer_class = s.CategorySerializer


@_documented("complaint ground", "complaint grounds")
class GroundViewSet(_OrganisationScoped):
    model = ComplaintGround
    serializer_class = s.GroundSerializer


@_documented("channel", "channels")
class ChannelViewSet(_OrganisationScoped):
    model = Channel
    serializer_class = s.ChannelSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List stage policies",
        description="Every policy, newest first within a stage; the one in force for a case "
        "is the newest whose effective_from is not after the case opened.",
    ),
    retrieve=extend_schema(summary="Read a stage policy"),
)
class StagePolicyViewSet(_OrganisationScoped):
    model = StagePolicy
    serializer_class = s.StagePolicySerializer
    lookup_field = "pk"
    lookup_value_regex = "[^/]+"


@extend_schema_view(
    list=extend_schema(
        summary="List refusal reasons",
        description="Why feedback is not accepted as a complaint: the `refusal_reason` of the "
        "triage_not_accepted transition.",
    ),
    retrieve=extend_schema(summary="Read a refusal reason"),
)
class RefusalReasonViewSet(_OrganisationScoped):
    model = RefusalReason
    serializer_class = s.RefusalReasonSerializer
    lookup_field = "pk"
