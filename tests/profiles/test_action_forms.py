"""Workflow actions on Django forms: errors shown beside their fields on the screen the form lives
on, refusals as the admin's own 403 page with a way back, withdraw and redact confirmed on a page
of their own, and the actions offered by role and by the four-eyes rule."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from profiles.admin.forms import PROFILE_ACTIONS
from profiles.models import Profile, ProfileVersion, PublicProfile
from profiles.workflow import publish_profile, record_edit, request_changes, submit_for_review
from sources.models import AggregateFigure
from tests import factories

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def action_url(profile, action: str) -> str:
    return f"/admin/profiles/profile/{profile.pk}/workflow/{action}/"


def review(user, profile) -> str:
    return client_for(user).get(f"/admin/profiles/profile/{profile.pk}/review/").content.decode()


@pytest.fixture
def submitted(profile_with_timeline, contributor):
    submit_for_review(profile_with_timeline, actor=contributor)
    return profile_with_timeline


def test_every_action_has_a_form_in_the_dispatch_table():
    assert set(PROFILE_ACTIONS) == {
        "submit",
        "request_changes",
        "publish",
        "schedule",
        "unschedule",
        "withdraw",
        "revert",
        "redact",
    }
    for action, form in PROFILE_ACTIONS.items():
        assert form.action == action and form.permissions and form.refusal


# Errors in place ---------------------------------------------------------------------------------


def test_a_missing_change_note_is_shown_beside_the_field_with_what_was_typed_kept(submitted, editor):
    response = client_for(editor).post(action_url(submitted, "publish"), {"change_note": "", "is_correction": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    publish_form = page.split('id="id_publish_change_note"')[0].rsplit("<fieldset", 1)[1]
    assert "A published version needs a public change note." in publish_form  # beside its field
    assert 'id="id_publish_is_correction" checked' in page  # the tick is kept
    assert "Review: " in page and "What publishing would change" in page  # on the review screen
    assert not PublicProfile.objects.exists()


def test_a_schedule_in_the_past_is_refused_on_its_field(submitted, editor):
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(editor).post(
        action_url(submitted, "schedule"), {"publish_at": past, "change_note": "Embargo lifted"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a publication time in the future." in page
    assert 'value="Embargo lifted"' in page
    assert Profile.objects.get().status == "in_review"


def test_a_state_error_is_shown_on_the_form_that_was_sent(profile_with_timeline, editor):
    response = client_for(editor).post(action_url(profile_with_timeline, "request_changes"), {"comment": "Fix it"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Cannot request changes: the profile is draft." in page
    assert "Fix it</textarea>" in page


def test_a_button_with_only_hidden_values_reports_its_error_as_a_message(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    response = client_for(editor).post(action_url(profile_with_timeline, "revert"), {"version": "7"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/profiles/profile/{profile_with_timeline.pk}/versions/"
    assert "this profile has no such version" in response.content.decode()


# Refusals in the admin's layout ----------------------------------------------------------------


def test_a_refusal_is_the_admins_403_page_with_the_reason_and_a_way_back(submitted, contributor):
    client = client_for(contributor)
    back = f"http://testserver/admin/profiles/profile/{submitted.pk}/review/"
    response = client.post(action_url(submitted, "publish"), {"change_note": "x"}, HTTP_REFERER=back)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only editors can approve profiles." in page
    assert "Nothing was changed." in page
    assert "Exodus newsroom" in page and 'id="user-tools"' in page  # inside the admin's layout
    assert f'href="{back}"' in page and ">Go back</a>" in page
    assert response["Content-Type"].startswith("text/html")


def test_a_way_back_never_leaves_the_site(submitted, contributor):
    response = client_for(contributor).post(
        action_url(submitted, "publish"), {"change_note": "x"}, HTTP_REFERER="https://evil.example/"
    )
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()
    assert 'href="/admin/"' in response.content.decode()


def test_a_role_is_refused_whatever_it_posts(submitted, contributor):
    # Even an invalid form: the role is checked before the form is read.
    response = client_for(contributor).post(action_url(submitted, "redact"), {})
    assert response.status_code == 403 and "Only editors can redact profiles." in response.content.decode()


def test_the_four_eyes_rule_refuses_a_hand_made_approval_in_the_admins_layout(profile_with_timeline, editor):
    record_edit(profile_with_timeline, actor=editor)
    submit_for_review(profile_with_timeline, actor=editor)
    response = client_for(editor).post(action_url(profile_with_timeline, "publish"), {"change_note": "Mine"})
    assert response.status_code == 403
    assert "another editor must approve it" in response.content.decode()
    assert 'id="user-tools"' in response.content.decode()
    assert not PublicProfile.objects.exists()


def test_a_staff_user_without_a_role_gets_the_admins_403_page(profile_with_timeline):
    nobody = factories.UserFactory(username="norole")
    response = client_for(nobody).get(f"/admin/profiles/profile/{profile_with_timeline.pk}/review/")
    assert response.status_code == 403
    assert "Your role does not allow this." in response.content.decode()


def test_403_outside_the_admin_stays_djangos_own(rf):
    from django.core.exceptions import PermissionDenied

    from profiles.admin.errors import permission_denied

    response = permission_denied(rf.get("/profiles/"), PermissionDenied("no"))
    assert response.status_code == 403 and b"user-tools" not in response.content


# What each person is offered --------------------------------------------------------------------


def test_an_author_is_not_offered_approve_and_is_told_who_may(profile_with_timeline, editor, second_editor):
    record_edit(profile_with_timeline, actor=editor)
    submit_for_review(profile_with_timeline, actor=editor)
    page = review(editor, profile_with_timeline)
    assert "/workflow/publish/" not in page and "/workflow/schedule/" not in page
    assert "so another editor must approve it" in page
    assert "Who may approve: frank." in page  # not eve herself
    assert "/workflow/request_changes/" in page  # she may still send it back
    page = review(second_editor, profile_with_timeline)
    assert "/workflow/publish/" in page and "must approve it" not in page


def test_an_administrator_author_may_approve_with_an_override_reason(profile_with_timeline, administrator, editor):
    record_edit(profile_with_timeline, actor=administrator)
    submit_for_review(profile_with_timeline, actor=administrator)
    page = review(administrator, profile_with_timeline)
    assert "/workflow/publish/" in page and 'name="override_reason"' in page
    assert "as an administrator you may approve it yourself with a recorded override reason" in page


def test_a_contributor_who_submitted_sees_waiting_for_an_editor_and_no_publish_button(submitted, contributor):
    page = review(contributor, submitted)
    actions = page.split("<h2>Actions</h2>", 1)[1].split("<h2>History</h2>", 1)[0]
    assert "Waiting for an editor" in actions
    assert "<form" not in actions
    assert "publish" not in actions.lower()
    change = client_for(contributor).get(f"/admin/profiles/profile/{submitted.pk}/change/").content.decode()
    assert "Review &amp; submit" in change and "Review &amp; publish" not in change


def test_withdraw_is_confirmed_on_a_page_of_its_own(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    client = client_for(editor)
    assert f'href="{action_url(profile_with_timeline, "withdraw")}"' in review(editor, profile_with_timeline)
    page = client.get(action_url(profile_with_timeline, "withdraw"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Are you sure you want to withdraw" in text and 'value="Yes, withdraw"' in text
    assert "No, take me back to the review" in text
    assert PublicProfile.objects.exists()  # looking at the page changes nothing
    response = client.post(action_url(profile_with_timeline, "withdraw"), {"reason": ""})
    assert response.status_code == 400
    assert "Say why the profile is withdrawn" in response.content.decode()
    assert "Are you sure you want to withdraw" in response.content.decode()  # still the confirmation page
    assert PublicProfile.objects.exists()


def test_redact_is_chosen_on_the_review_and_confirmed_on_a_page_of_its_own(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    entry = profile_with_timeline.timeline.get()
    client = client_for(editor)
    assert 'method="get" action="' + action_url(profile_with_timeline, "redact") in review(
        editor, profile_with_timeline
    )
    page = client.get(action_url(profile_with_timeline, "redact"), {"entry": entry.pk, "disclosure": "country"})
    text = page.content.decode()
    assert page.status_code == 200 and "Are you sure you want to redact" in text
    assert "Every stored version (1)" in text and f'<option value="{entry.pk}" selected>' in text
    assert ProfileVersion.objects.filter(redacted_at__isnull=False).count() == 0
    response = client.post(
        action_url(profile_with_timeline, "redact"), {"entry": entry.pk, "disclosure": "country", "reason": "Safety"}
    )
    assert response.status_code == 302
    assert ProfileVersion.objects.get().redacted_at is not None


def test_other_actions_are_never_done_by_a_get(submitted, editor):
    for action in ("publish", "submit", "request_changes", "schedule", "unschedule", "revert"):
        assert client_for(editor).get(action_url(submitted, action)).status_code == 405
    assert Profile.objects.get().status == "in_review"


def test_the_reviewers_comment_is_at_the_top_of_the_edit_form_and_on_the_authors_dashboard(
    submitted, contributor, editor
):
    request_changes(submitted, actor=editor, comment="Cite a second source for the date")
    change = client_for(contributor).get(f"/admin/profiles/profile/{submitted.pk}/change/").content.decode()
    top = change.split('id="profile_form"', 1)[1].split('name="display_name"', 1)[0]
    assert "Changes requested by eve" in top and "Cite a second source for the date" in top
    dashboard = client_for(contributor).get("/admin/profiles/profile/dashboard/").content.decode()
    assert "eve: “Cite a second source for the date”" in dashboard


def test_the_similar_name_warning_links_the_existing_profile_with_a_different_person_box(admin_client):
    existing = factories.ProfileFactory(display_name="Lyudmila Ulitskaya")
    from tests.test_helpers import profile_form

    page = admin_client.post("/admin/profiles/profile/add/", profile_form("Ludmila Ulitska")).content.decode()
    box = page.split('class="module similar-names"', 1)[1].split("</div>\n", 2)
    box = "".join(box[:2])
    assert f'href="/admin/profiles/profile/{existing.pk}/change/"' in box
    assert 'name="confirm_not_duplicate"' in box and "This is a different person or group" in box
    assert page.count('name="confirm_not_duplicate"') == 1  # beside the warning, not again below


# Shared objects -----------------------------------------------------------------------------------


def test_publishing_a_shared_change_needs_the_role_and_shows_errors_on_its_own_page(contributor, editor):
    excerpt = factories.ExcerptFactory(text="This sentence is not in the source.")  # unverified
    url = f"/admin/sources/excerpt/{excerpt.pk}/publish/"
    response = client_for(contributor).post(url)
    assert response.status_code == 403 and 'id="user-tools"' in response.content.decode()
    response = client_for(editor).post(url, {"unverified_reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "give a reason, or correct it" in page and 'name="unverified_reason"' in page
    excerpt.refresh_from_db()
    assert excerpt.approved is None


def test_the_author_of_a_shared_change_is_told_who_publishes_it(editor, second_editor):
    source = factories.SourceFactory()
    source.pending_authors.add(editor)
    page = client_for(editor).get(f"/admin/sources/source/{source.pk}/change/").content.decode()
    assert "You made this change, so another editor publishes it" in page and "frank" in page
    assert 'value="Publish these changes"' not in page
    page = client_for(second_editor).get(f"/admin/sources/source/{source.pk}/change/").content.decode()
    assert 'value="Publish these changes"' in page


def test_withdrawing_a_figure_is_confirmed_on_its_own_page(editor):
    figure = factories.published_figure(dataset="Survey", label="Georgia", value=10, unit="percent")
    client = client_for(editor)
    url = f"/admin/sources/aggregatefigure/{figure.pk}/withdraw/"
    assert "Are you sure you want to withdraw" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    assert AggregateFigure.objects.get().is_published
    assert client.post(url, {"reason": "Retracted"}).status_code == 302
    assert not AggregateFigure.objects.get().is_published
