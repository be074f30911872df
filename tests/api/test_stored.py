"""The payloads stored at publish are what the API would render now: the stored path cannot drift
from the rendered one, and a change to a related profile reaches the stored payloads that name it."""

import pytest

from profiles.models import BakedProfile, Relation, RelationCitation
from profiles.workflow import publish_profile, record_edit, withdraw_profile
from tests import factories

pytestmark = pytest.mark.django_db


def both_ways(api, url: str) -> tuple[bytes, bytes]:
    """(the stored response, the response rendered with nothing stored)."""
    from django.core.cache import cache

    cache.clear()
    stored = api.get(url)
    BakedProfile.objects.all().delete()
    cache.clear()
    rendered = api.get(url)
    assert stored.status_code == rendered.status_code == 200
    return stored.content, rendered.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/profiles/andrei-loshak/",
        "/api/v1/profiles/lyudmila-ulitskaya/",
        "/api/v1/profiles/hidden-writer/",
        "/api/v1/profiles/",
        "/api/v1/profiles/?expand=timeline",
    ],
)
def test_a_stored_payload_equals_what_rendering_gives(api, corpus, editor, url):
    publish_profile(corpus["ulitskaya"], actor=editor, change_note="Corrected the date", is_correction=True)
    assert BakedProfile.objects.count() == 3
    stored, rendered = both_ways(api, url)
    assert stored == rendered


def test_the_payload_by_id_is_the_stored_one(api, corpus):
    loshak = corpus["loshak"]
    stored = BakedProfile.objects.get(public_profile__profile=loshak).api_detail
    assert api.get(f"/api/v1/profiles/by-id/{loshak.pk}/").content.decode() == stored


def test_withdrawing_a_related_profile_takes_it_out_of_the_stored_payloads_that_named_it(api, corpus, editor):
    loshak, ulitskaya = corpus["loshak"], corpus["ulitskaya"]
    relation = Relation.objects.create(profile=loshak, related_profile=ulitskaya, kind="friend")
    RelationCitation.objects.create(relation=relation, excerpt=factories.ExcerptFactory())
    record_edit(loshak, actor=editor)
    publish_profile(loshak, actor=editor, change_note="A friend")
    related = api.get(f"/api/v1/profiles/{ulitskaya.slug}/").json()["related_profiles"]
    assert [r["slug"] for r in related] == [loshak.slug]

    withdraw_profile(loshak, actor=editor, reason="Safety")
    from django.core.cache import cache

    cache.clear()
    assert api.get(f"/api/v1/profiles/{ulitskaya.slug}/").json()["related_profiles"] == []
    stored = BakedProfile.objects.get(public_profile__profile=ulitskaya)
    assert loshak.display_name not in stored.api_detail and loshak.display_name not in stored.page
