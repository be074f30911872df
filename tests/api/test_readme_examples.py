"""The README's Partner API examples run as written: every curl example and the sync script are
taken from README.md (not copied here) and run against a live server, with its address in place of
`make run`'s. A renamed parameter or a wrong slug in an example fails here."""

import json
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from api.models import ApiKey
from api.throttling import PartnerRateThrottle
from api.views import ChangeViewSet
from profiles.corpus import load_corpus
from profiles.models import PublicProfile
from profiles.workflow import withdraw_profile
from tests.public.builders import published_profile

MAKE_RUN = "http://127.0.0.1:8000"  # where the README's examples point: `make run`
# curl exits non-zero on an HTTP error (and still prints the JSON error, for the failure message).
STRICT_CURL = 'set -euo pipefail\ncurl() { command curl --silent --show-error --fail-with-body "$@"; }\n'


def partner_api_blocks() -> list[tuple[str, str]]:
    """(language, code) of each fenced block in the README's "Partner API" section."""
    readme = (django_settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Partner API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```(\w*)\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)


def curl_examples() -> list[str]:
    return [code for language, code in partner_api_blocks() if language == "sh" and "curl" in code]


def sync_script() -> str:
    (script,) = [code for language, code in partner_api_blocks() if language == "python"]
    return script


def run_shell(code: str, live_url: str, key: str, cwd) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "API": f"{live_url}/api/v1", "KEY": key}
    return subprocess.run(
        ["bash", "-c", STRICT_CURL + code.replace(MAKE_RUN, live_url)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_section_has_curl_examples_and_one_sync_script_on_make_runs_address():
    examples = curl_examples()
    assert len(examples) >= 2
    assert f"API={MAKE_RUN}/api/v1\n" in examples[0]
    assert MAKE_RUN in sync_script()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_curl_example_succeeds_against_the_demo_corpus(live_server, tmp_path, settings):
    settings.SITE_URL = live_server.url
    load_corpus()  # what `make run` serves
    key = ApiKey.issue(name="README examples")[1]
    for code in curl_examples():
        result = run_shell(code, live_server.url, key, tmp_path)
        assert result.returncode == 0, f"{code}\n{result.stdout}\n{result.stderr}"
    first = run_shell(curl_examples()[0], live_server.url, key, tmp_path).stdout
    assert first.count("lyudmila-ulitskaya") >= 3  # the filters, the search and the profile find her
    exported = (tmp_path / "exodus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(exported) == PublicProfile.objects.count() > 0
    assert (tmp_path / "exodus.csv").read_text(encoding="utf-8").startswith("id,slug,url,")
    # The runner does catch a broken example: the old `culture` slug is a 400.
    broken = curl_examples()[0].replace("category=arts", "category=culture")
    assert run_shell(broken, live_server.url, key, tmp_path).returncode != 0


class SyncRun:
    """The README's sync script, run as a partner would, in its own directory."""

    def __init__(self, live_url: str, key: str, directory):
        self.script = sync_script().replace(MAKE_RUN, live_url)
        self.key = key
        self.directory = directory

    def __call__(self) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-c", self.script],
            cwd=self.directory,
            env={"KEY": self.key, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result

    def mirror(self) -> dict[int, dict]:
        files = (self.directory / "mirror").glob("*.json")
        return {int(path.stem): json.loads(path.read_text(encoding="utf-8")) for path in files}

    def cursor(self) -> int:
        return int((self.directory / "mirror" / "cursor").read_text())


def site(api) -> dict[int, dict]:
    """Every published profile as the API gives it (the same payload as its api_url)."""
    response = api.get("/api/v1/profiles/?expand=timeline&page_size=100")
    assert response.status_code == 200
    return {profile["id"]: profile for profile in response.json()["results"]}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sync_script_skips_withdrawn_profiles_waits_out_429s_and_stores_only_profiles(
    live_server, api, editor, tmp_path, monkeypatch, settings
):
    settings.SITE_URL = live_server.url
    sync = SyncRun(live_server.url, ApiKey.issue(name="README sync")[1], tmp_path)

    # The feed lists a publication whose profile is withdrawn by now: its api_url is a 404.
    loshak = published_profile(editor, name="Andrei Loshak")
    ulitskaya = published_profile(editor, name="Lyudmila Ulitskaya", country="DE", city="Berlin")
    withdraw_profile(ulitskaya, actor=editor, reason="Asked to be removed")
    sync()
    assert sync.mirror() == site(api)
    assert set(sync.mirror()) == {loshak.pk}

    # Withdrawn between the feed and the fetch: the withdrawal is not in the page the script read.
    late = published_profile(editor, name="Late Withdrawal")
    feed_pages = []

    def list_then_withdraw(view, request, *args, **kwargs):
        response = feed(view, request, *args, **kwargs)
        feed_pages.append(response.data)
        if len(feed_pages) == 1:
            withdraw_profile(late, actor=editor, reason="Safety")
        return response

    feed = ChangeViewSet.list
    monkeypatch.setattr(ChangeViewSet, "list", list_then_withdraw)
    sync()
    assert [change["profile_id"] for change in feed_pages[0]["results"]] == [late.pk]
    assert sync.mirror() == site(api)
    assert late.pk not in sync.mirror()
    assert sync.cursor() == feed_pages[0]["cursor"]
    sync()  # the next run reads the withdrawal; nothing to delete
    assert sync.mirror() == site(api)

    # Rate-limited: 429s with Retry-After, waited out; no error body stored as a profile.
    settings.API_PARTNER_RATE = "2/second"
    refused = []

    def counted_failure(throttle):
        refused.append(throttle.wait())
        return False

    monkeypatch.setattr(PartnerRateThrottle, "throttle_failure", counted_failure)
    newcomers = [published_profile(editor, name=f"Newcomer Number{n}") for n in range(4)]
    sync()
    assert refused, "the script was never refused: the test did not exercise a 429"
    assert None not in refused  # every 429 had a Retry-After
    assert sync.mirror() == site(api)
    assert {p.pk for p in newcomers} | {loshak.pk} == set(sync.mirror())
    assert all("detail" not in profile for profile in sync.mirror().values())
