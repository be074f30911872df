"""Redaction for safety: the one exception to "published versions are immutable".

People in these profiles can be at risk. When an editor tightens what may be shown of a place, or
removes a fact, the change must reach every stored version, not only the next one: old snapshots,
their change notes, the public index and what partners sync. The audit log records that a
redaction happened, never the withheld value.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from profiles.models import ChangeEvent, Profile, ProfileVersion, TimelineEntry, WorkflowEvent
from profiles.placenames.gazetteer import city_forms, country_forms
from profiles.placenames.masking import mask_text, mask_value
from profiles.places import Disclosure, public_place
from profiles.workflow.guards import WorkflowError, after_public_change, lock, require_permission
from profiles.workflow.indexing import index_version
from profiles.workflow.withholding import register, spread

# From most to least precise: a redaction may only move right.
_ORDER = [Disclosure.CITY, Disclosure.COUNTRY, Disclosure.REGION, Disclosure.UNDISCLOSED]


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


def _withheld(place: dict | None, disclosure: str, remove: bool) -> dict[str, frozenset[str]]:
    """The places a redaction takes away from `place` (with every form of each)."""
    if not place:
        return {}
    withheld = {}
    if place.get("city") and (remove or disclosure != Disclosure.CITY):
        withheld[place["city"]] = frozenset(city_forms(place["city"], place.get("country", "")))
    if place.get("country_name") and (remove or disclosure in {Disclosure.REGION, Disclosure.UNDISCLOSED}):
        withheld[place["country_name"]] = frozenset(country_forms(place.get("country", "")))
    return withheld


def _prune_unused_citations(snapshot: dict) -> None:
    cited = {pk for entry in snapshot["timeline"] for pk in entry["citations"]} | set(snapshot.get("quotes", []))
    snapshot["excerpts"] = [e for e in snapshot["excerpts"] if e["id"] in cited]
    used_sources = {e["source_id"] for e in snapshot["excerpts"]}
    snapshot["sources"] = [s for s in snapshot["sources"] if s["id"] in used_sources]


def _redact_snapshot(snapshot: dict, *, entry_id: int, disclosure: str, remove: bool) -> tuple[dict, dict]:
    withheld: dict[str, frozenset[str]] = {}
    timeline = []
    for entry in snapshot["timeline"]:
        if entry["id"] != entry_id:
            timeline.append(entry)
            continue
        withheld |= _withheld(entry["place"], disclosure, remove)
        if not remove:
            timeline.append({**entry, "place": tighten_place(entry["place"], disclosure)})
    snapshot = {**snapshot, "timeline": timeline}
    if snapshot.get("current_entry_id") == entry_id:
        snapshot["current_location"] = None if remove else tighten_place(snapshot["current_location"], disclosure)
        if remove:
            snapshot["current_entry_id"] = None
    if remove:
        _prune_unused_citations(snapshot)
    return snapshot, withheld


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


def _mask_working_copy(profile: Profile, forms: frozenset[str], *, actor) -> None:
    """The withheld name leaves the working copy too, so the next publish cannot bring it back.

    The revision is bumped: a form opened before the redaction cannot be saved over it.
    """
    for entry in TimelineEntry.objects.filter(profile=profile):
        changed = []
        for field in TimelineEntry.TEXT_FIELDS:
            masked = mask_text(getattr(entry, field), forms)
            if masked != getattr(entry, field):
                setattr(entry, field, masked)
                changed.append(field)
        if changed:
            entry.save(update_fields=[*changed, "updated_at"])
    for relation in profile.relations.all():
        masked = mask_text(relation.text, forms)
        if masked != relation.text:
            relation.text = masked
            relation.save(update_fields=["text", "updated_at"])
    for name in ["description", "biography", "scheduled_change_note"]:
        setattr(profile, name, mask_text(getattr(profile, name), forms))
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
    copy and in every stored version; the places it takes away join the register of withheld
    places for good and leave every public text that concerns the profile, at once. Returns how
    many of the profile's versions were rewritten."""
    require_permission(actor, "redact_profile", "Only editors can redact profiles.")
    if not (reason or "").strip():
        raise WorkflowError("Give a reason for the redaction (do not repeat the withheld value).")
    if not remove and disclosure not in _ORDER[1:]:
        raise WorkflowError("Choose what may still be shown: country only, region only, or undisclosed.")
    disclosure = disclosure or Disclosure.UNDISCLOSED
    locked = lock(profile)
    entry = TimelineEntry.objects.filter(profile=locked, pk=entry_id).first()
    if entry is not None and not remove and _ORDER.index(disclosure) <= _ORDER.index(entry.location_disclosure):
        raise WorkflowError("A redaction can only show less than before; edit the entry to show more.")

    withheld: dict[str, frozenset[str]] = {}
    if entry is not None:
        place = {"city": entry.city, "country": str(entry.country or ""), "country_name": entry.country.name or ""}
        withheld |= _withheld(place if entry.country or entry.city else None, disclosure, remove)
    versions = list(ProfileVersion.objects.select_for_update().filter(profile=locked))
    rewritten = []
    for version in versions:
        snapshot, found = _redact_snapshot(version.snapshot, entry_id=entry_id, disclosure=disclosure, remove=remove)
        withheld |= found
        rewritten.append((version, snapshot))
    forms = frozenset(form for names in withheld.values() for form in names)
    register(locked, withheld, redacted=True)

    now = timezone.now()
    touched = 0
    for version, snapshot in rewritten:
        new_snapshot = mask_value(snapshot, forms)
        new_note = mask_text(version.change_note, forms)
        new_copy = mask_value(
            _redact_working_copy(version.working_copy, entry_id=entry_id, disclosure=disclosure, remove=remove), forms
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
    _mask_working_copy(locked, forms, actor=actor)
    # Public change notes are copied into the audit log's publish events: mask those copies too.
    for event in WorkflowEvent.objects.filter(profile=locked, action=WorkflowEvent.Action.PUBLISH):
        masked = mask_text(event.comment, forms)
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
    # Everything else public that concerns this profile: shared quotes and sources, other
    # profiles' versions carrying them or naming this profile, figures.
    spread({locked.pk}, now=now)
    WorkflowEvent.objects.create(
        profile=locked,
        actor=actor,
        action=WorkflowEvent.Action.REDACT,
        from_status=locked.status,
        to_status=locked.status,
        comment=f"{'Removed a timeline entry' if remove else 'Tightened a place to ' + str(disclosure)} "
        f"in {touched} stored version(s). Reason: {mask_text(reason.strip(), forms)}",
    )
    after_public_change()
    profile.refresh_from_db()
    return touched
