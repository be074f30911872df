"""Masking finds a withheld place in every spelling, script and Russian case form, as whole words
only, and the review screen shows what readers will see."""

import pytest
from django.core.exceptions import ValidationError

from profiles.placenames.gazetteer import city_forms, country_forms, person_forms
from profiles.placenames.masking import MASK, mask_text
from profiles.projection.build import WORKING, load_profile, project_profile
from profiles.workflow import approve_and_publish, submit_for_review
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She lives in Riga now.", f"She lives in {MASK} now."),
        ("RIGA, the capital", f"{MASK}, the capital"),
        ("Rīga is quiet.", f"{MASK} is quiet."),
        ("Переехал в Ригу, живёт в Риге.", f"Переехал в {MASK}, живёт в {MASK}."),
        ("Из Риги он уехал.", f"Из {MASK} он уехал."),
        ("Rigaud and brigade stay.", "Rigaud and brigade stay."),
    ],
)
def test_a_withheld_city_is_masked_in_every_spelling_script_and_case_as_whole_words(text, expected):
    assert mask_text(text, city_forms("Riga", "LV")) == expected


def test_withholding_nice_does_not_mangle_nicely():
    forms = city_forms("Nice", "FR")
    assert mask_text("He spoke nicely of Nice and of Ницце.", forms) == f"He spoke nicely of {MASK} and of {MASK}."


def test_a_withheld_country_is_masked_in_english_russian_and_its_own_language():
    forms = country_forms("GE")
    text = "Georgia took many; в Грузии, из Грузии; საქართველო."
    assert mask_text(text, forms) == f"{MASK} took many; в {MASK}, из {MASK}; {MASK}."


def test_people_are_found_by_surname_and_russian_case_forms():
    forms = person_forms(["Lyudmila Ulitskaya", "Людмила Улицкая", "Ludmila Ulitska"])
    assert {"ulitskaya", "ulitska", "улицкой", "людмилы улицкой", "lyudmila ulitskaya"} <= forms


def test_an_entry_naming_its_withheld_city_in_russian_is_refused():
    entry = factories.TimelineEntryFactory.build(
        city="Riga", country="LV", location_disclosure="country", text="Уехал в Ригу весной."
    )
    with pytest.raises(ValidationError, match="not to disclose"):
        entry.clean()
    entry.text = "Left for a Baltic capital."
    entry.clean()


def test_the_review_screen_shows_the_masked_text_readers_will_see(editor, second_editor, contributor, client):
    profile = factories.ProfileFactory(display_name="Pavel Example", biography="He settled in Tbilisi in spring.")
    factories.cite(
        factories.TimelineEntryFactory(profile=profile, location_disclosure="country", text="Left for Georgia."),
        factories.ExcerptFactory(),
    )
    submit_for_review(profile, actor=contributor)
    client.force_login(editor)
    review = client.get(f"/admin/profiles/profile/{profile.pk}/review/").content.decode()
    assert "He settled in [place withheld] in spring." in review
    assert "settled in Tbilisi" not in review


def test_the_review_preview_equals_the_stored_version_and_leaves_no_phantom_change(
    editor, second_editor, contributor, client
):
    profile = factories.ProfileFactory(display_name="Pavel Example", biography="He settled in Tbilisi in spring.")
    factories.cite(
        factories.TimelineEntryFactory(profile=profile, location_disclosure="country", text="Left for Georgia."),
        factories.ExcerptFactory(),
    )
    submit_for_review(profile, actor=contributor)
    preview = project_profile(load_profile(profile.pk), state=WORKING)
    version = approve_and_publish(profile, actor=editor, change_note="First published")
    assert version.snapshot == preview
    client.force_login(second_editor)
    review = client.get(f"/admin/profiles/profile/{profile.pk}/review/").content.decode()
    assert "No differences." in review
