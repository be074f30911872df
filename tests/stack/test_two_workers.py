"""Production's shape: gunicorn with two sync workers, DEBUG off, Redis as the cache, PostgreSQL.

Both workers serve a published profile (each would have cached it, were the cache per process);
this process withdraws it through the domain function; the very next requests to each worker
must get 410 for the page, 404 for the API detail, and no 304 for an ETag taken before.

gunicorn reads what this test commits, so the database is the PostgreSQL test database, shared
over the network. On SQLite the test is skipped: `make test-stack` runs it alone, and the
PostgreSQL leg of .ci/run runs it with the whole suite. It takes about 10 seconds.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from profiles.workflow import withdraw_profile
from tests.public.builders import published_profile

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORKERS = 2
# Enough requests that two workers taking turns at one socket have each answered; a run that
# sees fewer workers than this fails rather than pass on half the stack.
MAX_REQUESTS = 200
GUNICORN = Path(sys.executable).parent / "gunicorn"


def database_url_for_test_database() -> str:
    """DATABASE_URL, pointed at the test database pytest-django created from it."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    def __init__(self, port: int):
        self.port = port

    def get(self, path: str, **headers) -> tuple[int, dict, str]:
        # A new connection per request (gunicorn's sync workers close it anyway), so every request
        # is free to land on either worker.
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers={"Connection": "close", **headers})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            conn.close()

    def from_every_worker(self, path: str, *, each: int = 3, **headers) -> dict[str, list[tuple[int, dict, str]]]:
        """Responses grouped by worker pid, requesting (four at a time) until every worker answered
        `each` times."""
        by_worker: dict[str, list] = {}
        with ThreadPoolExecutor(max_workers=4) as pool:
            for _ in range(MAX_REQUESTS // 4):
                for status, response_headers, body in pool.map(lambda _: self.get(path, **headers), range(4)):
                    by_worker.setdefault(response_headers["X-Worker-Pid"], []).append((status, response_headers, body))
                if len(by_worker) == WORKERS and all(len(r) >= each for r in by_worker.values()):
                    break
        assert len(by_worker) == WORKERS, f"only workers {sorted(by_worker)} answered {path}"
        return by_worker


def production_env(cache_config: dict, *, static_root, **extra: str) -> dict:
    """The environment production runs with (DEBUG off, Redis, the test database), with the static
    files collected where STATIC_ROOT points."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_test_database(),
        "DB_CONN_MAX_AGE": "0",
        "DEBUG": "false",
        "SECRET_KEY": "stack-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        # What the test process renders payloads with (exodus/settings_test.py): one build.
        "SITE_URL": settings.SITE_URL,
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": cache_config["LOCATION"],
        "CACHE_KEY_PREFIX": cache_config["KEY_PREFIX"],
        "STATIC_ROOT": str(static_root),
        "API_ANON_RATE": "100000/minute",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(settings.BASE_DIR),
        **extra,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )
    return env


@pytest.fixture
def stack(redis_cache, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "gunicorn must share the test database with this process, so this runs on PostgreSQL: "
            "`make test-stack`, or the PostgreSQL leg of .ci/run."
        )
    cache_config, _ = redis_cache
    port = free_port()
    env = production_env(cache_config, static_root=tmp_path / "static")
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "tests.stack.pid_wsgi:application",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_serving(Stack(port), process, tmp_path / "gunicorn.log")
        yield Stack(port)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log.close()


def wait_until_serving(stack: Stack, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if stack.get("/robots.txt")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


def test_a_withdrawal_reaches_both_workers_at_once(stack, editor):
    profile = published_profile(editor, name="Natalia Sindeeva", description="Founder of TV Rain")
    page, detail, listing = f"/profiles/{profile.slug}/", f"/api/v1/profiles/{profile.slug}/", "/api/v1/profiles/"

    for responses in stack.from_every_worker(page).values():
        assert all(status == 200 and "Natalia Sindeeva" in body for status, _, body in responses)
    etags = {}
    for path in (detail, listing):
        answers = [r for responses in stack.from_every_worker(path).values() for r in responses]
        assert all(status == 200 and profile.slug in body for status, _, body in answers), path
        # One generation and one latest change for every worker, so one ETag.
        assert len({headers["ETag"] for _, headers, _ in answers}) == 1, path
        etags[path] = answers[0][1]["ETag"]
        assert stack.get(path, **{"If-None-Match": etags[path]})[0] == 304

    withdraw_profile(profile, actor=editor, reason="Safety: asked us to take the profile down")

    for pid, responses in stack.from_every_worker(page, each=1).items():
        assert [status for status, _, _ in responses] == [410] * len(responses), pid
        assert all("Natalia Sindeeva" not in body for _, _, body in responses), pid
    for pid, responses in stack.from_every_worker(detail, each=1).items():
        assert [status for status, _, _ in responses] == [404] * len(responses), pid
    for pid, responses in stack.from_every_worker(detail, each=1, **{"If-None-Match": etags[detail]}).items():
        assert [status for status, _, _ in responses] == [404] * len(responses), pid
    for pid, responses in stack.from_every_worker(listing, each=1, **{"If-None-Match": etags[listing]}).items():
        for status, headers, body in responses:
            assert status == 200, pid
            assert headers["ETag"] != etags[listing], pid
            assert profile.slug not in body, pid
