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


class AnonymousRateThrottle(throttling.SimpleRateThrottle):
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
