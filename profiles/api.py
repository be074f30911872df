"""The partner API (/api/v1/): read-only views over the public index.

Every queryset here starts from PublicProfile, PublicSource, PublicExcerpt or ChangeEvent, which
only `profiles.publishing` writes, so a draft, a pending edit, a private note or a withheld place
cannot be served whatever a filter or an ordering asks. Lists cost a fixed number of queries at
any page size (tests/api/test_query_counts.py).
"""

import datetime
from types import SimpleNamespace

from django.db.models import Count, Prefetch
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import cached_property
from django_countries import countries
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from profiles import export
from profiles.filters import ExcerptFilter, ProfileFilter, ProfileMatchFilter, SourceFilter
from profiles.models import (
    Category,
    ChangeEvent,
    Profile,
    ProfileVersion,
    PublicCitation,
    PublicExcerpt,
    PublicPlace,
    PublicProfile,
    PublicSource,
)
from profiles.partners import HasPartnerKey, NotModified, cache_headers, validators_for
from profiles.serializers import (
    ChangeSerializer,
    ExcerptSerializer,
    FacetsSerializer,
    ProfileDetailSerializer,
    ProfileSummarySerializer,
    PublicSourceDetailSerializer,
    PublicSourceSerializer,
    VersionSerializer,
)

# Schema ----------------------------------------------------------------------------------------


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "profiles.partners.ApiKeyAuthentication"
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "A partner key, issued by the Exodus team. `Authorization: Api-Key <key>` works too. "
            "Optional except for the export; it raises your rate limit.",
        }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence a person can act on.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400s: each invalid parameter with its messages.",
    )


ERROR_DESCRIPTIONS = {
    "400": "A parameter is unknown or invalid (a filter value, a date, a cursor, a page, an ordering).",
    "401": "The API key is invalid or revoked, or this endpoint needs one.",
    "404": "Nothing published has this address (or the page is past the last one).",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}


class ApiSchema(AutoSchema):
    """Documents the error responses every operation can give, in one place, and lets a view that
    filters but answers with one object (the facets) say so with `answers_one_object`."""

    def _is_list_view(self, serializer=None) -> bool:
        if getattr(self.view, "answers_one_object", False):
            return False
        return super()._is_list_view(serializer)

    def get_filter_backends(self):
        if getattr(self.view, "answers_one_object", False):
            return self.view.filter_backends
        return super().get_filter_backends()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "429"]  # every endpoint refuses unknown parameters, bad keys, floods
        if "{" in self.path or getattr(self.view, "pagination_class", None) is ProfilePagination:
            codes.append("404")  # an unknown id or slug, or a page past the last one
        for code in getattr(self.view, "error_codes", codes):
            responses.setdefault(
                code,
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code, direction=direction
                ),
            )
        responses.setdefault("304", {"description": "Not modified since the ETag or time you sent."})
        return dict(sorted(responses.items()))


# Pagination ------------------------------------------------------------------------------------

# Ids are 64-bit: a longer number is no id (and would overflow the database driver), so it is a 404.
ID_PATTERN = r"[0-9]{1,18}"
MAX_ID = 2**63 - 1


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


class ProfilePagination(PageNumberPagination):
    """Numbered pages over a stable order (the last sort key is the id, so ties never reshuffle).

    Lists are for browsing and searching; to keep a copy in sync use the changes feed, whose
    cursor does not shift when profiles are published or withdrawn between two requests.
    """

    page_size = 25
    max_page_size = 100
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = _positive_int(request, "page_size", self.page_size, self.max_page_size)
        number = _positive_int(request, "page", 1, 1_000_000)
        paginator = self.django_paginator_class(queryset, page_size)
        if number > 1 and number > paginator.num_pages:
            raise exceptions.NotFound(f"Page {number} does not exist: the last page is {paginator.num_pages}.")
        self.page = paginator.page(number)
        return list(self.page)

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
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, "since", cursor)
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


# Views -----------------------------------------------------------------------------------------


class PublicApiMixin:
    """Shared behaviour of the read-only endpoints.

    - Unknown query parameters are a 400, so a typo (?categroy=) is not silently ignored.
    - ETag and Last-Modified come from the public change log (no work per request), and a
      conditional GET that matches is answered 304 before any query for the data.
    """

    private_cache = False

    @cached_property
    def allowed_parameters(self) -> set[str]:
        allowed = set()
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        pagination_class = getattr(self, "pagination_class", None)
        if getattr(self, "action", None) in (None, "list") and pagination_class is not None:
            allowed |= {p["name"] for p in pagination_class().get_schema_operation_parameters(self)}
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_parameters)
        if unknown:
            known = ", ".join(sorted(self.allowed_parameters)) or "none"
            raise exceptions.ValidationError(
                {name: [f"Unknown parameter. This endpoint accepts: {known}."] for name in unknown}
            )
        self.etag, self.last_modified = validators_for(request)
        if request.method in ("GET", "HEAD"):
            timestamp = int(self.last_modified.timestamp()) if self.last_modified else None
            conditional = get_conditional_response(request._request, etag=self.etag, last_modified=timestamp)
            if conditional is not None and conditional.status_code == 304:
                raise NotModified()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 304) and getattr(self, "etag", None):
            cache_headers(response, etag=self.etag, last_modified=self.last_modified, private=self.private_cache)
        return response


@extend_schema_view(
    list=extend_schema(
        summary="List published profiles",
        description="Published profiles, filtered and ordered. Numbered pages; for syncing use /api/v1/changes/.",
    ),
    retrieve=extend_schema(
        summary="A published profile",
        description="Everything the live version publishes: timeline with dates at their precision, places at "
        "their allowed precision, citations with excerpt text and source metadata, portrait renditions.",
    ),
)
class ProfileViewSet(PublicApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = ProfileFilter
    pagination_class = ProfilePagination

    def get_queryset(self):
        # The working copy is private and large: never loaded. The search document is only
        # needed in WHERE clauses, which read the column in the database, not in Python.
        return PublicProfile.objects.select_related("version").defer("version__working_copy", "search_document")

    def get_serializer_class(self):
        if self.action in ("retrieve", "version"):
            return ProfileDetailSerializer
        if self.action == "versions":
            return VersionSerializer
        return ProfileSummarySerializer

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _public_versions(self, public: PublicProfile):
        # History of live profiles only: a withdrawn profile's versions are not public.
        return ProfileVersion.objects.public().filter(profile_id=public.profile_id)

    @extend_schema(
        summary="Published versions of a profile",
        description="Every version published, oldest first, with its change note; corrections are marked.",
        operation_id="profiles_versions_list",
        responses=VersionSerializer(many=True),
    )
    @action(detail=True, pagination_class=None, filterset_class=None)
    def versions(self, request, slug=None):
        public = self.get_object()
        versions = (
            self._public_versions(public)
            .only("number", "published_at", "change_note", "is_correction")
            .order_by("number")
        )
        return Response(VersionSerializer(versions, many=True).data)

    @extend_schema(
        summary="One published version of a profile",
        description="The profile as that version published it (redactions for safety apply to old versions too).",
        parameters=[OpenApiParameter("number", int, OpenApiParameter.PATH, description="Version number, from 1.")],
        operation_id="profiles_version_retrieve",
        responses=ProfileDetailSerializer,
    )
    @action(detail=True, url_path=r"versions/(?P<number>[0-9]{1,9})", pagination_class=None, filterset_class=None)
    def version(self, request, slug=None, number=None):
        public = self.get_object()
        version = self._public_versions(public).defer("working_copy").filter(number=int(number)).first()
        if version is None:
            raise exceptions.NotFound(f"Version {number} of this profile was never published.")
        snapshot = version.snapshot
        as_published = SimpleNamespace(
            profile_id=public.profile_id,
            slug=public.slug,
            kind=snapshot["kind"],
            display_name=snapshot["display_name"],
            native_name=snapshot["native_name"],
            description=snapshot["description"],
            wave=snapshot["wave"],
            version=version,
            first_published_at=public.first_published_at,
            published_at=version.published_at,
        )
        return Response(ProfileDetailSerializer(as_published).data)


@extend_schema_view(
    list=extend_schema(summary="List cited sources", description="Sources cited by published profiles."),
    retrieve=extend_schema(summary="A cited source", description="A source with its cited excerpts."),
)
class SourceViewSet(PublicApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "source_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_PATTERN
    filterset_class = SourceFilter
    pagination_class = ProfilePagination

    def get_queryset(self):
        queryset = PublicSource.objects.annotate(excerpt_count=Count("excerpts")).order_by("-year", "title", "pk")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(Prefetch("excerpts", queryset=PublicExcerpt.objects.order_by("pk")))
        return queryset

    def get_serializer_class(self):
        return PublicSourceDetailSerializer if self.action == "retrieve" else PublicSourceSerializer

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


EXCERPT_COLUMNS = (
    "excerpt_id",
    "text",
    "translation",
    "language",
    "location_hint",
    "speaker_id",
    "speaker__slug",
    "source_id",
    *(f"source__{name}" for name in ("source_id", "title", "outlet", "authors", "url", "archived_url")),
    *(f"source__{name}" for name in ("published_on", "year", "language", "kind", "link_withheld")),
)


@extend_schema_view(
    list=extend_schema(summary="List cited excerpts", description="Excerpts cited by published profiles."),
    retrieve=extend_schema(summary="A cited excerpt"),
)
class ExcerptViewSet(PublicApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "excerpt_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_PATTERN
    filterset_class = ExcerptFilter
    pagination_class = ProfilePagination
    serializer_class = ExcerptSerializer

    def get_queryset(self):
        citing = PublicCitation.objects.select_related("public_profile").only(
            "excerpt_id", "public_profile_id", "public_profile__slug"
        )
        return (
            PublicExcerpt.objects.select_related("source")
            .select_related("speaker")
            .only(*EXCERPT_COLUMNS)
            .prefetch_related(Prefetch("citations", queryset=citing))
            .order_by("pk")
        )

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


@extend_schema_view(
    list=extend_schema(
        summary="The sync feed: publications and withdrawals",
        description="Every publication, in-place update (redaction) and withdrawal, oldest first. Keep the "
        "`cursor` of the last change you applied and ask for ?since=<cursor>: for 'published' and 'updated' "
        "fetch `api_url` and store the profile by its `profile_id`; for 'withdrawn' delete it. Entries carry "
        "no content, only what to fetch or delete.",
    )
)
class ChangeViewSet(PublicApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ChangeSerializer
    pagination_class = ChangeFeedPagination

    def get_queryset(self):
        return ChangeEvent.objects.select_related("version").only(
            "pk", "profile_id", "slug", "action", "at", "version_id", "version__number"
        )


@extend_schema_view(
    list=extend_schema(
        summary="Counts for building filters",
        description="How many published profiles have each category, current country, timeline country, wave "
        "and kind. Takes the profile filters, so the counts follow the current selection.",
        responses=FacetsSerializer,
    )
)
class FacetsViewSet(PublicApiMixin, viewsets.GenericViewSet):
    filterset_class = ProfileMatchFilter
    pagination_class = None
    answers_one_object = True
    error_codes = ("400", "401", "429")

    def get_queryset(self):
        return PublicProfile.objects.all()

    def list(self, request):
        matching = self.filter_queryset(self.get_queryset()).order_by()
        ids = matching.values("pk")
        by_category = (
            Category.objects.filter(public_profiles__in=ids)
            .values("slug", "name")
            .annotate(count=Count("public_profiles"))
            .order_by("-count", "name")
        )
        by_country = (
            PublicProfile.objects.filter(pk__in=ids)
            .exclude(current_country="")
            .values("current_country")
            .annotate(count=Count("pk"))
            .order_by()
        )
        by_timeline = (
            PublicPlace.objects.filter(public_profile__in=ids)
            .exclude(country="")
            .values("country")
            .annotate(count=Count("public_profile", distinct=True))
            .order_by()
        )
        by_wave = PublicProfile.objects.filter(pk__in=ids).values("wave").annotate(count=Count("pk")).order_by()
        by_kind = PublicProfile.objects.filter(pk__in=ids).values("kind").annotate(count=Count("pk")).order_by()
        waves, kinds = dict(Profile.Wave.choices), dict(Profile.Kind.choices)

        def countries_of(rows, field):
            values = [{"value": r[field], "label": countries.name(r[field]), "count": r["count"]} for r in rows]
            return sorted(values, key=lambda v: (-v["count"], v["label"]))

        data = {
            "total": PublicProfile.objects.filter(pk__in=ids).count(),
            "categories": [{"value": r["slug"], "label": r["name"], "count": r["count"]} for r in by_category],
            "countries": countries_of(by_country, "current_country"),
            "timeline_countries": countries_of(by_timeline, "country"),
            "waves": sorted(
                ({"value": r["wave"], "label": waves.get(r["wave"], r["wave"]), "count": r["count"]} for r in by_wave),
                key=lambda v: (-v["count"], v["value"]),
            ),
            "kinds": sorted(
                ({"value": r["kind"], "label": kinds.get(r["kind"], r["kind"]), "count": r["count"]} for r in by_kind),
                key=lambda v: (-v["count"], v["value"]),
            ),
        }
        return Response(FacetsSerializer(data).data)


class PassthroughRenderer(renderers.BaseRenderer):
    """Lets a client ask for the export's own media type; the body is streamed by the view."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


class JSONLinesRenderer(PassthroughRenderer):
    media_type = "application/x-ndjson"
    format = "jsonl"


class CSVRenderer(PassthroughRenderer):
    media_type = "text/csv"
    format = "csv"


class ExportView(PublicApiMixin, APIView):
    """The whole published corpus in one streamed file, for partners with a key."""

    permission_classes = [HasPartnerKey]
    private_cache = True
    file_format = "jsonl"
    error_codes = ("400", "401", "429")

    def permission_denied(self, request, message=None, code=None):
        raise exceptions.NotAuthenticated(HasPartnerKey.message)

    def get_renderers(self):
        extra = JSONLinesRenderer() if self.file_format == "jsonl" else CSVRenderer()
        return [renderers.JSONRenderer(), extra]

    def get(self, request):
        media_type = export.MEDIA_TYPES[self.file_format]
        lines = export.jsonl_lines() if self.file_format == "jsonl" else export.csv_lines()
        response = StreamingHttpResponse(lines, content_type=media_type)
        response["Content-Disposition"] = f'attachment; filename="exodus-profiles.{self.file_format}"'
        return response


def _export_schema(file_format: str, media_type: str):
    return extend_schema(
        summary=f"Bulk export ({file_format})",
        description=(
            "Every published profile, from its live version, streamed. Needs a partner key. "
            + (
                "One JSON object per line, the same shape as /api/v1/profiles/{slug}/."
                if file_format == "jsonl"
                else "One row per profile with the summary fields; lists are joined with '; '."
            )
        ),
        responses={(200, media_type): OpenApiResponse(OpenApiTypes.STR, description="The export file.")},
        auth=[{"PartnerKey": []}],
    )


@extend_schema_view(get=_export_schema("jsonl", "application/x-ndjson"))
class ExportJSONLinesView(ExportView):
    file_format = "jsonl"


@extend_schema_view(get=_export_schema("csv", "text/csv"))
class ExportCSVView(ExportView):
    file_format = "csv"
