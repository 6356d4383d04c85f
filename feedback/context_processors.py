from django.http import HttpRequest

from .selectors import organisation_for_request


def organisation(request: HttpRequest) -> dict:
    return {"organisation": organisation_for_request(request)}
