"""The sync feed: a partner that applies /api/v1/changes/ ends with exactly what the site serves."""

import datetime
import json
import urllib.error
import urllib.request

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from profiles.models import ChangeEvent, SlugHistory
from profiles.workflow import publish_profile, record_edit, redact, withdraw_profile
from tests.public.builders import published_profile


class Partner:
    """A partner's mirror, built only from the API over real HTTP."""

    def __init__(self, base_url: str, key: str):
        self.base_url = base_url
        self.key = key
        self.cursor = 0
        self.mirror: dict[int, dict] = {}
        self.requests = 0

    def get(self, url: str) -> tuple[int, dict]:
        request = urllib.request.Request(url, headers={"Authorization": f"Api-Key {self.key}"})
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def sync(self) -> None:
        url = f"{self.base_url}/api/v1/changes/?since={self.cursor}&limit=2"
        while True:
            status, page = self.get(url)
            assert status == 200, page
            for change in page["results"]:
                if change["action"] == ChangeEvent.Action.WITHDRAWN:
                    self.mirror.pop(change["profile_id"], None)
                    continue
                status, profile = self.get(change["api_url"])
                if status == 404:
                    continue  # withdrawn later on: a later change in the feed says so
                assert status == 200, profile
                self.mirror[profile["id"]] = profile
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return
            url = page["next"]

    def site(self) -> dict[int, dict]:
        status, listing = self.get(f"{self.base_url}/api/v1/profiles/?page_size=100")
        assert status == 200
        return {item["id"]: self.get(item["api_url"])[1] for item in listing["results"]}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_partner_mirror_follows_publish_edit_republish_redact_and_withdraw(live_server, settings, editor):
    from api.models import ApiKey

    settings.SITE_URL = live_server.url
    partner = Partner(live_server.url, ApiKey.issue(name="Mirror")[1])

    loshak = published_profile(editor, name="Andrei Loshak")
    ulitskaya = published_profile(editor, name="Lyudmila Ulitskaya", country="DE", city="Berlin")
    partner.sync()
    assert partner.mirror == partner.site()
    assert len(partner.mirror) == 2

    loshak.description = "Documentary filmmaker"
    loshak.save()
    record_edit(loshak, actor=editor)
    publish_profile(loshak, actor=editor, change_note="New description")
    hidden = published_profile(editor, name="Hidden Writer", country="FR", city="Marseille", disclosure="country")
    partner.sync()
    assert partner.mirror == partner.site()
    assert partner.mirror[loshak.pk]["description"] == "Documentary filmmaker"
    assert partner.mirror[loshak.pk]["version"] == 2

    withdraw_profile(ulitskaya, actor=editor, reason="Asked to be removed")
    redact(hidden, actor=editor, entry_id=hidden.timeline.first().pk, reason="Safety", disclosure="region")
    partner.sync()
    assert partner.mirror == partner.site()
    assert ulitskaya.pk not in partner.mirror
    assert partner.mirror[hidden.pk]["current_location"]["label"] == "Europe"
    assert "France" not in json.dumps(partner.mirror)

    # Withdrawn, then published again before the partner syncs: it must end up present.
    withdraw_profile(loshak, actor=editor, reason="Checking a fact")
    publish_profile(loshak, actor=editor, change_note="Back after a fact check")
    partner.sync()
    assert partner.mirror == partner.site()
    assert set(partner.mirror) == {loshak.pk, hidden.pk}

    # Nothing new: one request, the cursor stays.
    cursor, before = partner.cursor, partner.requests
    partner.sync()
    assert (partner.cursor, partner.requests - before) == (cursor, 1)


pytestmark_db = pytest.mark.django_db


@pytest.fixture
def history(editor, loshak, ulitskaya):
    withdraw_profile(ulitskaya, actor=editor, reason="Safety")
    return list(ChangeEvent.objects.order_by("pk"))


@pytestmark_db
def test_feed_lists_publications_and_withdrawals_in_order(api, history, loshak, ulitskaya):
    data = api.get("/api/v1/changes/").json()
    assert [(c["action"], c["slug"], c["version"]) for c in data["results"]] == [
        ("published", "andrei-loshak", 1),
        ("published", "lyudmila-ulitskaya", 1),
        ("withdrawn", "lyudmila-ulitskaya", None),
    ]
    assert data["results"][2]["api_url"] is None
    assert data["results"][0]["profile_id"] == loshak.pk
    assert data["cursor"] == history[-1].pk and data["has_more"] is False


@pytestmark_db
def test_since_a_cursor_returns_only_later_changes(api, history):
    data = api.get(f"/api/v1/changes/?since={history[0].pk}").json()
    assert [c["cursor"] for c in data["results"]] == [e.pk for e in history[1:]]
    empty = api.get(f"/api/v1/changes/?since={history[-1].pk}").json()
    assert empty["results"] == [] and empty["cursor"] == history[-1].pk


@pytestmark_db
def test_limit_pages_through_the_feed_with_next(api, history):
    first = api.get("/api/v1/changes/?limit=2").json()
    assert len(first["results"]) == 2 and first["has_more"] is True
    assert first["next"].endswith(f"since={history[1].pk}") or f"since={history[1].pk}" in first["next"]
    second = api.get(first["next"]).json()
    assert [c["cursor"] for c in second["results"]] == [history[2].pk]
    assert second["has_more"] is False


@pytestmark_db
def test_since_a_time_returns_changes_from_that_time(api, history):
    ChangeEvent.objects.filter(pk=history[0].pk).update(at=timezone.now() - datetime.timedelta(days=3))
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    data = api.get(f"/api/v1/changes/?since={since}").json()
    assert [c["cursor"] for c in data["results"]] == [e.pk for e in history[1:]]
    day = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    assert len(api.get(f"/api/v1/changes/?since={day}").json()["results"]) == 2


@pytestmark_db
@pytest.mark.parametrize("since", ["abc", "-1", "2022-13-45", "1.5", "yesterday"])
def test_bad_cursor_is_a_400(api, history, since):
    response = api.get("/api/v1/changes/", {"since": since})
    assert response.status_code == 400
    assert response.json()["errors"]["since"][0].startswith("Give a cursor from an earlier response")


@pytestmark_db
@pytest.mark.parametrize("limit", ["0", "1001", "many"])
def test_bad_limit_is_a_400(api, history, limit):
    response = api.get("/api/v1/changes/", {"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/profiles/?updated_since=1257-12-29T06%3A06%3A00.91049%2B19%3A27",
        "/api/v1/facets/?updated_since=2022-03-01T00%3A00%3A00%2B19%3A27",
        "/api/v1/changes/?since=2022-03-01T00%3A00%3A00%2B19%3A27",
    ],
)
def test_times_with_offsets_postgresql_refuses_are_compared_in_utc(url):
    # Found by schemathesis: PostgreSQL rejects UTC offsets beyond ±15:59, which ISO 8601 allows.
    assert APIClient().get(url).status_code == 200


@pytestmark_db
def test_feed_links_each_publication_by_id_so_a_later_rename_does_not_break_it(api, editor, loshak, settings):
    settings.SITE_URL = "https://exodus.example"
    first = api.get("/api/v1/changes/").json()["results"][0]
    assert first["api_url"] == f"https://exodus.example/api/v1/profiles/by-id/{loshak.pk}/"
    loshak.slug = "andrey-loshak"
    loshak.save()
    SlugHistory.objects.create(profile=loshak, slug="andrei-loshak")
    record_edit(loshak, actor=editor)
    publish_profile(loshak, actor=editor, change_note="Renamed")
    response = api.get(first["api_url"].removeprefix("https://exodus.example"))
    assert response.status_code == 200
    assert response.json()["slug"] == "andrey-loshak"
