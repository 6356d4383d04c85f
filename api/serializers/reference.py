from rest_framework import serializers

from escalation.models import RefusalReason, StagePolicy
from feedback.models import Category, Channel, ComplaintGround, ServiceArea


class ServiceSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True, help_text="The service's inbox, if any.")

    class Meta:
        model = ServiceArea
        fields = ["slug", "name", "email", "is_landlord_service", "is_active"]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "for_complaints", "for_comments", "for_compliments", "is_active"]
        read_only_fields = fields


class GroundSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintGround
        fields = ["slug", "name", "is_active"]
        read_only_fields = fields


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["slug", "name", "is_electronic", "is_active"]
        read_only_fields = fields


class StagePolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = StagePolicy
        fields = ["id", "stage", "name", *StagePolicy.RULE_FIELDS, "effective_from"]
        read_only_fields = fields


class RefusalReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = RefusalReason
        fields = ["id", "name", "explanation_for_customer", "is_active"]
        read_only_fields = fields
