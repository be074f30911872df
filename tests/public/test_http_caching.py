"""Public HTML carries validators and cache rules, answers 304, and a cached page costs one Redis
round trip on a client the process reuses."""

import pytest
import redis
from django.core.cache import cache

from profiles.workflow import withdraw_profile
from tests.public.builders import publish

pytestmark = pytest.mark.django_db

PAGES = ["/", "/profiles/", "/profiles/?q=Ulitska", "/sources/", "/destinations/"]


@pytest.mark.parametrize("url", [*PAGES, "profile"])
def test_public_html_has_validators_and_answers_304(client, ulitskaya, url):
    url = f"/profiles/{ulitskaya.slug}/" if url == "profile" else url
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, no-cache"
    assert first["ETag"].startswith('"') and first.has_header("Last-Modified")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    cache.clear()  # rendered again: the same bytes, the same ETag
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_withdrawal_ends_the_304s(client, ulitskaya, editor, django_capture_on_commit_callbacks):
    url = f"/profiles/{ulitskaya.slug}/"
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_profile(ulitskaya, actor=editor, reason="Safety")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 410
    assert response["Cache-Control"] == "public, no-cache"


def test_a_new_version_changes_the_etag(client, ulitskaya, editor, django_capture_on_commit_callbacks):
    url = f"/profiles/{ulitskaya.slug}/"
    etag = client.get(url)["ETag"]
    ulitskaya.description = "Novelist"
    ulitskaya.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(ulitskaya, editor, note="New description")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_a_cache_hit_is_one_redis_round_trip_on_a_reused_client(client, ulitskaya, redis_cache, monkeypatch):
    url = f"/profiles/{ulitskaya.slug}/"
    assert client.get(url).status_code == 200  # stored in Redis
    commands = []
    clients = set()
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        commands.append(args[0])
        clients.add(id(self))
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert commands == ["MGET"] * 3
    assert len(clients) == 1
