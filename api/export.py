"""Bulk export of the published corpus: JSON Lines (the API's profile payload, one per line) and
CSV (summary columns), streamed from the lines stored when each live version was published
(api/stored.py), through the public index only, like the API."""

from collections.abc import Iterator
from pathlib import Path

from api.stored import CSV_COLUMNS, csv_line, render_payloads
from profiles.models import PublicProfile

__all__ = ["CSV_COLUMNS", "csv_lines", "jsonl_lines", "write_export"]

MEDIA_TYPES = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8"}
CHUNK = 200


def stored_lines(column: str) -> Iterator[str]:
    """Every live profile's stored `column` (api_detail or csv_row), in id order, streamed from a
    server-side cursor: memory stays flat whatever the corpus size. A profile not baked yet is
    rendered here as publishing would have."""
    from django.db.models import Case, When

    from profiles.workflow.baking import build_id

    current = Case(When(baked__build=build_id(), then=f"baked__{column}"), default=None)
    rows = PublicProfile.objects.order_by("pk").values_list("pk", current).iterator(chunk_size=CHUNK)
    for pk, stored in rows:
        if stored is None:
            public = PublicProfile.objects.select_related("version").defer("version__working_copy").get(pk=pk)
            stored = render_payloads([public])[pk][column]
        yield stored


def jsonl_lines() -> Iterator[str]:
    for line in stored_lines("api_detail"):
        yield line + "\n"


def csv_lines() -> Iterator[str]:
    yield csv_line(CSV_COLUMNS)
    yield from stored_lines("csv_row")


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
