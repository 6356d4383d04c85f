from datetime import date

from rest_framework import serializers

from reporting import periods

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class MeasuresQuerySerializer(serializers.Serializer):
    """A period: a report slug (2026-27-h1, 2026-27-q2, 2026-27) or a start and end date."""

    period = serializers.CharField(
        required=False,
        max_length=40,
        help_text="A half (2026-27-h1), a quarter (2026-27-q3) or a financial year (2026-27).",
    )
    start = serializers.DateField(required=False, help_text="With `end`: any range of dates.")
    end = serializers.DateField(required=False, help_text="Inclusive.")

    def validate(self, attrs):
        if attrs.get("period"):
            try:
                period = periods.parse(attrs["period"])
            except ValueError as exc:
                raise serializers.ValidationError(
                    {"period": ["Not a period: use e.g. 2026-27-h1, 2026-27-q3 or 2026-27."]}
                ) from exc
        elif attrs.get("start") and attrs.get("end"):
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError({"end": ["Must not be before start."]})
            period = periods.date_range(attrs["start"], attrs["end"])
        else:
            raise serializers.ValidationError(
                {"period": ["Give a period, or a start and an end date."]}
            )
        if period.start < EARLIEST or period.end > LATEST:
            raise serializers.ValidationError({"period": ["Choose dates from 2000 to 2100."]})
        if (period.end - period.start).days > 3 * 366:
            raise serializers.ValidationError(
                {"period": ["Choose a period of three years or less."]}
            )
        return {"period": period}


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    kind = serializers.CharField()
    label = serializers.CharField()
    slug = serializers.CharField()


class PeriodsSerializer(serializers.Serializer):
    current = PeriodSerializer()
    previous = PeriodSerializer()
    year_earlier = PeriodSerializer()


class ValuesSerializer(serializers.Serializer):
    current = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True)
    year_earlier = serializers.FloatField(allow_null=True)


class BreakdownSerializer(serializers.Serializer):
    key = serializers.JSONField(help_text="A slug, a kind, or an id; null when not recorded.")
    name = serializers.CharField()
    measures = serializers.DictField(child=ValuesSerializer())


class DefinitionSerializer(serializers.Serializer):
    label = serializers.CharField()
    definition = serializers.CharField()


class MeasuresSerializer(serializers.Serializer):
    periods = PeriodsSerializer()
    council = serializers.DictField(child=ValuesSerializer())
    by_service = BreakdownSerializer(many=True)
    by_kind = BreakdownSerializer(many=True)
    by_channel = BreakdownSerializer(many=True)
    by_category = BreakdownSerializer(many=True)
    by_ground = BreakdownSerializer(many=True)
    by_refusal_reason = BreakdownSerializer(many=True)
    ombudsman = serializers.JSONField(help_text="ombudsman.measures for each period.")
    definitions = DefinitionSerializer(many=True)
