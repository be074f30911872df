"""A withheld place never reaches the public through text shared between profiles: a source's
headline and address, a quote several profiles cite or that names someone, a change note."""

import datetime

import pytest

from profiles.models import PublicExcerpt, PublicSource
from profiles.workflow import publish_profile, record_edit, redact
from profiles.workflow.shared import publish_shared, record_shared_edit
from tests import factories
from tests.safety.conftest import occurrences

pytestmark = pytest.mark.django_db

RIGA_TEXT = "Theatre director Ivan Testov has left for Riga, friends say. He took nothing with him."


def person(name, *, country, city, disclosure, text, quote, source, native_name="", kind="left_russia"):
    profile = factories.ProfileFactory(display_name=name, native_name=native_name, biography="")
    entry = factories.TimelineEntryFactory(
        profile=profile,
        kind=kind,
        date=datetime.date(2022, 3, 1),
        date_precision="month",
        country=country,
        city=city,
        location_disclosure=disclosure,
        text=text,
    )
    excerpt = factories.ExcerptFactory(source=source, text=quote)
    factories.cite(entry, excerpt)
    return profile, entry, excerpt


@pytest.fixture
def testov(editor):
    source = factories.SourceFactory(
        title="Theatre director Ivan Testov leaves for Riga",
        url="https://news.example.org/2022/ivan-testov-riga",
        full_text=RIGA_TEXT,
    )
    profile, entry, excerpt = person(
        "Ivan Testov",
        country="LV",
        city="Riga",
        disclosure="country",
        text="Left Russia for Latvia.",
        quote="Theatre director Ivan Testov has left for Riga, friends say.",
        source=source,
    )
    publish_profile(profile, actor=editor, change_note="First published")
    return profile, source


def test_a_source_headline_and_address_naming_a_withheld_city_never_reach_the_public(testov, everything_public):
    profile, source = testov
    bodies = everything_public()
    assert f"/profiles/{profile.slug}/" in bodies and f"/sources/{source.pk}/" in bodies
    assert occurrences(bodies, "Riga", "ivan-testov-riga") == {}
    page = bodies[f"/sources/{source.pk}/"]
    assert "Theatre director Ivan Testov leaves for [place withheld]" in page
    assert "names a place we withhold" in page
    detail = PublicSource.objects.get(source=source)
    assert (detail.url, detail.archived_url, detail.link_withheld) == ("", "", True)


def test_an_editor_may_allow_the_original_link_and_another_publishes_that_decision(
    testov, editor, second_editor, client
):
    _, source = testov
    source.show_original_link = True
    source.save()
    record_shared_edit(source, actor=editor)
    # Changed, not yet published: the public still has no link.
    assert PublicSource.objects.get(source=source).url == ""
    with pytest.raises(Exception, match="Four-eyes"):
        publish_shared(source, actor=editor)
    publish_shared(source, actor=second_editor)
    public = PublicSource.objects.get(source=source)
    assert public.url == "https://news.example.org/2022/ivan-testov-riga" and not public.link_withheld
    # The headline stays masked: allowing the link is not allowing the place.
    assert public.title == "Theatre director Ivan Testov leaves for [place withheld]"


@pytest.fixture
def paris_trio(editor):
    """Three profiles citing one quote, all in Paris at city level, as the seed corpus has them."""
    source = factories.SourceFactory(
        full_text="Actress Renata Litvinova and singer Zemfira are in Paris, where director Kiril "
        "Serebrennikov was also spotted. Zemfira wrote a new track."
    )
    quote = (
        "Actress Renata Litvinova and singer Zemfira are in Paris, where director Kiril Serebrennikov was also spotted."
    )
    excerpt = factories.ExcerptFactory(source=source, text=quote)
    profiles = {}
    for name in ("Kirill Serebrennikov", "Zemfira", "Renata Litvinova"):
        profile = factories.ProfileFactory(
            display_name=name, aliases="Kiril Serebrennikov" if name.startswith("Kirill") else "", biography=""
        )
        entry = factories.TimelineEntryFactory(
            profile=profile, kind="arrived", country="FR", city="Paris", location_disclosure="city", text="In Paris."
        )
        factories.cite(entry, excerpt)
        publish_profile(profile, actor=editor, change_note="First published")
        profiles[name.split()[-1].lower()] = (profile, entry)
    return profiles, excerpt


def quote_texts(api, slug) -> list[str]:
    detail = api.get(f"/api/v1/profiles/{slug}/").json()
    return [c["text"] for entry in detail["timeline"] for c in entry["citations"]]


def test_redacting_one_profile_masks_the_quote_it_shares_on_every_profile_citing_it(
    paris_trio, editor, partner, client
):
    profiles, excerpt = paris_trio
    serebrennikov, entry = profiles["serebrennikov"]
    redact(serebrennikov, actor=editor, entry_id=entry.pk, disclosure="country", reason="Asked us to")

    masked = "Actress Renata Litvinova and singer Zemfira are in [place withheld], where director Kiril Serebrennikov was also spotted."
    for key in ("zemfira", "litvinova", "serebrennikov"):
        profile = profiles[key][0]
        assert quote_texts(partner, profile.slug) == [masked], key
        assert masked in client.get(f"/profiles/{profile.slug}/").content.decode().replace("&#x27;", "'")
    assert PublicExcerpt.objects.get(excerpt=excerpt).text == masked
    assert partner.get(f"/api/v1/excerpts/{excerpt.pk}/").json()["text"] == masked


def test_publishing_another_profile_again_does_not_bring_a_redacted_place_back(paris_trio, editor, partner):
    profiles, excerpt = paris_trio
    serebrennikov, entry = profiles["serebrennikov"]
    redact(serebrennikov, actor=editor, entry_id=entry.pk, disclosure="country", reason="Asked us to")
    zemfira = profiles["zemfira"][0]
    zemfira.description = "Singer"
    zemfira.save()
    record_edit(zemfira, actor=editor)
    publish_profile(zemfira, actor=editor, change_note="Described")
    assert all("Paris" not in text for text in quote_texts(partner, zemfira.slug))
    assert "Paris" not in PublicExcerpt.objects.get(excerpt=excerpt).text
    # Zemfira's own place is hers to show: only the shared quote about him is masked.
    assert partner.get(f"/api/v1/profiles/{zemfira.slug}/").json()["current_location"]["label"] == "Paris, France"


def test_a_quote_naming_someone_who_withholds_a_place_is_masked_where_others_cite_it(editor, partner):
    source = factories.SourceFactory(full_text="Kiril Serebrennikov was spotted in Paris. Zemfira sang.")
    hidden, _, _ = person(
        "Kirill Serebrennikov",
        country="FR",
        city="Paris",
        disclosure="country",
        text="Seen in France.",
        quote="Zemfira sang.",
        source=source,
    )
    hidden.aliases = "Kiril Serebrennikov"
    hidden.save()
    publish_profile(hidden, actor=editor, change_note="First published")
    # Zemfira cites a quote that names him; he does not cite it.
    zemfira, _, _ = person(
        "Zemfira",
        country="FR",
        city="Paris",
        disclosure="city",
        text="In Paris.",
        quote="Kiril Serebrennikov was spotted in Paris.",
        source=source,
    )
    publish_profile(zemfira, actor=editor, change_note="First published")
    assert quote_texts(partner, zemfira.slug) == ["Kiril Serebrennikov was spotted in [place withheld]."]


def test_a_change_note_naming_a_withheld_city_is_masked_everywhere_it_is_public(testov, editor, everything_public):
    profile, _ = testov
    profile.description = "Director"
    profile.save()
    record_edit(profile, actor=editor)
    publish_profile(profile, actor=editor, change_note="Confirmed: he lives in Riga now (в Риге)")
    bodies = everything_public()
    assert occurrences(bodies, "Riga", "Риге") == {}
    assert "Confirmed: he lives in [place withheld] now (в [place withheld])" in bodies["/feed/"]
    assert profile.versions.get(number=2).change_note.startswith("Confirmed: he lives in [place withheld]")
    # The private audit copy is masked too: it is what the history screen shows staff.
    assert "Riga" not in profile.workflow_events.filter(action="publish").first().comment


def test_another_profiles_change_note_naming_a_person_who_withholds_a_city_is_masked(testov, editor):
    other = factories.ProfileFactory(display_name="Olga Colleague")
    factories.cite(factories.TimelineEntryFactory(profile=other), factories.ExcerptFactory())
    version = publish_profile(other, actor=editor, change_note="Worked with Ivan Testov in Riga")
    assert version.change_note == "Worked with Ivan Testov in [place withheld]"
