"""Partner API keys: `Authorization: Api-Key <key>` (or `X-API-Key: <key>`); only a SHA-256 hash is
stored (api.models.ApiKey). An invalid or revoked key is refused with 401 rather than served as
anonymous, so a partner whose key was revoked notices at once; a client that keeps sending such
keys gets 429 for a while (API_INVALID_KEY_RATE), so keys cannot be guessed at speed.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework import authentication, exceptions, throttling
from rest_framework.permissions import BasePermission

from api.models import ApiKey, ApiKeyDailyUsage

API_KEY_PREFIX = "api-key "
# last_used_at is written at most this often per key: an exact "last used" to the second is not
# worth a second write on every request.
LAST_USED_GRANULARITY_SECONDS = 60


@dataclass
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
