"""The stack's own floor, served by the load test's gunicorn with the production settings and
middleware: what Python, gunicorn, Django, DRF and PostgreSQL cost on this machine before any of
the project's code runs (`manage.py loadtest --floor`).

* `wsgi_hello`: a bare WSGI answer in front of Django (`floor_wsgi`): gunicorn, the kernel's
  loopback connection and the client, no Django at all.
* `django_hello`: a trivial Django view behind the whole middleware stack.
* `DrfInsert`: a DRF view that parses and validates a JSON body with a plain serializer and
  INSERTs one row in one transaction (BEGIN, INSERT ... RETURNING, COMMIT): the smallest thing
  the API's create could be. No authentication, permission or throttle: those are the API's own.

The table is the scratch database's (`FLOOR_TABLE`, made by `table_create`); no migration and
no model, so nothing of it reaches a real database."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

WSGI_PATH = "/floor/wsgi/"  # answered by floor_wsgi before Django
FLOOR_TABLE = "loadtest_floor_row"
TABLE_SQL = (
    f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (id bigserial PRIMARY KEY, summary text NOT NULL,"
    " email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
)
INSERT_SQL = f"INSERT INTO {FLOOR_TABLE} (summary, email) VALUES (%s, %s) RETURNING id"  # noqa: S608 (a constant name)


def django_hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


class FloorRowSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=200)
    email = serializers.EmailField()


class DrfInsert(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()

    def post(self, request: Request) -> Response:
        serializer = FloorRowSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                INSERT_SQL,
                [serializer.validated_data["summary"], serializer.validated_data["email"]],
            )
            (row_id,) = cursor.fetchone()
        return Response({"id": row_id}, status=status.HTTP_201_CREATED)
