"""Dates at their precision order the timeline: a year does not sort before its months, and the
editors' explicit order separates what the dates cannot."""

import datetime

import pytest

from profiles.projection.build import load_profile, project_profile
from sources.dates import as_reported_label, period_sort_key
from tests.factories import ExcerptFactory, ProfileFactory, SourceFactory, TimelineEntryFactory, cite


def test_a_year_sorts_after_the_months_and_days_of_that_year_and_before_the_next():
    keys = [
        period_sort_key(datetime.date(2022, 3, 4), "day"),
        period_sort_key(datetime.date(2022, 3, 1), "month"),
        period_sort_key(datetime.date(2022, 5, 1), "month"),
        period_sort_key(datetime.date(2022, 1, 1), "year"),
        period_sort_key(datetime.date(2023, 1, 1), "month"),
        period_sort_key(None, "unknown"),
    ]
    assert keys == sorted(keys)


def test_a_fact_dated_by_its_source_reads_as_reported_no_earlier_than_the_source():
    assert as_reported_label(datetime.date(2022, 3, 4), "day") == "As reported, 4 March 2022 or later"
    assert as_reported_label(datetime.date(2022, 3, 1), "month") == "As reported, March 2022 or later"


def _entry(profile, text, date, precision, **fields):
    entry = TimelineEntryFactory(
        profile=profile,
        text=text,
        date=date,
        date_precision=precision,
        country="",
        city="",
        location_disclosure="country",
        kind=fields.pop("kind", "statement"),
        **fields,
    )
    cite(entry, ExcerptFactory(source=SourceFactory()))
    return entry


@pytest.mark.django_db
def test_the_published_timeline_puts_a_year_after_its_months_and_follows_the_explicit_order():
    profile = ProfileFactory()
    _entry(profile, "Left for Latvia.", datetime.date(2022, 1, 1), "year", kind="left_russia", sort_order=1)
    _entry(profile, "Signed a manifesto.", datetime.date(2022, 1, 1), "year")  # written second, shown first
    _entry(profile, "Spoke in May.", datetime.date(2022, 5, 1), "month")
    _entry(profile, "Reported in Paris.", datetime.date(2022, 3, 4), "day", as_of_source=True)
    snapshot = project_profile(load_profile(profile.pk))
    assert [e["text"] for e in snapshot["timeline"]] == [
        "Reported in Paris.",
        "Spoke in May.",
        "Signed a manifesto.",
        "Left for Latvia.",
    ]
    assert snapshot["timeline"][0]["date_label"] == "As reported, 4 March 2022 or later"
    assert snapshot["timeline"][0]["as_of_source"] is True


@pytest.mark.django_db
def test_a_departure_known_only_from_a_report_is_labelled_so():
    profile = ProfileFactory()
    _entry(profile, "Reported in Israel.", datetime.date(2022, 3, 4), "day", kind="arrived", as_of_source=True)
    departure = project_profile(load_profile(profile.pk))["departure"]
    assert departure == {
        "date": "2022-03-04",
        "date_precision": "day",
        "label": "Date unknown (reported 4 March 2022 or later)",
        "as_reported": True,
    }
