"""Editors set who says so, disputes and corrections in the admin, like any field of an entry."""

import pytest

from profiles.models import Citation, Profile
from tests.factories import ExcerptFactory
from tests.test_helpers import profile_form


def entry_fields(**fields):
    values = {
        "kind": "wanted",
        "date": "2022-06-07",
        "date_precision": "day",
        "date_qualifier": "",
        "country": "",
        "city": "",
        "region": "",
        "location_disclosure": "country",
        "text": "Added to Russia’s federal wanted list.",
        "attribution": "authority",
        "authority": "Russia",
        "sort_order": "0",
        **fields,
    }
    return {"timeline-TOTAL_FORMS": "1", **{f"timeline-0-{k}": v for k, v in values.items()}}


@pytest.mark.django_db
def test_an_editor_records_an_authoritys_claim_in_the_admin(admin_client):
    excerpt = ExcerptFactory()
    data = profile_form(
        "Dmitry Glukhovsky",
        wave="unknown",
        confirm_not_duplicate="on",
        **entry_fields(cited_excerpts=[str(excerpt.pk)]),
    )
    response = admin_client.post("/admin/profiles/profile/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Profile.objects.get().timeline.get()
    assert (entry.attribution, entry.authority) == ("authority", "Russia")


@pytest.mark.django_db
def test_the_admin_refuses_a_designation_reported_as_a_plain_fact(admin_client):
    data = profile_form(
        "Dmitry Glukhovsky",
        wave="unknown",
        confirm_not_duplicate="on",
        **entry_fields(attribution="source", authority=""),
    )
    response = admin_client.post("/admin/profiles/profile/add/", data)
    assert response.status_code == 200
    assert "is a claim an authority makes" in response.content.decode()


@pytest.mark.django_db
def test_an_editor_marks_an_entry_disputed_citing_the_other_source(admin_client):
    supporting, disputing = (
        ExcerptFactory(),
        ExcerptFactory(text="Writer Ludmila Ulitska is giving interviews from her apartment in Berlin."),
    )
    fields = entry_fields(
        kind="arrived",
        attribution="source",
        authority="",
        country="FR",
        text="Spotted in Paris.",
        dispute="disputed",
        dispute_note="A later article has her in Berlin.",
        cited_excerpts=[str(supporting.pk)],
        disputing_excerpts=[str(disputing.pk)],
    )
    response = admin_client.post(
        "/admin/profiles/profile/add/",
        profile_form("Ludmila Ulitska", wave="2022", confirm_not_duplicate="on", **fields),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Profile.objects.get().timeline.get()
    assert entry.dispute == "disputed"
    roles = dict(entry.citation_links.values_list("excerpt_id", "role"))
    assert roles == {supporting.pk: Citation.Role.SUPPORTS, disputing.pk: Citation.Role.DISPUTES}


@pytest.mark.django_db
def test_a_dispute_without_the_other_sources_excerpt_is_refused(admin_client):
    fields = entry_fields(
        kind="arrived",
        attribution="source",
        authority="",
        country="FR",
        text="Spotted in Paris.",
        dispute="disputed",
        dispute_note="A later article has her in Berlin.",
    )
    response = admin_client.post(
        "/admin/profiles/profile/add/",
        profile_form("Ludmila Ulitska", wave="2022", confirm_not_duplicate="on", **fields),
    )
    assert response.status_code == 200
    assert "Cite the excerpt of the source that disputes or corrects this entry." in response.content.decode()
