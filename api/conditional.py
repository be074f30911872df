"""HTTP validators for API responses (ETag, Last-Modified, 304), derived from the public
generation and the change feed without building the response."""

import hashlib

from django.core.cache import cache
from django.db.models import Max
from django.utils.http import http_date
from rest_framework import exceptions, status

from profiles.models import ChangeEvent
from profiles.workflow.cache import public_generation

# Responses may be reused this long without asking again; after that a conditional request
# (If-None-Match / If-Modified-Since) costs the client a 304 and us no database work.
API_MAX_AGE_SECONDS = 60

# HTTP validators --------------------------------------------------------------------------------


# How long the latest change is remembered for one generation. Each generation has its own key,
# so without an expiry every publication would leave one behind in Redis for good; when it has
# expired the next request reads it again with one query.
LAST_CHANGE_SECONDS = 24 * 60 * 60


def last_public_change(generation: int) -> tuple[int, object]:
    """(id, time) of the latest publication or withdrawal, cached per public generation.

    Every publish, withdrawal and redaction bumps the generation after commit, so this costs one
    query per public change, not one per request. Generation and value live in the shared cache,
    so every worker computes the same validators.
    """
    key = f"exodus:api-last-change:{generation}"
    value = cache.get(key)
    if value is None:
        latest = ChangeEvent.objects.aggregate(id=Max("pk"), at=Max("at"))
        value = (latest["id"] or 0, latest["at"])
        cache.set(key, value, LAST_CHANGE_SECONDS)
    return value


def validators_for(request) -> tuple[str, object]:
    """An ETag and Last-Modified for a public API response, without building the response.

    Every response is a function of the public index. A profile's publication, update or
    withdrawal adds a ChangeEvent; the generation also covers public changes that add none (a shared
    quote, source or figure approved, `rebuild_public_record`). A category renamed in the admin
    purges nothing, so it reaches API validators with the next public change.
    """
    generation = public_generation()
    event_id, at = last_public_change(generation)
    digest = hashlib.sha256(f"v1:{generation}:{event_id}:{request.get_full_path()}".encode()).hexdigest()
    return f'"{digest[:32]}"', at


class NotModified(exceptions.APIException):
    status_code = status.HTTP_304_NOT_MODIFIED
    default_detail = ""


def cache_headers(response, *, etag: str, last_modified, private: bool = False) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    scope = "private" if private else "public"
    response["Cache-Control"] = f"{scope}, max-age={API_MAX_AGE_SECONDS}"
