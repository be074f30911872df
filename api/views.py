"""The partner API (/api/v1/): read-only views over the public index.

Every queryset here starts from PublicProfile, PublicSource, PublicExcerpt or ChangeEvent, which
only `profiles.workflow` writes, so a draft, a pending edit, a private note or a withheld place
cannot be served whatever a filter or an ordering asks. Lists cost a fixed number of queries at
any page size (tests/api/test_query_counts.py).
"""

from django.db.models import Count, Prefetch
from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, mixins, renderers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api import export, stored
from api.authentication import HasPartnerKey
from api.conditional import NotModified, cache_headers, validators_for
from api.pagination import ID_PATTERN, ChangeFeedPagination, PagePagination
from api.parameters import CheckedParameters, parameter_errors
from api.serializers import (
    ChangeSerializer,
    ExcerptSerializer,
    FacetsSerializer,
    ProfileDetailSerializer,
    ProfileSummarySerializer,
    PublicSourceDetailSerializer,
    PublicSourceSerializer,
    VersionSerializer,
)
from profiles.models import (
    ChangeEvent,
    ProfileVersion,
    PublicCitation,
    PublicExcerpt,
    PublicProfile,
    PublicSource,
)
from public.filters import (
    ExcerptFilter,
    PublicProfileFilter,
    PublicProfileListFilter,
    SourceFilter,
    profile_facets,
)


class PublicApiMixin(CheckedParameters):
    """Shared behaviour of the read-only endpoints.

    - Unknown query parameters are a 400, so a typo (?categroy=) is not silently ignored.
    - ETag and Last-Modified come from the public change log (no work per request), and a
      conditional GET that matches is answered 304 before any query for the data.
    """

    private_cache = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        errors = self.parameter_errors(request)
        if errors:
            raise exceptions.ValidationError(errors)
        self.etag, self.last_modified = validators_for(request)
        if request.method in ("GET", "HEAD"):
            timestamp = int(self.last_modified.timestamp()) if self.last_modified else None
            conditional = get_conditional_response(request._request, etag=self.etag, last_modified=timestamp)
            if conditional is not None and conditional.status_code == 304:
                raise NotModified()

    def filter_queryset(self, queryset):
        # Filters narrow lists. An object fetched by its address (a slug, an id, a version) is never
        # filtered, so a filter parameter cannot turn it into a 404.
        if getattr(self, "action", None) != "list":
            return queryset
        return super().filter_queryset(queryset)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 304) and getattr(self, "etag", None):
            cache_headers(response, etag=self.etag, last_modified=self.last_modified, private=self.private_cache)
        return response


class ListAndDetailViewSet(PublicApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    # A list in numbered pages, and one item by its address. (Comments, not docstrings: a view's
    # docstring is the schema's description of any operation that gives none.)
    pagination_class = PagePagination


class ListAndDetailByIdViewSet(ListAndDetailViewSet):
    # Items addressed by their id, the same id as in profile payloads: /<resource>/<id>/.
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_PATTERN


@extend_schema_view(
    list=extend_schema(
        summary="List published profiles",
        description="Published profiles, filtered and ordered. Numbered pages; for syncing use /api/v1/changes/. "
        "With expand=timeline each result is the whole profile, as /api/v1/profiles/{slug}/ gives it.",
        parameters=[
            OpenApiParameter(
                "expand",
                str,
                enum=["timeline"],
                description="timeline: each result is the whole profile (biography, timeline with citations, "
                "quotes, sources), the same payload as the profile's own URL.",
            )
        ],
    ),
    retrieve=extend_schema(
        summary="A published profile",
        description="Everything the live version publishes: timeline with dates at their precision, places at "
        "their allowed precision, citations with excerpt text and source metadata, portrait renditions.",
    ),
)
class ProfileViewSet(ListAndDetailViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = PublicProfileListFilter
    extra_parameters = ("expand",)

    def get_queryset(self):
        # The working copy is private and large: never loaded. The search document is only
        # needed in WHERE clauses, which read the column in the database, not in Python.
        return PublicProfile.objects.select_related("version").defer("version__working_copy", "search_document")

    def get_serializer_class(self):
        if self.action in ("retrieve", "by_id", "version"):
            return ProfileDetailSerializer
        if self.action == "versions":
            return VersionSerializer
        return ProfileSummarySerializer

    def value_errors(self, request) -> dict[str, list]:
        return parameter_errors(lambda: stored.expansion(request)) if self.action == "list" else {}

    def list(self, request, *args, **kwargs):
        return stored.list_response(self, request)  # rows rendered at publish (api/stored.py)

    def retrieve(self, request, *args, **kwargs):
        return stored.detail_response(slug=kwargs["slug"]) or super().retrieve(request, *args, **kwargs)

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
        return Response(ProfileDetailSerializer(public, version=version).data)

    @extend_schema(
        summary="A published profile, by its id",
        description="The same as /api/v1/profiles/{slug}/, addressed by the profile's stable id: a slug can change "
        "with a rename, the id never does. The changes feed links here; a mirror keyed on id fetches this.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The profile's `id`.")],
        operation_id="profiles_by_id_retrieve",
        responses=ProfileDetailSerializer,
    )
    @action(detail=False, url_path=rf"by-id/(?P<id>{ID_PATTERN})", url_name="by-id", filterset_class=None)
    def by_id(self, request, id=None):
        stored_payload = stored.detail_response(profile_id=int(id))
        if stored_payload is not None:
            return stored_payload
        public = generics.get_object_or_404(self.get_queryset(), profile_id=int(id))
        return Response(self.get_serializer(public).data)


@extend_schema_view(
    list=extend_schema(summary="List cited sources", description="Sources cited by published profiles."),
    retrieve=extend_schema(summary="A cited source", description="A source with its cited excerpts."),
)
class SourceViewSet(ListAndDetailByIdViewSet):
    lookup_field = "source_id"
    filterset_class = SourceFilter

    def get_queryset(self):
        queryset = PublicSource.objects.annotate(excerpt_count=Count("excerpts")).order_by("-year", "title", "pk")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(Prefetch("excerpts", queryset=PublicExcerpt.objects.order_by("pk")))
        return queryset

    def get_serializer_class(self):
        return PublicSourceDetailSerializer if self.action == "retrieve" else PublicSourceSerializer


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
    *(f"source__{name}" for name in ("published", "published_precision", "written_after", "title_is_descriptive")),
)


@extend_schema_view(
    list=extend_schema(summary="List cited excerpts", description="Excerpts cited by published profiles."),
    retrieve=extend_schema(
        summary="A cited excerpt",
        description="An excerpt cited by published profiles, with its source and the profiles citing it.",
    ),
)
class ExcerptViewSet(ListAndDetailByIdViewSet):
    lookup_field = "excerpt_id"
    filterset_class = ExcerptFilter
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
        description="How many published profiles have each category, current country, timeline country, year "
        "of departure, wave and kind. Takes the profile filters, so the counts follow the current selection.",
        responses=FacetsSerializer,
        # One object, not a list (FacetsSerializer says so); the name partners' clients know it by.
        operation_id="facets_retrieve",
    )
)
class FacetsViewSet(PublicApiMixin, viewsets.GenericViewSet):
    filterset_class = PublicProfileFilter
    pagination_class = None

    def get_queryset(self):
        return PublicProfile.objects.all()

    def list(self, request):
        facets = profile_facets(self.filter_queryset(self.get_queryset()))
        data = {
            # Every profile is a person or a group: the kinds add up to all that match.
            "total": sum(value["count"] for value in facets["kind"]),
            "categories": facets["category"],
            "countries": facets["country"],
            "timeline_countries": facets["timeline_country"],
            "years": facets["year"],
            "waves": facets["wave"],
            "kinds": facets["kind"],
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
