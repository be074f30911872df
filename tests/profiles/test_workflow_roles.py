"""Each role walks the lifecycle it may, and is refused what it may not (on the server, with reasons)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from profiles.models import ChangeEvent, Profile, PublicProfile, WorkflowEvent
from profiles.workflow import (
    WorkflowError,
    approve_and_publish,
    cancel_schedule,
    publish_due,
    publish_profile,
    record_edit,
    redact,
    revert_to_version,
    schedule_publication,
    submit_for_review,
    withdraw_profile,
)


def soon():
    return timezone.now() + datetime.timedelta(hours=1)


def trail(profile) -> list[tuple]:
    return list(
        profile.workflow_events.order_by("pk").values_list("action", "actor__username", "from_status", "to_status")
    )


@pytest.mark.django_db
def test_editor_drafts_submits_and_another_editor_publishes_then_edits_and_withdraws(
    profile_with_timeline, editor, second_editor
):
    profile = profile_with_timeline
    record_edit(profile, actor=editor)
    submit_for_review(profile, actor=editor)
    v1 = approve_and_publish(profile, actor=second_editor, change_note="First publication")
    record_edit(profile, actor=second_editor)  # an edit of the published profile
    assert profile.status == "draft" and PublicProfile.objects.get().version == v1
    submit_for_review(profile, actor=second_editor)
    v2 = approve_and_publish(profile, actor=editor, change_note="Added a statement")
    withdraw_profile(profile, actor=second_editor, reason="The person asked us to")
    assert (v1.number, v2.number, profile.status) == (1, 2, "withdrawn")
    assert trail(profile) == [
        ("submit", "eve", "draft", "in_review"),
        ("approve", "frank", "in_review", "in_review"),
        ("publish", "frank", "in_review", "published"),
        ("edit", "frank", "published", "draft"),
        ("submit", "frank", "draft", "in_review"),
        ("approve", "eve", "in_review", "in_review"),
        ("publish", "eve", "in_review", "published"),
        ("withdraw", "frank", "published", "withdrawn"),
    ]
    assert list(ChangeEvent.objects.values_list("action", flat=True)) == ["published", "published", "withdrawn"]


@pytest.mark.django_db
def test_administrator_can_take_every_action(profile_with_timeline, administrator, contributor):
    profile = profile_with_timeline
    submit_for_review(profile, actor=contributor)
    schedule_publication(profile, actor=administrator, publish_at=soon(), change_note="Embargo lifted")
    cancel_schedule(profile, actor=administrator)
    v1 = approve_and_publish(profile, actor=administrator, change_note="First publication")
    entry = profile.timeline.get()
    redact(profile, actor=administrator, entry_id=entry.pk, disclosure="country", reason="Safety")
    revert_to_version(profile, actor=administrator, version=v1)
    withdraw_profile(profile, actor=administrator, reason="Safety")
    actions = [a for a, *_ in trail(profile)]
    assert actions == ["submit", "schedule", "unschedule", "approve", "publish", "redact", "revert", "withdraw"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "attempt",
    [
        lambda p, u: schedule_publication(p, actor=u, publish_at=soon(), change_note="x"),
        lambda p, u: redact(p, actor=u, entry_id=p.timeline.get().pk, disclosure="country", reason="x"),
    ],
    ids=["schedule", "redact"],
)
def test_contributor_cannot_schedule_or_redact(profile_with_timeline, contributor, attempt):
    submit_for_review(profile_with_timeline, actor=contributor)
    with pytest.raises(PermissionDenied):
        attempt(profile_with_timeline, contributor)
    profile = Profile.objects.get()
    assert (profile.status, profile.scheduled_for, profile.timeline.get().location_disclosure) == (
        "in_review",
        None,
        "city",
    )


@pytest.mark.django_db
def test_contributor_cannot_cancel_a_schedule(profile_with_timeline, contributor, editor):
    submit_for_review(profile_with_timeline, actor=contributor)
    schedule_publication(profile_with_timeline, actor=editor, publish_at=soon(), change_note="Embargo lifted")
    with pytest.raises(PermissionDenied):
        cancel_schedule(profile_with_timeline, actor=contributor)
    response = _post(contributor, profile_with_timeline, "unschedule")
    assert response.status_code == 403
    assert Profile.objects.get().status == "scheduled"


def _post(user, profile, action, data=None):
    client = Client()
    client.force_login(user)
    return client.post(f"/admin/profiles/profile/{profile.pk}/workflow/{action}/", data or {})


@pytest.mark.django_db
def test_contributor_posting_to_publish_a_profile_never_submitted_gets_403(profile_with_timeline, contributor):
    response = _post(contributor, profile_with_timeline, "publish", {"change_note": "Sneaky"})
    assert response.status_code == 403
    assert b"Only editors can approve profiles." in response.content
    assert not PublicProfile.objects.exists() and not WorkflowEvent.objects.exists()


@pytest.mark.django_db
def test_four_eyes_applies_to_scheduling_too(profile_with_timeline, editor, second_editor):
    record_edit(profile_with_timeline, actor=editor)
    submit_for_review(profile_with_timeline, actor=editor)
    with pytest.raises(PermissionDenied, match="another editor"):
        schedule_publication(profile_with_timeline, actor=editor, publish_at=soon(), change_note="x")
    due = soon()
    schedule_publication(profile_with_timeline, actor=second_editor, publish_at=due, change_note="Embargo lifted")
    assert [v.published_by for v in publish_due(now=due)] == [None]  # the system publishes when due


@pytest.mark.django_db
def test_four_eyes_override_through_the_admin_is_recorded(profile_with_timeline, administrator):
    record_edit(profile_with_timeline, actor=administrator)
    submit_for_review(profile_with_timeline, actor=administrator)
    response = _post(administrator, profile_with_timeline, "publish", {"change_note": "v1"})
    assert response.status_code == 403 and b"another editor must approve" in response.content
    response = _post(
        administrator, profile_with_timeline, "publish", {"change_note": "v1", "override_reason": "Alone tonight"}
    )
    assert response.status_code == 302
    assert WorkflowEvent.objects.get(action="approve").override_reason == "Alone tonight"


@pytest.mark.django_db
def test_change_note_must_fit_the_public_column(profile_with_timeline, contributor, editor):
    submit_for_review(profile_with_timeline, actor=contributor)
    with pytest.raises(WorkflowError, match="300 characters"):
        approve_and_publish(profile_with_timeline, actor=editor, change_note="x" * 301)
    assert Profile.objects.get().status == "in_review"


@pytest.mark.django_db
def test_system_actor_may_publish_without_a_user(profile_with_timeline):
    version = publish_profile(profile_with_timeline, actor=None, change_note="Loaded from the corpus")
    assert version.published_by is None and WorkflowEvent.objects.get(action="publish").actor is None


@pytest.mark.django_db
def test_a_published_profile_is_withdrawn_not_deleted(profile_with_timeline, editor):
    client = Client()
    client.force_login(editor)
    url = f"/admin/profiles/profile/{profile_with_timeline.pk}/delete/"
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert PublicProfile.objects.exists() and ChangeEvent.objects.exists()
    changelist = client.get("/admin/profiles/profile/").content.decode()
    assert "delete_selected" not in changelist


@pytest.mark.django_db
def test_a_never_published_draft_can_be_deleted(profile_with_timeline, editor):
    client = Client()
    client.force_login(editor)
    response = client.post(f"/admin/profiles/profile/{profile_with_timeline.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Profile.objects.exists()
