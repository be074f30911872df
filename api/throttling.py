"""Rate limits: a modest one per client address without a key, each partner key its own."""

from django.conf import settings
from rest_framework import throttling

from api.authentication import Partner


def valid_rate(rate: str) -> bool:
    try:
        num, period = throttling.SimpleRateThrottle.parse_rate(None, rate)
    except (ValueError, KeyError, IndexError, AttributeError):
        return False
    return num > 0 and period > 0


class RateThrottle(throttling.SimpleRateThrottle):
    """Every 429 says when to ask again (Retry-After), as the README promises partners."""

    def wait(self) -> float:
        # DRF gives no wait, so no Retry-After, when more requests are on record than the rate allows
        # (a key's rate_limit or API_PARTNER_RATE lowered within the period); a client without one
        # cannot tell when to retry. Newest first: it may ask again once all but num_requests - 1
        # of them have aged out.
        if len(self.history) > self.num_requests:
            return self.duration - (self.now - self.history[self.num_requests - 1])
        return super().wait()


class AnonymousRateThrottle(RateThrottle):
    """A modest limit per client address for requests without a key."""

    scope = "anon"

    def get_rate(self) -> str:
        return settings.API_ANON_RATE

    def allow_request(self, request, view) -> bool:
        if isinstance(request.user, Partner):
            return True
        # Read per request, not once at import, so a test's settings override applies.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerRateThrottle(RateThrottle):
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
