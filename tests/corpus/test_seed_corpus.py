import json

import pytest

from profiles.corpus import load_corpus
from profiles.models import (
    ChangeEvent,
    Profile,
    ProfileVersion,
    PublicPlace,
    PublicProfile,
    TimelineEntry,
)
from sources.models import AggregateFigure, Excerpt, Source


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """Load the corpus once for the module; the module's tests only read."""
    with django_db_blocker.unblock():
        created = load_corpus()
        yield created
        # Leave the shared test database as the other modules expect it: no corpus rows.
        PublicProfile.objects.all().delete()
        ChangeEvent.objects.all().delete()
        Profile.objects.all().delete()
        AggregateFigure.objects.all().delete()
        Excerpt.objects.all().delete()
        Source.objects.all().delete()


@pytest.fixture
def db_with_corpus(corpus, db):
    return corpus


def test_corpus_has_the_promised_size(db_with_corpus):
    assert Source.objects.count() >= 5
    assert Excerpt.objects.count() >= 80
    assert Profile.objects.count() >= 35
    assert PublicProfile.objects.count() >= 30


def test_every_excerpt_verifies_against_its_source(db_with_corpus):
    assert list(Excerpt.objects.filter(is_verified=False).values_list("text", flat=True)) == []


def test_every_published_timeline_entry_cites_an_excerpt(db_with_corpus):
    for version in ProfileVersion.objects.all():
        for entry in version.snapshot["timeline"]:
            assert entry["citations"], f"{version}: {entry['text']}"


def test_no_withheld_location_is_published(db_with_corpus):
    withheld = TimelineEntry.objects.exclude(location_disclosure="city").exclude(city="")
    for entry in withheld:
        for version in ProfileVersion.objects.filter(profile=entry.profile):
            assert entry.city not in json.dumps(version.snapshot, ensure_ascii=False)


def test_undisclosed_european_destination_stays_a_region(db_with_corpus):
    public = PublicProfile.objects.get(slug="dmitry-glukhovsky")
    assert public.current_country == "" and public.current_place_label == "Europe"
    assert not PublicPlace.objects.filter(public_profile=public).exclude(country="").exists()


def test_disagreeing_sources_both_stay_with_the_current_one_marked(db_with_corpus):
    public = PublicProfile.objects.get(slug="kirill-serebrennikov")
    places = [e["place"]["city"] for e in public.version.snapshot["timeline"] if e["place"]]
    assert {"Paris", "Berlin"} <= set(places)
    assert public.current_place_label == "Berlin, Germany"
    assert public.version.number == 2


def test_profile_without_a_destination_says_so(db_with_corpus):
    public = PublicProfile.objects.get(slug="ivan-urgant")
    assert public.current_place_label == ""
    assert "no destination" in public.version.snapshot["timeline"][0]["text"]


def test_history_is_real_with_work_left_for_the_dashboard(db_with_corpus):
    statuses = set(Profile.objects.values_list("status", flat=True))
    assert {"published", "in_review", "draft", "changes_requested"} <= statuses
    assert ProfileVersion.objects.filter(number=2).count() >= 3
    assert AggregateFigure.objects.public().filter(country="TR").exists()


def test_spellings_from_the_articles_are_aliases(db_with_corpus):
    assert "Ludmila Ulitska" in Profile.objects.get(slug="lyudmila-ulitskaya").alias_list()
    assert "Kiril Serebrennikov" in Profile.objects.get(slug="kirill-serebrennikov").alias_list()
    assert "Nadia Tolokonnikova" in Profile.objects.get(slug="nadezhda-tolokonnikova").alias_list()


def test_page_furniture_and_reader_comments_are_not_in_the_source_texts(db_with_corpus):
    everything = " ".join(Source.objects.values_list("full_text", flat=True))
    assert "Articles You May Like" not in everything
    assert "Rabbitpunch" not in everything
    assert "Previous post" not in everything


def test_loading_twice_changes_nothing(db_with_corpus):
    before = [m.objects.count() for m in (Source, Excerpt, Profile, TimelineEntry, ProfileVersion, AggregateFigure)]
    assert set(load_corpus().values()) == {0}
    after = [m.objects.count() for m in (Source, Excerpt, Profile, TimelineEntry, ProfileVersion, AggregateFigure)]
    assert before == after
