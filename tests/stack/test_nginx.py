"""The production stack as deploy/ ships it, on loopback: nginx with deploy/nginx/exodus-locations.conf
in front of gunicorn with deploy/gunicorn.conf.py, PostgreSQL and Redis.

Publish, and nginx serves the page from the file publishing wrote (no Django involved); redact, and
the withheld word is gone from what nginx serves the very next request; withdraw, and the very next
request through nginx gets 410. Runs in `make test-stack` and in CI's PostgreSQL leg (.ci/run
installs nginx like Chromium); skipped on SQLite, and where nginx is missing outside CI.
"""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from profiles.workflow import redact, withdraw_profile
from tests.public.builders import published_profile
from tests.stack.test_two_workers import GUNICORN, Stack, free_port, production_env

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = Path(settings.BASE_DIR) / "deploy"
# Headers nginx must send on a baked page as Django does on the same page.
SAME_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)

NGINX_CONF = """
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
{user}
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/nginx-client;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    upstream exodus_app {{
        server 127.0.0.1:{app_port};
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        set $exodus_var {var};
        set $exodus_hsts "";
        include {locations};
    }}
}}
"""


class Process:
    """A child in its own process group, stopped (TERM, then KILL) whatever happens."""

    def __init__(self, command, *, log: Path, **options):
        self.log = open(log, "wb")  # noqa: SIM115 (closed in stop)
        self.log_path = log
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True, **options
        )

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self.log.close()


def wait_for(stack: Stack, process: Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.process.poll() is not None:
            pytest.fail(f"{process.process.args[0]} exited:\n{process.log_path.read_text()[-3000:]}")
        try:
            if stack.get("/robots.txt")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"no answer within {timeout:.0f} s:\n{process.log_path.read_text()[-3000:]}")


@pytest.fixture
def production(redis_cache, tmp_path, settings):
    """(nginx, gunicorn) Stack clients; the test process shares the database, Redis and var/."""
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn must share the test database with this process: PostgreSQL only (make test-stack).")
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run installs it (apt-get install nginx-light).")
        pytest.skip("nginx is not installed (apt-get install nginx-light); CI installs it.")
    var = tmp_path / "var"
    for folder in ("baked", "media", "static"):
        (var / folder).mkdir(parents=True)
    # Readable by nginx's workers, whoever they run as.
    for path in (tmp_path, var):
        path.chmod(0o755)
    settings.BAKED_ROOT, settings.MEDIA_ROOT = var / "baked", var / "media"
    cache_config, _ = redis_cache
    app_port, port = free_port(), free_port()
    env = production_env(
        cache_config,
        static_root=var / "static",
        MEDIA_ROOT=str(var / "media"),
        BAKED_ROOT=str(var / "baked"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private-media"),
        API_NUM_PROXIES="1",
        GUNICORN_BIND=f"127.0.0.1:{app_port}",
        GUNICORN_WORKERS="2",
    )
    # This process publishes, so it renders pages as production does: with the collected static
    # files' hashed names (the build id covers them; gunicorn would not serve rows of another build).
    settings.STATIC_ROOT = var / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            tmp=tmp_path,
            user="user root;" if os.geteuid() == 0 else "",
            app_port=app_port,
            port=port,
            var=var,
            locations=DEPLOY / "nginx" / "exodus-locations.conf",
        )
    )
    # The shipped gunicorn settings, serving the app with a header naming the answering worker.
    app = Process(
        [str(GUNICORN), "-c", str(DEPLOY / "gunicorn.conf.py"), "tests.stack.pid_wsgi:application"],
        log=tmp_path / "gunicorn.log",
        cwd=settings.BASE_DIR,
        env=env,
    )
    web = Process([NGINX, "-c", str(conf), "-g", "daemon off;"], log=tmp_path / "nginx.log")
    try:
        wait_for(Stack(app_port), app)
        wait_for(Stack(port), web)
        yield Stack(port), Stack(app_port)
    finally:
        web.stop()
        app.stop()


def normal(name: str, headers: dict):
    value = headers.get(name)
    # django-csp writes its directives in no fixed order.
    return set(value.split("; ")) if name == "Content-Security-Policy" and value else value


def served_by_nginx(headers: dict) -> bool:
    return "X-Worker-Pid" not in headers


def test_nginx_serves_published_pages_from_disk_and_never_after_a_withdrawal_or_redaction(production, editor):
    nginx, gunicorn = production
    profile = published_profile(
        editor, name="Natalia Sindeeva", description="Founder of TV Rain", country="GE", city="Tbilisi"
    )
    page = f"/profiles/{profile.slug}/"

    # Publish: nginx serves the page from the file, byte for byte what Django serves, same headers.
    status, headers, body = nginx.get(page)
    assert status == 200 and served_by_nginx(headers)
    assert "Natalia Sindeeva" in body and "Tbilisi" in body
    django_status, django_headers, django_body = gunicorn.get(page)
    assert django_status == 200 and django_body == body
    for name in SAME_HEADERS:
        assert normal(name, headers) == normal(name, django_headers), name
    assert nginx.get(page, **{"If-None-Match": headers["ETag"]})[0] == 304
    assert nginx.get(f"{page}?utm_source=x")[2] == body

    # Redact: the withheld word is gone from the very next response, and from the file after it.
    entry = profile.timeline.get(kind="left_russia")
    redact(profile, actor=editor, entry_id=entry.pk, disclosure="country", reason="Threats received")
    status, headers, body = nginx.get(page)
    assert status == 200 and "Tbilisi" not in body and "Georgia" in body
    assert served_by_nginx(headers)  # already baked again, after the redaction committed
    assert nginx.get(page, **{"If-None-Match": headers["ETag"]})[0] == 304

    # Withdraw: the very next request through nginx gets 410, from Django (the file is gone).
    withdraw_profile(profile, actor=editor, reason="Safety: asked us to take the profile down")
    status, headers, body = nginx.get(page)
    assert status == 410 and not served_by_nginx(headers)
    assert "Natalia Sindeeva" not in body
    assert nginx.get(page, **{"If-None-Match": django_headers["ETag"]})[0] == 410
    assert nginx.get(f"/api/v1/profiles/{profile.slug}/")[0] == 404


def test_nginx_passes_everything_else_to_django_with_its_headers(production, editor):
    nginx, _ = production
    profile = published_profile(editor, name="Andrei Loshak", description="Investigative journalist")
    status, headers, body = nginx.get("/api/v1/profiles/")
    assert status == 200 and not served_by_nginx(headers) and profile.slug in body
    assert headers["Cache-Control"] == "public, max-age=60"
    status, headers, body = nginx.get("/profiles/?q=Loshak")
    assert status == 200 and headers["Cache-Control"] == "public, no-cache" and profile.slug in body
    status, headers, _ = nginx.get("/static/css/site.css")
    assert status == 200 and served_by_nginx(headers) and "immutable" in headers["Cache-Control"]
    assert nginx.get("/profiles/nobody-at-all/")[0] == 404
