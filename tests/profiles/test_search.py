import pytest

from profiles.models import PublicProfile
from profiles.workflow import publish_profile
from public.search import search_public_profiles
from tests.factories import ProfileFactory


@pytest.fixture
def published(db, editor):
    people = [
        ProfileFactory(display_name="Lyudmila Ulitskaya", native_name="Людмила Улицкая", aliases="Ludmila Ulitska"),
        ProfileFactory(display_name="Zemfira", native_name="Земфира", description="Rock singer"),
        ProfileFactory(display_name="Kirill Serebrennikov", native_name="Кирилл Серебренников"),
        ProfileFactory(display_name="Yuri Dud", description="YouTube interviewer"),
    ]
    for person in people:
        publish_profile(person, actor=editor, change_note="Published")
    return people


def names(q):
    return [p.display_name for p in search_public_profiles(PublicProfile.objects.all(), q)]


def test_other_spelling_finds_the_profile(published):
    assert names("Ulitska") == ["Lyudmila Ulitskaya"]


def test_cyrillic_finds_the_latin_profile(published):
    assert names("Земфира") == ["Zemfira"]


def test_cyrillic_query_matches_transliterated_name(published):
    assert "Kirill Serebrennikov" in names("Серебренников")


def test_a_typo_still_finds_the_name(published):
    assert "Kirill Serebrennikov" in names("Serebrenikov")
    assert "Zemfira" in names("Zemfria")


def test_search_by_description_text(published):
    assert names("youtube") == ["Yuri Dud"]


def test_unrelated_query_finds_nothing(published):
    assert names("Pugacheva") == []


def test_draft_profiles_are_not_searchable(published):
    ProfileFactory(display_name="Secret Draftperson")
    assert names("Draftperson") == []


def test_withdrawn_profiles_are_not_searchable(published, editor):
    from profiles.workflow import withdraw_profile

    withdraw_profile(published[3], actor=editor, reason="Safety")
    assert names("Dud") == []
    assert names("youtube") == []


def test_a_pending_edit_is_not_searchable_until_published(published, editor):
    zemfira = published[1]
    zemfira.aliases = "Zemfira Ramazanova"
    zemfira.save()
    assert names("Ramazanova") == []
    publish_profile(zemfira, actor=editor, change_note="Full name")
    assert names("Ramazanova") == ["Zemfira"]


def test_private_notes_are_not_searchable(published):
    assert names("PRIVATE-PROFILE-NOTE") == []


def test_search_combines_with_a_filtered_queryset(published):
    only_singers = PublicProfile.objects.filter(description="Rock singer")
    assert [p.display_name for p in search_public_profiles(only_singers, "Ulitskaya")] == []
    assert [p.display_name for p in search_public_profiles(only_singers, "Земфира")] == ["Zemfira"]


def test_an_empty_or_blank_query_returns_everything(published):
    assert len(names("")) == len(names("   ")) == 4


def test_a_very_long_query_is_cut_not_refused(published):
    assert names("Ulitskaya " * 100) == ["Lyudmila Ulitskaya"]


def test_search_indexes_exist_on_postgresql_only(db):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'profiles_publicprofile'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        names = {row[0] for row in cursor.fetchall()}
    expected = {"profiles_publicprofile_names_trgm", "profiles_publicprofile_search_vector"}
    assert (expected <= names) is (connection.vendor == "postgresql")


def test_search_can_read_only_its_indexes_on_postgresql(published):
    """Every condition of a search has an index (the planner may still scan a tiny table)."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    query = search_public_profiles(PublicProfile.objects.all(), "Serebrenikov youtube")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "Seq Scan on profiles_publicprofile" not in plan
    assert "profiles_publicprofile_names_trgm" in plan
    assert "profiles_publicprofile_search_vector" in plan
