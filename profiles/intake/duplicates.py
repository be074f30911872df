"""Is this article already a source? The same address written differently, or the same text.

Addresses are compared after normalising what does not change the page: http or https, "www.",
the default port, a trailing slash, the fragment, tracking parameters (utm_*, fbclid, …) and the
order of the remaining parameters. Texts are compared as sets of five-word shingles (Jaccard), after
normalising typography and case, so a copy pasted from another browser or with a byline more or
less still matches. Only sources whose text length is close enough to possibly match are read:
with thousands of sources this keeps the comparison to a handful.
"""

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db.models.functions import Length

from sources.models import Source
from sources.quotes import normalise_quote

SHINGLE_WORDS = 5
NEAR_IDENTICAL = 0.85
# Two texts whose lengths differ by more than this cannot reach NEAR_IDENTICAL in practice
# (Jaccard is at most the ratio of the shingle counts), so they are not even loaded.
_LENGTH_RATIO = NEAR_IDENTICAL * 0.9
# Parameters that say how a reader arrived, never which page it is. Kept short on purpose: dropping
# a parameter that does choose the page would send the editor to the wrong source.
_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|yclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|"
    r"_hsenc|_hsmi|mkt_tok|ref_src|ref_url|cmpid|at_[a-z_]+|itm_[a-z_]+|smid|sr_share|xtor|ncid|ocid|spm)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DuplicateSource:
    source: Source
    reason: str
    """"url" (the same address) or "text" (a near-identical text)."""
    similarity: float = 1.0


def normalise_url(url: str) -> str:
    """A key two addresses of the same page share: no scheme, no "www.", no default port, no
    fragment, no tracking parameters, parameters sorted, no trailing slash. "" for no address."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.").removeprefix("m.") if host.count(".") > 1 else host.removeprefix("www.")
    if port and port not in {80, 443}:
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/").rstrip("/")
    path = re.sub(r"/(index|default)\.(html?|php|aspx?)$", "", path, flags=re.IGNORECASE)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    return host + path + ("?" + urlencode(query) if query else "")


def find_by_url(url: str) -> Source | None:
    """An existing source at the same address (its URL or its archived copy's)."""
    key = normalise_url(url)
    if not key:
        return None
    # Filter in the database on the host, which every spelling of the address contains.
    host = key.split("/", 1)[0].split(":", 1)[0]
    candidates = Source.objects.filter(url__icontains=host) | Source.objects.filter(archived_url__icontains=host)
    for source in candidates.order_by("pk").only("pk", "url", "archived_url", "title"):
        if key in {normalise_url(source.url), normalise_url(source.archived_url)}:
            return source
    return None


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[int]:
    """Hashes of every run of `size` consecutive words, after normalising typography and case."""
    tokens = _WORD.findall(normalise_quote(text).lower().replace("ё", "е"))
    if len(tokens) < size:
        return {_hash(" ".join(tokens))} if tokens else set()
    return {_hash(" ".join(tokens[i : i + size])) for i in range(len(tokens) - size + 1)}


def text_similarity(a: str | set[int], b: str | set[int]) -> float:
    """Jaccard similarity of the two texts' shingles, 0..1."""
    sa = a if isinstance(a, set) else shingles(a)
    sb = b if isinstance(b, set) else shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def find_by_text(text: str, *, threshold: float = NEAR_IDENTICAL) -> tuple[Source, float] | None:
    """The stored source whose full text is most similar to `text`, if at least `threshold`."""
    mine = shingles(text)
    if len(mine) < 2:
        return None
    length = len(text)
    candidates = (
        Source.objects.annotate(text_length=Length("full_text"))
        .filter(text_length__gte=int(length * _LENGTH_RATIO), text_length__lte=int(length / _LENGTH_RATIO) + 1)
        .order_by("pk")
        .only("pk", "title", "full_text")
    )
    best: tuple[Source, float] | None = None
    for source in candidates.iterator(chunk_size=200):
        score = text_similarity(mine, shingles(source.full_text))
        if score >= threshold and (best is None or score > best[1]):
            best = (source, score)
    return best


def find_duplicate(*, url: str = "", text: str = "") -> DuplicateSource | None:
    """The existing source the editor should open instead of creating a new one, if any."""
    by_url = find_by_url(url) if url else None
    if by_url is not None:
        return DuplicateSource(source=by_url, reason="url")
    found = find_by_text(text) if text.strip() else None
    if found is not None:
        return DuplicateSource(source=found[0], reason="text", similarity=found[1])
    return None


def _hash(shingle: str) -> int:
    # A stable 64-bit hash: Python's own hash of a string changes between processes.
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
