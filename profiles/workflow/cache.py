"""One generation number for all cached public pages and API responses.

Publishing or withdrawing bumps it, which makes every cached public response stale at once:
a reader never sees a withdrawn profile from the cache.

The number lives in the shared cache (Redis in production; settings refuse a per-process cache
with DEBUG off), so a bump made by one gunicorn worker or a cron job is seen by every worker on
its next request. It is stored without an expiry; if it is lost anyway (Redis restarted, or
evicted under memory pressure), it restarts from the clock rather than from 1, so it can never
fall back to a number whose pages are still cached.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "exodus:public-generation"


def _fresh_generation() -> int:
    # Microseconds since the epoch: larger than any number reached before, since a generation goes
    # up by one per publication and there are far fewer publications than microseconds.
    return time.time_ns() // 1000


def public_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    if generation is None:
        # The cache lost the key again at once, or stores nothing (the dummy cache in development):
        # a number nobody has used keeps every page key unique.
        generation = _fresh_generation()
    return generation


def purge_public_cache() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
