"""The lifecycle over REST: what the caller may do to a case now, and doing it, through
escalation's services (the same permissions, conditions and timeline as the officer pages)."""

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import Conflict
from api.permissions import CanSeeCases
from api.serializers.cases import CaseDetailSerializer
from api.serializers.transitions import TransitionOptionSerializer, TransitionTakeSerializer
from api.tokens import TokenScopes
from escalation.lifecycle import STEPS, transitions_available
from escalation.services import case_transition
from feedback.selectors import case_get_for_user
from feedback.transitions import (
    TransitionConflict,
    TransitionInvalid,
    TransitionNotAllowed,
    TransitionNotPermitted,
)

from .cases import REFERENCE_PARAMETER, with_details

OFFICER_TRANSITIONS = [name for name, spec in STEPS.items() if spec.officer]


class TransitionListView(APIView):
    permission_classes = [IsAuthenticated, CanSeeCases, TokenScopes]

    @extend_schema(
        operation_id="cases_transitions_list",
        summary="Transitions the caller may take now",
        description="Exactly what the officer case page offers this user: the case's state "
        "allows it, its conditions are met and the user's role permits it.",
        parameters=[REFERENCE_PARAMETER],
        responses={200: TransitionOptionSerializer(many=True)},
    )
    def get(self, request, reference: str):
        case = case_get_for_user(user=request.user, reference=reference)
        options = [
            {
                "name": option.name,
                "label": option.label,
                "description": option.description,
                "reason_label": STEPS[option.name].reason_label,
                "reason_required": STEPS[option.name].reason_required,
                "fields": list(STEPS[option.name].fields),
            }
            for option in transitions_available(case=case, user=request.user)
        ]
        return Response(TransitionOptionSerializer(options, many=True).data)


class TransitionTakeView(APIView):
    permission_classes = [IsAuthenticated, CanSeeCases, TokenScopes]
    token_write_scope = "transitions"  # noqa: S105 - an API token scope, not a secret

    @extend_schema(
        operation_id="cases_transitions_take",
        summary="Take a transition",
        description="Move the case, with the reason and the transition's fields, in one "
        "transaction with its timeline entry. 403: your role may not; 409: the case's state or "
        "a condition does not allow it now, or someone changed the case first; 400: a field is "
        "missing or wrong.",
        parameters=[
            REFERENCE_PARAMETER,
            OpenApiParameter(
                "name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=OFFICER_TRANSITIONS
            ),
        ],
        request=TransitionTakeSerializer,
        responses={200: CaseDetailSerializer},
    )
    def post(self, request, reference: str, name: str):
        case = case_get_for_user(user=request.user, reference=reference)
        if name not in OFFICER_TRANSITIONS:
            raise exceptions.NotFound(f"There is no transition called {name!r}.")
        serializer = TransitionTakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        if data.get("handler"):
            handler = get_user_model().objects.filter(username=data["handler"]).first()
            if handler is None:
                raise exceptions.ValidationError({"handler": ["No officer has this username."]})
            data["handler"] = handler.pk
        try:
            case = case_transition(
                case=case, name=name, user=request.user, reason=reason, data=data
            )
        except TransitionNotPermitted as exc:
            raise exceptions.PermissionDenied(exc.message) from exc
        except TransitionInvalid as exc:
            raise exceptions.ValidationError(
                {field: [message] for field, message in exc.field_errors.items()}
                or {"non_field_errors": [exc.message]}
            ) from exc
        except (TransitionNotAllowed, TransitionConflict) as exc:
            raise Conflict(exc.message) from exc
        case = case_get_for_user(user=request.user, reference=reference)
        return Response(CaseDetailSerializer(with_details(case), context={"request": request}).data)
