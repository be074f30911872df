"""The public page cache: one copy of each page per URL and per public generation."""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.views.decorators.http import require_safe

from profiles.workflow.cache import public_generation

# Only these responses are cached: a 404 is cheap, and a cached 404 would outlive nothing useful.
CACHEABLE_STATUS = {200, 301, 410}


def public_page(view=None, *, params: tuple[str, ...] = ()):
    """Cache a public page per URL and per public generation.

    Publishing or withdrawing bumps the generation (profiles.workflow.cache), so every cached page is
    stale the moment the change commits: a reader never gets a withdrawn profile from the cache.
    Pages do not vary by user (readers never log in here), so one copy serves everyone.

    `params` names the query parameters the page reads. The cache key is the path plus those
    parameters in a fixed order, and the view sees only those, so `?x=<random>` cannot fill the
    cache with copies of one page, and the key always covers everything the page was built from.
    Use as `@public_page` (no parameters) or `@public_page(params=("q", "page"))`.
    """
    if view is None:
        return functools.partial(public_page, params=params)
    names = tuple(sorted(set(params)))

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.GET = declared_query(request.GET, names)
        query = request.GET.urlencode()
        path_hash = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
        key = f"exodus:page:{public_generation()}:{path_hash}"
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code in CACHEABLE_STATUS and not response.streaming:
            headers = {name: response[name] for name in ("Content-Type", "Location") if response.has_header(name)}
            cache.set(key, (response.status_code, headers, response.content), settings.PUBLIC_CACHE_SECONDS)
        return response

    return require_safe(wrapped)


def declared_query(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    """Only the named parameters, in the order given; each keeps its values in their own order."""
    return QueryDict(urlencode([(name, value) for name in names for value in query.getlist(name)]))
