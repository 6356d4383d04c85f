from rest_framework import serializers

from .fields import StrictCharField


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Use in .../transitions/{name}/.")
    label = serializers.CharField()
    description = serializers.CharField()
    reason_label = serializers.CharField()
    reason_required = serializers.BooleanField()
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="The other fields this transition takes."
    )


class TransitionTakeSerializer(serializers.Serializer):
    """The reason, and the fields the transition takes (see the list of transitions)."""

    reason = StrictCharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text="Why (written to the timeline); required where `reason_required`.",
    )
    refusal_reason = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="triage_not_accepted: the id of a refusal reason (/api/v1/refusal-reasons/).",
    )
    forwarded_to = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="triage_forward, pass_to_service: the organisation or service it went to.",
    )
    request_reason = StrictCharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text="stage2_escalate: why the customer asks for a review.",
    )
    handler = StrictCharField(
        max_length=150,
        required=False,
        allow_blank=True,
        help_text="stage2_escalate: the username of the reviewer (not the Stage 1 handler).",
    )

    def validate_refusal_reason(self, value):
        if isinstance(self.initial_data.get("refusal_reason"), bool | float):
            raise serializers.ValidationError("A valid integer is required.")
        return value
