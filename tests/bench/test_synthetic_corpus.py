"""The synthetic corpus behind `make bench`: small sizes here, the same code at 10,000."""

import io
import json

import pytest
from django.utils import timezone

from bench.generate import GenerateError, run
from bench.synthetic import flush_exodus_data, generate
from profiles.models import (
    Category,
    ChangeEvent,
    Profile,
    ProfileVersion,
    PublicCitation,
    PublicExcerpt,
    PublicPlace,
    PublicProfile,
    PublicSource,
    TimelineEntry,
    WorkflowEvent,
)
from profiles.names import transliterate
from profiles.places import Disclosure
from profiles.projection.build import load_profile, project_profile
from profiles.projection.working_copy import serialize_working_copy
from profiles.workflow.indexing import index_version
from public.search import search_public_profiles
from sources.models import Excerpt

pytestmark = pytest.mark.django_db

SIZE = 20


@pytest.fixture
def corpus():
    return generate(profiles=SIZE, sources=4, batch_size=7, seed=5)


def public_index_state() -> dict:
    """The public index by natural keys (slugs, texts), so two builds can be compared row for row."""
    profiles = {
        p.slug: {
            "version": (p.version.profile.slug, p.version.number),
            **{
                name: getattr(p, name)
                for name in [
                    "kind",
                    "display_name",
                    "native_name",
                    "sort_name",
                    "description",
                    "wave",
                    "current_country",
                    "current_region",
                    "current_place_label",
                    "departure_date",
                    "departure_year",
                    "search_document",
                    "first_published_at",
                    "published_at",
                ]
            },
            "categories": sorted(p.categories.values_list("slug", flat=True)),
            "places": sorted(p.places.values_list("country", "region", "year")),
        }
        for p in PublicProfile.objects.select_related("version__profile")
    }
    sources = sorted(
        PublicSource.objects.values_list(
            "source__title",
            "title",
            "outlet",
            "authors",
            "url",
            "archived_url",
            "published_on",
            "year",
            "language",
            "kind",
        )
    )
    excerpts = sorted(
        (
            e.excerpt.text,
            e.source.title,
            e.text,
            e.language,
            e.translation,
            e.location_hint,
            e.speaker and e.speaker.slug,
        )
        for e in PublicExcerpt.objects.select_related("excerpt", "source", "speaker")
    )
    citations = sorted(
        PublicCitation.objects.values_list(
            "public_profile__slug", "excerpt__text", "source__title", "excerpt__source_id"
        )
    )
    citations = [(slug, text, title, source == 0) for slug, text, title, source in citations]
    return {"profiles": profiles, "sources": sources, "excerpts": excerpts, "citations": citations}


def test_every_generated_profile_is_published_once_with_its_public_rows(corpus):
    assert corpus == {
        "profiles": SIZE,
        "published": SIZE,
        "entries": corpus["entries"],
        "excerpts": 5 * SIZE,
        "sources": 4,
    }
    assert 7 * SIZE <= corpus["entries"] <= 13 * SIZE
    assert Profile.objects.exclude(status=Profile.Status.PUBLISHED).count() == 0
    assert Profile.objects.filter(live_version__isnull=True).count() == 0
    assert ProfileVersion.objects.filter(number=1, change_note="First published").count() == SIZE
    assert PublicProfile.objects.count() == SIZE
    assert ChangeEvent.objects.filter(action=ChangeEvent.Action.PUBLISHED).count() == SIZE
    assert WorkflowEvent.objects.filter(action=WorkflowEvent.Action.PUBLISH).count() == SIZE
    # Every profile cites excerpts and sources; every excerpt is cited by its profile.
    assert PublicProfile.objects.filter(citations__isnull=True).count() == 0
    assert PublicExcerpt.objects.count() == Excerpt.objects.count()
    assert PublicSource.objects.count() == 4
    assert PublicPlace.objects.exists()


def test_every_excerpt_is_found_in_its_source_text(corpus):
    excerpts = list(Excerpt.objects.select_related("source"))
    assert all(excerpt.is_verified for excerpt in excerpts)
    positions = {excerpt.pk: excerpt.position for excerpt in excerpts}
    for excerpt in excerpts:
        assert excerpt.verify(), excerpt.text
        assert excerpt.source.full_text[positions[excerpt.pk] :].startswith(excerpt.text)


def test_bulk_versions_equal_what_publish_profile_would_store(corpus):
    for profile in Profile.objects.select_related("live_version"):
        loaded = load_profile(profile.pk)
        assert profile.live_version.snapshot == project_profile(loaded)
        assert profile.live_version.working_copy == serialize_working_copy(loaded)


def test_bulk_public_index_equals_what_index_version_writes(corpus):
    before = public_index_state()
    for version in ProfileVersion.objects.order_by("pk"):
        index_version(version)
    assert public_index_state() == before


def test_publishing_one_by_one_builds_the_same_public_index():
    now = timezone.now()
    generate(profiles=SIZE, sources=4, batch_size=7, seed=9, method="publish", now=now)
    one_by_one = public_index_state()
    flush_exodus_data()
    generate(profiles=SIZE, sources=4, batch_size=7, seed=9, method="bulk", now=now)
    assert public_index_state() == one_by_one


def test_names_are_cyrillic_with_their_transliteration(corpus):
    for profile in Profile.objects.all():
        assert any("\u0400" <= char <= "\u04ff" for char in profile.native_name)
        assert profile.display_name == transliterate(profile.native_name)


def test_places_have_mixed_disclosure_and_withheld_places_stay_private():
    generate(profiles=60, sources=5, seed=3)
    located = TimelineEntry.objects.exclude(country="")
    assert set(located.values_list("location_disclosure", flat=True)) == set(Disclosure.values)
    for entry in located.exclude(location_disclosure=Disclosure.CITY).select_related("profile__live_version"):
        public = json.dumps(entry.profile.live_version.snapshot, ensure_ascii=False)
        assert entry.city not in public
    # The generator dates every departure, in the three waves it invents people for.
    assert set(Profile.objects.values_list("wave", flat=True)) == {"1917", "soviet", "2022"}


def test_a_generated_profile_is_found_by_its_native_name(corpus):
    profile = Profile.objects.order_by("pk").first()
    found = search_public_profiles(PublicProfile.objects.all(), profile.native_name)
    assert profile.slug in set(found.values_list("slug", flat=True))


def test_the_command_refuses_a_database_with_profiles_unless_flushed(corpus):
    with pytest.raises(GenerateError, match="--flush"):
        run(["--profiles", "3", "--quiet"], out=io.StringIO())
    assert Profile.objects.count() == SIZE

    run(["--profiles", "3", "--flush", "--quiet"], out=io.StringIO())
    assert Profile.objects.count() == 3
    assert PublicProfile.objects.count() == 3
    assert Category.objects.count() >= 6  # categories from the migrations survive the flush


def test_the_command_refuses_nonsense_sizes():
    with pytest.raises(GenerateError, match="at least 1"):
        run(["--profiles", "0"], out=io.StringIO())
    assert not Profile.objects.exists()
