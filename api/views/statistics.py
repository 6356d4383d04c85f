from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import CanViewStatistics
from api.serializers.statistics import MeasuresQuerySerializer, MeasuresSerializer
from api.statistics import measures_for_period
from api.tokens import TokenScopes
from feedback.selectors import organisation_current


class MeasuresView(APIView):
    permission_classes = [IsAuthenticated, CanViewStatistics, TokenScopes]

    @extend_schema(
        operation_id="statistics_measures",
        summary="The reporting measures for a period",
        description="The measures of the Standards Committee and Cabinet reports for the "
        "period, the previous period and the same period a year earlier: for the whole "
        "council and by service, kind, channel, category, grounds and refusal reason, with "
        "the Ombudsman's figures and each measure's definition. Aggregates only: no personal "
        "data (committee members may read it).",
        parameters=[MeasuresQuerySerializer],
        responses={200: MeasuresSerializer},
    )
    def get(self, request):
        query = MeasuresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(
            measures_for_period(
                organisation=organisation_current(), period=query.validated_data["period"]
            )
        )
