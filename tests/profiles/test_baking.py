"""Render once at publish: stored pages and payloads equal what rendering gives, and every workflow
change removes or replaces the stored copy and the baked file before it returns."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from rest_framework.renderers import JSONRenderer

from api.serializers import ProfileDetailSerializer, ProfileSummarySerializer
from api.stored import CSV_COLUMNS, csv_row
from profiles.audit import audit_public_record
from profiles.models import BakedProfile, PublicProfile
from profiles.workflow import publish_profile, redact, withdraw_profile
from profiles.workflow.baking import build_id, page_path
from public.views.profiles import profile_page_html
from tests import factories
from tests.public.builders import build_profile, publish, published_profile

pytestmark = pytest.mark.django_db


def baked(profile) -> BakedProfile:
    return BakedProfile.objects.get(public_profile__profile=profile)


def live(profile) -> PublicProfile:
    return PublicProfile.objects.select_related("version").get(profile=profile)


def file_of(profile):
    return page_path(PublicProfile.objects.get(profile=profile).slug)


@pytest.fixture
def loshak(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return published_profile(
            editor, name="Andrei Loshak", native_name="Андрей Лошак", description="Investigative journalist"
        )


def test_stored_page_and_payloads_equal_what_rendering_gives(loshak, client, api_client):
    row, public = baked(loshak), live(loshak)
    assert row.version_id == public.version_id and row.build == build_id()
    assert row.page == profile_page_html(public)
    render = JSONRenderer().render
    assert row.api_detail.encode() == render(ProfileDetailSerializer(public).data)
    assert row.api_row.encode() == render(ProfileSummarySerializer(public).data)
    detail = json.loads(row.api_detail)
    assert next(csv.reader(io.StringIO(row.csv_row))) == [str(v) for v in csv_row(detail)]
    assert len(CSV_COLUMNS) == len(csv_row(detail))

    # What each URL serves from the stored bytes equals what it renders when nothing is stored.
    urls = [f"/profiles/{loshak.slug}/", f"/api/v1/profiles/{loshak.slug}/", "/api/v1/profiles/?page_size=5"]
    fast = {url: (client if url.startswith("/profiles") else api_client).get(url).content for url in urls}
    BakedProfile.objects.all().delete()
    slow = {url: (client if url.startswith("/profiles") else api_client).get(url).content for url in urls}
    assert fast == slow
    assert fast[urls[0]].decode() == row.page


def test_the_page_file_is_written_after_commit_and_equals_the_stored_page(editor, django_capture_on_commit_callbacks):
    profile = build_profile(name="Zemfira Ramazanova")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(profile, editor)
    assert not file_of(profile).exists()  # nothing public before the publication commits
    for callback in callbacks:
        callback()
    assert file_of(profile).read_text(encoding="utf-8") == baked(profile).page


def test_a_withdrawal_removes_the_stored_copy_and_the_file_before_it_returns(
    loshak, editor, django_capture_on_commit_callbacks
):
    path = file_of(loshak)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=False):
        withdraw_profile(loshak, actor=editor, reason="Safety")
        # Inside the transaction, before any after-commit work: already gone.
        assert not path.exists()
        assert not BakedProfile.objects.exists()
    assert not audit_public_record()


def test_a_redaction_replaces_the_stored_copy_before_it_returns(loshak, editor, django_capture_on_commit_callbacks):
    entry = loshak.timeline.get(kind="left_russia")
    assert "Tbilisi" in baked(loshak).page and "Tbilisi" in file_of(loshak).read_text()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        redact(loshak, actor=editor, entry_id=entry.pk, disclosure="country", reason="Threats")
        assert not file_of(loshak).exists()  # the old file went inside the transaction
    row = baked(loshak)
    assert "Tbilisi" not in row.page + row.api_detail + row.api_row + row.csv_row
    assert "Georgia" in row.page
    for callback in callbacks:
        callback()
    assert file_of(loshak).read_text() == row.page
    assert not audit_public_record()


def test_a_new_version_replaces_the_page_and_a_renamed_slug_leaves_no_file(
    loshak, editor, django_capture_on_commit_callbacks
):
    old_path = file_of(loshak)
    loshak.description = "Documentary film-maker"
    loshak.slug = "andrei-loshak-journalist"
    loshak.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(loshak, editor, note="New description")
    assert not old_path.exists()
    assert "Documentary film-maker" in file_of(loshak).read_text()
    assert baked(loshak).slug == "andrei-loshak-journalist"


def test_a_shared_quote_masked_for_another_profile_reaches_the_stored_pages_citing_it(
    editor, django_capture_on_commit_callbacks
):
    quote = factories.ExcerptFactory(text="Both Ivan Seryi and Petr Belyi were seen in Riga that spring.")
    with django_capture_on_commit_callbacks(execute=True):
        first = published_profile(editor, name="Ivan Seryi", country="LV", city="Riga")
        factories.cite(first.timeline.get(), quote)
        publish(first, editor, note="A second source")
        second = build_profile(name="Petr Belyi", country="LV", city="Riga", disclosure="country")
        factories.cite(second.timeline.get(), quote)
        publish(second, editor)
    for profile in (first, second):
        row = baked(profile)
        assert "seen in Riga" not in row.page + row.api_detail, profile
        assert file_of(profile).read_text() == row.page
    assert not audit_public_record()


def test_rows_of_another_build_are_not_served_and_bake_stale_renders_them_again(loshak, client, settings):
    settings.SITE_URL = "https://exodus.example"
    page = client.get(f"/profiles/{loshak.slug}/").content.decode()
    assert '<link rel="canonical" href="https://exodus.example/profiles/andrei-loshak/">' in page
    assert any("older build" in problem for problem in audit_public_record())
    call_command("bake", "--stale", stdout=io.StringIO())
    assert baked(loshak).build == build_id()
    assert baked(loshak).page == page == file_of(loshak).read_text()
    assert not audit_public_record()


def test_audit_finds_a_baked_file_that_differs_or_belongs_to_no_live_profile(loshak, editor):
    file_of(loshak).write_text("<p>tampered</p>")
    stray = page_path("someone-withdrawn")
    stray.parent.mkdir(parents=True)
    stray.write_text("<p>old page</p>")
    problems = audit_public_record()
    assert f"baked page {loshak.slug}: the file differs from the stored page" in problems
    assert "baked page someone-withdrawn: a file for no live profile" in problems
    call_command("bake", stdout=io.StringIO())
    assert not stray.exists()
    assert not audit_public_record()


def test_publishing_through_the_scheduler_path_bakes_too(editor, django_capture_on_commit_callbacks):
    profile = build_profile(name="Monetochka")
    with django_capture_on_commit_callbacks(execute=True):
        publish_profile(profile, actor=None, change_note="First published")
    assert file_of(profile).read_text() == baked(profile).page


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def test_the_list_expanded_with_timelines_serves_each_stored_profile(loshak, editor, api_client):
    other = published_profile(editor, name="Yuri Dud", description="YouTube interviewer")
    results = api_client.get("/api/v1/profiles/?expand=timeline").json()["results"]
    by_slug = {result["slug"]: result for result in results}
    for profile in (loshak, other):
        assert by_slug[profile.slug] == api_client.get(f"/api/v1/profiles/{profile.slug}/").json()
        assert by_slug[profile.slug]["timeline"][0]["citations"]
    BakedProfile.objects.all().delete()
    assert api_client.get("/api/v1/profiles/?expand=timeline").json()["results"] == results
    response = api_client.get("/api/v1/profiles/?expand=everything")
    assert response.status_code == 400 and "expand" in response.json()["errors"]


def test_bake_files_writes_the_stored_pages_without_rendering(loshak, monkeypatch):
    path = file_of(loshak)
    path.unlink()  # a new nginx host, or a restored backup

    def no_rendering(publics):
        raise AssertionError("bake --files renders nothing")

    monkeypatch.setattr("profiles.workflow.baking.render", no_rendering)
    call_command("bake", "--files", stdout=io.StringIO())
    assert path.read_text() == baked(loshak).page
