"""Schema additions: the error responses every operation can give, in the one error shape.

drf-spectacular documents only the success response; a client (and schemathesis'
status_code_conformance check) must also know the errors. Added by a postprocessing hook so a
new endpoint cannot forget them."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error has this shape. `fields` maps a field's dotted path "
    "(e.g. `customer.email`, `attachments.0.content`) to its messages.",
    "required": ["status", "code", "detail", "fields"],
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status code."},
        "code": {"type": "string", "description": "e.g. invalid, not_found, conflict."},
        "detail": {"type": "string", "description": "A sentence a person can read."},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}

ERRORS = {
    "400": "The request is not valid: see `fields`.",
    "401": "No valid token or session.",
    "403": "Your role does not allow this.",
    "404": "Not found, or outside your services.",
    "405": "Method not allowed.",
    "406": "Ask for application/json.",
    "409": "Conflict: an Idempotency-Key reused with another body, or the case changed meanwhile.",
    "415": "Send application/json (or multipart/form-data where documented).",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code in {"409", "415"} and method == "get":
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
