"""The Atom feed says how a version's claims stand: sources that differ, disputes and corrections,
claims an authority makes, and the published profiles it relates to."""

import datetime

import pytest

from profiles.models import Citation, Relation, RelationCitation
from profiles.workflow import publish_profile
from tests.factories import ExcerptFactory, ProfileFactory, TimelineEntryFactory, cite


@pytest.mark.django_db
def test_the_feed_carries_disputes_claims_and_relations_in_words(client):
    band = ProfileFactory(display_name="Pussy Riot", kind="group", wave="2022")
    cite(TimelineEntryFactory(profile=band, location_disclosure="country", text="Fled."), ExcerptFactory())
    publish_profile(band, actor=None, change_note="First publication")
    person = ProfileFactory(display_name="Kirill Serebrennikov")
    berlin_quote = ExcerptFactory()
    paris = TimelineEntryFactory(
        profile=person,
        kind="arrived",
        country="FR",
        city="Paris",
        text="Spotted in Paris.",
        dispute="disputed",
        dispute_note="A later article has him in Berlin.",
    )
    cite(paris, ExcerptFactory())
    Citation.objects.create(entry=paris, excerpt=berlin_quote, role=Citation.Role.DISPUTES)
    berlin = TimelineEntryFactory(
        profile=person, country="DE", city="Berlin", text="Left for Berlin.", is_current=True, current_reason="Later."
    )
    cite(berlin, berlin_quote)
    case = TimelineEntryFactory(
        profile=person,
        kind="criminal_case",
        attribution="authority",
        date=datetime.date(2017, 1, 1),
        date_precision="year",
        country="",
        city="",
        text="Under investigation.",
    )
    cite(case, ExcerptFactory())
    relation = Relation.objects.create(profile=person, related_profile=band, kind="friend")
    RelationCitation.objects.create(relation=relation, excerpt=ExcerptFactory())
    publish_profile(person, actor=None, change_note="First publication")
    feed = client.get("/feed/").content.decode()
    assert "Sources differ; current report: Left for Berlin. (Later.)" in feed
    assert "Disputed: Spotted in Paris. A later article has him in Berlin." in feed
    assert "Criminal case opened: Alleged by an authority the source does not name (a claim" in feed
    assert "Related: Friend of Pussy Riot." in feed
    assert '<category term="sources-differ"' in feed and '<category term="disputed"' in feed
