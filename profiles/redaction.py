"""Redaction for safety: the one exception to "published versions are immutable".

People in these profiles can be at risk. When an editor tightens what may be shown of a place, or
removes a fact, the change must reach every stored version, not only the next one: old snapshots,
their change notes, the public index and what partners sync. The audit log records that a
redaction happened, never the withheld value.
"""

import re

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from profiles.models import ChangeEvent, Profile, ProfileVersion, TimelineEntry, WorkflowEvent
from profiles.places import Disclosure, country_name, public_place

# From most to least precise: a redaction may only move right.
_ORDER = [Disclosure.CITY, Disclosure.COUNTRY, Disclosure.REGION, Disclosure.UNDISCLOSED]
MASK = "[place withheld]"


def tighten_place(place: dict | None, disclosure: str) -> dict | None:
    if place is None or disclosure == Disclosure.UNDISCLOSED:
        return None
    level = _ORDER.index(disclosure)
    if _ORDER.index(place["precision"]) >= level:
        return place
    if disclosure == Disclosure.COUNTRY:
        return {**place, "precision": Disclosure.COUNTRY.value, "city": "", "label": place["country_name"]}
    if not place.get("region"):
        return None
    return public_place(country="", city="", region=place["region"], disclosure=Disclosure.REGION)


def _withheld_names(place: dict | None, disclosure: str, remove: bool) -> set[str]:
    if not place:
        return set()
    names = set()
    if place.get("city") and (remove or disclosure != Disclosure.CITY):
        names.add(place["city"])
    if place.get("country_name") and (remove or disclosure in {Disclosure.REGION, Disclosure.UNDISCLOSED}):
        names.add(place["country_name"])
    return names


def mask(value, names: set[str]):
    """Replace every withheld name in every string of a JSON-like value."""
    if not names:
        return value
    if isinstance(value, str):
        for name in sorted(names, key=len, reverse=True):
            # Whole words only: withholding "Nice" must not mangle "Nicely".
            value = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", MASK, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [mask(item, names) for item in value]
    if isinstance(value, dict):
        return {key: mask(item, names) for key, item in value.items()}
    return value


def mask_withheld_text(snapshot: dict, entries) -> dict:
    """Mask, in the free text of a new snapshot, every place name an entry of the profile withholds.

    Entry texts are masked entry by entry already; this also covers the biography, the description,
    other entries' texts and the cited quotes, so a city withheld (or redacted) on one entry cannot
    come back through a sentence elsewhere. A name another entry publishes openly is left alone.
    """
    names = {name for entry in entries for name in entry.withheld_names() if name}
    shown = {
        value.lower()
        for entry in snapshot["timeline"]
        if entry["place"]
        for value in (entry["place"]["city"], entry["place"]["country_name"])
        if value
    }
    names = {name for name in names if name.lower() not in shown}
    if not names:
        return snapshot
    masked = {
        **snapshot,
        "description": mask(snapshot["description"], names),
        "biography": mask(snapshot["biography"], names),
        "timeline": [{**entry, "text": mask(entry["text"], names)} for entry in snapshot["timeline"]],
        "excerpts": [
            {**e, **{key: mask(e.get(key, ""), names) for key in ("text", "translation", "location_hint")}}
            for e in snapshot["excerpts"]
        ],
    }
    if snapshot.get("portrait"):
        masked["portrait"] = {**snapshot["portrait"], "alt": mask(snapshot["portrait"]["alt"], names)}
    return masked


def _prune_unused_citations(snapshot: dict) -> None:
    cited = {pk for entry in snapshot["timeline"] for pk in entry["citations"]} | set(snapshot.get("quotes", []))
    snapshot["excerpts"] = [e for e in snapshot["excerpts"] if e["id"] in cited]
    used_sources = {e["source_id"] for e in snapshot["excerpts"]}
    snapshot["sources"] = [s for s in snapshot["sources"] if s["id"] in used_sources]


def _redact_snapshot(snapshot: dict, *, entry_id: int, disclosure: str, remove: bool) -> tuple[dict, set[str]]:
    names: set[str] = set()
    timeline = []
    for entry in snapshot["timeline"]:
        if entry["id"] != entry_id:
            timeline.append(entry)
            continue
        names |= _withheld_names(entry["place"], disclosure, remove)
        if not remove:
            timeline.append({**entry, "place": tighten_place(entry["place"], disclosure)})
    snapshot = {**snapshot, "timeline": timeline}
    if snapshot.get("current_entry_id") == entry_id:
        snapshot["current_location"] = None if remove else tighten_place(snapshot["current_location"], disclosure)
        if remove:
            snapshot["current_entry_id"] = None
    if remove:
        _prune_unused_citations(snapshot)
    return snapshot, names


def _redact_working_copy(data: dict, *, entry_id: int, disclosure: str, remove: bool) -> dict:
    if not data:
        return data
    timeline = []
    for entry in data.get("timeline", []):
        if entry["id"] != entry_id:
            timeline.append(entry)
        elif not remove:
            timeline.append({**entry, "location_disclosure": disclosure})
    return {**data, "timeline": timeline}


def _mask_working_copy(profile: Profile, names: set[str], *, actor) -> None:
    """The withheld name leaves the working copy too, so the next publish cannot bring it back.

    The revision is bumped: a form opened before the redaction cannot be saved over it.
    """
    for entry in TimelineEntry.objects.filter(profile=profile):
        masked = mask(entry.text, names)
        if masked != entry.text:
            entry.text = masked
            entry.save(update_fields=["text", "updated_at"])
    for name in ["description", "biography", "scheduled_change_note"]:
        setattr(profile, name, mask(getattr(profile, name), names))
    profile.revision = F("revision") + 1
    profile.updated_by = actor
    profile.save(
        update_fields=["description", "biography", "scheduled_change_note", "revision", "updated_by", "updated_at"]
    )


@transaction.atomic
def redact(
    profile: Profile,
    *,
    actor,
    entry_id: int,
    reason: str,
    disclosure: str | None = None,
    remove: bool = False,
) -> int:
    """Tighten one timeline entry's place to `disclosure`, or `remove` the entry, in the working
    copy and in every stored version. Returns how many versions were rewritten."""
    from profiles.public_index import index_version
    from profiles.publishing import WorkflowError, _after_public_change, _lock, require_permission

    require_permission(actor, "redact_profile", "Only editors can redact profiles.")
    if not (reason or "").strip():
        raise WorkflowError("Give a reason for the redaction (do not repeat the withheld value).")
    if not remove and disclosure not in _ORDER[1:]:
        raise WorkflowError("Choose what may still be shown: country only, region only, or undisclosed.")
    locked = _lock(profile)
    entry = TimelineEntry.objects.filter(profile=locked, pk=entry_id).first()
    if entry is not None and not remove and _ORDER.index(disclosure) <= _ORDER.index(entry.location_disclosure):
        raise WorkflowError("A redaction can only show less than before; edit the entry to show more.")

    names: set[str] = set()
    if entry is not None:
        place = {
            "city": entry.city,
            "country_name": country_name(str(entry.country or "")),
            "precision": entry.location_disclosure,
        }
        names |= _withheld_names(place, disclosure or Disclosure.UNDISCLOSED, remove)

    versions = list(ProfileVersion.objects.select_for_update().filter(profile=locked))
    rewritten = []
    for version in versions:
        snapshot, found = _redact_snapshot(
            version.snapshot, entry_id=entry_id, disclosure=disclosure or Disclosure.UNDISCLOSED, remove=remove
        )
        names |= found
        rewritten.append((version, snapshot))
    now = timezone.now()
    touched = 0
    for version, snapshot in rewritten:
        new_snapshot = mask(snapshot, names)
        new_note = mask(version.change_note, names)
        new_copy = mask(
            _redact_working_copy(
                version.working_copy, entry_id=entry_id, disclosure=disclosure or Disclosure.UNDISCLOSED, remove=remove
            ),
            names,
        )
        if new_snapshot == version.snapshot and new_note == version.change_note and new_copy == version.working_copy:
            continue
        version.snapshot, version.change_note, version.working_copy = new_snapshot, new_note, new_copy
        version.redacted_at = now
        version.save(update_fields=["snapshot", "change_note", "working_copy", "redacted_at"])
        touched += 1

    if entry is not None:
        if remove:
            entry.delete()
        else:
            entry.location_disclosure = disclosure
            entry.save(update_fields=["location_disclosure", "updated_at"])
    _mask_working_copy(locked, names, actor=actor)
    # Public change notes are copied into the audit log's publish events: mask those copies too.
    for event in WorkflowEvent.objects.filter(profile=locked, action=WorkflowEvent.Action.PUBLISH):
        masked = mask(event.comment, names)
        if masked != event.comment:
            event.comment = masked
            event.save(update_fields=["comment"])

    locked.refresh_from_db()
    if locked.live_version_id:
        index_version(locked.live_version)
        # Partners who mirrored the old data learn to fetch the profile again.
        ChangeEvent.objects.create(
            profile=locked, slug=locked.slug, action=ChangeEvent.Action.UPDATED, version=locked.live_version, at=now
        )
    WorkflowEvent.objects.create(
        profile=locked,
        actor=actor,
        action=WorkflowEvent.Action.REDACT,
        from_status=locked.status,
        to_status=locked.status,
        comment=f"{'Removed a timeline entry' if remove else 'Tightened a place to ' + str(disclosure)} "
        f"in {touched} stored version(s). Reason: {mask(reason.strip(), names)}",
    )
    _after_public_change()
    profile.refresh_from_db()
    return touched
