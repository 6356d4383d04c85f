"""Cases over REST: create, list, read. Scoping is the web UI's: every query starts from
feedback.selectors.cases_visible_to / case_get_for_user."""

import re

from django.db.models import Prefetch, prefetch_related_objects
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.exceptions import Conflict
from api.filters import ApiCaseFilter
from api.pagination import CaseCursorPagination
from api.permissions import CanLogContact, CanSeeCases
from api.serializers.cases import (
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    case_create_validated,
    case_detail_data,
)
from api.services import (
    IdempotencyKeyReused,
    case_create_idempotent,
    idempotent_replay,
    request_fingerprint,
    rows_created,
)
from api.tokens import TokenScopes
from escalation.models import CaseStage
from feedback.models import Attachment, Case, CaseEvent
from feedback.selectors import case_get_for_user, cases_visible_to, organisation_for_request
from feedback.services import CustomerDetails, case_create

REFERENCE_PARAMETER = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The case's reference, e.g. CMP-2026-00042.",
)
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,255}")
IDEMPOTENCY_HEADER = OpenApiParameter(
    name="Idempotency-Key",
    type={"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    location=OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (1-255 visible ASCII characters, e.g. a UUID). A retry "
    "with the same key and body returns the first response instead of creating a second "
    "case; the same key with a different body is refused with 409.",
)

CREATE_EXAMPLE = OpenApiExample(
    "A complaint logged by the contact centre",
    request_only=True,
    value={
        "kind": "complaint",
        "channel": "telephone",
        "received_at": "2026-11-20T10:15:00Z",
        "service": "environmental-services",
        "category": "service-failure",
        "summary": "Bin not collected three weeks running",
        "description": "The green bin at 4 Mill Lane has been missed on three collection days.",
        "customer": {"first_name": "Sam", "last_name": "Patel", "email": "sam@example.com"},
        "attachments": [{"name": "bin.txt", "content": "VGhlIGJpbiBpcyBmdWxsLg=="}],
    },
)


def with_details(case: Case) -> Case:
    """Load what the detail shows in a fixed number of queries, whatever the timeline's length."""
    prefetch_related_objects(
        [case],
        Prefetch("stages", queryset=CaseStage.objects.select_related("handler").order_by("stage")),
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("at", "pk")),
        "attachments",
    )
    return case


def with_details_written(case: Case, rows: list) -> Case:
    """`with_details` for a case just created, from the rows its create wrote (seen by
    api.services.rows_created) instead of three queries: the same lists in the same order, as
    Django's prefetch leaves them (a test holds the response to a read of the case)."""
    mine = [row for row in rows if row.case_id == case.pk]
    case._prefetched_objects_cache = {  # where prefetch_related_objects puts them
        "stages": sorted((r for r in mine if isinstance(r, CaseStage)), key=lambda r: r.stage),
        "events": sorted((r for r in mine if isinstance(r, CaseEvent)), key=lambda r: (r.at, r.pk)),
        "attachments": sorted((r for r in mine if isinstance(r, Attachment)), key=lambda r: r.pk),
    }
    return case


def _idempotency_key(request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise exceptions.ValidationError(
            {"Idempotency-Key": ["Use 1 to 255 visible ASCII characters, e.g. a UUID."]}
        )
    return key


class CaseListCreateView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, CanSeeCases, CanLogContact, TokenScopes]
    serializer_class = CaseListSerializer
    pagination_class = CaseCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiCaseFilter
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        return cases_visible_to(self.request.user).select_related(
            "service", "category", "channel", "customer", "assigned_to"
        )

    @extend_schema(
        operation_id="cases_list",
        summary="List cases",
        description="The cases the caller may see (their services only, for an investigating "
        "officer), newest first, a page at a time: follow `next`. The filters are the officer "
        "case list's.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="cases_create",
        summary="Create feedback",
        description="Log a complaint, comment or compliment received by any channel. "
        "Attachments are checked like the web form's (type and size). Send JSON with base64 "
        "attachments, or multipart/form-data with `attachments` as files and customer fields "
        "as `customer.email` etc.",
        parameters=[IDEMPOTENCY_HEADER],
        request={
            "application/json": CaseCreateSerializer,
            "multipart/form-data": CaseCreateSerializer,
        },
        responses={201: CaseDetailSerializer},
        examples=[CREATE_EXAMPLE],
    )
    def post(self, request, *args, **kwargs):
        key = _idempotency_key(request)
        fingerprint = request_fingerprint(request.data)
        try:
            if key:
                earlier = idempotent_replay(user=request.user, key=key, fingerprint=fingerprint)
                if earlier is not None:
                    return Response(earlier.body, status=earlier.status)
            organisation = organisation_for_request(request)
            data = case_create_validated(request.data, organisation=organisation)
            with rows_created() as rows:
                result = case_create_idempotent(
                    user=request.user,
                    key=key,
                    fingerprint=fingerprint,
                    create=lambda: self._create(request, organisation, data),
                    # The case just made, with its service, channel, category, ground and
                    # customer in hand, and the rows its create wrote: nothing is read back.
                    render=lambda case: case_detail_data(
                        with_details_written(case, rows), context=self.get_serializer_context()
                    ),
                )
        except IdempotencyKeyReused as exc:
            raise Conflict(
                "This Idempotency-Key was already used with a different request body. "
                "Use a new key for a new piece of feedback."
            ) from exc
        return Response(result.body, status=result.status)

    @staticmethod
    def _create(request, organisation, data):
        customer = data.get("customer")
        try:
            return case_create(
                organisation=organisation,
                kind=data["kind"],
                service=data["service"],
                channel=data["channel"],
                summary=data["summary"],
                description=data["description"],
                customer_details=CustomerDetails(**customer) if customer else None,
                outcome_wanted=data.get("outcome_wanted", ""),
                staff_member_named=data.get("staff_member_named", ""),
                category=data.get("category"),
                ground=data.get("ground"),
                received_at=data.get("received_at"),
                created_by=request.user,
                attachments=data.get("attachments", []),
            )
        except ValueError as exc:
            raise exceptions.ValidationError({"customer": [str(exc)]}) from exc


class CaseDetailView(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, CanSeeCases, TokenScopes]
    serializer_class = CaseDetailSerializer

    @extend_schema(
        operation_id="cases_retrieve",
        summary="Read a case",
        description="Everything about one case: status, current deadlines and whether they "
        "were met, every stage, the assigned officer, attachments and the timeline. A case "
        "outside the caller's services answers 404.",
        parameters=[REFERENCE_PARAMETER],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return with_details(
            case_get_for_user(user=self.request.user, reference=self.kwargs["reference"])
        )
