"""Waves that fit everyone, taken from the sourced departure date and never defaulted silently."""

import datetime
import importlib
import shutil
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from profiles import workflow
from profiles.corpus import CORPUS_DIR
from profiles.models import Profile, WorkflowEvent
from profiles.waves import Wave, derive_wave, wave_problem
from tests.factories import ExcerptFactory, ProfileFactory, TimelineEntryFactory, cite
from tests.test_helpers import profile_change_form, profile_form


def entry(kind="left_russia", date=None, precision="year", qualifier="", text="Left Russia."):
    return SimpleNamespace(
        pk=1, kind=kind, date=date, date_precision=precision, date_qualifier=qualifier, text=text, dispute="", about=""
    )


@pytest.mark.parametrize(
    ("year", "precision", "qualifier", "wave"),
    [
        (1922, "year", "", Wave.REVOLUTION),
        (1961, "year", "", Wave.SOVIET),
        (2013, "month", "", Wave.POST_SOVIET),
        (2022, "day", "", Wave.WAR_2022),
        (1991, "year", "", None),  # the Soviet Union ended in its last week: an editor decides
        (1922, "year", "before", None),  # "by 1922" could be 1905
        (2022, "month", "before", None),  # "by March 2022" could be 2015
    ],
)
def test_the_wave_is_taken_from_a_dated_departure_when_only_one_fits(year, precision, qualifier, wave):
    assert derive_wave([entry(date=datetime.date(year, 1, 1), precision=precision, qualifier=qualifier)]) == wave


def test_a_wave_that_contradicts_the_departure_is_named_with_its_date_and_entry():
    problem = wave_problem("2022", [entry(date=datetime.date(1961, 1, 1), text="Left the Soviet Union for Europe.")])
    assert problem == (
        "The wave “2022 onwards” contradicts the departure dated 1961 (“Left the Soviet Union for Europe.”), "
        "which falls in “Soviet era (1930–1991)”."
    )


def test_unknown_is_refused_when_the_departure_date_gives_the_wave():
    assert "cannot be “unknown”" in wave_problem("unknown", [entry(date=datetime.date(2022, 3, 4), precision="day")])
    assert (
        wave_problem("unknown", [entry(date=datetime.date(2022, 3, 1), precision="month", qualifier="before")]) is None
    )


def test_no_wave_and_no_dated_departure_asks_the_editor_to_choose():
    assert "choose the wave, or “Unknown”" in wave_problem("", [entry(kind="statement")])
    assert wave_problem("", [entry(date=datetime.date(2022, 3, 4))]) is None


def test_a_corrected_entry_or_one_about_a_groups_people_does_not_date_the_departure():
    corrected = entry(date=datetime.date(1961, 1, 1))
    corrected.dispute = "corrected"
    people = entry(date=datetime.date(1961, 1, 1))
    people.about = "people"
    assert wave_problem("2022", [corrected, people]) is None


def test_the_corpus_load_refuses_a_wave_that_contradicts_the_departure_date(tmp_path, db):
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    profiles = tmp_path / "corpus" / "profiles.toml"
    text = profiles.read_text(encoding="utf-8")
    nureyev = 'slug = "rudolf-nureyev"'
    start = text.index(nureyev)
    text = text[:start] + text[start:].replace('wave = "soviet"', 'wave = "2022"', 1)
    profiles.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_corpus", directory=str(tmp_path / "corpus"))
    assert str(error.value) == (
        "Corpus not loaded (nothing was written): Profile rudolf-nureyev: The wave “2022 onwards” contradicts the "
        "departure dated 1961 (“Left the Soviet Union for Europe; Soviet newspapers called…”), which falls in "
        "“Soviet era (1930–1991)”."
    )
    assert not Profile.objects.exists()


def test_the_corpus_load_refuses_a_profile_without_a_wave_or_a_dated_departure(tmp_path, db):
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    profiles = tmp_path / "corpus" / "profiles.toml"
    profiles.write_text(profiles.read_text(encoding="utf-8").replace('wave = "1991"  #', "#", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="garry-kasparov: No dated departure in the timeline"):
        call_command("load_corpus", directory=str(tmp_path / "corpus"))
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_publishing_refuses_a_wave_that_contradicts_the_departure(editor):
    entry = TimelineEntryFactory(profile__wave="1991")  # left 4 March 2022
    with pytest.raises(workflow.WorkflowError, match="Not published: The wave “1991–2021” contradicts"):
        workflow.publish_profile(entry.profile, actor=editor, change_note="First publication")
    assert not entry.profile.versions.exists()


@pytest.mark.django_db
def test_scheduling_refuses_a_wave_that_contradicts_the_departure(editor, contributor):
    entry = TimelineEntryFactory(profile__wave="soviet")
    workflow.submit_for_review(entry.profile, actor=contributor)
    with pytest.raises(workflow.WorkflowError, match="Not scheduled"):
        workflow.schedule_publication(
            entry.profile,
            actor=editor,
            publish_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
            change_note="Embargoed",
        )


def _entry_fields(n=0, **fields):
    values = {
        "kind": "left_russia",
        "date": "1961-06-16",
        "date_precision": "year",
        "date_qualifier": "",
        "country": "",
        "city": "",
        "region": "europe",
        "location_disclosure": "region",
        "text": "Left the Soviet Union for Europe.",
        **fields,
    }
    return {f"timeline-{n}-{name}": value for name, value in values.items()}


@pytest.mark.django_db
def test_the_admin_takes_a_blank_wave_from_the_departure_date(admin_client):
    excerpt = ExcerptFactory()
    data = profile_form(
        "Rudolf Nureyev",
        wave="",
        confirm_not_duplicate="on",
        **{"timeline-TOTAL_FORMS": "1"},
        **_entry_fields(**{"cited_excerpts": [str(excerpt.pk)]}),
    )
    response = admin_client.post("/admin/profiles/profile/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Profile.objects.get().wave == "soviet"


@pytest.mark.django_db
def test_the_admin_refuses_a_wave_that_contradicts_the_departure_date(admin_client):
    data = profile_form("Rudolf Nureyev", wave="2022", confirm_not_duplicate="on", **{"timeline-TOTAL_FORMS": "1"})
    data.update(_entry_fields())
    response = admin_client.post("/admin/profiles/profile/add/", data)
    assert response.status_code == 200
    assert "The wave “2022 onwards” contradicts the departure dated 1961" in response.content.decode()
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_the_admin_asks_for_a_wave_when_nothing_dates_the_departure(admin_client):
    response = admin_client.post(
        "/admin/profiles/profile/add/", profile_form("Noize MC", wave="", confirm_not_duplicate="on")
    )
    assert response.status_code == 200
    assert "No dated departure in the timeline" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_edit_of_a_dated_entry_is_checked_against_the_wave(admin_client):
    entry = TimelineEntryFactory()
    cite(entry, ExcerptFactory())
    data = profile_change_form(entry.profile, **{"timeline-0-date": "1961-01-01", "timeline-0-date_precision": "year"})
    response = admin_client.post(f"/admin/profiles/profile/{entry.profile.pk}/change/", data)
    assert response.status_code == 200
    assert "contradicts the departure dated 1961" in response.content.decode()


# The migration that ended the silent default --------------------------------------------------

carried_wave = importlib.import_module("profiles.migrations.0012_waves").carried_wave


@pytest.mark.parametrize(
    ("wave", "entries", "carried"),
    [
        ("2022", [entry(date=datetime.date(2022, 3, 4), precision="day")], "2022"),  # supported: kept
        ("2022", [entry(kind="statement")], "unknown"),  # the old default, nothing supports it
        ("2022", [entry(date=datetime.date(1961, 1, 1))], "soviet"),  # contradicted: the date decides
        ("1917", [entry(kind="statement")], "1917"),  # chosen by an editor: kept
        ("2022", [entry(date=datetime.date(1991, 1, 1))], "unknown"),  # contradicted, and two waves fit
    ],
)
def test_the_migration_keeps_a_supported_wave_and_replaces_the_old_default(wave, entries, carried):
    assert carried_wave(wave, entries) == carried


@pytest.mark.django_db
def test_the_migration_sends_a_published_profile_whose_wave_changed_back_to_draft():
    from django.apps import apps

    migration = importlib.import_module("profiles.migrations.0012_waves")
    kept = ProfileFactory(display_name="Kept", wave="1917", status="published")
    changed = ProfileFactory(display_name="Old default", wave="2022", status="published")
    migration.carry_waves_over(apps, None)
    assert Profile.objects.get(pk=kept.pk).wave == "1917"
    changed = Profile.objects.get(pk=changed.pk)
    assert (changed.wave, changed.status, changed.revision) == ("unknown", "draft", 2)
    event = WorkflowEvent.objects.get(profile=changed)
    assert (event.action, event.from_status, event.to_status) == ("edit", "published", "draft")
    assert "silent “2022” default" in event.comment
