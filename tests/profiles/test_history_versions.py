"""Version history per profile: the list, a diff between any two, and revert of the working copy."""

import pytest
from django.test import Client

from profiles.models import Profile, ProfileVersion, PublicProfile
from profiles.workflow import WorkflowError, publish_profile, revert_to_version
from tests.factories import ExcerptFactory, ProfileFactory, TimelineEntryFactory, cite


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_versions(profile_with_timeline, editor):
    """v1: the Tbilisi entry. v2: a new description and a wanted-list entry."""
    profile = profile_with_timeline
    publish_profile(profile, actor=editor, change_note="First publication")
    profile.description = "Journalist, now in exile"
    profile.save()
    cite(TimelineEntryFactory(profile=profile, kind="wanted", country="", city="", text="Wanted."), ExcerptFactory())
    publish_profile(profile, actor=editor, change_note="Added: put on the federal wanted list", is_correction=True)
    return profile


@pytest.mark.django_db
def test_history_lists_every_version_with_note_correction_and_live_marker(two_versions, contributor):
    page = client_for(contributor).get(f"/admin/profiles/profile/{two_versions.pk}/versions/").content.decode()
    assert "v2 (live)" in page and "v1" in page
    assert "<strong>Correction:</strong> Added: put on the federal wanted list" in page
    assert "Revert working copy" not in page  # a contributor may look, not revert


@pytest.mark.django_db
def test_diff_between_two_versions_shows_fields_entries_and_citations(two_versions, editor):
    page = client_for(editor).get(f"/admin/profiles/profile/{two_versions.pk}/versions/?a=1&b=2").content.decode()
    assert "From v1 to v2" in page
    assert "<del>Investigative journalist</del>" in page and "<ins>Journalist, now in exile</ins>" in page
    assert "Timeline entry added: Put on a wanted list" in page and "+ Citation added:" in page
    backwards = client_for(editor).get(f"/admin/profiles/profile/{two_versions.pk}/versions/?a=2&b=1").content.decode()
    assert "Timeline entry removed: Put on a wanted list" in backwards and "− Citation removed:" in backwards


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?a=1&b=9", "?a=x&b=2", "?a=1", ""])
def test_history_with_bad_or_missing_version_numbers_shows_no_diff(two_versions, editor, query):
    response = client_for(editor).get(f"/admin/profiles/profile/{two_versions.pk}/versions/{query}")
    assert response.status_code == 200
    assert "From v" not in response.content.decode()


@pytest.mark.django_db
def test_history_of_a_missing_profile_is_404_and_anonymous_goes_to_login(two_versions, editor):
    assert client_for(editor).get("/admin/profiles/profile/999999/versions/").status_code == 404
    response = Client().get(f"/admin/profiles/profile/{two_versions.pk}/versions/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_revert_keeps_entry_identity_so_reverting_to_the_live_version_leaves_nothing_to_publish(two_versions, editor):
    profile = two_versions
    ids = sorted(profile.timeline.values_list("pk", flat=True))
    profile.timeline.get(kind="wanted").delete()
    profile.description = "Scratch edit"
    profile.save()
    revert_to_version(profile, actor=editor, version=profile.versions.get(number=2))
    assert sorted(profile.timeline.values_list("pk", flat=True)) == ids  # the deleted entry is back, same id
    page = client_for(editor).get(f"/admin/profiles/profile/{profile.pk}/review/").content.decode()
    assert "No differences." in page


@pytest.mark.django_db
def test_revert_through_the_admin_is_recorded_and_needs_a_publish(two_versions, editor):
    client = client_for(editor)
    response = client.post(f"/admin/profiles/profile/{two_versions.pk}/workflow/revert/", {"version": "1"}, follow=True)
    assert "Working copy reverted to version 1. Publish to make it public." in response.content.decode()
    profile = Profile.objects.get()
    assert profile.description == "Investigative journalist" and profile.status == "draft"
    assert not profile.timeline.filter(kind="wanted").exists()
    assert PublicProfile.objects.get().version.number == 2  # readers still see v2
    assert profile.workflow_events.filter(action="revert", actor=editor).get().version.number == 1
    review = client.get(f"/admin/profiles/profile/{profile.pk}/review/").content.decode()
    assert "Timeline entry removed: Put on a wanted list" in review


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{"version": "9"}, {"version": "x"}, {}])
def test_revert_to_a_missing_version_changes_nothing(two_versions, editor, data):
    response = client_for(editor).post(f"/admin/profiles/profile/{two_versions.pk}/workflow/revert/", data)
    assert response.status_code in {302, 404}
    profile = Profile.objects.get()
    assert (profile.description, profile.status) == ("Journalist, now in exile", "published")


@pytest.mark.django_db
def test_revert_to_another_profiles_version_is_refused(two_versions, editor):
    other = ProfileFactory()
    with pytest.raises(WorkflowError, match="another profile"):
        revert_to_version(other, actor=editor, version=two_versions.versions.get(number=1))
    assert ProfileVersion.objects.count() == 2 and other.status == "draft"
