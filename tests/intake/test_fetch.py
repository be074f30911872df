"""Fetching an article by URL: only public web sites, over http(s), within a time and size limit.

Every refusal here happens before a connection is made: the guard fixture fails the test if the
fetcher ever opens a socket to anything but the local test server."""

import gzip
import http.server
import ipaddress
import socket
import threading
import time

import pytest

from profiles.intake import fetch
from profiles.intake.fetch import FetchError, fetch_url

LOCAL = "127.0.0.1"
ARTICLE = b"<html><head><title>Test</title></head><body><p>Hello from the test server.</p></body></html>"


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/article": lambda: self._send(200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"}),
            "/host": lambda: self._send(200, self.headers["Host"].encode(), {"Content-Type": "text/plain"}),
            "/hop": lambda: self._send(302, headers={"Location": "/article"}),
            "/to-private": lambda: self._send(302, headers={"Location": "http://10.1.2.3/admin"}),
            "/to-metadata": lambda: self._send(301, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
            "/to-file": lambda: self._send(302, headers={"Location": "file:///etc/passwd"}),
            "/loop": lambda: self._send(302, headers={"Location": f"http://{LOCAL}:{port}/loop"}),
            "/pdf": lambda: self._send(200, b"%PDF-1.7", {"Content-Type": "application/pdf"}),
            "/missing": lambda: self._send(404, b"not here", {"Content-Type": "text/html"}),
            "/gzip": lambda: self._send(
                200, gzip.compress(ARTICLE), {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            ),
            "/gzip-bomb": lambda: self._send(
                200, gzip.compress(b" " * 2_000_000), {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            ),
        }
        if self.path in routes:
            return routes[self.path]()
        if self.path == "/big-declared":
            return self._send(200, b"x" * 10, {"Content-Type": "text/html", "Content-Length": "999999999"})
        if self.path == "/big-streamed":
            # No Content-Length: the body only ends when the connection closes, so only the cap stops it.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"y" * 16384)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):  # drips a byte every 0.1 s: each read is quick, the whole is not
                    self.wfile.write(b"z")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        return self._send(404)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer((LOCAL, 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL}:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _enabled_and_guarded(settings, monkeypatch):
    """Fetching on, and any connection to something other than the local test server fails the test."""
    settings.INTAKE_URL_FETCH = True
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        assert ipaddress.ip_address(address[0]).is_loopback, f"the fetcher tried to connect to {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "create_connection", guarded)


def _fake_dns(monkeypatch, answers: dict[str, list[str]]):
    """Resolve the given names to the given addresses without asking any DNS server."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)


def test_fetching_is_refused_unless_the_setting_allows_it(settings, server):
    settings.INTAKE_URL_FETCH = False
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/article", allow_addresses=[LOCAL])
    assert refused.value.reason == "disabled"
    assert "paste the text" in str(refused.value)


def test_the_setting_is_off_when_not_configured(settings):
    del settings.INTAKE_URL_FETCH
    assert fetch.fetch_enabled() is False


def test_a_public_page_is_fetched_with_its_charset(server):
    page = fetch_url(f"{server}/article", allow_addresses=[LOCAL])
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert "Hello from the test server." in page.text()


def test_redirects_are_followed_and_recorded(server):
    page = fetch_url(f"{server}/hop", allow_addresses=[LOCAL])
    assert page.url == f"{server}/article"
    assert page.redirects == [f"{server}/article"]


def test_the_connection_goes_to_the_address_that_was_checked(server, monkeypatch):
    # "pinned.example" resolves (here) to the test server; the request still names the host, and no
    # second lookup happens between the check and the connection.
    port = server.rsplit(":", 1)[1]
    lookups = []
    _fake_dns(monkeypatch, {"pinned.example": [LOCAL]})
    real_lookup = fetch.socket.getaddrinfo
    monkeypatch.setattr(fetch.socket, "getaddrinfo", lambda *a, **k: lookups.append(a[0]) or real_lookup(*a, **k))
    page = fetch_url(f"http://pinned.example:{port}/host", allow_addresses=[LOCAL])
    assert page.text() == f"pinned.example:{port}"
    # (socket.create_connection "looks up" the address literal itself; that asks no DNS server)
    assert [host for host in lookups if host != LOCAL] == ["pinned.example"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.0.0.2:8080/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[::1]/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://2130706433/",
        "http://localhost/",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(url):
    with pytest.raises(FetchError) as refused:
        fetch_url(url)
    assert refused.value.reason == "address", str(refused.value)
    assert "Refused" in str(refused.value)


def test_a_host_name_resolving_to_loopback_is_refused(monkeypatch):
    _fake_dns(monkeypatch, {"news.example": ["127.0.0.1"]})
    with pytest.raises(FetchError) as refused:
        fetch_url("https://news.example/article")
    assert refused.value.reason == "address"


def test_a_host_name_with_one_private_answer_among_public_ones_is_refused(monkeypatch):
    _fake_dns(monkeypatch, {"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(FetchError) as refused:
        fetch_url("https://mixed.example/article")
    assert refused.value.reason == "address"


def test_the_test_allowance_covers_only_the_addresses_named(server):
    with pytest.raises(FetchError) as refused:
        fetch_url("http://127.0.0.2/", allow_addresses=[LOCAL])
    assert refused.value.reason == "address"


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata"])
def test_a_redirect_to_a_private_address_is_refused(server, path):
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}{path}", allow_addresses=[LOCAL])
    assert refused.value.reason == "address"


def test_a_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/to-file", allow_addresses=[LOCAL])
    assert refused.value.reason == "url"


def test_endless_redirects_stop(server):
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/loop", allow_addresses=[LOCAL])
    assert refused.value.reason == "redirects"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://ftp.example.org/article.html",
        "file:///etc/passwd",
        "gopher://example.org/",
        "javascript:alert(1)",
        "//example.org/no-scheme",
        "http://user:secret@example.org/",
        "http:///no-host",
    ],
)
def test_only_plain_http_and_https_urls_are_fetched(url):
    with pytest.raises(FetchError) as refused:
        fetch_url(url)
    assert refused.value.reason == "url"


def test_a_body_declared_too_large_is_refused_before_reading(server):
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/big-declared", allow_addresses=[LOCAL], max_bytes=100_000)
    assert refused.value.reason == "too_large"


def test_a_streamed_body_stops_at_the_size_cap(server):
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/big-streamed", allow_addresses=[LOCAL], max_bytes=100_000)
    assert refused.value.reason == "too_large"


def test_a_compressed_body_is_read_and_a_compression_bomb_is_capped(server):
    assert b"Hello from the test server." in fetch_url(f"{server}/gzip", allow_addresses=[LOCAL]).body
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/gzip-bomb", allow_addresses=[LOCAL], max_bytes=100_000)
    assert refused.value.reason == "too_large"


def test_a_slow_server_runs_into_the_timeout(server):
    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/slow", allow_addresses=[LOCAL], timeout=1.0)
    assert refused.value.reason == "timeout"
    assert time.monotonic() - started < 3.5  # the whole exchange is bounded, not each read


def test_a_page_that_is_not_text_is_refused(server):
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/pdf", allow_addresses=[LOCAL])
    assert refused.value.reason == "content_type"


def test_an_error_status_is_reported(server):
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/missing", allow_addresses=[LOCAL])
    assert refused.value.reason == "status"
    assert "404" in str(refused.value)
