"""E-mail notifications, one test per event, with Django's mail outbox: who gets what, only after
the action commits, and never someone who opted out."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from profiles.models import NotificationSettings, Profile
from profiles.workflow import (
    approve_and_publish,
    publish_due,
    record_edit,
    request_changes,
    schedule_publication,
    submit_for_review,
)
from profiles.workflow import publish as publishing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(contributor, editor, second_editor, administrator):
    return {"carol": contributor, "eve": editor, "frank": second_editor, "ada": administrator}


def sent() -> dict[str, mail.EmailMessage]:
    """The outbox by recipient, after the action's transaction committed."""
    return {message.to[0]: message for message in mail.outbox}


def opt_out(user, **flags) -> None:
    NotificationSettings.objects.update_or_create(user=user, defaults=flags)


def test_submitting_tells_every_editor_but_the_submitter(
    profile_with_timeline, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_review(profile_with_timeline, actor=newsroom["carol"], comment="Two new sources")
    by = sent()
    assert set(by) == {"eve@example.org", "frank@example.org", "ada@example.org"}  # not carol, a contributor
    message = by["eve@example.org"]
    assert message.subject == "[Exodus] For review: Andrei Loshak"
    assert "carol submitted “Andrei Loshak” for review." in message.body
    assert "Two new sources" in message.body
    assert f"http://127.0.0.1:8000/admin/profiles/profile/{profile_with_timeline.pk}/review/" in message.body
    assert message.from_email == "Exodus newsroom <newsroom@localhost>"


def test_an_editor_who_submits_is_not_told_of_their_own_submission(
    profile_with_timeline, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_review(profile_with_timeline, actor=newsroom["eve"])
    assert set(sent()) == {"frank@example.org", "ada@example.org"}


def test_requesting_changes_tells_the_authors_with_the_comment(
    profile_with_timeline, newsroom, django_capture_on_commit_callbacks
):
    record_edit(profile_with_timeline, actor=newsroom["carol"])
    submit_for_review(profile_with_timeline, actor=newsroom["carol"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(profile_with_timeline, actor=newsroom["eve"], comment="The date of departure needs a source.")
    by = sent()
    assert set(by) == {"carol@example.org"}
    assert by["carol@example.org"].subject == "[Exodus] Changes requested: Andrei Loshak"
    assert "The date of departure needs a source." in by["carol@example.org"].body
    assert "eve asked for changes" in by["carol@example.org"].body


def test_publishing_tells_the_authors_but_not_the_publisher(
    profile_with_timeline, newsroom, django_capture_on_commit_callbacks
):
    record_edit(profile_with_timeline, actor=newsroom["carol"])
    record_edit(profile_with_timeline, actor=newsroom["frank"])
    submit_for_review(profile_with_timeline, actor=newsroom["carol"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_and_publish(profile_with_timeline, actor=newsroom["eve"], change_note="First publication")
    by = sent()
    assert set(by) == {"carol@example.org", "frank@example.org"}
    assert by["carol@example.org"].subject == "[Exodus] Published: Andrei Loshak (version 1)"
    assert "Public change note: First publication" in by["carol@example.org"].body


def test_scheduling_tells_the_authors_when_it_will_go_live(
    profile_with_timeline, newsroom, django_capture_on_commit_callbacks
):
    submit_for_review(profile_with_timeline, actor=newsroom["carol"])
    mail.outbox.clear()
    at = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_publication(profile_with_timeline, actor=newsroom["eve"], publish_at=at, change_note="Embargo lifted")
    by = sent()
    assert set(by) == {"carol@example.org"}
    assert by["carol@example.org"].subject == "[Exodus] Scheduled: Andrei Loshak"
    assert f"{timezone.localtime(at):%H:%M}" in by["carol@example.org"].body


def test_a_scheduled_publication_tells_the_authors_once_it_is_published(
    profile_with_timeline, newsroom, django_capture_on_commit_callbacks
):
    submit_for_review(profile_with_timeline, actor=newsroom["carol"])
    at = timezone.now() + datetime.timedelta(minutes=5)
    schedule_publication(profile_with_timeline, actor=newsroom["eve"], publish_at=at, change_note="Embargo lifted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_due(now=at)
    by = sent()
    assert set(by) == {"carol@example.org"}
    assert "at its scheduled time" in by["carol@example.org"].body


def test_a_failed_scheduled_publication_tells_the_authors_and_the_scheduler_once(
    profile_with_timeline, newsroom, monkeypatch, django_capture_on_commit_callbacks
):
    submit_for_review(profile_with_timeline, actor=newsroom["carol"])
    at = timezone.now() + datetime.timedelta(minutes=5)
    schedule_publication(profile_with_timeline, actor=newsroom["eve"], publish_at=at, change_note="Embargo lifted")
    mail.outbox.clear()

    def broken(*args, **kwargs):
        raise RuntimeError("portrait file missing")

    monkeypatch.setattr(publishing, "project_profile", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_due(now=at) == []
    by = sent()
    assert set(by) == {"carol@example.org", "eve@example.org"}
    assert by["eve@example.org"].subject == "[Exodus] Scheduled publication failed: Andrei Loshak"
    assert "tried again every minute" in by["eve@example.org"].body
    assert (
        profile_with_timeline.workflow_events.filter(comment__startswith="The scheduled publication failed").count()
        == 1
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_due(now=at + datetime.timedelta(minutes=1))  # cron retries a minute later: no second e-mail
    assert mail.outbox == []
    assert Profile.objects.get().status == "scheduled"


def test_each_person_can_opt_out_of_each_e_mail(profile_with_timeline, newsroom, django_capture_on_commit_callbacks):
    opt_out(newsroom["eve"], submitted=False)
    opt_out(newsroom["carol"], changes_requested=False)
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_review(profile_with_timeline, actor=newsroom["carol"])
    assert "eve@example.org" not in sent() and "frank@example.org" in sent()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(profile_with_timeline, actor=newsroom["eve"], comment="More sources")
    assert mail.outbox == []


def test_nothing_is_sent_for_an_action_that_does_not_commit(profile_with_timeline, newsroom):
    from django.db import transaction

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            submit_for_review(profile_with_timeline, actor=newsroom["carol"])
            raise RuntimeError("rolled back")
    assert mail.outbox == []


def test_people_without_an_address_or_inactive_are_skipped(
    profile_with_timeline, newsroom, django_capture_on_commit_callbacks
):
    UserFactory(username="nomail", email="", role="Editor")
    gone = UserFactory(username="gone", role="Editor")
    gone.is_active = False
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_review(profile_with_timeline, actor=newsroom["carol"])
    assert set(sent()) == {"eve@example.org", "frank@example.org", "ada@example.org"}


def test_the_settings_page_saves_each_persons_own_choices(contributor, editor):
    client = Client()
    client.force_login(contributor)
    page = client.get("/admin/notifications/").content.decode()
    assert "carol@example.org" in page and "Review requests go to editors only" in page
    response = client.post("/admin/notifications/", {"published": "on", "scheduled": "on"})
    assert response.status_code == 302
    choices = NotificationSettings.objects.get(user=contributor)
    assert (choices.changes_requested, choices.published, choices.schedule_failed) == (False, True, False)
    assert not NotificationSettings.objects.filter(user=editor).exists()
    assert Client().get("/admin/notifications/").status_code == 302  # staff only
    assert "/admin/notifications/" in client.get("/admin/").content.decode()  # linked beside the user's name
