"""Bulk export of the published corpus: JSON Lines (the API's profile payload, one per line) and
CSV (summary columns). Reads live versions through the public index only, like the API."""

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from api.serializers import ProfileDetailSerializer
from profiles.models import PublicProfile, PublicRelation

MEDIA_TYPES = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8"}
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
CHUNK = 200


def published_profiles():
    """Live versions in a stable order, streamed from the database in chunks."""
    return (
        PublicProfile.objects.select_related("version")
        .defer("version__working_copy", "search_document")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )


def profile_payload(public: PublicProfile, related_rows=None) -> dict:
    context = {} if related_rows is None else {"related_rows": related_rows}
    return ProfileDetailSerializer(public, context=context).data


def payloads() -> Iterator[dict]:
    """Every live profile's payload, with the relations of each chunk read in one query."""
    chunk: list[PublicProfile] = []
    for public in published_profiles():
        chunk.append(public)
        if len(chunk) == CHUNK:
            yield from _chunk_payloads(chunk)
            chunk = []
    yield from _chunk_payloads(chunk)


def _chunk_payloads(chunk: list[PublicProfile]) -> Iterator[dict]:
    if not chunk:
        return
    rows = list(PublicRelation.objects.shown_for([public.profile_id for public in chunk]))
    for public in chunk:
        yield profile_payload(public, rows)


def jsonl_lines() -> Iterator[str]:
    for payload in payloads():
        yield json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"


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


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def csv_lines() -> Iterator[str]:
    yield _csv_line(CSV_COLUMNS)
    for payload in payloads():
        yield _csv_line(csv_row(payload))


def write_export(*, directory: Path, formats: tuple[str, ...] = ("jsonl", "csv")) -> dict[str, Path]:
    """Write exodus-profiles.<format> files into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for file_format in formats:
        path = directory / f"exodus-profiles.{file_format}"
        lines = jsonl_lines() if file_format == "jsonl" else csv_lines()
        # Write to a temporary name and rename, so a reader never sees half a file.
        partial = path.with_suffix(path.suffix + ".partial")
        with partial.open("w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)
        partial.replace(path)
        written[file_format] = path
    return written
