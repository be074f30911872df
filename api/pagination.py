"""Pagination: pages of a list, and the change feed's keyset (since, cursor, has_more)."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.parameters import parameter_errors
from public.links import absolute_url
from public.pagination import OnePagePaginator

# Ids are 64-bit: a longer number is no id (and would overflow the database driver), so it is a 404.
ID_PATTERN = r"[0-9]{1,18}"
MAX_ID = 2**63 - 1


def this_url(request) -> str:
    """The request's own URL on SITE_URL, the base of every link in a payload (public.links): so
    `next` and `api_url` agree whatever Host header or scheme a proxy passed on."""
    return absolute_url(request.get_full_path())


def _positive_int(request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        raise exceptions.ValidationError({name: [f"Must be a whole number from 1 to {maximum}, got {raw!r}."]})
    return value


class PagePagination(PageNumberPagination):
    """Numbered pages of profiles, sources or excerpts, over a stable order (the last sort key is the
    id, so ties never reshuffle).

    Lists are for browsing and searching; to keep a copy in sync use the changes feed, whose
    cursor does not shift when profiles are published or withdrawn between two requests.
    """

    page_size = 25
    max_page_size = 100
    page_size_query_param = "page_size"
    # No COUNT(*) when the first page holds every result (public/pagination.py).
    django_paginator_class = OnePagePaginator

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = _positive_int(request, "page_size", self.page_size, self.max_page_size)
        number = _positive_int(request, "page", 1, 1_000_000)
        paginator = self.django_paginator_class(queryset, page_size)
        if number > 1 and number > paginator.num_pages:
            raise exceptions.NotFound(f"Page {number} does not exist: the last page is {paginator.num_pages}.")
        self.page = paginator.page(number)
        return list(self.page)

    def parameter_errors(self, request) -> dict[str, list]:
        return parameter_errors(
            lambda: _positive_int(request, "page_size", self.page_size, self.max_page_size),
            lambda: _positive_int(request, "page", 1, 1_000_000),
        )

    def get_next_link(self):
        if not self.page.has_next():
            return None
        return replace_query_param(this_url(self.request), self.page_query_param, self.page.next_page_number())

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        number = self.page.previous_page_number()
        if number == 1:
            return remove_query_param(this_url(self.request), self.page_query_param)
        return replace_query_param(this_url(self.request), self.page_query_param, number)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "How many results match, on all pages.",
            "next": "URL of the next page; null on the last.",
            "previous": "URL of the previous page; null on the first.",
            "results": "This page of results.",
        }
        for name, description in descriptions.items():
            response["properties"][name]["description"] = description
        response["required"] = ["count", "next", "previous", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Results per page (default {self.page_size}, at most {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class ChangeFeedPagination(BasePagination):
    """A keyset over ChangeEvent ids: ?since=<cursor> returns the changes after it, oldest first.

    The cursor is the id of the last change a partner applied, so it stays valid whatever is
    published or withdrawn meanwhile; nothing is skipped or repeated.
    """

    default_limit = 100
    max_limit = 1000

    def parse_since(self, request) -> tuple[int, datetime.datetime | None]:
        raw = request.query_params.get("since", "").strip()
        if not raw:
            return 0, None
        if raw.isdigit() and int(raw) <= MAX_ID:
            return int(raw), None
        try:
            # parse_* return None for a wrong shape and raise ValueError for a wrong value (month 13).
            moment = parse_datetime(raw)
            if moment is None and len(raw) == 10:
                day = parse_date(raw)
                moment = datetime.datetime.combine(day, datetime.time.min) if day else None
        except ValueError:
            moment = None
        if moment is None:
            raise exceptions.ValidationError(
                {
                    "since": [
                        f"Give a cursor from an earlier response (a whole number) or an ISO 8601 time, got {raw!r}."
                    ]
                }
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        try:
            # PostgreSQL refuses UTC offsets beyond ±15:59 that ISO 8601 allows; UTC is the same instant.
            moment = moment.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise exceptions.ValidationError({"since": [f"{raw!r} is out of the supported date range."]}) from exc
        return 0, moment

    def parameter_errors(self, request) -> dict[str, list]:
        return parameter_errors(
            lambda: _positive_int(request, "limit", self.default_limit, self.max_limit),
            lambda: self.parse_since(request),
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = _positive_int(request, "limit", self.default_limit, self.max_limit)
        self.since, moment = self.parse_since(request)
        queryset = queryset.filter(pk__gt=self.since).order_by("pk")
        if moment is not None:
            queryset = queryset.filter(at__gte=moment)
        rows = list(queryset[: self.limit + 1])
        self.has_more = len(rows) > self.limit
        self.rows = rows[: self.limit]
        return self.rows

    def get_paginated_response(self, data):
        cursor = self.rows[-1].pk if self.rows else self.since
        url = replace_query_param(this_url(self.request), "since", cursor)
        return Response({"cursor": cursor, "has_more": self.has_more, "next": url, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["cursor", "has_more", "next", "results"],
            "properties": {
                "cursor": {
                    "type": "integer",
                    "description": "Store it; send it as ?since= next time. Unchanged when there was nothing new.",
                },
                "has_more": {"type": "boolean", "description": "More changes wait: fetch `next` straight away."},
                "next": {"type": "string", "format": "uri", "description": "The URL to fetch next."},
                "results": {**schema, "description": "The changes, oldest first."},
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "since",
                "required": False,
                "in": "query",
                "description": "The cursor of the last change you applied (from `cursor`), or an ISO 8601 time to "
                "start from. Omit it to read from the beginning.",
                "schema": {
                    "type": "string",
                    "pattern": r"^(\d+|\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)$",
                },
            },
            {
                "name": "limit",
                "required": False,
                "in": "query",
                "description": f"Changes per response (default {self.default_limit}, at most {self.max_limit}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            },
        ]
