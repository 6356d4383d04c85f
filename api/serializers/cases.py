"""Cases in and out. The input serializers only validate and shape data for
feedback.services.case_create; nothing here writes."""

import threading
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import Hyperlink
from rest_framework.reverse import reverse as drf_reverse

from feedback import clock
from feedback.models import (
    Case,
    CaseEvent,
    Category,
    Channel,
    ComplaintGround,
    FeedbackKind,
    Organisation,
    PreferredFormat,
    ServiceArea,
)
from feedback.reference import reference_read
from feedback.uploads import upload_check

from .fields import (
    AttachmentField,
    AwareDateTimeField,
    SlugChoiceField,
    StrictCharField,
    StrictChoiceField,
)

# A client's clock may run a little ahead of ours; more than this is a mistake.
CLOCK_SKEW = timedelta(minutes=5)


class CustomerInputSerializer(serializers.Serializer):
    title = StrictCharField(max_length=20, required=False, allow_blank=True)
    first_name = StrictCharField(max_length=100, required=False, allow_blank=True)
    last_name = StrictCharField(max_length=100, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = StrictCharField(max_length=40, required=False, allow_blank=True)
    address = StrictCharField(max_length=1000, required=False, allow_blank=True)
    postcode = StrictCharField(max_length=10, required=False, allow_blank=True)
    preferred_format = StrictChoiceField(choices=PreferredFormat.choices, required=False)
    preferred_language = StrictCharField(max_length=60, required=False, allow_blank=True)
    accessibility_needs = StrictCharField(max_length=2000, required=False, allow_blank=True)
    representative_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    representative_relationship = StrictCharField(max_length=120, required=False, allow_blank=True)
    representative_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    representative_phone = StrictCharField(max_length=40, required=False, allow_blank=True)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            for name in ("email", "representative_email"):
                if name in data and not isinstance(data[name], str):
                    raise serializers.ValidationError({name: ["Must be text."]})
        return super().to_internal_value(data)


REFERENCE_FIELDS = {
    "channel": Channel,
    "service": ServiceArea,
    "category": Category,
    "ground": ComplaintGround,
}


def _active_by_slug(organisation: Organisation) -> dict[str, dict[str, models.Model]]:
    """Each reference field's active rows by slug, kept per process (feedback.reference)."""
    return reference_read(
        organisation,
        "api-active-by-slug",
        lambda: {
            name: {
                row.slug: row
                for row in model.objects.filter(organisation=organisation, is_active=True)
            }
            for name, model in REFERENCE_FIELDS.items()
        },
    )


class CaseCreateSerializer(serializers.Serializer):
    """New feedback from another system (a CRM, a contact-centre tool) or a member of staff."""

    kind = StrictChoiceField(choices=FeedbackKind.choices)
    channel = SlugChoiceField(
        slug_field="slug", queryset=Channel.objects.none(), help_text="A channel's slug."
    )
    received_at = AwareDateTimeField(
        required=False,
        help_text="When the council received it (ISO 8601 with offset); not in the future. "
        "Defaults to now.",
    )
    service = SlugChoiceField(
        slug_field="slug", queryset=ServiceArea.objects.none(), help_text="A service's slug."
    )
    category = SlugChoiceField(
        slug_field="slug",
        queryset=Category.objects.none(),
        required=False,
        allow_null=True,
        help_text="A category's slug, offered for this kind.",
    )
    ground = SlugChoiceField(
        slug_field="slug",
        queryset=ComplaintGround.objects.none(),
        required=False,
        allow_null=True,
        help_text="Complaints only: the grounds' slug.",
    )
    summary = StrictCharField(max_length=200)
    description = StrictCharField(max_length=20000)
    outcome_wanted = StrictCharField(max_length=5000, required=False, allow_blank=True)
    staff_member_named = StrictCharField(max_length=200, required=False, allow_blank=True)
    customer = CustomerInputSerializer(required=False)
    attachments = serializers.ListField(
        child=AttachmentField(), required=False, max_length=settings.ATTACHMENT_MAX_FILES
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation_set(organisation)

    def _organisation_set(self, organisation) -> None:
        """Scope the reference fields to `organisation`: its active rows, from the kept
        reference data read now (so a change counts at once), the queryset where none is kept.
        The querysets are built again only for another organisation (they are never evaluated
        themselves: DRF's get_queryset clones them)."""
        pk = organisation.pk if organisation is not None else None
        if not hasattr(self, "_scoped_to") or self._scoped_to != pk:
            scoped = {"organisation": organisation, "is_active": True}
            for name, model in REFERENCE_FIELDS.items():
                self.fields[name].queryset = model.objects.filter(**scoped)
            self._scoped_to = pk
        self.organisation = organisation
        kept = _active_by_slug(organisation) if organisation is not None else {}
        for name in REFERENCE_FIELDS:
            self.fields[name].kept = kept.get(name)

    def validate_received_at(self, value):
        if value > clock.now() + CLOCK_SKEW:
            raise serializers.ValidationError("Must not be in the future.")
        if value.year < 2000:
            raise serializers.ValidationError("Must be between the year 2000 and now.")
        return value

    def validate_attachments(self, uploads):
        checked, errors = [], {}
        for index, upload in enumerate(uploads):
            try:
                checked.append((upload, upload_check(upload)))
            except DjangoValidationError as exc:
                errors[index] = exc.messages
        if errors:
            raise serializers.ValidationError(
                [{"content": errors[i]} if i in errors else {} for i in range(len(uploads))]
            )
        return checked

    def validate(self, attrs):
        kind = attrs["kind"]
        category = attrs.get("category")
        allowed = {
            FeedbackKind.COMPLAINT: "for_complaints",
            FeedbackKind.COMMENT: "for_comments",
            FeedbackKind.COMPLIMENT: "for_compliments",
        }[kind]
        if category is not None and not getattr(category, allowed):
            raise serializers.ValidationError(
                {"category": [f"This category is not used for a {kind}."]}
            )
        if attrs.get("ground") is not None and kind != FeedbackKind.COMPLAINT:
            raise serializers.ValidationError({"ground": ["Only a complaint has grounds."]})
        customer = attrs.get("customer") or {}
        if kind == FeedbackKind.COMPLAINT and not any(
            customer.get(name) for name in ("email", "phone", "address")
        ):
            raise serializers.ValidationError(
                {"customer": ["A complaint needs a way to reply: an email, phone or address."]}
            )
        return attrs


class NamedSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class OfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="For the case list's `assigned` filter.")
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


class StatusSerializer(serializers.Serializer):
    code = serializers.CharField(source="state")
    label = serializers.CharField(source="get_state_display")


class CaseListSerializer(serializers.ModelSerializer):
    """A row of the case list: no personal data beyond the customer's name."""

    status = StatusSerializer(source="*", read_only=True)
    service = NamedSerializer(read_only=True)
    category = NamedSerializer(read_only=True, allow_null=True)
    channel = NamedSerializer(read_only=True)
    assigned_to = OfficerSerializer(read_only=True, allow_null=True)
    customer_name = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:case-detail", lookup_field="reference", read_only=True
    )

    class Meta:
        model = Case
        fields = [
            "reference",
            "url",
            "kind",
            "status",
            "service",
            "category",
            "channel",
            "summary",
            "received_at",
            "acknowledge_by",
            "respond_by",
            "overdue_since",
            "assigned_to",
            "customer_name",
        ]
        read_only_fields = fields

    def get_customer_name(self, case) -> str:
        return case.customer.full_name if case.customer_id else ""


class CustomerSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    preferred_format = serializers.CharField()
    preferred_language = serializers.CharField()
    accessibility_needs = serializers.CharField()
    reasonable_adjustments = serializers.CharField()
    contact_restriction = serializers.CharField()


class RepresentativeSerializer(serializers.Serializer):
    """Who acts for the customer on this case (a member enquiry: a councillor, MP or MS)."""

    kind = serializers.CharField(source="representative_kind")
    name = serializers.CharField(source="representative_name")
    relationship = serializers.CharField(source="representative_relationship")
    area = serializers.CharField(source="representative_area")
    email = serializers.CharField(source="representative_email")
    consent_on = serializers.DateField(source="representative_consent_on", allow_null=True)
    member_enquiry = serializers.BooleanField(source="is_member_enquiry")


class DeadlinesSerializer(serializers.Serializer):
    """The current stage's deadlines (from its CaseStage, with any extension)."""

    stage = serializers.IntegerField(allow_null=True)
    acknowledge_by = serializers.DateField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledgement_met = serializers.BooleanField(allow_null=True)
    respond_by = serializers.DateField(allow_null=True)
    respond_by_original = serializers.DateField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    response_met = serializers.BooleanField(allow_null=True)
    overdue_since = serializers.DateField(allow_null=True)


class StageSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    opened_at = serializers.DateTimeField()
    handler = OfficerSerializer(allow_null=True)
    acknowledge_due = serializers.DateField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledgement_met = serializers.BooleanField(allow_null=True)
    response_due_original = serializers.DateField()
    response_due = serializers.DateField()
    extension_reason = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)
    response_met = serializers.BooleanField(allow_null=True)
    working_days_taken = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    who = serializers.CharField(read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["at", "kind", "who", "summary", "detail", "from_state", "to_state", "is_internal"]
        read_only_fields = fields


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    # Upload quarantine (feedback.quarantine): "pending" and "infected" files are not served.
    scan_status = serializers.CharField()


class CaseDetailSerializer(CaseListSerializer):
    ground = NamedSerializer(read_only=True, allow_null=True)
    customer = CustomerSerializer(read_only=True, allow_null=True)
    representative = RepresentativeSerializer(source="*", read_only=True)
    deadlines = serializers.SerializerMethodField()
    stages = StageSerializer(many=True, read_only=True)
    timeline = EventSerializer(source="events", many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "ground",
            "description",
            "outcome_wanted",
            "staff_member_named",
            "resolved_at_first_contact",
            "closed_at",
            "customer",
            "representative",
            "deadlines",
            "stages",
            "timeline",
            "attachments",
        ]
        read_only_fields = fields

    @extend_schema_field(DeadlinesSerializer)
    def get_deadlines(self, case) -> dict:
        stages = list(case.stages.all())
        current = stages[-1] if stages else None
        data = {
            "stage": current.stage if current else None,
            "acknowledge_by": current.acknowledge_due if current else case.acknowledge_by,
            "acknowledged_at": current.acknowledged_at if current else case.acknowledged_at,
            "acknowledgement_met": current.acknowledgement_met if current else None,
            "respond_by": current.response_due if current else case.respond_by,
            "respond_by_original": current.response_due_original if current else None,
            "responded_at": current.responded_at if current else None,
            "response_met": current.response_met if current else None,
            "overdue_since": case.overdue_since,
        }
        return DeadlinesSerializer(data).data


# The create's input serializer, built once per thread and used again for every request that
# thread answers (gunicorn's sync worker has one; its gthread worker several). Building it was
# a large part of an API create's CPU: DRF deep-copies every declared field for each new
# serializer, nested ones included (the customer's 14). It keeps nothing of a request once it
# has answered: its data, results and errors are reset before each use.
class _PerThread(threading.local):
    create: CaseCreateSerializer | None = None


_per_thread = _PerThread()


def case_create_validated(data, *, organisation: Organisation | None) -> dict:
    """`CaseCreateSerializer(data=data, organisation=organisation)`'s validated data, or its
    ValidationError, exactly as `is_valid(raise_exception=True)` raises it."""
    serializer = _per_thread.create
    if serializer is None:
        serializer = _per_thread.create = CaseCreateSerializer(data=None, organisation=organisation)
    for name in ("_validated_data", "_errors", "_data"):
        serializer.__dict__.pop(name, None)
    serializer.initial_data = data
    serializer._organisation_set(organisation)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# `CaseDetailSerializer`'s output, written out (`case_detail_data`). The serializer documents
# the shape (the schema) and a test holds the two equal, key for key and in the same order;
# walking it cost about a tenth of an API create's CPU (each nested serializer's fields, each
# value's attribute lookup and callable check, a new DeadlinesSerializer for every case). Each
# value is converted by the DRF field the serializer declares for it, so it prints the same.
_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()
_BOOLEAN = serializers.BooleanField()
_KIND = serializers.ChoiceField(choices=FeedbackKind.choices)
_EVENT_KIND = serializers.ChoiceField(choices=CaseEvent.Kind.choices)


def _or_none(field: serializers.Field, value):
    # A serializer prints None as null without asking the field.
    return None if value is None else field.to_representation(value)


def _text(value) -> str | None:
    return None if value is None else str(value)


def _whole(value) -> int | None:
    return None if value is None else int(value)


def _named(row) -> dict | None:
    return None if row is None else {"slug": _text(row.slug), "name": _text(row.name)}


def _officer(user) -> dict | None:
    if user is None:
        return None
    return {
        "id": _whole(user.pk),
        "username": _text(user.username),
        "name": user.get_full_name() or user.get_username(),
    }


def _customer(customer) -> dict | None:
    if customer is None:
        return None
    return {name: _text(getattr(customer, name)) for name in _CUSTOMER_FIELDS}


_CUSTOMER_FIELDS = tuple(CustomerSerializer._declared_fields)


def _stage(stage) -> dict:
    return {
        "stage": _whole(stage.stage),
        "opened_at": _or_none(_DATETIME, stage.opened_at),
        "handler": _officer(stage.handler),
        "acknowledge_due": _or_none(_DATE, stage.acknowledge_due),
        "acknowledged_at": _or_none(_DATETIME, stage.acknowledged_at),
        "acknowledgement_met": _or_none(_BOOLEAN, stage.acknowledgement_met),
        "response_due_original": _or_none(_DATE, stage.response_due_original),
        "response_due": _or_none(_DATE, stage.response_due),
        "extension_reason": _text(stage.extension_reason),
        "responded_at": _or_none(_DATETIME, stage.responded_at),
        "response_met": _or_none(_BOOLEAN, stage.response_met),
        "working_days_taken": _whole(stage.working_days_taken),
        "outcome": _text(stage.outcome),
    }


def _event(event) -> dict:
    return {
        "at": _or_none(_DATETIME, event.at),
        "kind": _or_none(_EVENT_KIND, event.kind),
        "who": _text(event.who),
        "summary": _text(event.summary),
        "detail": _text(event.detail),
        "from_state": _text(event.from_state),
        "to_state": _text(event.to_state),
        "is_internal": _or_none(_BOOLEAN, event.is_internal),
    }


def _attachment(attachment) -> dict:
    return {
        "name": _text(attachment.original_name),
        "content_type": _text(attachment.content_type),
        "size": _whole(attachment.size),
        "sha256": _text(attachment.sha256),
        "uploaded_at": _or_none(_DATETIME, attachment.uploaded_at),
        "scan_status": _text(attachment.scan_status),
    }


def _deadlines(case: Case, stages: list) -> dict:
    current = stages[-1] if stages else None
    return {
        "stage": _whole(current.stage) if current else None,
        "acknowledge_by": _or_none(
            _DATE, current.acknowledge_due if current else case.acknowledge_by
        ),
        "acknowledged_at": _or_none(
            _DATETIME, current.acknowledged_at if current else case.acknowledged_at
        ),
        "acknowledgement_met": _or_none(_BOOLEAN, current.acknowledgement_met if current else None),
        "respond_by": _or_none(_DATE, current.response_due if current else case.respond_by),
        "respond_by_original": _or_none(_DATE, current.response_due_original if current else None),
        "responded_at": _or_none(_DATETIME, current.responded_at if current else None),
        "response_met": _or_none(_BOOLEAN, current.response_met if current else None),
        "overdue_since": _or_none(_DATE, case.overdue_since),
    }


def case_detail_data(case: Case, *, context: dict) -> dict:
    """`CaseDetailSerializer(case, context=context).data`, the same keys in the same order
    (see above). `context` as the serializer's: the request its link is built from."""
    request = context["request"]
    stages = list(case.stages.all())
    return {
        "reference": _text(case.reference),
        "url": _case_url(case, request, context.get("format")),
        "kind": _or_none(_KIND, case.kind),
        "status": {"code": _text(case.state), "label": _text(case.get_state_display())},
        "service": _named(case.service),
        "category": _named(case.category),
        "channel": _named(case.channel),
        "summary": _text(case.summary),
        "received_at": _or_none(_DATETIME, case.received_at),
        "acknowledge_by": _or_none(_DATE, case.acknowledge_by),
        "respond_by": _or_none(_DATE, case.respond_by),
        "overdue_since": _or_none(_DATE, case.overdue_since),
        "assigned_to": _officer(case.assigned_to),
        "customer_name": case.customer.full_name if case.customer_id else "",
        "ground": _named(case.ground),
        "description": _text(case.description),
        "outcome_wanted": _text(case.outcome_wanted),
        "staff_member_named": _text(case.staff_member_named),
        "resolved_at_first_contact": _or_none(_BOOLEAN, case.resolved_at_first_contact),
        "closed_at": _or_none(_DATETIME, case.closed_at),
        "customer": _customer(case.customer),
        "representative": {
            "kind": _text(case.representative_kind),
            "name": _text(case.representative_name),
            "relationship": _text(case.representative_relationship),
            "area": _text(case.representative_area),
            "email": _text(case.representative_email),
            "consent_on": _or_none(_DATE, case.representative_consent_on),
            "member_enquiry": _or_none(_BOOLEAN, case.is_member_enquiry),
        },
        "deadlines": _deadlines(case, stages),
        "stages": [_stage(stage) for stage in stages],
        "timeline": [_event(event) for event in case.events.all()],
        "attachments": [_attachment(attachment) for attachment in case.attachments.all()],
    }


def _case_url(case: Case, request, format: str | None) -> str | None:
    """The `url` field's link (DRF's HyperlinkedIdentityField: the request's absolute URI)."""
    if case.pk in (None, ""):
        return None
    return Hyperlink(
        drf_reverse(
            "api:case-detail", kwargs={"reference": case.reference}, request=request, format=format
        ),
        case,
    )
