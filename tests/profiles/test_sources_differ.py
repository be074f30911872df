"""Sources that differ, disputed and corrected entries, and a group's entries about its people."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from profiles.models import Citation, PublicPlace, TimelineEntry
from profiles.placenames.masking import MASK
from profiles.projection.build import WORKING, load_profile, project_profile
from profiles.projection.diff import diff_snapshots
from profiles.workflow import publish_profile, record_edit, revert_to_version
from tests.factories import ExcerptFactory, ProfileFactory, SourceFactory, TimelineEntryFactory, cite

PARIS = "Actress Renata Litvinova and singer Zemfira are in Paris, where director Kiril Serebrennikov was also spotted."
BERLIN = "the case was only closed the day before his departure from Russia to Berlin"


def excerpt(text):
    return ExcerptFactory(text=text, source=SourceFactory(full_text=text))


@pytest.fixture
def serebrennikov(db):
    """Paris in an early report, disputed by the later article's Berlin, which is current."""
    profile = ProfileFactory(display_name="Kirill Serebrennikov")
    berlin_quote = excerpt(BERLIN)
    paris = TimelineEntryFactory(
        profile=profile,
        kind="arrived",
        date=datetime.date(2022, 3, 4),
        as_of_source=True,
        country="FR",
        city="Paris",
        text="Spotted in Paris, according to an early report.",
        dispute="disputed",
        dispute_note="A later article has him leaving Russia for Berlin.",
    )
    cite(paris, excerpt(PARIS))
    Citation.objects.create(entry=paris, excerpt=berlin_quote, role=Citation.Role.DISPUTES)
    berlin = TimelineEntryFactory(
        profile=profile,
        date=datetime.date(2022, 1, 1),
        date_precision="year",
        country="DE",
        city="Berlin",
        text="Left Russia for Berlin.",
        is_current=True,
        current_reason="The later account.",
    )
    cite(berlin, berlin_quote)
    nureyev = TimelineEntryFactory(
        profile=profile,
        kind="cancelled",
        date=datetime.date(2022, 5, 1),
        date_precision="month",
        country="",
        city="",
        text="The Bolshoi removed Nureyev.",
    )
    cite(nureyev, excerpt("the Bolshoi Theater removed Serebrennikov’s production Nureyev from their program."))
    return profile, paris, berlin


def test_a_disputed_entry_needs_a_note_and_a_corrected_one_cannot_be_current(db):
    profile = ProfileFactory()
    with pytest.raises(ValidationError, match="what the other source says"):
        TimelineEntryFactory.build(profile=profile, dispute="disputed", text="Went.").full_clean()
    with pytest.raises(ValidationError, match="cannot say where someone is now"):
        TimelineEntryFactory.build(
            profile=profile, dispute="corrected", dispute_note="Berlin, not Paris.", is_current=True, text="Went."
        ).full_clean()
    with pytest.raises(ValidationError, match="Only a group"):
        TimelineEntryFactory.build(profile=profile, about="people", text="Colleagues went.").full_clean()


def test_the_projection_groups_reports_that_differ_and_says_which_is_current_and_why(serebrennikov):
    profile, paris, berlin = serebrennikov
    snapshot = project_profile(load_profile(profile.pk))
    timeline = {e["id"]: e for e in snapshot["timeline"]}
    assert timeline[paris.pk]["differs_from"] == [berlin.pk]
    assert timeline[berlin.pk]["differs_from"] == [paris.pk]
    assert timeline[paris.pk]["dispute"]["status"] == "disputed"
    assert timeline[paris.pk]["dispute"]["note"] == "A later article has him leaving Russia for Berlin."
    assert timeline[berlin.pk]["current_reason"] == "The later account."
    assert snapshot["current_location"]["label"] == "Berlin, Germany"
    # The disputing quote travels with the version, so the page and the API can show it.
    assert set(timeline[paris.pk]["dispute"]["citations"]) <= {e["id"] for e in snapshot["excerpts"]}


def test_the_page_shows_sources_differ_in_words_once_not_as_a_sequence_of_moves(client, serebrennikov):
    profile, paris, berlin = serebrennikov
    publish_profile(profile, actor=None, change_note="First publication")
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    page = page[page.index("<article") :]  # the reader's page, after the structured data
    assert page.count("Sources differ.") == 1
    assert "they are alternatives, not a sequence of moves" in page
    group = page[page.index("Sources differ.") : page.index("The Bolshoi removed Nureyev.")]
    # The current report first, with why; the disputed one after it, with what the other source says.
    assert group.index("Current report") < group.index("Left Russia for Berlin.") < group.index("Disputed report")
    assert "Why: The later account." in group
    assert "Disputed by another source:</strong> A later article has him leaving Russia for Berlin." in group
    assert "(sources differ: see the timeline)" in page
    # Placed where the first of the reports falls (4 March), before May's Nureyev.
    assert page.index("Sources differ.") < page.index("The Bolshoi removed Nureyev.")


def test_the_api_gives_the_dispute_with_the_other_sources_words_and_the_group(client, serebrennikov):
    profile, paris, berlin = serebrennikov
    publish_profile(profile, actor=None, change_note="First publication")
    timeline = {e["id"]: e for e in client.get(f"/api/v1/profiles/{profile.slug}/").json()["timeline"]}
    dispute = timeline[paris.pk]["dispute"]
    assert dispute["status"] == "disputed"
    assert [c["text"] for c in dispute["citations"]] == [BERLIN]
    assert timeline[paris.pk]["differs_from"] == [berlin.pk]
    assert timeline[berlin.pk]["current_reason"] == "The later account."


@pytest.mark.django_db
def test_a_corrected_entry_is_shown_as_corrected_and_places_nobody(client):
    profile = ProfileFactory(display_name="Vladimir Nabokov", wave="1917")
    wrong = TimelineEntryFactory(
        profile=profile,
        date=datetime.date(1922, 1, 1),
        date_precision="year",
        date_qualifier="before",
        country="FR",
        city="Paris",
        text="The article has him going to Paris.",
        dispute="corrected",
        dispute_note="He lived in Berlin from 1922 to 1937 and moved to Paris only in 1937.",
    )
    cite(wrong, excerpt("the writers Vladimir Nabokov and Ivan Kuprin went to Paris and Finland, respectively"))
    Citation.objects.create(
        entry=wrong, excerpt=excerpt("Nabokov lived in Berlin from 1922 to 1937."), role=Citation.Role.DISPUTES
    )
    publish_profile(profile, actor=None, change_note="First publication")
    snapshot = profile.versions.get().snapshot
    assert snapshot["current_location"] is None and snapshot["departure"] is None
    assert not PublicPlace.objects.filter(public_profile__profile=profile).exists()  # not under ?country=FR
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert "Paris, France (corrected, see below)" in page
    assert "Correction:</strong> He lived in Berlin from 1922 to 1937" in page
    assert "Nabokov lived in Berlin from 1922 to 1937." in page  # the correcting source is cited
    assert "Now in</dt><dd>Not disclosed" in page


@pytest.mark.django_db
def test_an_outlet_is_not_placed_where_its_people_went(client):
    outlet = ProfileFactory(display_name="Dozhd TV", kind="group", wave="unknown")
    entry = TimelineEntryFactory(
        profile=outlet, kind="arrived", text="Colleagues from the channel were already in Tbilisi.", about="people"
    )
    cite(entry, ExcerptFactory())
    publish_profile(outlet, actor=None, change_note="First publication")
    snapshot = outlet.versions.get().snapshot
    assert snapshot["current_location"] is None and snapshot["departure"] is None
    assert not PublicPlace.objects.filter(public_profile__profile=outlet).exists()
    page = client.get(f"/profiles/{outlet.slug}/").content.decode()
    assert "About some of its people, not the group itself" in page
    assert client.get("/api/v1/profiles/?country=GE").json()["count"] == 0


@pytest.mark.django_db
def test_dispute_notes_and_reasons_naming_a_withheld_place_are_masked(client):
    profile = ProfileFactory(display_name="Yulia Example")
    hidden = TimelineEntryFactory(profile=profile, location_disclosure="country")  # Tbilisi withheld
    cite(hidden, ExcerptFactory())
    other = TimelineEntryFactory(
        profile=profile,
        kind="statement",
        country="",
        city="",
        text="Said so.",
        dispute="disputed",
        dispute_note="Another paper says she said it in Tbilisi.",
    )
    cite(other, ExcerptFactory())
    Citation.objects.create(entry=other, excerpt=excerpt("She spoke."), role=Citation.Role.DISPUTES)
    publish_profile(profile, actor=None, change_note="First publication")
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert "Tbilisi" not in page and f"she said it in {MASK}" in page
    assert "Tbilisi" not in client.get(f"/api/v1/profiles/{profile.slug}/").content.decode()


def test_a_revert_restores_the_disputing_citations_and_the_diff_shows_the_dispute(serebrennikov, editor):
    profile, paris, berlin = serebrennikov
    version = publish_profile(profile, actor=editor, change_note="First publication")
    TimelineEntry.objects.filter(pk=paris.pk).update(dispute="", dispute_note="")
    Citation.objects.filter(entry=paris, role=Citation.Role.DISPUTES).delete()
    record_edit(profile, actor=editor)
    diff = diff_snapshots(version.snapshot, project_profile(load_profile(profile.pk), state=WORKING))
    (changed,) = [e for e in diff["entries"] if e["change"] == "changed"]
    assert {
        "label": "Disputed or corrected",
        "before": (
            "Disputed by another source: A later article has him leaving Russia for Berlin. (1 excerpt of the other source)"
        ),
        "after": "—",
    } in changed["fields"]
    revert_to_version(profile, actor=editor, version=version)
    paris.refresh_from_db()
    assert paris.dispute == "disputed"
    assert paris.citation_links.get(role=Citation.Role.DISPUTES).excerpt.text == BERLIN


def test_a_disputing_quote_that_also_supports_another_kind_of_fact_does_not_group_it(serebrennikov):
    profile, paris, berlin = serebrennikov
    case = TimelineEntryFactory(
        profile=profile,
        kind="criminal_case",
        attribution="authority",
        date=datetime.date(2017, 1, 1),
        date_precision="year",
        country="",
        city="",
        text="Put under investigation.",
    )
    cite(case, berlin.citations.get())  # the same sentence also says the case was closed
    timeline = {e["id"]: e for e in project_profile(load_profile(profile.pk))["timeline"]}
    assert timeline[paris.pk]["differs_from"] == [berlin.pk]
    assert timeline[case.pk]["differs_from"] == []
