"""Two people editing the same profile: the second save is refused, nothing the first saved is lost."""

import threading

import pytest
from django.db import connection
from django.test import Client

from profiles.admin.profiles import ProfileForm
from profiles.models import Profile, PublicProfile, WorkflowEvent
from profiles.workflow import publish_profile, record_edit, submit_for_review
from tests.test_helpers import profile_form


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(profile) -> str:
    return f"/admin/profiles/profile/{profile.pk}/change/"


def form_data(profile, *, loaded, description="Investigative journalist", entry_text=None) -> dict:
    """The change form as the browser posts it, with the profile's one timeline entry inline."""
    entry = profile.timeline.get()
    return profile_form(
        profile.display_name,
        slug=profile.slug,
        description=description,
        biography=profile.biography,
        editorial_notes=profile.editorial_notes,
        loaded_revision=loaded,
        **{
            "timeline-TOTAL_FORMS": "1",
            "timeline-INITIAL_FORMS": "1",
            "timeline-0-id": str(entry.pk),
            "timeline-0-profile": str(profile.pk),
            "timeline-0-kind": entry.kind,
            "timeline-0-date": entry.date.isoformat(),
            "timeline-0-date_precision": entry.date_precision,
            "timeline-0-country": str(entry.country),
            "timeline-0-city": entry.city,
            "timeline-0-location_disclosure": entry.location_disclosure,
            "timeline-0-text": entry_text or entry.text,
            "timeline-0-sort_order": str(entry.sort_order),
            "timeline-0-attribution": entry.attribution,
            "timeline-0-cited_excerpts": [str(pk) for pk in entry.citations.values_list("pk", flat=True)],
        },
    )


@pytest.mark.django_db
def test_the_change_form_carries_the_revision_it_was_opened_at(profile_with_timeline, editor):
    record_edit(profile_with_timeline, actor=editor)  # revision 2
    page = client_for(editor).get(change_url(profile_with_timeline)).content.decode()
    assert '<input type="hidden" name="loaded_revision" value="2"' in page


@pytest.mark.django_db
def test_a_stale_timeline_only_edit_is_refused_and_the_first_edit_kept(profile_with_timeline, editor, second_editor):
    profile = profile_with_timeline
    loaded = profile.revision
    first = client_for(editor).post(change_url(profile), form_data(profile, loaded=loaded, entry_text="Flew out."))
    assert first.status_code == 302
    second = client_for(second_editor).post(
        change_url(profile), form_data(profile, loaded=loaded, entry_text="Took the train.")
    )
    assert second.status_code == 200
    assert "eve changed this profile on" in second.content.decode()
    assert profile.timeline.get().text == "Flew out."


@pytest.mark.django_db
def test_a_form_without_its_revision_is_refused(profile_with_timeline, editor):
    data = form_data(profile_with_timeline, loaded="", description="No revision sent")
    response = client_for(editor).post(change_url(profile_with_timeline), data)
    assert response.status_code == 200
    assert "changed this profile on" in response.content.decode()
    assert Profile.objects.get().description == "Investigative journalist"


@pytest.mark.django_db
def test_a_timeline_edit_is_an_edit_of_the_profile_and_stays_private(profile_with_timeline, editor, contributor):
    profile = profile_with_timeline
    publish_profile(profile, actor=editor, change_note="v1")
    profile.refresh_from_db()
    loaded = profile.revision
    response = client_for(contributor).post(
        change_url(profile), form_data(profile, loaded=loaded, entry_text="PENDING: moved on to Yerevan.")
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.revision == loaded + 1
    assert profile.status == "draft" and profile.updated_by == contributor
    assert list(profile.pending_authors.all()) == [contributor]
    assert WorkflowEvent.objects.filter(profile=profile, action="edit", actor=contributor).exists()
    public = PublicProfile.objects.get(profile=profile)
    assert public.version.number == 1 and "PENDING" not in str(public.version.snapshot)


@pytest.mark.django_db
def test_saving_an_unchanged_form_is_not_an_edit(profile_with_timeline, editor):
    publish_profile(profile_with_timeline, actor=editor, change_note="v1")
    profile_with_timeline.refresh_from_db()
    loaded = profile_with_timeline.revision
    response = client_for(editor).post(
        change_url(profile_with_timeline), form_data(profile_with_timeline, loaded=loaded)
    )
    assert response.status_code == 302
    profile_with_timeline.refresh_from_db()
    assert (profile_with_timeline.revision, profile_with_timeline.status) == (loaded, "published")


@pytest.mark.django_db
def test_approving_a_review_that_changed_since_it_was_opened_is_refused(
    profile_with_timeline, contributor, editor, second_editor
):
    profile = profile_with_timeline
    submit_for_review(profile, actor=contributor)
    seen = Profile.objects.get(pk=profile.pk).revision
    review = client_for(editor).get(f"/admin/profiles/profile/{profile.pk}/review/").content.decode()
    assert f'name="revision" value="{seen}"' in review
    record_edit(profile, actor=second_editor)  # someone edits while the reviewer reads the diff
    response = client_for(editor).post(
        f"/admin/profiles/profile/{profile.pk}/workflow/publish/",
        {"change_note": "First publication", "revision": str(seen)},
        follow=True,
    )
    assert "Frank changed this profile on" in response.content.decode()  # the admin capitalises messages
    assert not PublicProfile.objects.exists()
    assert Profile.objects.get().status == "in_review"


def _save_at_once(profile, users, loaded, monkeypatch) -> list:
    """Post the same stale-at-birth form from two users at the same moment, one thread each.

    Whoever passes the revision check first waits (up to a second) for the other to pass it too.
    With the row lock held until commit the other cannot, so the wait times out and exactly one
    save wins; without the lock both would pass and both save.
    """
    passed = []
    both_passed = threading.Event()
    guard = threading.Lock()
    original = ProfileForm._check_not_stale

    def check(self, loaded_revision):
        original(self, loaded_revision)
        with guard:
            passed.append(self)
            if len(passed) == 2:
                both_passed.set()
        both_passed.wait(timeout=1)

    monkeypatch.setattr(ProfileForm, "_check_not_stale", check)
    barrier = threading.Barrier(len(users))
    results = {}

    def run(user, description):
        try:
            client = client_for(user)
            barrier.wait()
            results[user.username] = client.post(
                change_url(profile), form_data(profile, loaded=loaded, description=description)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u, f"Edit by {u.username}")) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[u.username] for u in users]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_one_wins_and_the_other_is_told_who(
    profile_with_timeline, editor, second_editor, monkeypatch
):
    profile = profile_with_timeline
    loaded = profile.revision
    if connection.vendor == "sqlite":
        # SQLite serialises writers and the in-memory test database cannot be shared between
        # threads; run the two saves in turn. PostgreSQL runs them truly at once.
        responses = [
            client_for(u).post(change_url(profile), form_data(profile, loaded=loaded, description=f"Edit by {u}"))
            for u in (editor, second_editor)
        ]
    else:
        responses = _save_at_once(profile, [editor, second_editor], loaded, monkeypatch)
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 302]
    loser = next(r for r in responses if r.status_code == 200).content.decode()
    profile.refresh_from_db()
    winner = profile.updated_by.username
    assert f"{winner} changed this profile on" in loser
    assert profile.description == f"Edit by {winner}"
    assert profile.revision == loaded + 1
