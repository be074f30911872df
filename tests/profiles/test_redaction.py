import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied

from profiles.models import ChangeEvent, ProfileVersion, PublicPlace, PublicProfile, WorkflowEvent
from profiles.workflow import WorkflowError, publish_profile, redact
from tests.factories import ExcerptFactory, TimelineEntryFactory, cite


@pytest.fixture
def two_versions(profile_with_timeline, editor):
    """v1 and v2 both publish the Tbilisi entry at city precision; v2's note names the city."""
    profile = profile_with_timeline
    publish_profile(profile, actor=editor, change_note="First publication")
    later = TimelineEntryFactory(
        profile=profile, kind="statement", country="", city="", date=datetime.date(2022, 4, 1), text="Spoke out."
    )
    cite(later, ExcerptFactory())
    publish_profile(profile, actor=editor, change_note="Added a statement made in Tbilisi")
    return profile


def everything_public(profile) -> str:
    versions = ProfileVersion.objects.filter(profile=profile)
    public = PublicProfile.objects.get(profile=profile)
    return json.dumps(
        [
            [v.snapshot for v in versions],
            [v.change_note for v in versions],
            [public.current_place_label, public.search_document],
        ],
        ensure_ascii=False,
    )


@pytest.mark.django_db
def test_tightening_a_place_rewrites_every_stored_version(two_versions, editor):
    entry = two_versions.timeline.get(kind="left_russia")
    assert "Tbilisi" in everything_public(two_versions)
    assert redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="country", reason="Threats received") == 2
    dump = everything_public(two_versions)
    assert "Tbilisi" not in dump
    assert "Georgia" in dump  # the country may still be shown
    for version in ProfileVersion.objects.filter(profile=two_versions):
        assert version.redacted_at is not None
        place = next(e["place"] for e in version.snapshot["timeline"] if e["id"] == entry.pk)
        assert place["precision"] == "country"
        assert "Tbilisi" not in json.dumps(version.working_copy, ensure_ascii=False)
    entry.refresh_from_db()
    assert entry.location_disclosure == "country"


@pytest.mark.django_db
def test_redaction_is_audited_without_the_withheld_value(two_versions, editor):
    entry = two_versions.timeline.get(kind="left_russia")
    redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="undisclosed", reason="Lives in Tbilisi now")
    event = WorkflowEvent.objects.get(action="redact")
    assert event.actor == editor
    assert "Tbilisi" not in event.comment and "Georgia" not in event.comment
    assert not PublicPlace.objects.filter(country="GE").exists()


@pytest.mark.django_db
def test_redaction_tells_partners_to_refetch(two_versions, editor):
    entry = two_versions.timeline.get(kind="left_russia")
    redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="region", reason="Safety")
    latest = ChangeEvent.objects.order_by("pk").last()
    assert latest.action == "updated"
    assert PublicProfile.objects.get().current_place_label in {"", "South Caucasus"}


@pytest.mark.django_db
def test_removing_a_fact_for_safety_drops_it_and_its_citations_everywhere(two_versions, editor):
    entry = two_versions.timeline.get(kind="left_russia")
    excerpt_text = entry.citations.get().text
    redact(two_versions, actor=editor, entry_id=entry.pk, remove=True, reason="Safety")
    dump = everything_public(two_versions)
    assert "Tbilisi" not in dump and excerpt_text not in dump
    assert not two_versions.timeline.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_redaction_can_only_tighten(two_versions, editor):
    entry = two_versions.timeline.get(kind="left_russia")
    redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="country", reason="Safety")
    with pytest.raises(WorkflowError, match="only show less"):
        redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="country", reason="Again")


@pytest.mark.django_db
def test_contributor_cannot_redact(two_versions, contributor):
    entry = two_versions.timeline.get(kind="left_russia")
    with pytest.raises(PermissionDenied):
        redact(two_versions, actor=contributor, entry_id=entry.pk, disclosure="country", reason="x")
    assert "Tbilisi" in everything_public(two_versions)
