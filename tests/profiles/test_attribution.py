"""Who says so: reported by the source, stated by the person, or alleged by an authority. State
designations read as claims, and the texts that say so are masked like every other public text."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from profiles.models import TimelineEntry
from profiles.placenames.masking import MASK
from profiles.projection.build import load_profile, project_profile
from profiles.workflow import publish_profile, redact
from tests.factories import ExcerptFactory, ProfileFactory, TimelineEntryFactory, cite


def claim(profile, **fields):
    values = {
        "kind": "foreign_agent",
        "date": datetime.date(2022, 10, 7),
        "date_precision": "day",
        "country": "",
        "city": "",
        "location_disclosure": "country",
        "text": "Declared a foreign agent.",
        "attribution": "authority",
        **fields,
    }
    entry = TimelineEntryFactory(profile=profile, **values)
    cite(entry, ExcerptFactory())
    return entry


@pytest.mark.django_db
def test_a_state_designation_reported_as_a_fact_is_refused():
    entry = TimelineEntryFactory.build(
        profile=ProfileFactory(), kind="wanted", attribution="source", country="", city="", text="Wanted."
    )
    with pytest.raises(ValidationError, match="is a claim an authority makes"):
        entry.full_clean()


@pytest.mark.django_db
def test_only_a_claim_alleged_by_an_authority_names_one():
    entry = TimelineEntryFactory.build(profile=ProfileFactory(), attribution="person", authority="The court")
    with pytest.raises(ValidationError, match="Only a claim alleged by an authority names one"):
        entry.full_clean()


@pytest.mark.django_db
def test_an_authority_naming_the_place_the_entry_withholds_is_refused():
    entry = TimelineEntryFactory.build(
        profile=ProfileFactory(),
        kind="criminal_case",
        attribution="authority",
        authority="a court in Tbilisi",
        location_disclosure="country",
        text="A case was opened.",
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "authority" in error.value.message_dict


@pytest.mark.django_db
def test_the_projection_says_who_says_so():
    profile = ProfileFactory(display_name="Dmitry Glukhovsky")
    claim(profile, authority="Russia's Ministry of Justice")
    claim(profile, kind="wanted", text="Added to the federal wanted list.")
    said = claim(profile, kind="cancelled", attribution="person", text="The film is off, he says.")
    timeline = {e["id"]: e for e in project_profile(load_profile(profile.pk))["timeline"]}
    labels = [(e["kind_label"], e["attribution"], e["authority"], e["attribution_label"]) for e in timeline.values()]
    assert (
        "Designated a “foreign agent” by Russia's Ministry of Justice",
        "authority",
        "Russia's Ministry of Justice",
        "Alleged by Russia's Ministry of Justice",
    ) in labels
    assert ("Put on a wanted list", "authority", "", "Alleged by an authority the source does not name") in labels
    assert timeline[said.pk]["attribution_label"] == "Stated by Dmitry Glukhovsky"


@pytest.mark.django_db
def test_the_page_and_the_api_read_a_designation_as_a_claim(client):
    profile = ProfileFactory(display_name="Andrey Zakharov")
    TimelineEntryFactory(profile=profile)  # left Russia, cited below
    cite(profile.timeline.get(), ExcerptFactory())
    claim(profile)
    publish_profile(profile, actor=None, change_note="First publication")
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert "Designated a “foreign agent”" in page
    assert "Alleged by an authority the source does not name: a claim, not an established fact." in page
    api = client.get(f"/api/v1/profiles/{profile.slug}/").json()
    (designation,) = [e for e in api["timeline"] if e["kind"] == "foreign_agent"]
    assert (designation["attribution"], designation["authority"], designation["attribution_label"]) == (
        "authority",
        "",
        "Alleged by an authority the source does not name",
    )


@pytest.mark.django_db
def test_an_authority_naming_a_place_the_profile_withholds_is_masked_in_public(client):
    profile = ProfileFactory(display_name="Yulia Example")
    left = TimelineEntryFactory(profile=profile, location_disclosure="country")  # Tbilisi withheld
    cite(left, ExcerptFactory())
    claim(profile, kind="criminal_case", authority="the Tbilisi city court", text="A case was opened.")
    publish_profile(profile, actor=None, change_note="First publication")
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert "Tbilisi" not in page
    assert f"Criminal case opened by the {MASK} city court" in page
    assert "Tbilisi" not in client.get(f"/api/v1/profiles/{profile.slug}/").content.decode()


@pytest.mark.django_db
def test_a_redaction_masks_the_authority_in_the_working_copy_and_every_version(editor):
    profile = ProfileFactory(display_name="Yulia Example")
    left = TimelineEntryFactory(profile=profile)  # Tbilisi shown at city level
    cite(left, ExcerptFactory())
    case = claim(profile, kind="criminal_case", authority="the Tbilisi city court", text="A case was opened.")
    publish_profile(profile, actor=editor, change_note="First publication")
    redact(profile, actor=editor, entry_id=left.pk, disclosure="country", reason="Safety")
    case.refresh_from_db()
    assert case.authority == f"the {MASK} city court"
    assert "Tbilisi" not in str(profile.versions.get().snapshot)
    assert TimelineEntry.objects.filter(authority__contains="Tbilisi").count() == 0
