"""Every API error is JSON: {"detail": "...", "errors": {"field": ["..."]}}; never an HTML page."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from api.conditional import NotModified

# Errors -------------------------------------------------------------------------------------------


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def api_exception_handler(exc, context):
    """Every error is JSON: {"detail": "...", "errors": {"field": ["..."]}}; never an HTML page.

    A bad filter value, date, cursor, page or ordering is a 400 naming the parameter.
    """
    if isinstance(exc, NotModified):
        return Response(status=status.HTTP_304_NOT_MODIFIED)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found: nothing published has this address.")
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict):
            errors = {field: _messages(messages) for field, messages in data.items()}
        else:
            errors = {"non_field_errors": _messages(data)}
        summary = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
        response.data = {"detail": f"Invalid request. {summary}", "errors": errors}
    elif isinstance(data, dict) and "detail" in data:
        response.data = {"detail": str(data["detail"])}
    response["Cache-Control"] = "no-store"
    return response
