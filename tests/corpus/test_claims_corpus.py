"""Issue 11's corpus test, on the loaded corpus as readers and partners get it: every public
timeline entry cites an excerpt, every cited excerpt verifies, every wave agrees with its sourced
departure date, and no outlet or group has a current location only its people's entries support."""

import pytest

from profiles.corpus import load_corpus
from profiles.models import Profile, PublicExcerpt, PublicProfile, PublicRelation, Relation
from profiles.names import search_text
from profiles.projection.build import load_profile, ordered_entries
from profiles.waves import wave_problem
from sources.models import AggregateFigure, Excerpt, Source
from sources.quotes import find_quote


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert not Profile.objects.exists()
        load_corpus()
        yield
        PublicProfile.objects.all().delete()
        Profile.objects.all().delete()
        AggregateFigure.objects.all().delete()
        Excerpt.objects.all().delete()
        Source.objects.all().delete()


@pytest.fixture
def loaded(corpus, db):
    return corpus


def live_snapshots():
    return [public.version.snapshot for public in PublicProfile.objects.select_related("version")]


def test_every_public_timeline_entry_cites_at_least_one_excerpt_it_carries(loaded):
    for snapshot in live_snapshots():
        carried = {e["id"] for e in snapshot["excerpts"]}
        for entry in snapshot["timeline"]:
            assert entry["citations"], f"{snapshot['slug']}: {entry['text']}"
            assert set(entry["citations"]) <= carried, snapshot["slug"]
            if entry.get("dispute"):
                assert entry["dispute"]["citations"] and set(entry["dispute"]["citations"]) <= carried
        for relation in snapshot["relations"]:
            assert relation["citations"] and set(relation["citations"]) <= carried, snapshot["slug"]


def test_every_cited_excerpt_verifies_against_its_source(loaded):
    cited = {e["id"] for snapshot in live_snapshots() for e in snapshot["excerpts"]}
    assert cited == set(PublicExcerpt.objects.values_list("excerpt_id", flat=True))
    for excerpt in Excerpt.objects.filter(pk__in=cited).select_related("source"):
        assert excerpt.is_verified and find_quote(excerpt.text, excerpt.source.full_text) is not None, excerpt.pk


def test_every_profiles_wave_agrees_with_its_sourced_departure_date(loaded):
    for profile in Profile.objects.all():
        loaded_profile = load_profile(profile.pk)
        assert wave_problem(profile.wave, ordered_entries(loaded_profile)) is None, profile.slug
    for snapshot in live_snapshots():
        departure = snapshot["departure"]
        if departure and not departure["as_reported"]:
            year = int(departure["date"][:4])
            assert (snapshot["wave"], year) in {
                ("1917", year) if 1917 <= year <= 1929 else None,
                ("soviet", year) if 1930 <= year <= 1991 else None,
                ("1991", year) if 1991 <= year <= 2021 else None,
                ("2022", year) if year >= 2022 else None,
            }, snapshot["slug"]


def test_no_outlet_or_group_has_a_current_location_only_its_peoples_entries_support(loaded):
    groups = PublicProfile.objects.filter(kind="group").select_related("version")
    assert groups.count() >= 6
    for public in groups:
        snapshot = public.version.snapshot
        current = next((e for e in snapshot["timeline"] if e["id"] == snapshot["current_entry_id"]), None)
        if current is None:
            continue
        assert current["about"] != "people" and current["locates_profile"], public.slug
        # The quotes it cites name the group itself, not only its people.
        names = search_text(snapshot["display_name"], snapshot["native_name"], *snapshot["aliases"]).split()
        quotes = " ".join(e["text"] for e in snapshot["excerpts"] if e["id"] in current["citations"])
        assert any(name in search_text(quotes) for name in names if len(name) > 3), public.slug
    for slug in ("dozhd-tv", "echo-of-moscow", "pussy-riot"):
        assert PublicProfile.objects.get(slug=slug).current_country == "", slug


def test_sources_differ_for_serebrennikov_with_berlin_current_and_why(loaded):
    snapshot = PublicProfile.objects.get(slug="kirill-serebrennikov").version.snapshot
    by_text = {e["text"]: e for e in snapshot["timeline"]}
    paris = by_text["Spotted in Paris, according to an early report."]
    berlin = next(e for e in snapshot["timeline"] if e["text"].startswith("Left Russia for Berlin"))
    assert paris["differs_from"] == [berlin["id"]] and paris["dispute"]["status"] == "disputed"
    assert berlin["is_current"] and berlin["current_reason"].startswith("The later account")
    assert snapshot["current_location"]["label"] == "Berlin, Germany"
    # Version 1 (the first article alone) had no dispute yet.
    first = Profile.objects.get(slug="kirill-serebrennikov").versions.get(number=1).snapshot
    assert all(not e.get("dispute") for e in first["timeline"])


def test_relations_are_public_both_ways_between_published_profiles(loaded):
    assert Relation.objects.count() == PublicRelation.objects.count() == 8
    band = PublicRelation.objects.shown_for([PublicProfile.objects.get(slug="pussy-riot").profile_id])
    assert {row.public_profile.slug for row in band} == {"nadezhda-tolokonnikova", "maria-alyokhina"}
