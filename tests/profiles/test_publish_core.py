import pytest

from profiles.models import ChangeEvent, PublicCitation, PublicExcerpt, PublicProfile, PublicSource
from profiles.workflow import WorkflowError, publish_profile, withdraw_profile


@pytest.mark.django_db
def test_publishing_takes_a_numbered_snapshot_without_private_notes(profile_with_timeline, editor):
    version = publish_profile(profile_with_timeline, actor=editor, change_note="First publication")
    assert version.number == 1
    text = str(version.snapshot)
    assert "PRIVATE-PROFILE-NOTE" not in text
    assert "PRIVATE-SOURCE-NOTE" not in text
    assert "never managed to fall asleep" not in text  # the source's full text stays private
    assert version.snapshot["timeline"][0]["place"]["label"] == "Tbilisi, Georgia"
    assert version.snapshot["timeline"][0]["citations"] == [version.snapshot["excerpts"][0]["id"]]
    profile_with_timeline.refresh_from_db()
    assert profile_with_timeline.live_version == version
    assert profile_with_timeline.status == "published"


@pytest.mark.django_db
def test_publishing_fills_the_public_index(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="First publication")
    public = PublicProfile.objects.get()
    assert public.slug == "andrei-loshak"
    assert public.current_country == "GE"
    assert public.departure_year == 2022
    assert PublicSource.objects.count() == 1
    assert PublicExcerpt.objects.count() == 1
    assert PublicCitation.objects.filter(public_profile=public).count() == 1


@pytest.mark.django_db
def test_editing_after_publish_leaves_the_public_version_alone(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="First publication")
    entry = profile_with_timeline.timeline.get()
    entry.city = "Batumi"
    entry.save()
    assert PublicProfile.objects.get().version.snapshot["timeline"][0]["place"]["city"] == "Tbilisi"


@pytest.mark.django_db
def test_withheld_city_never_enters_a_version(profile_with_timeline, editor):
    entry = profile_with_timeline.timeline.get()
    entry.location_disclosure = "country"
    entry.save()
    version = publish_profile(profile_with_timeline, actor=editor, change_note="First publication")
    assert "Tbilisi" not in str(version.snapshot["timeline"]) + str(version.snapshot["current_location"])
    assert "Tbilisi" not in PublicProfile.objects.get().current_place_label


@pytest.mark.django_db
def test_withdrawing_empties_the_public_index_and_records_a_deletion(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="First publication")
    withdraw_profile(profile_with_timeline, actor=editor, reason="Safety")
    assert not PublicProfile.objects.exists()
    assert not PublicSource.objects.exists() and not PublicExcerpt.objects.exists()
    assert list(ChangeEvent.objects.values_list("action", flat=True)) == ["published", "withdrawn"]
    assert profile_with_timeline.versions.count() == 1


@pytest.mark.django_db
def test_publishing_without_a_change_note_is_refused(profile_with_timeline, editor):
    with pytest.raises(WorkflowError, match="change note"):
        publish_profile(profile_with_timeline, actor=editor, change_note="  ")
    assert not PublicProfile.objects.exists()
