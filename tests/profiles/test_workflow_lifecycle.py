import pytest
from django.core.exceptions import PermissionDenied

from profiles.models import ChangeEvent, Profile, PublicProfile, WorkflowEvent
from profiles.workflow import (
    WorkflowError,
    approve_and_publish,
    publish_profile,
    record_edit,
    request_changes,
    revert_to_version,
    submit_for_review,
    withdraw_profile,
)
from tests.factories import TimelineEntryFactory


def actions(profile):
    return list(profile.workflow_events.order_by("pk").values_list("action", flat=True))


@pytest.mark.django_db
def test_contributor_drafts_editor_reviews_and_publishes(profile_with_timeline, contributor, editor):
    profile = profile_with_timeline
    record_edit(profile, actor=contributor)
    submit_for_review(profile, actor=contributor, comment="Ready")
    assert profile.status == "in_review"
    request_changes(profile, actor=editor, comment="Cite the second article too")
    assert profile.status == "changes_requested"
    record_edit(profile, actor=contributor)
    submit_for_review(profile, actor=contributor)
    version = approve_and_publish(profile, actor=editor, change_note="First publication")
    assert profile.status == "published" and version.number == 1
    assert PublicProfile.objects.filter(profile=profile).exists()
    assert actions(profile) == ["submit", "request_changes", "submit", "approve", "publish"]
    event = profile.workflow_events.get(action="request_changes")
    assert (event.actor, event.from_status, event.to_status) == (editor, "in_review", "changes_requested")
    assert event.comment == "Cite the second article too"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "attempt",
    [
        lambda p, u: approve_and_publish(p, actor=u, change_note="x"),
        lambda p, u: publish_profile(p, actor=u, change_note="x"),
        lambda p, u: request_changes(p, actor=u, comment="x"),
        lambda p, u: withdraw_profile(p, actor=u, reason="x"),
    ],
    ids=["approve", "publish", "request_changes", "withdraw"],
)
def test_contributor_cannot_take_editor_actions(profile_with_timeline, contributor, editor, attempt):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    record_edit(profile_with_timeline, actor=contributor)
    submit_for_review(profile_with_timeline, actor=contributor)
    with pytest.raises(PermissionDenied):
        attempt(profile_with_timeline, contributor)
    profile_with_timeline.refresh_from_db()
    assert profile_with_timeline.status == "in_review"
    assert profile_with_timeline.versions.count() == 1


@pytest.mark.django_db
def test_request_changes_needs_a_comment(profile_with_timeline, contributor, editor):
    submit_for_review(profile_with_timeline, actor=contributor)
    with pytest.raises(WorkflowError, match="comment"):
        request_changes(profile_with_timeline, actor=editor, comment=" ")
    assert Profile.objects.get().status == "in_review"


@pytest.mark.django_db
def test_approving_a_draft_that_was_not_submitted_is_refused(profile_with_timeline, editor):
    with pytest.raises(WorkflowError, match="draft"):
        approve_and_publish(profile_with_timeline, actor=editor, change_note="x")


@pytest.mark.django_db
def test_edits_to_a_published_profile_stay_private_until_republished(profile_with_timeline, contributor, editor):
    profile = profile_with_timeline
    publish_profile(profile, actor=editor, change_note="v1")
    TimelineEntryFactory(profile=profile, kind="wanted", country="", city="", text="Put on the federal wanted list.")
    record_edit(profile, actor=contributor)
    assert profile.status == "draft" and profile.live_version.number == 1
    public = PublicProfile.objects.get(profile=profile)
    assert "wanted list" not in str(public.version.snapshot)
    submit_for_review(profile, actor=contributor)
    approve_and_publish(profile, actor=editor, change_note="Added: put on the federal wanted list")
    public.refresh_from_db()
    assert public.version.number == 2
    assert "wanted list" in str(public.version.snapshot)


@pytest.mark.django_db
def test_correction_is_marked_on_the_version(profile_with_timeline, contributor, editor):
    submit_for_review(profile_with_timeline, actor=contributor)
    version = approve_and_publish(profile_with_timeline, actor=editor, change_note="Fixed a date", is_correction=True)
    assert version.is_correction


@pytest.mark.django_db
def test_withdrawal_keeps_history_and_can_be_resubmitted(profile_with_timeline, contributor, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    withdraw_profile(profile_with_timeline, actor=editor, reason="Person asked us to, for safety")
    assert profile_with_timeline.status == "withdrawn"
    assert profile_with_timeline.versions.count() == 1
    assert ChangeEvent.objects.filter(action="withdrawn", profile=profile_with_timeline).exists()
    assert WorkflowEvent.objects.get(action="withdraw").comment == "Person asked us to, for safety"
    submit_for_review(profile_with_timeline, actor=contributor)
    assert profile_with_timeline.status == "in_review"


@pytest.mark.django_db
def test_withdrawing_needs_a_reason_and_a_public_profile(profile_with_timeline, editor):
    with pytest.raises(WorkflowError, match="not published"):
        withdraw_profile(profile_with_timeline, actor=editor, reason="x")
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    with pytest.raises(WorkflowError, match="why"):
        withdraw_profile(profile_with_timeline, actor=editor, reason="")
    assert PublicProfile.objects.exists()


@pytest.mark.django_db
def test_revert_restores_the_working_copy_including_withheld_details(profile_with_timeline, editor):
    profile = profile_with_timeline
    v1 = publish_profile(profile, actor=editor, change_note="v1")
    entry = profile.timeline.get()
    cited = list(entry.citations.all())
    entry.city, entry.location_disclosure, entry.text = "Batumi", "country", "Moved within Georgia."
    entry.save()
    profile.display_name = "Andrey Loshak"
    profile.save()
    publish_profile(profile, actor=editor, change_note="v2")
    revert_to_version(profile, actor=editor, version=v1)
    profile.refresh_from_db()
    assert profile.display_name == "Andrei Loshak"
    restored = profile.timeline.get()
    assert (restored.city, restored.location_disclosure) == ("Tbilisi", "city")
    assert list(restored.citations.all()) == cited and cited
    assert profile.status == "draft"
    assert profile.live_version.number == 2  # revert needs a publish to go live
    assert WorkflowEvent.objects.filter(profile=profile, action="revert", actor=editor).exists()


@pytest.mark.django_db
def test_contributor_cannot_revert(profile_with_timeline, contributor, editor):
    v1 = publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    with pytest.raises(PermissionDenied):
        revert_to_version(profile_with_timeline, actor=contributor, version=v1)
