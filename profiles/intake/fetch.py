"""Fetch an article by URL on the server, without becoming a way into the newsroom's network.

A URL an editor pastes is fetched only where `settings.INTAKE_URL_FETCH` is on, over http(s)
only, with a timeout for the whole exchange and a cap on the body (read in chunks; we stop as
soon as it is exceeded). The server-side request forgery guards:

- the host name is resolved once per hop, and every address it resolves to must be public: not
  private, loopback, link-local (169.254.169.254 is the cloud metadata service), multicast,
  reserved, unspecified or carrier-grade NAT, also when wrapped in IPv6 (::ffff:127.0.0.1);
- we connect to the address we checked, never resolve again (a DNS answer that changes between
  the check and the connection, "DNS rebinding", cannot redirect us), sending the original
  host name for virtual hosting and TLS;
- redirects are followed by hand, at most `MAX_REDIRECTS`, and each hop is checked the same way;
- no proxy from the environment and no credentials in URLs; we ask for an uncompressed body.

Tests talk to a server on 127.0.0.1 by passing `allow_addresses`: an explicit set of exact
addresses that only code can pass. No setting or environment variable turns it on, so nothing
an editor or an attacker controls can open loopback in production.
"""

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10.0
MAX_REDIRECTS = 4
_CHUNK = 64 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}
_TEXT_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
USER_AGENT = "Exodus-intake/1.0 (newsroom article intake)"
# Networks `ipaddress` does not count as non-global on every Python version but that must never be
# reached from the server: carrier-grade NAT, benchmarking and the IPv6 documentation prefix.
_EXTRA_BLOCKED = [ipaddress.ip_network(n) for n in ("100.64.0.0/10", "198.18.0.0/15", "2001:db8::/32")]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """The URL was not fetched; the message says why in words an editor understands. `reason` is
    a short code for tests and logs (disabled, url, address, dns, redirects, timeout, too_large,
    status, content_type, network)."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class FetchedPage:
    url: str
    """The final URL, after redirects."""
    status: int
    content_type: str
    charset: str
    body: bytes
    redirects: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The body as text, in the declared charset (UTF-8 when none is declared or it is unknown)."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def fetch_enabled() -> bool:
    return bool(getattr(settings, "INTAKE_URL_FETCH", False))


def fetch_url(
    url: str,
    *,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    allow_addresses: Collection[str] = (),
) -> FetchedPage:
    """Fetch `url` under the guards above, or raise FetchError.

    `allow_addresses` exempts exact IP addresses from the address check; only tests pass it (for
    their server on 127.0.0.1). The admin never does.
    """
    if not fetch_enabled():
        raise FetchError(
            "Fetching URLs on the server is turned off here; paste the text or upload the saved page instead.",
            reason="disabled",
        )
    allowed = frozenset(ipaddress.ip_address(a) for a in allow_addresses)
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url.strip()
    while True:
        status, headers, body = _request(current, deadline=deadline, max_bytes=max_bytes, allowed=allowed)
        if status in _REDIRECTS:
            location = headers.get("location")
            if not location:
                raise FetchError(f"{current} redirects without saying where to.", reason="redirects")
            if len(redirects) >= max_redirects:
                raise FetchError(f"Too many redirects (more than {max_redirects}) from {url}.", reason="redirects")
            current = urljoin(current, location.strip())
            redirects.append(current)
            continue
        if not 200 <= status < 300:
            raise FetchError(f"The site answered {status} for {current}.", reason="status")
        content_type, charset = _content_type(headers.get("content-type", ""))
        if content_type and content_type not in _TEXT_TYPES:
            raise FetchError(
                f"{current} is {content_type}, not a web page; save the article as text or HTML instead.",
                reason="content_type",
            )
        return FetchedPage(
            url=current,
            status=status,
            content_type=content_type or "text/html",
            charset=charset,
            body=body,
            redirects=redirects,
        )


def check_address(address: IPAddress, *, allowed: Collection[IPAddress] = ()) -> None:
    """Raise FetchError unless `address` is a public unicast address (or explicitly allowed)."""
    if address in allowed:
        return
    for candidate in _unwrapped(address):
        if (
            not candidate.is_global
            or candidate.is_private
            or candidate.is_loopback
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
            or any(candidate in network for network in _EXTRA_BLOCKED if network.version == candidate.version)
        ):
            raise FetchError(
                f"Refused: {address} is a private, local or reserved address, not a public web site.",
                reason="address",
            )


def _unwrapped(address: IPAddress) -> list[IPAddress]:
    """The address and any IPv4 address it carries (IPv4-mapped, 6to4, Teredo), all of which must pass."""
    found = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            found.append(address.ipv4_mapped)
        if address.sixtofour:
            found.append(address.sixtofour)
        if address.teredo:
            found.extend(address.teredo)
    return found


def _split(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"Not a valid URL: {url!r} ({exc}).", reason="url") from exc
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"Only http and https addresses can be fetched, not {scheme or 'this'}: {url}", reason="url")
    if parts.username is not None or parts.password is not None:
        raise FetchError("Addresses with a user name or password are not fetched.", reason="url")
    host = parts.hostname
    if not host:
        raise FetchError(f"The address has no host name: {url}", reason="url")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _resolve(host: str, port: int, *, allowed: Collection[IPAddress]) -> IPAddress:
    """Resolve once; every address must pass (a name with one private answer is refused), and the
    first is the one we connect to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host {host} could not be found.", reason="dns") from exc
    addresses = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        # Drop an IPv6 scope id ("fe80::1%eth0") before parsing; the address itself is checked.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        check_address(address, allowed=allowed)
        addresses.append(address)
    if not addresses:
        raise FetchError(f"The host {host} could not be found.", reason="dns")
    return addresses[0]


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP to the address we checked; the Host header still names the host."""

    def __init__(self, host: str, port: int, *, address: IPAddress, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address
        # http.client hands the socket to the response and forgets it ("Connection: close"); we keep
        # it to shorten its timeout as the deadline nears.
        self.opened: socket.socket | None = None

    def _open_socket(self) -> socket.socket:
        return socket.create_connection((str(self.pinned_address), self.port), timeout=self.timeout)

    def connect(self) -> None:
        self.sock = self.opened = self._open_socket()


class _PinnedTLSConnection(_PinnedConnection):
    """HTTPS to the address we checked, verifying the certificate for the host name."""

    default_port = 443

    def connect(self) -> None:
        context = ssl.create_default_context()
        self.sock = self.opened = context.wrap_socket(self._open_socket(), server_hostname=self.host)


def _request(url: str, *, deadline: float, max_bytes: int, allowed: frozenset) -> tuple[int, dict, bytes]:
    scheme, host, port, path = _split(url)
    address = _resolve(host, port, allowed=allowed)
    remaining = _remaining(deadline, url)
    connection_class = _PinnedTLSConnection if scheme == "https" else _PinnedConnection
    connection = connection_class(host, port, address=address, timeout=remaining)
    response = None
    try:
        connection.request(
            "GET",
            path,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
                "Accept-Encoding": "identity",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        if response.status in _REDIRECTS:
            return response.status, headers, b""
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _too_large(url, max_bytes)
        body = _read_capped(connection, response, deadline=deadline, max_bytes=max_bytes, url=url)
        return response.status, headers, _decoded(body, headers.get("content-encoding", ""), max_bytes, url)
    except TimeoutError as exc:
        raise FetchError(f"{url} took too long to answer.", reason="timeout") from exc
    except ssl.SSLError as exc:
        raise FetchError(f"The secure connection to {host} failed: {exc.reason or exc}.", reason="network") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"Could not fetch {url}: {exc}.", reason="network") from exc
    finally:
        if response is not None:
            response.close()
        connection.close()


def _read_capped(connection, response, *, deadline: float, max_bytes: int, url: str) -> bytes:
    """Read in chunks until the end, the cap or the deadline, whichever comes first: a slow server
    dripping bytes cannot hold us past the deadline, a huge one cannot fill memory."""
    chunks, size = [], 0
    while True:
        remaining = _remaining(deadline, url)
        if connection.opened is not None:
            connection.opened.settimeout(remaining)
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url, max_bytes)
        chunks.append(chunk)


def _decoded(body: bytes, encoding: str, max_bytes: int, url: str) -> bytes:
    """We ask for no compression; a server that compresses anyway is decoded within the same cap,
    so a small compressed bomb cannot expand without limit."""
    encoding = encoding.strip().lower()
    if encoding in {"", "identity"}:
        return body
    if encoding not in {"gzip", "x-gzip", "deflate"}:
        raise FetchError(f"{url} sent its page in an encoding we do not read ({encoding}).", reason="content_type")
    decoder = zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    try:
        out = decoder.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(f"{url} sent a damaged compressed page.", reason="network") from exc
    if len(out) > max_bytes:
        raise _too_large(url, max_bytes)
    return out


def _content_type(value: str) -> tuple[str, str]:
    parts = [p.strip() for p in value.split(";")]
    charset = ""
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip('"').lower()
    return parts[0].lower(), charset


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{url} took too long to answer.", reason="timeout")
    return left


def _too_large(url: str, max_bytes: int) -> FetchError:
    return FetchError(
        f"The page at {url} is larger than {max_bytes // (1024 * 1024) or max_bytes} "
        f"{'MB' if max_bytes >= 1024 * 1024 else 'bytes'}; save the article text and paste it instead.",
        reason="too_large",
    )
