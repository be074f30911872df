"""The OpenAPI schema: the partner key scheme and the error responses every operation can give."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from api.pagination import ProfilePagination


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "A partner key, issued by the Exodus team. `Authorization: Api-Key <key>` works too. "
            "Optional except for the export; it raises your rate limit.",
        }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence a person can act on.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400s: each invalid parameter with its messages.",
    )


ERROR_DESCRIPTIONS = {
    "400": "A parameter is unknown or invalid (a filter value, a date, a cursor, a page, an ordering).",
    "401": "The API key is invalid or revoked, or this endpoint needs one.",
    "404": "Nothing published has this address (or the page is past the last one).",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}


class ApiSchema(AutoSchema):
    """Documents the error responses every operation can give, in one place, and lets a view that
    filters but answers with one object (the facets) say so with `answers_one_object`."""

    def _is_list_view(self, serializer=None) -> bool:
        if getattr(self.view, "answers_one_object", False):
            return False
        return super()._is_list_view(serializer)

    def get_filter_backends(self):
        if getattr(self.view, "answers_one_object", False):
            return self.view.filter_backends
        return super().get_filter_backends()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "429"]  # every endpoint refuses unknown parameters, bad keys, floods
        if "{" in self.path or getattr(self.view, "pagination_class", None) is ProfilePagination:
            codes.append("404")  # an unknown id or slug, or a page past the last one
        for code in getattr(self.view, "error_codes", codes):
            responses.setdefault(
                code,
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code, direction=direction
                ),
            )
        responses.setdefault("304", {"description": "Not modified since the ETag or time you sent."})
        return dict(sorted(responses.items()))
