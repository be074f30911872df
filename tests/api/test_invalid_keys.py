"""Guessing keys does not pay: wrong or revoked keys from one client address are limited
(API_INVALID_KEY_RATE), after which that client gets 429 with Retry-After whatever key it sends."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.safety.processes import start_django

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_tries_an_hour(settings):
    settings.API_INVALID_KEY_RATE = "3/hour"


def wrong(client, n: int = 0):
    return client.get("/api/v1/profiles/", HTTP_AUTHORIZATION=f"Api-Key exo_guess_{n:08d}")


def test_repeated_invalid_keys_get_429_with_retry_after(api, corpus):
    assert [wrong(api, n).status_code for n in range(3)] == [401, 401, 401]
    response = wrong(api, 3)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert response.json()["detail"].startswith("Too many requests with an invalid or revoked API key")
    assert response["Cache-Control"] == "no-store"


def test_a_client_past_the_limit_is_refused_even_with_a_valid_key(api, corpus, partner_key):
    # Otherwise a 200 among the 429s would tell a guesser which key was right.
    for n in range(3):
        wrong(api, n)
    response = api.get("/api/v1/profiles/", HTTP_AUTHORIZATION=f"Api-Key {partner_key[1]}")
    assert response.status_code == 429


def test_revoked_keys_count_as_invalid(api, corpus, partner_key):
    key, raw = partner_key
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    codes = [api.get("/api/v1/profiles/", HTTP_X_API_KEY=raw).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_valid_keys_and_anonymous_requests_do_not_count(api, corpus, partner):
    assert {partner.get("/api/v1/profiles/").status_code for _ in range(5)} == {200}
    assert {api.get("/api/v1/profiles/").status_code for _ in range(5)} == {200}
    assert wrong(api).status_code == 401


def test_other_clients_are_not_held_back(api, corpus, partner_key):
    for n in range(3):
        wrong(api, n)
    assert wrong(api, 3).status_code == 429
    elsewhere = APIClient(REMOTE_ADDR="198.51.100.20")
    assert wrong(elsewhere).status_code == 401
    response = elsewhere.get("/api/v1/profiles/", HTTP_AUTHORIZATION=f"Api-Key {partner_key[1]}")
    assert response.status_code == 200
    # The held-back client may still read anonymously, within the anonymous limit.
    assert api.get("/api/v1/profiles/").status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_limit(api, corpus):
    codes = [
        api.get("/api/v1/profiles/", HTTP_X_API_KEY="not-a-key", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert codes == [401, 401, 401, 429]


@pytest.mark.parametrize("name", ["API_INVALID_KEY_RATE", "API_ANON_RATE", "API_PARTNER_RATE"])
def test_a_malformed_rate_stops_the_site_at_startup_not_at_the_first_request(name):
    result = start_django(**{name: "ten per hour", "CACHE_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode != 0
    assert f"{name} must be a rate such as 60/minute" in result.stderr
