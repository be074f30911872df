"""A group's page links the names of its members who have a public profile, and each page lists
its related profiles in both directions; nothing links to a profile that is not live."""

import pytest

from profiles.models import Relation, RelationCitation
from tests import factories
from tests.public.builders import build_profile, publish, published_profile

pytestmark = pytest.mark.django_db


def relate(member, group):
    relation = Relation.objects.create(profile=member, related_profile=group, kind="member")
    excerpt = factories.ExcerptFactory()
    RelationCitation.objects.create(relation=relation, excerpt=excerpt)
    return relation


@pytest.fixture
def band(editor):
    band = build_profile(
        name="Pussy Riot",
        kind="group",
        biography="Founded by Nadezhda Tolokonnikova <b>and</b> friends. Nadezhda Tolokonnikova later left.",
    )
    member = build_profile(name="Nadezhda Tolokonnikova")
    relate(member, band)
    publish(band, editor)
    publish(member, editor)
    return band, member


def test_a_group_page_links_its_members_names_to_their_profiles(client, band):
    band, member = band
    page = client.get(f"/profiles/{band.slug}/").content.decode()
    about = page[page.index('id="bio-title"') : page.index("</section>", page.index('id="bio-title"'))]
    link = f'<a href="/profiles/{member.slug}/">Nadezhda Tolokonnikova</a>'
    assert about.count(link) == 1  # the first mention only
    assert "&lt;b&gt;and&lt;/b&gt;" in about  # everything else escaped
    assert "Has member" in page and link in page[page.index('id="related-title"') :]


def test_the_member_page_lists_the_group(client, band):
    band, member = band
    page = client.get(f"/profiles/{member.slug}/").content.decode()
    related = page[page.index('id="related-title"') :]
    assert f'<a href="/profiles/{band.slug}/">Pussy Riot</a>' in related
    assert "Member of" in related


def test_a_member_without_a_live_profile_is_not_linked(client, editor):
    band = build_profile(name="IC3PEAK", kind="group", biography="A duo: Nastya Kreslina and Nikolay Kostylev.")
    member = build_profile(name="Nastya Kreslina")
    relate(member, band)
    publish(band, editor)  # the member stays a draft
    page = client.get(f"/profiles/{band.slug}/").content.decode()
    assert "A duo: Nastya Kreslina and Nikolay Kostylev." in page
    assert f"/profiles/{member.slug}/" not in page


def test_an_unrelated_profiles_name_is_not_linked(client, editor):
    published_profile(editor, name="Nastya Kreslina")
    band = published_profile(editor, name="IC3PEAK", kind="group", biography="A duo: Nastya Kreslina and another.")
    page = client.get(f"/profiles/{band.slug}/").content.decode()
    assert "A duo: Nastya Kreslina and another." in page


def test_a_member_named_with_another_first_name_is_linked_by_their_surname(client, editor):
    band = build_profile(name="Pussy Riot", kind="group", biography="Its members fled: Nadia Tolokonnikova to Georgia.")
    member = build_profile(name="Nadezhda Tolokonnikova")
    relate(member, band)
    publish(band, editor)
    publish(member, editor)
    page = client.get(f"/profiles/{band.slug}/").content.decode()
    assert f'Its members fled: <a href="/profiles/{member.slug}/">Nadia Tolokonnikova</a> to Georgia.' in page
