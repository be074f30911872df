"""The public page cache (one copy of each page per URL, valid for one public generation) and the
HTTP validators of public pages (ETag, Last-Modified, 304, Cache-Control)."""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from profiles.workflow.cache import GENERATION_KEY, public_generation

# Only these responses are cached: a 404 is cheap, and a cached 404 would outlive nothing useful.
CACHEABLE_STATUS = {200, 301, 410}
# Browsers, proxies and CDNs may keep a copy but must ask again each time (a cheap 304 while the
# ETag matches): a withdrawal or a redaction then reaches them on their very next request.
CACHE_CONTROL = "public, no-cache"


def public_page(view=None, *, params: tuple[str, ...] = ()):
    """Cache a public page per URL and per public generation, and answer conditional requests.

    Publishing or withdrawing bumps the generation (profiles.workflow.cache), so every cached page is
    stale the moment the change commits: a reader never gets a withdrawn profile from the cache.
    Pages do not vary by user (readers never log in here), so one copy serves everyone. A cached
    page is stored with the generation it was built for, and one Redis round trip (MGET of the
    generation and the page) answers a hit.

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
        key = "exodus:page:" + hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or public_generation()
        cached = found.get(key)
        if cached is not None and cached[0] == generation:
            _generation, status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if response.status_code in CACHEABLE_STATUS and not response.streaming:
                add_validators(response)
                kept = ("Content-Type", "Location", "ETag", "Last-Modified")
                headers = {name: response[name] for name in kept if response.has_header(name)}
                cache.set(
                    key, (generation, response.status_code, headers, response.content), settings.PUBLIC_CACHE_SECONDS
                )
        if response.status_code in CACHEABLE_STATUS:
            response["Cache-Control"] = CACHE_CONTROL
            if response.status_code == 200:
                conditional = not_modified(request, response)
                if conditional is not None:
                    return conditional
        return response

    return require_safe(wrapped)


def add_validators(response: HttpResponse) -> None:
    """A strong ETag of the bytes (a stored page brings its own) and the time they were made."""
    if response.status_code != 200:
        return
    if not response.has_header("ETag"):
        response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    made = getattr(response, "last_modified_at", None) or timezone.now()
    response["Last-Modified"] = http_date(made.timestamp())


def not_modified(request, response: HttpResponse) -> HttpResponse | None:
    """304 when the browser's validators match (Django's rules: If-None-Match wins)."""
    if not response.has_header("ETag"):
        return None
    from django.utils.http import parse_http_date_safe

    last_modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
    conditional = get_conditional_response(request, etag=response["ETag"], last_modified=last_modified)
    if conditional is not None and conditional.status_code == 304:
        for name in ("ETag", "Last-Modified", "Cache-Control"):
            conditional[name] = response[name]
        return conditional
    return None


def declared_query(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    """Only the named parameters, in the order given; each keeps its values in their own order."""
    return QueryDict(urlencode([(name, value) for name in names for value in query.getlist(name)]))
