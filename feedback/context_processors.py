from django.http import HttpRequest

from .selectors import organisation_current


def organisation(request: HttpRequest) -> dict:
    return {"organisation": organisation_current()}
