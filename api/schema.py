"""The OpenAPI schema's own parts, through drf-spectacular's public extension points: the partner
key scheme (an authentication extension, registered by importing this module in ApiConfig.ready)
and the responses every operation can give (a postprocessing hook, SPECTACULAR_SETTINGS)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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


# What api.exceptions.api_exception_handler answers with.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in a sentence a person can act on."},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "For 400s: each invalid parameter with its messages.",
        },
    },
    "required": ["detail"],
}
ERROR_DESCRIPTIONS = {
    "400": "A parameter is unknown or invalid (a filter value, a date, a cursor, a page, an ordering).",
    "401": "The API key is invalid or revoked, or this endpoint needs one.",
    "404": "Nothing published has this address (or the page is past the last one).",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}
NOT_MODIFIED = {"description": "Not modified since the ETag or time you sent."}


def error_codes(path: str, operation: dict) -> list[str]:
    """Every operation refuses unknown parameters, bad keys and floods; 404 where the address names
    an object (an id, a slug, a version) or takes a page number that may be past the last page."""
    codes = ["400", "401", "429"]
    query = {parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"}
    if "{" in path or "page" in query:
        codes.append("404")
    return codes


def document_common_responses(result, generator, request, public):
    """Postprocessing hook: add the error responses and the 304 of conditional requests (every GET
    sends ETag and Last-Modified, api.conditional) to every operation, and the Error component."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    result["components"]["schemas"] = dict(sorted(result["components"]["schemas"].items()))
    for path, operations in result["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            # An error is JSON, sent as whatever media type the client asked for (the export's too).
            media_types = dict.fromkeys(["application/json", *responses.get("200", {}).get("content", {})])
            for code in error_codes(path, operation):
                content = {media_type: {"schema": {"$ref": "#/components/schemas/Error"}} for media_type in media_types}
                responses.setdefault(code, {"content": content, "description": ERROR_DESCRIPTIONS[code]})
            responses.setdefault("304", dict(NOT_MODIFIED))
            operation["responses"] = dict(sorted(responses.items()))
    return result
