"""Partner keys: hashed, shown once, their own rate limit, usage counted, 401 when wrong or revoked."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from api.authentication import record_use
from api.models import ApiKey, ApiKeyDailyUsage

pytestmark = pytest.mark.django_db


def test_key_is_stored_only_as_a_hash(partner_key):
    key, raw = partner_key
    assert raw not in (key.hashed_key, key.prefix)
    assert key.hashed_key == ApiKey.hash(raw)
    assert raw.startswith(f"exo_{key.prefix}_")


def test_partner_reads_with_either_header_and_usage_is_counted(api, corpus, partner_key):
    key, raw = partner_key
    assert api.get("/api/v1/profiles/", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 200
    assert api.get("/api/v1/profiles/", HTTP_X_API_KEY=raw).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    usage = ApiKeyDailyUsage.objects.get(key=key)
    assert (usage.day, usage.requests) == (timezone.now().date(), 2)


def test_usage_is_counted_per_day(partner_key):
    key, _ = partner_key
    now = timezone.now()
    record_use(key, now=now - datetime.timedelta(days=1))
    record_use(key, now=now)
    record_use(key, now=now)
    assert list(key.daily_usage.values_list("requests", flat=True)) == [2, 1]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"HTTP_AUTHORIZATION": "Api-Key exo_nope_wrong"}, "Invalid API key."),
        ({"HTTP_X_API_KEY": "not-a-key"}, "Invalid API key."),
    ],
)
def test_invalid_key_is_a_401_not_anonymous(api, corpus, headers, message):
    response = api.get("/api/v1/profiles/", **headers)
    assert response.status_code == 401
    assert response.json()["detail"].startswith(message)
    assert response["WWW-Authenticate"].startswith("Api-Key")


def test_revoked_key_is_a_401_with_a_clear_message(api, corpus, partner_key):
    key, raw = partner_key
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    response = api.get("/api/v1/profiles/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 401
    assert response.json() == {"detail": "This API key has been revoked. Ask the Exodus team for a new one."}
    assert not key.daily_usage.exists()


def test_anonymous_clients_get_a_modest_limit(api, corpus, settings):
    settings.API_ANON_RATE = "3/minute"
    assert [api.get("/api/v1/changes/").status_code for _ in range(4)] == [200, 200, 200, 429]
    response = api.get("/api/v1/changes/")
    assert response.json()["detail"].startswith("Request was throttled.")
    assert int(response["Retry-After"]) > 0


def test_partners_have_their_own_higher_limit(api, corpus, partner, settings):
    settings.API_ANON_RATE = "1/minute"
    settings.API_PARTNER_RATE = "5/minute"
    assert api.get("/api/v1/changes/").status_code == 200
    assert api.get("/api/v1/changes/").status_code == 429
    assert [partner.get("/api/v1/changes/").status_code for _ in range(6)] == [200] * 5 + [429]


def test_a_keys_own_rate_limit_wins(api, corpus, partner_key, settings):
    settings.API_PARTNER_RATE = "100/minute"
    key, raw = partner_key
    key.rate_limit = "2/minute"
    key.save(update_fields=["rate_limit"])
    codes = [api.get("/api/v1/changes/", HTTP_X_API_KEY=raw).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_lowered_rate_limit_still_says_when_to_retry(api, corpus, partner_key, settings):
    key, raw = partner_key
    for _ in range(3):
        assert api.get("/api/v1/changes/", HTTP_X_API_KEY=raw).status_code == 200
    key.rate_limit = "1/minute"  # three requests on record, one allowed
    key.save(update_fields=["rate_limit"])
    response = api.get("/api/v1/changes/", HTTP_X_API_KEY=raw)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


# Admin -------------------------------------------------------------------------------------------


def test_administrator_issues_a_key_shown_once(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/api/apikey/add/",
        {"name": "Meduza data desk", "contact_email": "data@meduza.example", "rate_limit": "1000/hour"},
    )
    assert response.status_code == 302
    key = ApiKey.objects.get(name="Meduza data desk")
    (message,) = [str(m) for m in get_messages(response.wsgi_request) if "copy it now" in str(m)]
    raw = message.split(" is ")[1].split(" ")[0]
    assert ApiKey.hash(raw) == key.hashed_key and key.rate_limit == "1000/hour"
    assert raw in client.get(response.url).content.decode()  # the message, once
    for _ in range(2):
        change_page = client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
        assert raw not in change_page and key.prefix in change_page


def test_admin_refuses_a_malformed_rate_limit(client, administrator):
    client.force_login(administrator)
    response = client.post("/admin/api/apikey/add/", {"name": "X", "rate_limit": "lots"})
    assert response.status_code == 200
    assert "Write it as requests/period" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_administrator_revokes_keys_and_sees_usage(client, administrator, partner_key):
    key, raw = partner_key
    record_use(key)
    client.force_login(administrator)
    listing = client.get("/admin/api/apikey/").content.decode()
    assert "Partner Newsroom" in listing
    response = client.post("/admin/api/apikey/", {"action": "revoke", "_selected_action": [key.pk]}, follow=True)
    assert "Revoked 1 key(s)." in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert "requests per day" in client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode().lower()


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_editors_and_contributors_cannot_see_keys(client, request, role, partner_key):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/admin/api/apikey/").status_code == 403
    assert client.get("/admin/api/apikey/add/").status_code == 403
    assert "apikey" not in client.get("/admin/").content.decode().lower()


def test_keys_cannot_be_deleted_only_revoked(client, administrator, partner_key):
    client.force_login(administrator)
    assert client.get(f"/admin/api/apikey/{partner_key[0].pk}/delete/").status_code == 403


def test_a_forged_forwarded_for_does_not_escape_the_anonymous_limit(api, corpus, settings):
    settings.API_ANON_RATE = "2/minute"
    codes = [api.get("/api/v1/changes/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]
