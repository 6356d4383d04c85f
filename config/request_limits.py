"""A cap on request bodies, checked on Content-Length before anything reads the body.

Form bodies (no files) may be DATA_UPLOAD_MAX_MEMORY_SIZE at most. A multipart body may carry
the attachments a form or the API accepts (ATTACHMENT_MAX_FILES of ATTACHMENT_MAX_BYTES each)
plus REQUEST_FORM_OVERHEAD_BYTES; the per-file limit and its message stay with the upload
check (feedback.uploads). Larger bodies get a 413 page before a byte of them is read.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .errors import too_large


def request_body_limit(request: HttpRequest) -> int:
    if request.content_type == "multipart/form-data":
        return (
            settings.ATTACHMENT_MAX_BYTES * settings.ATTACHMENT_MAX_FILES
            + settings.REQUEST_FORM_OVERHEAD_BYTES
        )
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > request_body_limit(request):
            return too_large(request)
        return self.get_response(request)
