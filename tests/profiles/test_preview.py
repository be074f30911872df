"""The preview of the public page from the review screen: the reader site's own template, drawn
from the public projection (places cut, withheld places masked, no private notes), for staff only
and never cached."""

import pytest
from django.test import Client

from profiles.models import Profile
from profiles.workflow import publish_profile
from tests import factories

pytestmark = pytest.mark.django_db


def preview_url(profile) -> str:
    return f"/admin/profiles/profile/{profile.pk}/preview/"


@pytest.fixture
def draft():
    profile = factories.ProfileFactory(
        display_name="Irina Voskresenskaya",
        biography="She now lives in Tbilisi with her family.",
        editorial_notes="PRIVATE-NOTE-PREVIEW",
    )
    entry = factories.TimelineEntryFactory(
        profile=profile, kind="arrived", country="GE", city="Tbilisi", location_disclosure="country", text="Arrived."
    )
    factories.cite(entry, factories.ExcerptFactory())
    return profile


def test_the_preview_is_the_public_page_as_readers_will_see_it(draft, editor):
    client = Client()
    client.force_login(editor)
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    page = response.content.decode()
    assert [t.name for t in response.templates][:2] == [
        "admin/profiles/profile/preview.html",
        "public/profiles/detail.html",
    ]
    assert '<article class="profile"' in page and "Preview — not public." in page
    assert "She now lives in [place withheld] with her family." in page  # masked, as published
    assert "Tbilisi" not in page  # the city the entry withholds, nowhere
    assert '<span class="entry-place">Georgia</span>' in page
    assert "PRIVATE-NOTE-PREVIEW" not in page and "PRIVATE-SOURCE-NOTE" not in page
    assert "On the same day, Loshak boarded a plane for Tbilisi." not in page  # the quote names the city…
    assert "On the same day, Loshak boarded a plane for [place withheld]." in page  # …so it is masked too


def test_the_preview_is_for_staff_only_and_never_cached(draft, editor):
    response = Client().get(preview_url(draft))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    nobody = factories.UserFactory(username="norole")
    client = Client()
    client.force_login(nobody)
    assert client.get(preview_url(draft)).status_code == 403
    client.force_login(editor)
    response = client.get(preview_url(draft))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    # The public site still knows nothing of the draft.
    assert Client().get(f"/profiles/{draft.slug}/").status_code == 404


def test_the_preview_shows_the_change_waiting_while_readers_keep_the_live_version(draft, editor):
    publish_profile(draft, actor=editor, change_note="First publication")
    Profile.objects.filter(pk=draft.pk).update(description="Photographer, now in exile")
    client = Client()
    client.force_login(editor)
    preview = client.get(preview_url(draft)).content.decode()
    public = Client().get(f"/profiles/{draft.slug}/").content.decode()
    assert "Photographer, now in exile" in preview and "Readers see version 1 until then." in preview
    assert "Photographer, now in exile" not in public
    assert "First publication" in preview  # the public change history, as readers see it


def test_the_review_screen_links_the_preview(draft, editor):
    client = Client()
    client.force_login(editor)
    page = client.get(f"/admin/profiles/profile/{draft.pk}/review/").content.decode()
    assert f'href="{preview_url(draft)}"' in page
