"""One generation number for all cached public pages and API responses.

Publishing or withdrawing bumps it, which makes every cached public response stale at once:
a reader never sees a withdrawn profile from the cache.
"""

from django.core.cache import cache

GENERATION_KEY = "exodus:public-generation"


def public_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def purge_public_cache() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
