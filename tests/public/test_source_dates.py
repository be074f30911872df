"""Sources as the copies show them: the date at its precision, a descriptive title never presented
as a headline, and "no known address" when a source has none."""

import datetime

import pytest

from profiles.workflow import publish_profile
from tests.factories import ExcerptFactory, SourceFactory, TimelineEntryFactory, cite


@pytest.fixture
def published_source(db):
    source = SourceFactory(
        title="Essay comparing the new exiles with the wave after 1917",
        title_is_descriptive=True,
        url="",
        published_on=None,
        published_year=2022,
        published_month=None,
        written_after=datetime.date(2022, 3, 1),
        written_after_precision="month",
    )
    entry = TimelineEntryFactory()
    cite(entry, ExcerptFactory(source=source))
    publish_profile(entry.profile, actor=None, change_note="First publication")
    return source


def test_the_source_page_shows_the_year_the_lower_bound_and_no_known_address(client, published_source):
    page = client.get(f"/sources/{published_source.pk}/").content.decode()
    assert '<span class="source-description">Essay comparing' in page
    assert "<cite" not in page  # a description is not presented as a headline
    assert "the copy we hold carries no headline" in page
    assert '<time datetime="2022">2022</time>' in page
    assert "No earlier than March 2022" in page
    assert "No known address" in page


def test_the_profile_page_lists_the_source_with_its_precision_and_no_known_address(client, published_source):
    profile = published_source.excerpts.get().timeline_entries.get().profile
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert "(our description: the copy has no headline)" in page
    assert "no known address" in page
    assert ", 2022" in page


def test_a_headline_is_cited_as_a_title(client, db):
    source = SourceFactory(title="The biggest escape from Russia since 1917")
    entry = TimelineEntryFactory()
    cite(entry, ExcerptFactory(source=source))
    publish_profile(entry.profile, actor=None, change_note="First publication")
    page = client.get(f"/sources/{source.pk}/").content.decode()
    assert '<cite class="source-headline">The biggest escape from Russia since 1917</cite>' in page
    assert '<time datetime="2022-03-20">20 March 2022</time>' in page


def test_the_api_gives_the_date_at_its_precision_and_says_the_title_is_descriptive(client, published_source):
    data = client.get(f"/api/v1/sources/{published_source.pk}/").json()
    assert (data["published"], data["published_precision"], data["published_on"], data["year"]) == (
        "2022",
        "year",
        None,
        2022,
    )
    assert (data["written_after"], data["title_is_descriptive"], data["url"]) == ("2022-03", True, "")


def test_a_month_needs_its_year_and_a_day_excludes_another_year(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="A month needs its year"):
        SourceFactory.build(published_on=None, published_month=3).full_clean(exclude=["outlet"])
    month = SourceFactory.build(published_on=None, published_year=2022, published_month=3)
    assert (month.published, month.published_precision) == ("2022-03", "month")
