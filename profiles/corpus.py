"""Load the seed corpus (corpus/*.toml) through the real workflow, so its history is real.

Idempotent: rows are matched by natural keys (outlet name, source title, excerpt text within its
source, profile slug, timeline entry by kind, date and text within its profile, figure label
within its dataset) and only missing ones are created. A profile that already exists belongs to
the editors: by default it is left alone. With `add_entries=True`, corpus timeline entries it
lacks are added to its working copy as an unreviewed edit (never published by the loader), so an
editor reviews them. That is opt-in because an entry an editor rewrote or redacted away would come
back. A bad file raises CorpusError naming the place, and nothing is written (the whole load is
one transaction).

Long: one file format read end to end, in the order a load runs (sources, excerpts, profiles,
timelines, relations, disputes, figures); its steps share the same validation and natural keys.
"""

import datetime
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from profiles.models import Category, Citation, Profile, Relation, RelationCitation, TimelineEntry
from profiles.models.timeline import entry_sort_key
from profiles.waves import resolved_wave, wave_problem
from profiles.workflow import publish_profile, record_edit, request_changes, submit_for_review
from profiles.workflow.figures import index_figures
from profiles.workflow.shared import approve
from sources.dates import DatePrecision, parse_iso_at, truncate
from sources.models import AggregateFigure, Excerpt, Outlet, Source

CORPUS_DIR = Path(settings.BASE_DIR) / "corpus"


class CorpusError(Exception):
    """The corpus files are inconsistent; the message says where."""


def _read(directory: Path, name: str) -> dict:
    try:
        return tomllib.loads((directory / name).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CorpusError(f"Missing corpus file {directory / name}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{name}: {exc}") from exc


def load_corpus(
    *, directory: Path = CORPUS_DIR, now: datetime.datetime | None = None, add_entries: bool = False
) -> dict[str, int]:
    """Load what is missing; returns how many rows of each kind were created."""
    now = now or timezone.now()
    created = dict.fromkeys(["sources", "excerpts", "profiles", "entries", "relations", "versions", "figures"], 0)
    with transaction.atomic():
        sources = _load_sources(directory, created)
        reports = report_dates(directory, sources)
        profile_data = _read(directory, "profiles.toml").get("profile", [])
        new_profiles = _create_profiles(profile_data, created, reports)
        excerpts = _load_excerpts(directory, sources, created)
        for profile, data in new_profiles:
            versions = {1} if _publishes(data) else ALL_VERSIONS
            created["entries"] += _add_timeline(profile, data, excerpts, reports, versions=versions)
            created["relations"] += _add_relations(profile, data, excerpts, versions=versions)
        if add_entries:
            new_slugs = {profile.slug for profile, _ in new_profiles}
            for data in profile_data:
                if data["slug"] not in new_slugs:
                    created["entries"] += _add_missing_entries(data, excerpts, reports)
        _load_figures(directory, excerpts, created)
        # Publish every first version, then the later updates, so the history reads in order.
        for i, (profile, data) in enumerate(new_profiles):
            _advance_workflow(profile, data, when=now - datetime.timedelta(days=2, minutes=len(new_profiles) - i))
            created["versions"] += profile.versions.count()
        for i, (profile, data) in enumerate(new_profiles):
            if _has_update(data):
                # The later article's facts arrive as an edit of the published profile, as in the
                # newsroom: the working copy changes, then the next version is published.
                created["entries"] += _add_timeline(profile, data, excerpts, reports, versions={2})
                created["relations"] += _add_relations(profile, data, excerpts, versions={2})
                _add_disputes(profile, data, excerpts, version=2)
                if profile.biography != data.get("biography", ""):
                    profile.biography = data.get("biography", "")
                    profile.save(update_fields=["biography", "updated_at"])
                record_edit(profile, actor=None)
                publish_profile(
                    profile,
                    actor=None,
                    change_note=data.get("update_note") or "Updated from a later source",
                    now=now - datetime.timedelta(days=1, minutes=len(new_profiles) - i),
                )
                created["versions"] += 1
        for profile, data in new_profiles:
            if _pending(data):
                created["entries"] += _add_timeline(profile, data, excerpts, reports, versions={PENDING})
                created["relations"] += _add_relations(profile, data, excerpts, versions={PENDING})
                _leave_pending(profile, data)
    return created


ALL_VERSIONS = {1, 2}
# Entries and relations marked `version = "pending"` are an edit of a published profile that
# nobody has published yet: the demo's workflow states, without holding verified facts back.
PENDING = "pending"
PENDING_STATES = {"draft", "in_review", "changes_requested"}


def _pending(data: dict) -> bool:
    items = [*data.get("timeline", []), *data.get("relation", [])]
    has_pending = any(item.get("version") == PENDING for item in items)
    if not (has_pending or data.get("pending_state")):
        return False
    if not (has_pending and data.get("pending_state") in PENDING_STATES and _publishes(data)):
        raise CorpusError(
            f"Profile {data['slug']}: a pending edit needs a published profile, entries or relations with "
            f'version = "pending", and pending_state one of {sorted(PENDING_STATES)}'
        )
    return True


def _leave_pending(profile: Profile, data: dict) -> None:
    """The pending edit waits where `pending_state` says; readers keep the published version."""
    record_edit(profile, actor=None)
    state = data["pending_state"]
    if state in {"in_review", "changes_requested"}:
        submit_for_review(profile, actor=None, comment=data.get("pending_note", "A pending edit from the seed corpus."))
    if state == "changes_requested":
        comment = data.get("pending_review_comment", "")
        if not comment:
            raise CorpusError(f"Profile {profile.slug}: changes_requested needs a pending_review_comment")
        request_changes(profile, actor=None, comment=comment)


def _publishes(data: dict) -> bool:
    return data.get("state", "published") == "published"


def _has_update(data: dict) -> bool:
    """Published in two steps: version 1 from the first article, version 2 with later facts."""
    return _publishes(data) and any(
        item.get("version", 1) == 2 for item in [*data.get("timeline", []), *data.get("relation", [])]
    )


def _load_sources(directory: Path, created: dict) -> dict[str, Source]:
    data = _read(directory, "sources.toml")
    for outlet in data.get("outlet", []):
        Outlet.objects.get_or_create(name=outlet["name"], defaults={"url": outlet.get("url", "")})
    sources = {}
    for item in data.get("source", []):
        text_path = directory / item["text_file"]
        if not text_path.exists():
            raise CorpusError(f"Source {item['key']}: text file {item['text_file']} is missing")
        outlet = Outlet.objects.get(name=item["outlet"]) if item.get("outlet") else None
        source = Source.objects.filter(title=item["title"]).first()
        if source is None:
            where = f"Source {item['key']}"
            published, published_precision = _date_at(item.get("published") or str(item.get("year") or ""), where)
            written_after, written_after_precision = _date_at(item.get("written_after", ""), where)
            source = Source(
                title=item["title"],
                title_is_descriptive=item.get("title_is_descriptive", False),
                outlet=outlet,
                authors=item.get("authors", ""),
                url=item.get("url", ""),
                published_on=published if published_precision == DatePrecision.DAY else None,
                published_year=published.year if published and published_precision != DatePrecision.DAY else None,
                published_month=published.month if published_precision == DatePrecision.MONTH else None,
                written_after=written_after,
                written_after_precision=written_after_precision if written_after else DatePrecision.DAY,
                language=item.get("language", "en"),
                kind=item.get("kind", Source.Kind.ARTICLE),
                full_text=text_path.read_text(encoding="utf-8"),
                editorial_notes=item.get("notes", ""),
            )
            _validate(source, f"Source {item['key']}")
            source.save()
            created["sources"] += 1
        sources[item["key"]] = source
    return sources


def _date_at(text: str, where: str) -> tuple[datetime.date | None, str]:
    try:
        return parse_iso_at(text)
    except ValueError as exc:
        raise CorpusError(f"{where}: {text!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD") from exc


def file_sources(directory: Path = CORPUS_DIR) -> dict[str, SimpleNamespace]:
    """sources.toml's dates as the loader reads them, without a database (for checks on the files)."""
    sources = {}
    for item in _read(directory, "sources.toml").get("source", []):
        written_after, precision = _date_at(item.get("written_after", ""), f"Source {item['key']}")
        sources[item["key"]] = SimpleNamespace(written_after=written_after, written_after_precision=precision)
    return sources


def report_dates(directory: Path, sources: dict) -> dict[str, tuple[datetime.date, str]]:
    """For each excerpt key, the date its source was written no earlier than, at its precision
    (None for a source without one). `sources` maps source keys to anything with
    `written_after` and `written_after_precision`."""
    dates = {}
    for item in _read(directory, "excerpts.toml").get("excerpt", []):
        source = sources.get(item["source"])
        written = source is not None and source.written_after
        dates[item["key"]] = (source.written_after, source.written_after_precision) if written else None
    return dates


def _entry_date(item: dict, reports: dict, where: str) -> tuple[datetime.date | None, str, str]:
    """An entry's date, precision and qualifier. An entry dated by its source (`as_of_source`)
    takes the earliest date its cited sources were written no earlier than."""
    if not item.get("as_of_source"):
        precision = item.get("precision", "day")
        date = datetime.date.fromisoformat(item["date"]) if item.get("date") else None
        return truncate(date, precision), precision, item.get("qualifier", "")
    if item.get("date") or item.get("qualifier"):
        raise CorpusError(f"{where}: an entry dated by its source (as_of_source) takes its date from the source")
    cites = item.get("cites", [])
    unknown = [key for key in cites if key not in reports]
    if not cites or unknown:
        raise CorpusError(f"{where}: " + (f"unknown excerpts {unknown}" if unknown else "cites no excerpt"))
    dates = [reports[key] for key in cites if reports[key]]
    if not dates:
        raise CorpusError(f"{where}: as_of_source, but no cited source says when it was written (written_after)")
    date, precision = min(dates, key=lambda d: d[0])
    return date, precision, ""


def _load_excerpts(directory: Path, sources: dict[str, Source], created: dict) -> dict[str, Excerpt]:
    excerpts = {}
    speakers = dict(Profile.objects.values_list("slug", "pk"))
    for item in _read(directory, "excerpts.toml").get("excerpt", []):
        if item["source"] not in sources:
            raise CorpusError(f"Excerpt {item['key']}: unknown source {item['source']!r}")
        if item.get("speaker") and item["speaker"] not in speakers:
            raise CorpusError(f"Excerpt {item['key']}: unknown speaker {item['speaker']!r}")
        excerpt, was_created = Excerpt.objects.get_or_create(
            source=sources[item["source"]],
            text=item["text"],
            defaults={"speaker_id": speakers.get(item.get("speaker")), "language": item.get("language", "en")},
        )
        if was_created and not excerpt.is_verified:
            raise CorpusError(f"Excerpt {item['key']} does not occur in its source's text")
        created["excerpts"] += was_created
        excerpts[item["key"]] = excerpt
    return excerpts


def _create_profiles(items: list[dict], created: dict, reports: dict) -> list[tuple[Profile, dict]]:
    existing = set(Profile.objects.values_list("slug", flat=True))
    categories = {c.slug: c for c in Category.objects.all()}
    new = []
    for item in items:
        if item["slug"] in existing:
            continue
        unknown = set(item.get("categories", [])) - set(categories)
        if unknown:
            raise CorpusError(f"Profile {item['slug']}: unknown categories {sorted(unknown)}")
        wave = _wave(item, reports)
        profile = Profile(
            slug=item["slug"],
            kind=item.get("kind", Profile.Kind.PERSON),
            display_name=item["display_name"],
            native_name=item.get("native_name", ""),
            aliases="\n".join(item.get("aliases", [])),
            description=item.get("description", ""),
            # Version 1 tells only what the first article said.
            biography=item.get("first_biography", item.get("biography", ""))
            if _has_update(item)
            else item.get("biography", ""),
            wave=wave,
            editorial_notes=item.get("notes", ""),
        )
        try:
            profile.full_clean(exclude=["portrait"])
        except ValidationError as exc:
            raise CorpusError(f"Profile {item['slug']}: {exc}") from exc
        profile.save()
        profile.categories.set([categories[slug] for slug in item.get("categories", [])])
        created["profiles"] += 1
        new.append((profile, item))
    return new


def plain_entries(items: list[dict], reports: dict, *, slug: str = "") -> list[SimpleNamespace]:
    """A profile's corpus timeline as the rules read it (profiles.waves), in timeline order."""
    entries = []
    for index, item in enumerate(items):
        date, precision, qualifier = _entry_date(item, reports, f"Profile {slug}, timeline entry {index + 1}")
        entries.append(
            SimpleNamespace(
                pk=index + 1,
                kind=item["kind"],
                date=date,
                date_precision=precision,
                date_qualifier=qualifier,
                as_of_source=item.get("as_of_source", False),
                sort_order=item.get("sort_order", 0),
                dispute=item.get("dispute", ""),
                about=item.get("about", ""),
                text=item["text"],
            )
        )
    return sorted(entries, key=entry_sort_key)


def _wave(item: dict, reports: dict) -> str:
    """The stated wave, checked against the dated departure; or, unstated, the one it gives."""
    entries = plain_entries(item.get("timeline", []), reports, slug=item["slug"])
    stated = item.get("wave", "")
    problem = wave_problem(stated, entries)
    if problem:
        raise CorpusError(f"Profile {item['slug']}: {problem}")
    return resolved_wave(stated, entries)


def _validate(obj, where: str, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise CorpusError(f"{where}: {exc}") from exc


def _natural_key(*, kind: str, date: datetime.date | None, precision: str, text: str) -> tuple:
    """A timeline entry is the same entry when its kind, stored date and text are."""
    return (kind, truncate(date, precision), text.strip())


def _add_missing_entries(data: dict, excerpts: dict[str, Excerpt], reports: dict) -> int:
    """Add the corpus entries an existing profile lacks to its working copy, as an unreviewed edit."""
    profile = Profile.objects.get(slug=data["slug"])
    have = {
        _natural_key(kind=e.kind, date=e.date, precision=e.date_precision, text=e.text) for e in profile.timeline.all()
    }
    missing = []
    for index, item in enumerate(data.get("timeline", [])):
        date, precision, _ = _entry_date(item, reports, f"Profile {data['slug']}, timeline entry {index + 1}")
        if _natural_key(kind=item["kind"], date=date, precision=precision, text=item["text"]) not in have:
            missing.append(item)
    if not missing:
        return 0
    added = _add_timeline(profile, {**data, "timeline": missing}, excerpts, reports, versions=ALL_VERSIONS)
    # Published or not, the new facts wait for an editor: the live version does not change.
    record_edit(profile, actor=None)
    return added


def _add_timeline(profile: Profile, data: dict, excerpts: dict[str, Excerpt], reports: dict, *, versions: set) -> int:
    added = 0
    for index, item in enumerate(data.get("timeline", [])):
        if item.get("version", 1) not in versions:
            continue
        where = f"Profile {profile.slug}, timeline entry {index + 1}"
        date, precision, qualifier = _entry_date(item, reports, where)
        entry = TimelineEntry(
            profile=profile,
            kind=item["kind"],
            date=date,
            date_precision=precision,
            date_qualifier=qualifier,
            as_of_source=item.get("as_of_source", False),
            sort_order=item.get("sort_order", 0),
            attribution=item.get("attribution", TimelineEntry.Attribution.SOURCE),
            authority=item.get("authority", ""),
            current_reason=item.get("current_reason", ""),
            about=item.get("about", ""),
            country=item.get("country", ""),
            city=item.get("city", ""),
            region=item.get("region", ""),
            location_disclosure=item.get("disclosure", "country"),
            text=item["text"],
            is_current=item.get("current", False),
        )
        _validate(entry, where, exclude=["profile"])
        missing = [key for key in [*item.get("cites", []), *item.get("disputed_by", [])] if key not in excerpts]
        if missing:
            raise CorpusError(f"{where}: unknown excerpts {missing}")
        if not item.get("cites"):
            # Principle 2: every public fact has a source.
            raise CorpusError(f"{where}: cites no excerpt")
        if bool(item.get("dispute")) != bool(item.get("disputed_by")):
            raise CorpusError(f"{where}: a disputed or corrected entry cites the other source in `disputed_by`")
        entry.save()
        Citation.objects.bulk_create(
            Citation(entry=entry, excerpt=excerpts[key], order=order) for order, key in enumerate(item["cites"])
        )
        if item.get("dispute") and item.get("dispute_version", 1) in versions:
            _dispute(entry, item, excerpts, where)
        added += 1
    return added


def _add_relations(profile: Profile, data: dict, excerpts: dict[str, Excerpt], *, versions: set) -> int:
    """The relations a profile states (`[[profile.relation]]`: `to` a slug, `kind`, `text`, `cites`)."""
    added = 0
    for index, item in enumerate(data.get("relation", [])):
        if item.get("version", 1) not in versions:
            continue
        where = f"Profile {profile.slug}, relation {index + 1}"
        related = Profile.objects.filter(slug=item.get("to", "")).first()
        if related is None:
            raise CorpusError(f"{where}: no profile {item.get('to')!r} to relate to")
        missing = [key for key in item.get("cites", []) if key not in excerpts]
        if missing:
            raise CorpusError(f"{where}: unknown excerpts {missing}")
        if not item.get("cites"):
            raise CorpusError(f"{where}: cites no excerpt")
        relation = Relation(profile=profile, related_profile=related, kind=item["kind"], text=item.get("text", ""))
        _validate(relation, where)
        relation.save()
        RelationCitation.objects.bulk_create(
            RelationCitation(relation=relation, excerpt=excerpts[key], order=order)
            for order, key in enumerate(item["cites"])
        )
        added += 1
    return added


def _dispute(entry: TimelineEntry, item: dict, excerpts: dict[str, Excerpt], where: str) -> None:
    """Mark `entry` disputed or corrected by the excerpts of `disputed_by` (with a later version
    when the other source is a later article: `dispute_version = 2`)."""
    entry.dispute, entry.dispute_note = item["dispute"], item.get("dispute_note", "")
    _validate(entry, where, exclude=["profile"])
    entry.save(update_fields=["dispute", "dispute_note", "updated_at"])
    Citation.objects.bulk_create(
        Citation(entry=entry, excerpt=excerpts[key], order=order, role=Citation.Role.DISPUTES)
        for order, key in enumerate(item["disputed_by"])
    )


def _add_disputes(profile: Profile, data: dict, excerpts: dict[str, Excerpt], *, version: int) -> None:
    """Disputes a later version brings to entries published earlier."""
    for index, item in enumerate(data.get("timeline", [])):
        if item.get("dispute") and item.get("version", 1) < version == item.get("dispute_version", 1):
            entry = profile.timeline.get(kind=item["kind"], text=item["text"].strip())
            _dispute(entry, item, excerpts, f"Profile {profile.slug}, timeline entry {index + 1}")


def _advance_workflow(profile: Profile, data: dict, *, when: datetime.datetime) -> None:
    state = data.get("state", "published")
    if state == "published":
        publish_profile(profile, actor=None, change_note=data.get("change_note") or "First publication", now=when)
    elif state in {"in_review", "changes_requested"}:
        submit_for_review(profile, actor=None, comment="Loaded from the seed corpus for review.")
        if state == "changes_requested":
            request_changes(profile, actor=None, comment=data.get("review_comment") or "Please check the sources.")
    elif state != "draft":
        raise CorpusError(f"Profile {profile.slug}: unknown state {state!r}")


def _load_figures(directory: Path, excerpts: dict[str, Excerpt], created: dict) -> None:
    figure_ids = []
    for dataset in _read(directory, "figures.toml").get("dataset", []):
        for order, item in enumerate(dataset.get("figures", [])):
            if item["excerpt"] not in excerpts:
                raise CorpusError(f"Figure {item['label']}: unknown excerpt {item['excerpt']!r}")
            if AggregateFigure.objects.filter(dataset=dataset["name"], label=item["label"]).exists():
                continue
            try:
                value = Decimal(item["value"])
            except InvalidOperation as exc:
                raise CorpusError(f"Figure {item['label']!r}: {item['value']!r} is not a number") from exc
            figure = AggregateFigure(
                dataset=dataset["name"],
                label=item["label"],
                country=item.get("country", ""),
                value=value,
                unit=item.get("unit", dataset["unit"]),
                period=item.get("period", dataset.get("period", "")),
                as_written=item.get("as_written", ""),
                bound=item.get("bound", ""),
                excerpt=excerpts[item["excerpt"]],
                is_published=True,
                order=order,
            )
            _validate(figure, f"Figure {item['label']!r} in {dataset['name']!r}")
            figure.save()
            # The seed corpus was checked against its articles: its figures, their quotes and
            # sources count as reviewed.
            for reviewed in (figure.excerpt.source, figure.excerpt, figure):
                approve(reviewed, actor=None)
            figure_ids.append(figure.pk)
            created["figures"] += 1
    index_figures(figure_ids)
