"""Links in payloads and the changes feed share one base, SITE_URL: in development the server
`make run` starts (HOST, PORT), in production the address it must be given."""

import pytest

from tests.public.builders import published_profile
from tests.safety.processes import setting_in_fresh_process, start_django


def test_in_development_links_default_to_the_port_make_run_serves_on():
    site_url = setting_in_fresh_process("SITE_URL", DEBUG="true", SITE_URL=None, HOST=None, PORT="8201")
    assert site_url == "http://127.0.0.1:8201"


def test_in_development_site_url_wins_over_the_port():
    site_url = setting_in_fresh_process("SITE_URL", DEBUG="true", SITE_URL="https://dev.example/", PORT="8201")
    assert site_url == "https://dev.example"


def test_production_refuses_to_start_without_site_url():
    result = start_django(SITE_URL=None)
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


@pytest.mark.django_db
def test_payload_links_and_next_links_share_the_site_url(api, editor, settings):
    settings.SITE_URL = "http://127.0.0.1:8201"  # what DEBUG with PORT=8201 and no SITE_URL gives
    base = settings.SITE_URL + "/"
    for n in range(3):
        published_profile(editor, name=f"Emigre Number{n}")
    listing = api.get("/api/v1/profiles/?page_size=1&page=2").json()
    assert listing["next"].startswith(base) and listing["previous"].startswith(base)
    profile = listing["results"][0]
    assert profile["url"].startswith(base) and profile["api_url"].startswith(base)
    detail = api.get(profile["api_url"].removeprefix(settings.SITE_URL)).json()
    assert detail["url"].startswith(base) and detail["api_url"].startswith(base)
    changes = api.get("/api/v1/changes/?limit=1").json()
    assert changes["next"].startswith(base) and changes["results"][0]["api_url"].startswith(base)


def test_previous_link_to_the_first_page_has_no_page_number(api, editor, settings):
    for n in range(2):
        published_profile(editor, name=f"Emigre Number{n}")
    listing = api.get("/api/v1/profiles/?page_size=1&page=2").json()
    assert listing["previous"] == f"{settings.SITE_URL}/api/v1/profiles/?page_size=1"
