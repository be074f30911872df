import pytest

from profiles.names import make_slug, similarity
from profiles.similar_names import find_similar_profiles
from tests.factories import ProfileFactory
from tests.test_helpers import profile_form


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ludmila Ulitska", "Lyudmila Ulitskaya"),
        ("Земфира", "Zemfira"),
        ("Kiril Serebrennikov", "Kirill Serebrennikov"),
        ("Людмила Улицкая", "Lyudmila Ulitskaya"),
        ("Алла Пугачёва", "Alla Pugacheva"),
    ],
)
def test_spellings_of_one_name_are_similar(a, b):
    assert similarity(a, b) >= 0.85


def test_different_people_are_not_similar():
    assert similarity("Ivan Urgant", "Yuri Dud") < 0.85
    assert similarity("Zemfira", "Nadezhda Tolokonnikova") < 0.85


def test_cyrillic_only_name_gets_readable_latin_slug():
    assert make_slug("Людмила Улицкая") == "lyudmila-ulitskaya"
    assert make_slug("Земфира") == "zemfira"


@pytest.mark.django_db
def test_slug_is_stable_when_the_name_changes():
    profile = ProfileFactory(display_name="Kiril Serebrennikov")
    assert profile.slug == "kiril-serebrennikov"
    profile.display_name = "Kirill Serebrennikov"
    profile.save()
    profile.refresh_from_db()
    assert profile.slug == "kiril-serebrennikov"


@pytest.mark.django_db
def test_two_profiles_with_the_same_name_get_distinct_slugs():
    assert ProfileFactory(display_name="Anna Ivanova").slug == "anna-ivanova"
    assert ProfileFactory(display_name="Anna Ivanova").slug == "anna-ivanova-2"


@pytest.mark.django_db
def test_find_similar_profiles_across_scripts_and_aliases():
    ulitskaya = ProfileFactory(display_name="Lyudmila Ulitskaya", native_name="Людмила Улицкая")
    zemfira = ProfileFactory(display_name="Zemfira", native_name="Земфира")
    ProfileFactory(display_name="Yuri Dud")
    assert find_similar_profiles(["Ludmila Ulitska"]) == [ulitskaya]
    assert find_similar_profiles(["Земфира"]) == [zemfira]
    assert find_similar_profiles(["Ivan Urgant"]) == []


@pytest.mark.django_db
def test_admin_warns_when_new_profile_resembles_an_existing_one(admin_client):
    from profiles.models import Profile

    ProfileFactory(display_name="Lyudmila Ulitskaya")
    response = admin_client.post("/admin/profiles/profile/add/", profile_form("Ludmila Ulitska"))
    assert response.status_code == 200
    assert "similar name already exists: Lyudmila Ulitskaya" in response.content.decode()
    assert Profile.objects.count() == 1

    response = admin_client.post(
        "/admin/profiles/profile/add/", profile_form("Ludmila Ulitska", confirm_not_duplicate="on")
    )
    assert response.status_code == 302
    assert Profile.objects.count() == 2


@pytest.mark.django_db
def test_admin_search_finds_profile_by_alias(admin_client):
    ProfileFactory(display_name="Nadezhda Tolokonnikova", aliases="Nadia\nNadya Tolokonnikova")
    response = admin_client.get("/admin/profiles/profile/?q=Nadia")
    assert "Nadezhda Tolokonnikova" in response.content.decode()


@pytest.mark.django_db
def test_renaming_slug_in_admin_keeps_the_old_one_for_redirects(admin_client):
    from profiles.models import SlugHistory

    profile = ProfileFactory(display_name="Kiril Serebrennikov")
    response = admin_client.post(
        f"/admin/profiles/profile/{profile.pk}/change/",
        profile_form("Kirill Serebrennikov", slug="kirill-serebrennikov", loaded_revision=profile.revision),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile.refresh_from_db()
    assert profile.slug == "kirill-serebrennikov"
    assert SlugHistory.objects.get(slug="kiril-serebrennikov").profile == profile
