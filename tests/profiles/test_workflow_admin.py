import pytest
from django.test import Client

from profiles.models import Profile, PublicProfile
from profiles.workflow import publish_profile, record_edit, submit_for_review
from tests.factories import ExcerptFactory, TimelineEntryFactory, cite
from tests.test_helpers import profile_form


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def workflow_url(profile, action):
    return f"/admin/profiles/profile/{profile.pk}/workflow/{action}/"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "request_changes", "withdraw", "revert", "redact", "schedule"])
def test_contributor_posting_to_editor_urls_gets_403_and_nothing_changes(
    profile_with_timeline, contributor, editor, action
):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    record_edit(profile_with_timeline, actor=contributor)
    submit_for_review(profile_with_timeline, actor=contributor)
    data = {
        "change_note": "Sneaky",
        "comment": "x",
        "reason": "x",
        "version": "1",
        "entry": str(profile_with_timeline.timeline.get().pk),
        "disclosure": "country",
        "publish_at": "2099-01-01T10:00",
    }
    response = client_for(contributor).post(workflow_url(profile_with_timeline, action), data)
    assert response.status_code == 403
    profile_with_timeline.refresh_from_db()
    assert profile_with_timeline.status == "in_review"
    assert profile_with_timeline.versions.count() == 1
    assert profile_with_timeline.timeline.get().location_disclosure == "city"


@pytest.mark.django_db
def test_anonymous_cannot_reach_workflow_urls(profile_with_timeline):
    response = Client().post(workflow_url(profile_with_timeline, "publish"), {"change_note": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not PublicProfile.objects.exists()


@pytest.mark.django_db
def test_workflow_urls_refuse_get(profile_with_timeline, editor):
    assert client_for(editor).get(workflow_url(profile_with_timeline, "publish")).status_code == 405


@pytest.mark.django_db
def test_contributor_submits_and_editor_publishes_through_the_admin(profile_with_timeline, contributor, editor):
    response = client_for(contributor).post(workflow_url(profile_with_timeline, "submit"), {"comment": "Please check"})
    assert response.status_code == 302
    response = client_for(editor).post(
        workflow_url(profile_with_timeline, "publish"), {"change_note": "First publication"}, follow=True
    )
    assert "Published as version 1." in response.content.decode()
    assert PublicProfile.objects.get().version.change_note == "First publication"


@pytest.mark.django_db
def test_missing_change_note_is_reported_and_nothing_is_published(profile_with_timeline, contributor, editor):
    submit_for_review(profile_with_timeline, actor=contributor)
    response = client_for(editor).post(workflow_url(profile_with_timeline, "publish"), {"change_note": ""}, follow=True)
    assert "needs a public change note" in response.content.decode()
    assert not PublicProfile.objects.exists()


@pytest.mark.django_db
def test_bad_schedule_time_is_reported(profile_with_timeline, contributor, editor):
    submit_for_review(profile_with_timeline, actor=contributor)
    response = client_for(editor).post(
        workflow_url(profile_with_timeline, "schedule"), {"publish_at": "tomorrow", "change_note": "x"}, follow=True
    )
    assert "YYYY-MM-DD HH:MM" in response.content.decode()
    assert Profile.objects.get().status == "in_review"


@pytest.mark.django_db
def test_review_screen_shows_fields_entries_and_citations_that_would_change(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    profile_with_timeline.description = "Journalist, formerly of Echo of Moscow"
    profile_with_timeline.save()
    entry = TimelineEntryFactory(profile=profile_with_timeline, kind="wanted", country="", city="", text="Wanted list.")
    cite(entry, ExcerptFactory(text="Writer Ludmila Ulitska is giving interviews from her apartment in Berlin."))
    page = client_for(editor).get(f"/admin/profiles/profile/{profile_with_timeline.pk}/review/").content.decode()
    assert "Journalist, formerly of Echo of Moscow" in page
    assert "Timeline entry added" in page
    assert "Citation added: “Writer Ludmila Ulitska" in page


@pytest.mark.django_db
def test_version_history_compares_two_versions_and_reverts(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    profile_with_timeline.description = "Changed in v2"
    profile_with_timeline.save()
    publish_profile(profile_with_timeline, actor=editor, change_note="v2")
    client = client_for(editor)
    page = client.get(f"/admin/profiles/profile/{profile_with_timeline.pk}/versions/?a=1&b=2").content.decode()
    assert "From v1 to v2" in page and "Changed in v2" in page
    response = client.post(workflow_url(profile_with_timeline, "revert"), {"version": "1"})
    assert response.status_code == 302
    profile_with_timeline.refresh_from_db()
    assert profile_with_timeline.description == "Investigative journalist"
    assert profile_with_timeline.status == "draft"


@pytest.mark.django_db
def test_dashboard_lists_work_by_state(profile_with_timeline, contributor, editor):
    record_edit(profile_with_timeline, actor=contributor)
    page = client_for(contributor).get("/admin/profiles/profile/dashboard/").content.decode()
    assert "My drafts" in page and "Andrei Loshak" in page
    submit_for_review(profile_with_timeline, actor=contributor)
    page = client_for(editor).get("/admin/profiles/profile/dashboard/").content.decode()
    awaiting = page.split("Awaiting review")[1].split("Changes requested")[0]
    assert "Andrei Loshak" in awaiting


@pytest.mark.django_db
def test_second_save_of_a_stale_form_is_refused_naming_who_changed_it(profile_with_timeline, editor, second_editor):
    profile = profile_with_timeline
    loaded = profile.revision
    url = f"/admin/profiles/profile/{profile.pk}/change/"
    entry = profile.timeline.get()
    inline = {
        "timeline-TOTAL_FORMS": "1",
        "timeline-INITIAL_FORMS": "1",
        "timeline-0-id": str(entry.pk),
        "timeline-0-profile": str(profile.pk),
        "timeline-0-kind": entry.kind,
        "timeline-0-date": "2022-03-04",
        "timeline-0-date_precision": "day",
        "timeline-0-country": "GE",
        "timeline-0-city": "Tbilisi",
        "timeline-0-location_disclosure": "city",
        "timeline-0-text": entry.text,
        "timeline-0-cited_excerpts": [str(e.pk) for e in entry.citations.all()],
    }
    first = client_for(editor).post(
        url, profile_form("Andrei Loshak", slug=profile.slug, description="Edit one", loaded_revision=loaded, **inline)
    )
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client_for(second_editor).post(
        url, profile_form("Andrei Loshak", slug=profile.slug, description="Edit two", loaded_revision=loaded, **inline)
    )
    assert second.status_code == 200
    assert "eve changed this profile on" in second.content.decode()
    profile.refresh_from_db()
    assert profile.description == "Edit one"
    assert profile.updated_by == editor
