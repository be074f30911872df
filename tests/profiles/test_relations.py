"""Relations between profiles: cited, reviewed with the profile that states them, shown on both
pages and in the API while both profiles are public, and masked like every other public text."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.audit import audit_public_record
from profiles.models import PublicRelation, Relation, RelationCitation
from profiles.placenames.masking import MASK
from profiles.projection.build import WORKING, load_profile, project_profile
from profiles.projection.diff import diff_snapshots
from profiles.workflow import publish_profile, withdraw_profile
from tests import factories
from tests.factories import ExcerptFactory, ProfileFactory, TimelineEntryFactory, cite
from tests.test_helpers import profile_change_form

QUOTE = "The punk-rock band Pussy Riot also fled: Nadia Tolokonnikova to Georgia, Maria Alyokhina to Iceland."


def cited_profile(display_name, **fields):
    entry = TimelineEntryFactory(
        profile=ProfileFactory(display_name=display_name, **fields), location_disclosure="country", text="Fled."
    )
    cite(entry, ExcerptFactory())
    return entry.profile


def relate(profile, related, kind="member", text=""):
    relation = Relation.objects.create(profile=profile, related_profile=related, kind=kind, text=text)
    RelationCitation.objects.create(relation=relation, excerpt=ExcerptFactory(text=QUOTE, source__full_text=QUOTE))
    return relation


@pytest.fixture
def band_and_member(db):
    band = cited_profile("Pussy Riot", kind="group")
    member = cited_profile("Nadezhda Tolokonnikova")
    relate(member, band)
    return band, member


def test_a_relation_is_shown_on_neither_page_until_both_profiles_are_public(client, band_and_member):
    band, member = band_and_member
    publish_profile(member, actor=None, change_note="First publication")
    page = client.get(f"/profiles/{member.slug}/").content.decode()
    assert "Related profiles" not in page and "Pussy Riot" not in page  # the band is a draft
    assert client.get(f"/api/v1/profiles/{member.slug}/").json()["related_profiles"] == []
    publish_profile(band, actor=None, change_note="First publication")
    cache.clear()  # tests do not commit, so the purge after commit does not run
    member_page = client.get(f"/profiles/{member.slug}/").content.decode()
    band_page = client.get(f"/profiles/{band.slug}/").content.decode()
    assert (
        f'<span class="related-label">Member of</span> <a href="/profiles/{band.slug}/">Pussy Riot</a>' in member_page
    )
    assert (
        f'<span class="related-label">Has member</span> <a href="/profiles/{member.slug}/">Nadezhda Tolokonnikova</a>'
        in band_page
    )


def test_both_directions_are_in_the_api_as_related_profiles(client, band_and_member):
    band, member = band_and_member
    for profile in (band, member):
        publish_profile(profile, actor=None, change_note="First publication")
    (stated,) = client.get(f"/api/v1/profiles/{member.slug}/").json()["related_profiles"]
    (inverse,) = client.get(f"/api/v1/profiles/{band.slug}/").json()["related_profiles"]
    assert (stated["slug"], stated["relation"], stated["label"], stated["direction"]) == (
        band.slug,
        "member",
        "Member of",
        "stated",
    )
    assert (inverse["slug"], inverse["label"], inverse["direction"]) == (member.slug, "Has member", "stated_by_other")
    assert stated["citations"][0]["excerpt_id"] == inverse["citations"][0]["excerpt_id"]


def test_withdrawing_either_profile_takes_the_relation_off_the_other_page(client, band_and_member, editor):
    band, member = band_and_member
    for profile in (band, member):
        publish_profile(profile, actor=None, change_note="First publication")
    withdraw_profile(member, actor=editor, reason="At the person's request")
    cache.clear()
    assert "Nadezhda" not in client.get(f"/profiles/{band.slug}/").content.decode()
    assert client.get(f"/api/v1/profiles/{band.slug}/").json()["related_profiles"] == []


@pytest.mark.django_db
def test_a_relation_text_naming_a_withheld_city_of_the_related_person_is_masked_everywhere(client):
    person = ProfileFactory(display_name="Zhenya Kalinkin")
    seen = TimelineEntryFactory(
        profile=person, location_disclosure="country", text="Seen in Georgia."
    )  # Tbilisi withheld
    cite(seen, ExcerptFactory())
    group = cited_profile("Literary bloggers", kind="group")
    relate(group, person, kind="other", text="They met in Tbilisi.")  # does not name him: the relation concerns him
    publish_profile(person, actor=None, change_note="First publication")
    publish_profile(group, actor=None, change_note="First publication")
    for slug in (group.slug, person.slug):
        page = client.get(f"/profiles/{slug}/").content.decode()
        assert "Tbilisi" not in page and f"They met in {MASK}." in page
        assert "Tbilisi" not in client.get(f"/api/v1/profiles/{slug}/").content.decode()
    assert "Tbilisi" not in str(group.versions.get().snapshot)
    assert audit_public_record() == []


@pytest.mark.django_db
def test_a_related_profile_withholding_a_place_later_reaches_the_published_relation(client):
    person = cited_profile("Zhenya Kalinkin")
    group = cited_profile("Literary bloggers", kind="group")
    relate(group, person, kind="other", text="They met in Yerevan.")
    publish_profile(group, actor=None, change_note="First publication")
    assert "Yerevan" in PublicRelation.objects.get().text
    # He is published later, withholding Yerevan: the group's live version is masked at once.
    hidden = TimelineEntryFactory(
        profile=person, country="AM", city="Yerevan", location_disclosure="country", text="Went to Armenia."
    )
    cite(hidden, ExcerptFactory())
    publish_profile(person, actor=None, change_note="First publication")
    cache.clear()
    assert PublicRelation.objects.get().text == f"They met in {MASK}."
    assert "Yerevan" not in str(group.versions.get().snapshot)
    assert "Yerevan" not in client.get(f"/profiles/{person.slug}/").content.decode()
    assert audit_public_record() == []


def test_a_relation_goes_through_review_and_the_diff_names_it(band_and_member):
    band, member = band_and_member
    diff = diff_snapshots(
        None, project_profile(load_profile(member.pk), state=WORKING), profile_names={band.pk: "Pussy Riot"}
    )
    (added,) = diff["relations"]
    assert (added["change"], added["title"]) == ("added", "Member of Pussy Riot")
    assert added["citations_added"] == [f"“{QUOTE[:90]}…”"]


@pytest.mark.django_db
def test_the_admin_needs_a_citation_for_a_relation(admin_client):
    band, member = cited_profile("Pussy Riot", kind="group"), cited_profile("Maria Alyokhina")
    data = profile_change_form(
        member,
        **{
            "relations-TOTAL_FORMS": "1",
            "relations-0-kind": "member",
            "relations-0-related_profile": str(band.pk),
            "relations-0-text": "",
        },
    )
    response = admin_client.post(f"/admin/profiles/profile/{member.pk}/change/", data)
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    data["relations-0-cited_excerpts"] = [str(ExcerptFactory().pk)]
    response = admin_client.post(f"/admin/profiles/profile/{member.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    relation = member.relations.get()
    assert (relation.kind, relation.related_profile, relation.citations.count()) == ("member", band, 1)
    member.refresh_from_db()
    assert member.status == "draft"  # an edit like any other, waiting for review


def test_the_export_carries_both_directions_from_the_stored_lines(band_and_member):
    from api.export import jsonl_lines

    band, member = band_and_member
    for profile in (band, member):
        publish_profile(profile, actor=None, change_note="First publication")
    with CaptureQueriesContext(connection) as queries:
        lines = list(jsonl_lines())
    related = {row["slug"]: [r["slug"] for r in row["related_profiles"]] for row in map(json.loads, lines)}
    assert related == {band.slug: [member.slug], member.slug: [band.slug]}
    # The band's line was stored before the member was live: publishing the member stored it again.
    assert len(queries) == 1  # the lines stored at publish, one chunk


def test_the_profile_page_json_ld_says_who_is_a_member_of_what(client, band_and_member):
    band, member = band_and_member
    for profile in (band, member):
        publish_profile(profile, actor=None, change_note="First publication")
    page = client.get(f"/profiles/{member.slug}/").content.decode()
    assert '"memberOf": [{"@type": "Organization", "name": "Pussy Riot"' in page
    band_page = client.get(f"/profiles/{band.slug}/").content.decode()
    assert '"member": [{"@type": "Person", "name": "Nadezhda Tolokonnikova"' in band_page


@pytest.mark.django_db
@pytest.mark.parametrize("make_user", [factories.contributor, factories.editor])
def test_contributors_and_editors_edit_relations_in_the_admin(client, make_user):
    user = make_user()
    member = cited_profile("Maria Alyokhina")
    client.force_login(user)
    page = client.get(f"/admin/profiles/profile/{member.pk}/change/").content.decode()
    assert 'id="relations-group"' in page and "relations-TOTAL_FORMS" in page
