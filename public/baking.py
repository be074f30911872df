"""The reader site's part of render-once-at-publish: serving a stored profile page (one query, no
template), and the request a page is rendered for. What renders the pages at publish is
`public/bakers.py`."""

from django.http import HttpRequest, HttpResponse
from django.urls import resolve

from profiles.models import BakedProfile

CONTENT_TYPE = "text/html; charset=utf-8"


def page_request(path: str) -> HttpRequest:
    """The request a page is rendered for: the page's own address and nothing from a reader
    (public pages do not vary by reader), so the page is the same whoever asked first."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {"SERVER_NAME": "exodus", "SERVER_PORT": "443"}
    request.resolver_match = resolve(path)
    return request


def page_response(content: str) -> HttpResponse:
    return HttpResponse(content, content_type=CONTENT_TYPE)


def stored_page(slug: str) -> HttpResponse | None:
    from profiles.workflow.baking import build_id

    rows = BakedProfile.objects.filter(slug=slug, build=build_id())
    row = rows.values_list("page", "page_etag", "baked_at").first()
    if row is None:
        return None
    page, etag, baked_at = row
    response = page_response(page)
    response["ETag"] = etag
    response.last_modified_at = baked_at
    return response
