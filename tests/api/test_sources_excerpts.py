"""Sources and excerpts: only those cited by live versions, with public metadata only."""

import pytest

from profiles.workflow import withdraw_profile
from tests import factories
from tests.api.conftest import results
from tests.public.builders import build_profile, cited_excerpt, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(editor):
    """Two published profiles citing one source; a draft citing another; an uncited source."""
    source = factories.SourceFactory(title="The cultural exodus", published_on=None, published_year=2022)
    first = build_profile(name="Kirill Serebrennikov", source=source, entries=2)
    publish(first, editor)
    second = build_profile(name="Zemfira", source=source)
    publish(second, editor)
    draft = build_profile(name="Draft Person", source=factories.SourceFactory(title="Unpublished report"))
    factories.SourceFactory(title="Nobody cites me")
    return {"source": source, "first": first, "second": second, "draft": draft}


def test_sources_lists_only_cited_sources_with_excerpt_counts(api, shared):
    data = api.get("/api/v1/sources/").json()
    assert data["count"] == 1
    source = data["results"][0]
    assert source["id"] == shared["source"].pk
    assert (source["title"], source["year"], source["published_on"], source["excerpt_count"]) == (
        "The cultural exodus",
        2022,
        None,
        3,
    )
    assert "full_text" not in source and "editorial_notes" not in source


def test_source_detail_lists_its_cited_excerpts(api, shared):
    data = api.get(f"/api/v1/sources/{shared['source'].pk}/").json()
    assert len(data["excerpts"]) == 3
    assert set(data["excerpts"][0]) == {"id", "text", "translation", "language", "location_hint"}


def test_uncited_or_draft_only_sources_are_404(api, shared):
    draft_source = shared["draft"].timeline.first().citations.first().source
    assert api.get(f"/api/v1/sources/{draft_source.pk}/").status_code == 404
    assert api.get("/api/v1/sources/999999/").status_code == 404
    assert api.get("/api/v1/sources/abc/").status_code == 404


def test_source_filters(api, shared, editor):
    assert results(api.get("/api/v1/sources/?kind=article")) == [shared["source"].pk]
    assert results(api.get("/api/v1/sources/?kind=survey")) == []
    assert results(api.get("/api/v1/sources/?language=en&year=2022")) == [shared["source"].pk]
    assert results(api.get("/api/v1/sources/?profile=zemfira")) == [shared["source"].pk]
    assert results(api.get("/api/v1/sources/?profile=draft-person")) == []
    response = api.get("/api/v1/sources/?kind=rumour")
    assert response.status_code == 400 and "kind" in response.json()["errors"]


def test_excerpts_list_cited_excerpts_with_source_and_citing_profiles(api, shared):
    data = api.get("/api/v1/excerpts/").json()
    assert data["count"] == 3
    first = data["results"][0]
    assert first["source"]["title"] == "The cultural exodus"
    assert first["cited_by"] == ["kirill-serebrennikov"]
    assert first["speaker"] is None


def test_excerpt_filters_and_detail(api, shared):
    ids = results(api.get("/api/v1/excerpts/?profile=zemfira"))
    assert len(ids) == 1
    assert results(api.get(f"/api/v1/excerpts/?source={shared['source'].pk}&language=en")) != []
    assert results(api.get("/api/v1/excerpts/?source=999999")) == []
    detail = api.get(f"/api/v1/excerpts/{ids[0]}/").json()
    assert detail["cited_by"] == ["zemfira"]
    assert api.get("/api/v1/excerpts/?source=abc").status_code == 400


def test_quotes_name_their_published_speaker(api, editor):
    profile = build_profile(name="Monetochka")
    quote = cited_excerpt(text="I found myself among colleagues.")
    quote.speaker = profile
    quote.save()
    entry = profile.timeline.first()
    factories.cite(entry, quote, order=1)
    publish(profile, editor)
    data = api.get(f"/api/v1/excerpts/{quote.pk}/").json()
    assert data["speaker"] == "monetochka"
    assert results(api.get("/api/v1/excerpts/?speaker=monetochka")) == [quote.pk]


def test_withdrawing_the_only_citing_profile_removes_source_and_excerpts(api, shared, editor):
    withdraw_profile(shared["first"], actor=editor, reason="Safety")
    withdraw_profile(shared["second"], actor=editor, reason="Safety")
    assert api.get("/api/v1/sources/").json()["count"] == 0
    assert api.get("/api/v1/excerpts/").json()["count"] == 0
    assert api.get(f"/api/v1/sources/{shared['source'].pk}/").status_code == 404


def test_ids_too_large_for_the_database_are_404_or_400_not_500(api, shared):
    huge = "9" * 25
    assert api.get(f"/api/v1/excerpts/{huge}/").status_code == 404
    assert api.get(f"/api/v1/sources/{huge}/").status_code == 404
    assert api.get(f"/api/v1/excerpts/?source={huge}").status_code == 400
    assert api.get(f"/api/v1/changes/?since={huge}").status_code == 400
