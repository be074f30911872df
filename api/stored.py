"""The API's part of render-once-at-publish: profile payloads and export lines, stored and served.

`render_payloads` (registered with `profiles.workflow.baking` in ApiConfig.ready) renders each live
profile's detail payload, its list row and its CSV line with the serializers and renderer the
views use, so stored bytes are what the serializers give (tests/api/test_stored.py). The
profile endpoints and the export then join stored bytes instead of serializing: no snapshot
decoding, no serializer and no reverse() per row on the request path. A profile with nothing
stored (never baked yet) is serialized as before.
"""

import csv
import io

from django.conf import settings
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer

from profiles.models import BakedProfile, PublicProfile, PublicRelation

DEPENDS_ON = [
    settings.BASE_DIR / "api" / "serializers.py",
    settings.BASE_DIR / "api" / "export.py",
    settings.BASE_DIR / "api" / "stored.py",
    settings.BASE_DIR / "public" / "links.py",
]
CSV_COLUMNS = (
    "id",
    "slug",
    "url",
    "kind",
    "display_name",
    "native_name",
    "aliases",
    "description",
    "wave",
    "categories",
    "current_country",
    "current_place",
    "current_place_precision",
    "departure_date",
    "departure_precision",
    "version",
    "first_published_at",
    "updated_at",
    "timeline_entries",
    "sources",
)


def csv_row(data: dict) -> list:
    current = data["current_location"] or {}
    departure = data["departure"] or {}
    return [
        data["id"],
        data["slug"],
        data["url"],
        data["kind"],
        data["display_name"],
        data["native_name"],
        "; ".join(data["aliases"]),
        data["description"],
        data["wave"],
        "; ".join(c["slug"] for c in data["categories"]),
        current.get("country", ""),
        current.get("label", ""),
        current.get("precision", ""),
        departure.get("date", ""),
        departure.get("date_precision", ""),
        data["version"],
        data["first_published_at"],
        data["updated_at"],
        len(data["timeline"]),
        "; ".join(str(s["id"]) for s in data["sources"]),
    ]


def csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


CONTENT_TYPE = "application/json"
_renderer = JSONRenderer()


def render_json(data) -> str:
    return _renderer.render(data).decode()


def render_payloads(publics: list[PublicProfile]) -> dict[int, dict[str, str]]:
    """Each profile's detail payload, list row and CSV line, rendered by the serializers the views
    use (one code path: stored bytes are what the view would render), with the relations of the
    whole batch read in one query."""
    from api.serializers import ProfileDetailSerializer, ProfileSummarySerializer

    rows = list(PublicRelation.objects.shown_for([public.profile_id for public in publics]))
    rendered = {}
    for public in publics:
        detail = ProfileDetailSerializer(public, context={"related_rows": rows}).data
        rendered[public.pk] = {
            "api_detail": render_json(detail),
            "api_row": render_json({name: detail[name] for name in ProfileSummarySerializer.Meta.fields}),
            "csv_row": csv_line(csv_row(detail)),
        }
    return rendered


def detail_response(**lookup) -> HttpResponse | None:
    """The stored payload of a profile (`slug=` or `profile_id=`), or None when nothing is stored
    (one query)."""
    from profiles.workflow.baking import build_id

    if "profile_id" in lookup:
        lookup = {"public_profile__profile_id": lookup["profile_id"]}
    payload = BakedProfile.objects.filter(build=build_id(), **lookup).values_list("api_detail", flat=True).first()
    return None if payload is None else HttpResponse(payload, content_type=CONTENT_TYPE)


def expansion(request) -> str:
    """?expand=: nothing, or timeline (each row the whole profile); anything else is a 400."""
    from rest_framework.exceptions import ValidationError

    expand = request.query_params.get("expand", "")
    if expand not in ("", "timeline"):
        raise ValidationError({"expand": [f"The only expansion is timeline, got {expand!r}."]})
    return expand


def list_response(view, request) -> HttpResponse:
    """A page of /api/v1/profiles/ from stored rows (or, with ?expand=timeline, stored whole
    profiles): the page's rows and, unless they are all, the count; joined into the envelope the
    paginator would have rendered."""
    from api.serializers import ProfileDetailSerializer, ProfileSummarySerializer

    expand = expansion(request)
    column, serializer = ("api_detail", ProfileDetailSerializer) if expand else ("api_row", ProfileSummarySerializer)
    queryset = view.filter_queryset(view.get_queryset())
    from django.db.models import Case, When

    from profiles.workflow.baking import build_id

    # A row of another build (templates or settings changed, not baked again yet) is not served.
    current = Case(When(baked__build=build_id(), then=f"baked__{column}"), default=None)
    page = view.paginate_queryset(queryset.values_list("pk", current))
    missing = [pk for pk, row in page if row is None]
    if missing:  # not baked yet (a deploy before `manage.py bake`): serialize those as before
        objects = {p.pk: p for p in view.get_queryset().filter(pk__in=missing)}
        page = [(pk, row or render_json(serializer(objects[pk]).data)) for pk, row in page]
    envelope = render_json(view.get_paginated_response([]).data)
    assert envelope.endswith("[]}")
    body = envelope[:-2] + ",".join(row for _, row in page) + "]}"
    return HttpResponse(body, content_type=CONTENT_TYPE)
