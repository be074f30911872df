"""publish_scheduled from cron: what it records, and what happens when one profile cannot be published."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from profiles.models import ChangeEvent, Profile, PublicProfile, WorkflowEvent
from profiles.workflow import publish as publishing
from profiles.workflow import publish_due, record_edit, schedule_publication, submit_for_review
from tests.factories import ProfileFactory

NOW = timezone.now()


def scheduled_profile(name, contributor, editor, *, minutes_ago=1):
    profile = ProfileFactory(display_name=name)
    submit_for_review(profile, actor=contributor)
    schedule_publication(
        profile,
        actor=editor,
        publish_at=NOW + datetime.timedelta(minutes=5),
        change_note=f"Embargo on {name} lifted",
        is_correction=True,
        now=NOW,
    )
    Profile.objects.filter(pk=profile.pk).update(scheduled_for=NOW - datetime.timedelta(minutes=minutes_ago))
    return profile


@pytest.mark.django_db
def test_scheduled_publication_keeps_note_and_correction_and_is_recorded_as_the_system(contributor, editor):
    profile = scheduled_profile("Embargoed Person", contributor, editor)
    [version] = publish_due(now=NOW)
    assert (version.change_note, version.is_correction, version.published_by) == (
        "Embargo on Embargoed Person lifted",
        True,
        None,
    )
    event = WorkflowEvent.objects.get(profile=profile, action="publish")
    assert (event.actor, event.from_status, event.to_status) == (None, "scheduled", "published")
    assert ChangeEvent.objects.get(profile=profile).action == "published"
    assert Profile.objects.get(pk=profile.pk).scheduled_for is None


@pytest.mark.django_db
def test_one_failing_profile_does_not_hold_back_the_others(contributor, editor, monkeypatch, caplog):
    broken = scheduled_profile("Broken Person", contributor, editor, minutes_ago=2)
    fine = scheduled_profile("Fine Person", contributor, editor)
    original = publishing.project_profile

    def build(profile, **kwargs):
        if profile.pk == broken.pk:
            raise RuntimeError("portrait file missing")
        return original(profile, **kwargs)

    monkeypatch.setattr(publishing, "project_profile", build)
    failed = []
    versions = publish_due(now=NOW, failed=failed)
    assert [v.profile_id for v in versions] == [fine.pk] and failed == [broken.pk]
    assert "Scheduled publication of profile" in caplog.text
    broken.refresh_from_db()
    assert (broken.status, broken.scheduled_for is not None) == ("scheduled", True)  # retried next run
    assert list(PublicProfile.objects.values_list("display_name", flat=True)) == ["Fine Person"]
    with pytest.raises(CommandError, match="broken-person"):
        call_command("publish_scheduled")
    monkeypatch.setattr(publishing, "project_profile", original)
    call_command("publish_scheduled")  # fixed: the next run publishes it
    assert PublicProfile.objects.count() == 2


@pytest.mark.django_db
def test_a_profile_edited_after_scheduling_is_not_published(contributor, editor):
    profile = scheduled_profile("Edited Person", contributor, editor)
    record_edit(profile, actor=contributor)
    assert publish_due(now=NOW) == []
    assert Profile.objects.get(pk=profile.pk).status == "draft"
    assert not PublicProfile.objects.exists()
