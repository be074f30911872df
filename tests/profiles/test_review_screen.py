"""The review screen: the cumulative diff against the live version and the actions a role may take."""

import pytest
from django.test import Client

from profiles.models import Profile, PublicProfile
from profiles.workflow import publish_profile, record_edit, request_changes, submit_for_review
from tests.factories import ExcerptFactory, UserFactory, cite


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review_url(profile) -> str:
    return f"/admin/profiles/profile/{profile.pk}/review/"


@pytest.mark.django_db
def test_review_shows_a_cumulative_diff_over_several_edits(profile_with_timeline, editor, contributor):
    profile = profile_with_timeline
    publish_profile(profile, actor=editor, change_note="v1")
    entry = profile.timeline.get()
    old_excerpt = entry.citations.get()
    profile.description = "First edit"
    profile.save()
    record_edit(profile, actor=contributor)
    profile.description = "Second edit"
    profile.save()
    entry.citation_links.all().delete()
    cite(entry, ExcerptFactory(text="A newer account of the same flight."))
    entry.location_disclosure = "country"
    entry.save()
    record_edit(profile, actor=contributor)
    page = client_for(editor).get(review_url(profile)).content.decode()
    assert "<del>Investigative journalist</del>" in page and "<ins>Second edit</ins>" in page
    assert "First edit" not in page  # one diff against the live version, not a list of edits
    assert "Timeline entry changed: Left Russia, 4 March 2022" in page
    assert "<del>Tbilisi, Georgia</del>" in page and "<ins>Georgia</ins>" in page
    assert "+ Citation added: “A newer account of the same flight.”" in page
    assert f"− Citation removed: “{old_excerpt.text[:90]}" in page


@pytest.mark.django_db
def test_a_never_published_profile_is_diffed_against_nothing(profile_with_timeline, editor):
    page = client_for(editor).get(review_url(profile_with_timeline)).content.decode()
    assert "Not public yet." in page and "Timeline entry added: Left Russia" in page


@pytest.mark.django_db
def test_user_text_is_escaped_on_the_review_screen(profile_with_timeline, editor, contributor):
    profile_with_timeline.description = "<script>alert(1)</script>"
    profile_with_timeline.save()
    submit_for_review(profile_with_timeline, actor=contributor, comment="<b>bold</b>")
    page = client_for(editor).get(review_url(profile_with_timeline)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


@pytest.mark.django_db
def test_contributor_sees_submit_but_no_editor_actions(profile_with_timeline, contributor):
    page = client_for(contributor).get(review_url(profile_with_timeline)).content.decode()
    assert "/workflow/submit/" in page
    for action in ["publish", "request_changes", "schedule", "withdraw", "redact"]:
        assert f"/workflow/{action}/" not in page


@pytest.mark.django_db
def test_editor_sees_review_actions_once_submitted(profile_with_timeline, contributor, editor):
    submit_for_review(profile_with_timeline, actor=contributor, comment="Ready for a look")
    page = client_for(editor).get(review_url(profile_with_timeline)).content.decode()
    for action in ["publish", "request_changes", "schedule", "redact"]:
        assert f"/workflow/{action}/" in page
    assert "/workflow/submit/" not in page and "Ready for a look" in page
    assert 'name="override_reason"' not in page  # only administrators may override four eyes


@pytest.mark.django_db
def test_review_screen_needs_login_a_role_and_an_existing_profile(profile_with_timeline, editor):
    response = Client().get(review_url(profile_with_timeline))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client_for(UserFactory(username="norole")).get(review_url(profile_with_timeline)).status_code == 403
    assert client_for(editor).get("/admin/profiles/profile/999999/review/").status_code == 404


@pytest.mark.django_db
def test_staff_without_a_role_cannot_post_workflow_actions(profile_with_timeline):
    nobody = UserFactory(username="norole")
    response = client_for(nobody).post(f"/admin/profiles/profile/{profile_with_timeline.pk}/workflow/submit/")
    assert response.status_code == 403
    assert Profile.objects.get().status == "draft"


@pytest.mark.django_db
def test_request_changes_and_resubmit_through_the_admin(profile_with_timeline, contributor, editor):
    profile = profile_with_timeline
    submit_for_review(profile, actor=contributor)
    editor_client = client_for(editor)
    url = f"/admin/profiles/profile/{profile.pk}/workflow/request_changes/"
    response = editor_client.post(url, {"comment": ""}, follow=True)
    assert "a comment is required" in response.content.decode()
    response = editor_client.post(url, {"comment": "Cite a second source"}, follow=True)
    assert "Changes requested." in response.content.decode()
    assert Profile.objects.get().status == "changes_requested"
    response = client_for(contributor).post(f"/admin/profiles/profile/{profile.pk}/workflow/submit/", follow=True)
    assert "Submitted for review." in response.content.decode()
    assert Profile.objects.get().status == "in_review"


@pytest.mark.django_db
def test_a_state_that_does_not_allow_the_action_is_explained(profile_with_timeline, editor):
    response = client_for(editor).post(
        f"/admin/profiles/profile/{profile_with_timeline.pk}/workflow/request_changes/",
        {"comment": "x"},
        follow=True,
    )
    assert "Cannot request changes: the profile is draft." in response.content.decode()
    response = client_for(editor).post(
        f"/admin/profiles/profile/{profile_with_timeline.pk}/workflow/frobnicate/", follow=True
    )
    assert "Unknown action" in response.content.decode()


@pytest.mark.django_db
def test_withdraw_through_the_admin(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    url = f"/admin/profiles/profile/{profile_with_timeline.pk}/workflow/withdraw/"
    response = client_for(editor).post(url, {"reason": "Asked by the person"}, follow=True)
    assert "Withdrawn from the public site and API." in response.content.decode()
    assert not PublicProfile.objects.exists()


@pytest.mark.django_db
def test_redirect_after_an_action_stays_on_this_site(profile_with_timeline, contributor):
    response = client_for(contributor).post(
        f"/admin/profiles/profile/{profile_with_timeline.pk}/workflow/submit/", {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/profiles/profile/{profile_with_timeline.pk}/review/"


@pytest.mark.django_db
def test_review_comments_and_change_requests_are_shown_in_the_history(profile_with_timeline, contributor, editor):
    submit_for_review(profile_with_timeline, actor=contributor)
    request_changes(profile_with_timeline, actor=editor, comment="Check the date of departure")
    page = client_for(contributor).get(review_url(profile_with_timeline)).content.decode()
    assert "Check the date of departure" in page and "Changes requested" in page
