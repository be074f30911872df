"""Partner access to the API: key authentication, rate limits, usage counts, HTTP validators and
JSON errors.

Keys travel as `Authorization: Api-Key <key>` (or `X-API-Key: <key>`); only a SHA-256 hash is
stored (profiles.models.ApiKey). An invalid or revoked key is refused with 401 rather than served
as anonymous, so a partner whose key was revoked notices at once; a client that keeps sending such
keys gets 429 for a while (API_INVALID_KEY_RATE), so keys cannot be guessed at speed.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.http import http_date
from rest_framework import authentication, exceptions, status, throttling
from rest_framework.permissions import BasePermission

from profiles.cache import public_generation
from profiles.models import ApiKey, ApiKeyDailyUsage, ChangeEvent

API_KEY_PREFIX = "api-key "
# last_used_at is written at most this often per key: an exact "last used" to the second is not
# worth a second write on every request.
LAST_USED_GRANULARITY_SECONDS = 60
# Responses may be reused this long without asking again; after that a conditional request
# (If-None-Match / If-Modified-Since) costs the client a 304 and us no database work.
API_MAX_AGE_SECONDS = 60


@dataclass
class Partner:
    """`request.user` when a valid key was sent."""

    key: ApiKey
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True

    def __str__(self) -> str:
        return str(self.key)


def raw_key_from(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.lower().startswith(API_KEY_PREFIX):
        return header[len(API_KEY_PREFIX) :].strip()
    return request.META.get("HTTP_X_API_KEY", "").strip() or None


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        raw = raw_key_from(request)
        if raw is None:
            return None
        guard = InvalidKeyThrottle()
        wait = guard.wait_if_blocked(request)
        if wait is not None:
            raise exceptions.Throttled(
                wait=wait, detail="Too many requests with an invalid or revoked API key from this address."
            )
        key = ApiKey.objects.filter(hashed_key=ApiKey.hash(raw)).first()
        if key is None:
            guard.record_failure()
            raise exceptions.AuthenticationFailed("Invalid API key. Check that you copied the whole key.")
        if not key.is_active:
            guard.record_failure()
            raise exceptions.AuthenticationFailed("This API key has been revoked. Ask the Exodus team for a new one.")
        record_use(key)
        return Partner(key=key), key

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) when a key is missing or wrong.
        return 'Api-Key realm="exodus"'


def record_use(key: ApiKey, *, now=None) -> None:
    """Count the request for today in one upsert; refresh last_used_at at most once a minute."""
    now = now or timezone.now()
    table = connection.ops.quote_name(ApiKeyDailyUsage._meta.db_table)
    with connection.cursor() as cursor:
        # INSERT … ON CONFLICT works on SQLite (3.24+) and PostgreSQL; Django's bulk_create
        # cannot express "requests + 1" on conflict.
        cursor.execute(
            f"INSERT INTO {table} (key_id, day, requests) VALUES (%s, %s, 1) "
            f"ON CONFLICT (key_id, day) DO UPDATE SET requests = {table}.requests + 1",
            [key.pk, now.date()],
        )
    stale = key.last_used_at is None or (now - key.last_used_at).total_seconds() >= LAST_USED_GRANULARITY_SECONDS
    if stale:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


class HasPartnerKey(BasePermission):
    """Only partners with a key (bulk export)."""

    message = "This endpoint needs a partner API key: send 'Authorization: Api-Key <key>'."

    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, Partner)


def valid_rate(rate: str) -> bool:
    try:
        num, period = throttling.SimpleRateThrottle.parse_rate(None, rate)
    except (ValueError, KeyError, IndexError, AttributeError):
        return False
    return num > 0 and period > 0


class InvalidKeyThrottle(throttling.SimpleRateThrottle):
    """Invalid or revoked keys per client address, at most API_INVALID_KEY_RATE.

    Authentication runs before DRF's throttles, so ApiKeyAuthentication asks this itself. A client
    past the limit is refused before its key is looked up, whatever key it sends: if a valid key
    still went through, a guesser could tell a hit from a miss by the status code.
    """

    scope = "invalid-key"

    def get_rate(self) -> str:
        return settings.API_INVALID_KEY_RATE

    def get_cache_key(self, request, view=None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def wait_if_blocked(self, request) -> float | None:
        """Seconds until this client may try a key again, or None if it may now."""
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [at for at in self.cache.get(self.key, []) if at > self.now - self.duration]
        if len(self.history) < self.num_requests:
            return None
        # Newest first: the client may try again once all but num_requests - 1 failures have aged out.
        return self.duration - (self.now - self.history[self.num_requests - 1])

    def record_failure(self) -> None:
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class AnonymousRateThrottle(throttling.SimpleRateThrottle):
    """A modest limit per client address for requests without a key."""

    scope = "anon"

    def get_rate(self) -> str:
        return settings.API_ANON_RATE

    def allow_request(self, request, view) -> bool:
        if isinstance(request.user, Partner):
            return True
        # Read the setting per request so deployments (and tests) can change it without a restart.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerRateThrottle(throttling.SimpleRateThrottle):
    """Each key has its own limit: the key's rate_limit, or API_PARTNER_RATE."""

    scope = "partner"

    def get_rate(self) -> str:
        return settings.API_PARTNER_RATE

    def allow_request(self, request, view) -> bool:
        if not isinstance(request.user, Partner):
            return True
        own = request.user.key.rate_limit
        self.rate = own if own and valid_rate(own) else self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.user.key.pk}


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

    Every response is a function of the public index, which changes only with a ChangeEvent; the
    generation also covers purges that touch nothing else (for example a category renamed).
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


# Errors -------------------------------------------------------------------------------------------


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def api_exception_handler(exc, context):
    """Every error is JSON: {"detail": "...", "errors": {"field": ["..."]}}; never an HTML page.

    A bad filter value, date, cursor, page or ordering is a 400 naming the parameter.
    """
    # Imported here: DRF imports this module (the authentication class) while loading its views.
    from rest_framework.response import Response
    from rest_framework.views import exception_handler

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
