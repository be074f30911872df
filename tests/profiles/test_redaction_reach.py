"""A redaction must reach everything public and everything that could publish the value again."""

import datetime
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from api.models import ApiKey
from profiles.models import Profile, ProfileVersion, WorkflowEvent
from profiles.placenames.masking import MASK, mask_value
from profiles.workflow import approve_and_publish, publish_profile, record_edit, redact, submit_for_review
from tests.factories import ExcerptFactory, TimelineEntryFactory, cite
from tests.test_helpers import profile_form


@pytest.fixture
def two_versions(profile_with_timeline, editor):
    """v1 and v2 publish the Tbilisi entry at city precision; v2's note and the biography name the city."""
    profile = profile_with_timeline
    publish_profile(profile, actor=editor, change_note="First publication")
    profile.biography = "Settled in Tbilisi with his family."
    profile.save()
    later = TimelineEntryFactory(
        profile=profile, kind="statement", country="", city="", date=datetime.date(2022, 4, 1), text="Spoke out."
    )
    cite(later, ExcerptFactory())
    publish_profile(profile, actor=editor, change_note="Added a statement made in Tbilisi")
    return profile


def partner() -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {ApiKey.issue(name='Partner')[1]}")
    return client


def public_responses(profile) -> str:
    """The public page (with its change history), the API profile and the API sync feed."""
    api = partner()
    pages = [
        Client().get(f"/profiles/{profile.slug}/"),
        api.get(f"/api/v1/profiles/{profile.slug}/"),
        api.get("/api/v1/changes/"),
        api.get("/api/v1/profiles/", {"q": "Tbilisi"}),
    ]
    assert [p.status_code for p in pages] == [200, 200, 200, 200]
    return "\n".join(p.content.decode() for p in pages)


@pytest.mark.django_db
def test_after_redaction_no_public_page_api_response_or_sync_entry_carries_the_city(
    two_versions, editor, django_capture_on_commit_callbacks
):
    assert "Tbilisi" in public_responses(two_versions)  # and now cached
    entry = two_versions.timeline.get(kind="left_russia")
    with django_capture_on_commit_callbacks(execute=True):  # the public cache is purged on commit
        redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="country", reason="Threats received")
    content = public_responses(two_versions)
    assert "Tbilisi" not in content
    assert "Georgia" in content  # still shown at the allowed precision


@pytest.mark.django_db
def test_sync_feed_entries_carry_ids_only_and_announce_the_redaction(two_versions, editor):
    entry = two_versions.timeline.get(kind="left_russia")
    redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="undisclosed", reason="Safety")
    results = partner().get("/api/v1/changes/").json()["results"]
    assert [r["action"] for r in results] == ["published", "published", "updated"]
    assert set(results[-1]) == {"cursor", "profile_id", "action", "slug", "version", "at", "api_url"}
    assert "Tbilisi" not in json.dumps(results) and "Georgia" not in json.dumps(results)


@pytest.mark.django_db
def test_the_working_copy_loses_the_city_so_the_next_publish_cannot_bring_it_back(
    two_versions, editor, second_editor, contributor
):
    entry = two_versions.timeline.get(kind="left_russia")
    redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="country", reason="Safety")
    profile = Profile.objects.get(pk=two_versions.pk)
    assert "Tbilisi" not in profile.biography and MASK in profile.biography
    record_edit(profile, actor=contributor)
    submit_for_review(profile, actor=contributor)
    v3 = approve_and_publish(profile, actor=second_editor, change_note="New portrait credit")
    assert "Tbilisi" not in json.dumps(v3.snapshot, ensure_ascii=False)
    assert "Tbilisi" not in public_responses(profile)


@pytest.mark.django_db
def test_audit_log_copies_of_change_notes_are_masked_too(two_versions, editor):
    entry = two_versions.timeline.get(kind="left_russia")
    redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="country", reason="Safety")
    comments = list(WorkflowEvent.objects.filter(profile=two_versions).values_list("comment", flat=True))
    assert "Added a statement made in [place withheld]" in comments
    assert not [c for c in comments if "Tbilisi" in c]


@pytest.mark.django_db
def test_a_form_opened_before_the_redaction_cannot_save_the_city_back(two_versions, editor, second_editor):
    entry = two_versions.timeline.get(kind="left_russia")
    loaded = Profile.objects.get(pk=two_versions.pk).revision
    redact(two_versions, actor=editor, entry_id=entry.pk, disclosure="country", reason="Safety")
    client = Client()
    client.force_login(second_editor)
    response = client.post(
        f"/admin/profiles/profile/{two_versions.pk}/change/",
        profile_form(
            "Andrei Loshak",
            slug=two_versions.slug,
            biography="Settled in Tbilisi with his family.",
            loaded_revision=loaded,
            **{"timeline-TOTAL_FORMS": "0", "timeline-INITIAL_FORMS": "0"},
        ),
    )
    assert response.status_code == 200
    assert "eve changed this profile on" in response.content.decode()
    entry.refresh_from_db()
    assert entry.location_disclosure == "country"
    assert "Tbilisi" not in Profile.objects.get(pk=two_versions.pk).biography


@pytest.mark.django_db
def test_an_entry_only_old_versions_carry_can_still_be_redacted_from_the_admin(two_versions, editor):
    entry = two_versions.timeline.get(kind="left_russia")
    entry_id = entry.pk
    entry.delete()  # gone from the working copy, but v1 and v2 still publish it in the history
    client = Client()
    client.force_login(editor)
    review = client.get(f"/admin/profiles/profile/{two_versions.pk}/review/").content.decode()
    assert f'<option value="{entry_id}">Left Russia (4 March 2022) — deleted from the working copy' in review
    response = client.post(
        f"/admin/profiles/profile/{two_versions.pk}/workflow/redact/",
        {"entry": str(entry_id), "disclosure": "remove", "reason": "Safety"},
        follow=True,
    )
    assert "Redaction applied to the working copy and 2 stored version(s)." in response.content.decode()
    for version in ProfileVersion.objects.filter(profile=two_versions):
        assert entry_id not in [e["id"] for e in version.snapshot["timeline"]]
        assert "Tbilisi" not in json.dumps(version.snapshot, ensure_ascii=False)


@pytest.mark.django_db
def test_redaction_with_bad_input_changes_nothing(two_versions, editor):
    client = Client()
    client.force_login(editor)
    url = f"/admin/profiles/profile/{two_versions.pk}/workflow/redact/"
    entry = two_versions.timeline.get(kind="left_russia")
    for data, message in [
        ({"entry": "x", "disclosure": "country", "reason": "Safety"}, "Choose the timeline entry"),
        ({"entry": str(entry.pk), "disclosure": "city", "reason": "Safety"}, "country only, region only"),
        ({"entry": str(entry.pk), "disclosure": "country", "reason": ""}, "Give a reason"),
    ]:
        response = client.post(url, data, follow=True)
        assert message in response.content.decode()
    assert not ProfileVersion.objects.filter(redacted_at__isnull=False).exists()
    assert "Tbilisi" in public_responses(two_versions)


def test_masking_replaces_whole_words_only():
    assert mask_value("Moved to Nice; a nice town.", {"nice"}) == f"Moved to {MASK}; a {MASK} town."
    assert mask_value("Nicely done in Nice.", {"nice"}) == f"Nicely done in {MASK}."
    assert mask_value({"a": ["in Тбилиси", 3]}, {"тбилиси"}) == {"a": [f"in {MASK}", 3]}
