"""`manage.py audit_public` reads back everything public and names every breach of the safety
rules; it is clean over the demo corpus and finds problems planted behind the workflow's back."""

import io

import pytest
from django.core.management import CommandError, call_command

from profiles.corpus import load_corpus
from profiles.models import PublicExcerpt, PublicFigure, PublicProfile, WithheldPlace
from profiles.workflow import publish_profile, withdraw_profile
from profiles.workflow.withholding import rebuild_register
from tests import factories
from tests.images import phone_photo

pytestmark = pytest.mark.django_db


def audit() -> tuple[bool, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_public", stdout=out, stderr=err)
    except CommandError:
        return False, err.getvalue()
    return True, out.getvalue()


@pytest.fixture
def withheld_riga(editor):
    profile = factories.ProfileFactory(display_name="Ivan Testov")
    excerpt = factories.ExcerptFactory(text="On the same day, Loshak boarded a plane for Tbilisi.")
    factories.cite(
        factories.TimelineEntryFactory(profile=profile, country="GE", city="Tbilisi", location_disclosure="country"),
        excerpt,
    )
    publish_profile(profile, actor=editor, change_note="First published")
    return profile, excerpt


def test_the_demo_corpus_passes_the_audit(db):
    load_corpus()
    ok, report = audit()
    assert ok, report


def test_a_withheld_city_written_into_a_public_quote_is_named_without_repeating_it(withheld_riga):
    _, excerpt = withheld_riga
    assert audit()[0]
    PublicExcerpt.objects.filter(excerpt=excerpt).update(text=excerpt.text)  # behind the workflow's back
    ok, report = audit()
    assert not ok
    assert f"excerpt {excerpt.pk}: public text differs from its approved, masked text" in report
    assert "Tbilisi" not in report


def test_a_withheld_city_in_a_stored_version_is_found(withheld_riga):
    profile, _ = withheld_riga
    version = profile.live_version
    version.snapshot = {**version.snapshot, "biography": "He lives in Tbilisi."}
    version.save()
    ok, report = audit()
    assert not ok and f"profile {profile.slug} v1: biography shows a withheld place" in report


def test_a_withdrawn_profile_left_in_the_index_and_an_unpublished_figure_are_found(withheld_riga, editor):
    profile, _ = withheld_riga
    figure = factories.published_figure(dataset="Survey", label="Georgia", value=3, unit="percent")
    figure.is_published = False
    figure.save()
    public = PublicProfile.objects.get(profile=profile)
    withdraw_profile(profile, actor=editor, reason="Safety")
    PublicProfile.objects.create(
        profile=profile, version=profile.versions.first(), slug=public.slug, kind="person", display_name="x",
        sort_name="x", wave="2022", search_document="", first_published_at=public.first_published_at,
        published_at=public.published_at,
    )  # fmt: skip
    ok, report = audit()
    assert not ok
    assert f"profile {public.slug}: the public index shows a version that is not its live one" in report
    assert f"figure {figure.pk}: public but not published by an editor" in report
    assert PublicFigure.objects.filter(figure=figure).exists()


def test_an_image_with_metadata_in_public_media_is_found(withheld_riga, settings):
    path = settings.MEDIA_ROOT / "portraits" / "renditions" / "planted.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(phone_photo())
    ok, report = audit()
    assert not ok
    assert "media file portraits/renditions/planted.jpg: public, but no public version shows it" in report
    assert "media file portraits/renditions/planted.jpg: EXIF GPS" in report


def test_rebuilding_the_register_masks_a_record_published_before_it_existed(withheld_riga):
    profile, excerpt = withheld_riga
    # As an older release left it: no register, the shared quote unmasked.
    WithheldPlace.objects.all().delete()
    PublicExcerpt.objects.filter(excerpt=excerpt).update(text=excerpt.text)
    assert rebuild_register() == 1
    assert WithheldPlace.objects.filter(profile=profile, name="Tbilisi").exists()
    assert "Tbilisi" not in PublicExcerpt.objects.get(excerpt=excerpt).text
    assert audit()[0]
