"""What an article is, read from a saved or fetched web page or from pasted text, for the editor
to confirm before it becomes a `Source`.

trafilatura finds the main text (dropping navigation, related links, footers and reader comments)
and the title, authors, site name and canonical URL from the page's meta tags and JSON-LD. The
date is taken as precisely as the page gives it and no more: a page that says "2022-04" was
published in April 2022, not on 1 April. The language comes from the page's declaration, checked
against the script of the text (templates often declare "en" over a Russian article).
"""

import datetime
import json
import re
from dataclasses import dataclass, field

import trafilatura

from sources.dates import DatePrecision
from sources.models import LANGUAGES

_KNOWN_LANGUAGES = {code for code, _ in LANGUAGES}
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_UKRAINIAN = re.compile(r"[іїєґ]", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T\s].*)?$")
# Where pages state when they were first published, most reliable first. Modified dates and
# comment timestamps are deliberately not here.
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "pubdate",
    "publishdate",
    "parsely-pub-date",
    "sailthru.date",
)
_BYLINE = re.compile(r"^\s*(?:by|author|authors|автор|авторы|текст)\s*[:\-–—]?\s+(.+)$", re.IGNORECASE)
_FEW_WORDS = 40
_SPLIT_AUTHORS = re.compile(r"\s*(?:;|,|\band\b|\bи\b|&)\s*")


@dataclass
class ExtractedArticle:
    """What the intake screen pre-fills; every field is the editor's to confirm or correct."""

    text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    outlet: str = ""
    published_on: datetime.date | None = None
    date_precision: str = DatePrecision.UNKNOWN
    language: str = "en"
    canonical_url: str = ""
    url: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.published_on.year if self.published_on else None

    def source_fields(self) -> dict:
        """Fields for a new `Source`. A date less precise than a day goes into the year only: the
        source model has no month precision, and a first-of-the-month would invent a day."""
        day = self.date_precision == DatePrecision.DAY
        return {
            "title": self.title[:300],
            "authors": ", ".join(self.authors)[:300],
            "url": (self.canonical_url or self.url)[:500],
            "published_on": self.published_on if day else None,
            "published_year": self.year if not day else None,
            "language": self.language,
            "full_text": self.text,
        }


def extract_from_html(html: str | bytes, *, url: str = "") -> ExtractedArticle:
    """Read a saved or fetched page. Bytes are decoded by the page's own declaration."""
    tree = trafilatura.load_html(html)
    if tree is None:
        return ExtractedArticle(text="", url=url, warnings=["This does not look like a web page."])
    document = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        # Only dates in the page's markup: a date guessed from the body is usually one the
        # article talks about, not when it was published.
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    warnings: list[str] = []
    if document is None or not (document.text or "").strip():
        warnings.append("No main text was found on the page; paste the article's text instead.")
        text = ""
    else:
        # trafilatura gives one paragraph per line; sources keep a blank line between paragraphs.
        text = "\n\n".join(line.strip() for line in document.text.splitlines() if line.strip())
        if len(text.split()) < _FEW_WORDS:
            warnings.append(f"Only {len(text.split())} words were found; check the text against the page.")
    published_on, precision = _publication_date(tree, getattr(document, "date", None))
    declared = _declared_language(tree)
    return ExtractedArticle(
        text=text,
        title=(getattr(document, "title", None) or "").strip(),
        authors=_split_authors(getattr(document, "author", None) or ""),
        outlet=(getattr(document, "sitename", None) or "").strip(),
        published_on=published_on,
        date_precision=precision,
        language=guess_language(text, declared=declared),
        canonical_url=(getattr(document, "url", None) or "").strip(),
        url=url,
        warnings=warnings,
    )


def extract_from_text(text: str) -> ExtractedArticle:
    """Pasted text: the first short line is taken as the title and a "By …"/"Author: …" line as
    the byline (both left in the text, which must stay as the source has it); the date is left to
    the editor."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = lines[0] if lines and len(lines[0]) <= 200 and not lines[0].endswith((".", ":")) else ""
    authors: list[str] = []
    for line in lines[:5] + lines[-3:]:
        match = _BYLINE.match(line)
        if match and len(match.group(1)) <= 200:
            authors = _split_authors(match.group(1))
            break
    return ExtractedArticle(text=text, title=title, authors=authors, language=guess_language(text))


def extract_from_page(page) -> ExtractedArticle:
    """A `fetch.FetchedPage`: HTML goes through the page reader, plain text through the text one."""
    if page.content_type == "text/plain":
        return extract_from_text(page.text())
    # A charset the server declared wins over the page's own <meta>; without one, let the page say.
    body = page.text() if page.charset else page.body
    return extract_from_html(body, url=page.url)


def guess_language(text: str, *, declared: str = "") -> str:
    """The page's declared language, unless the text's script contradicts it; else from the script."""
    letters = _LETTER.findall(text[:20000])
    cyrillic = sum(1 for c in letters if _CYRILLIC.match(c))
    mostly_cyrillic = bool(letters) and cyrillic / len(letters) > 0.5
    if mostly_cyrillic:
        if declared in {"ru", "uk"}:
            return declared
        ukrainian = sum(1 for c in letters if _UKRAINIAN.match(c))
        return "uk" if ukrainian / max(cyrillic, 1) > 0.01 else "ru"
    if declared and declared not in {"ru", "uk"}:
        return declared if declared in _KNOWN_LANGUAGES else "other"
    return "en"


def _declared_language(tree) -> str:
    candidates = [
        tree.get("lang") or tree.get("xml:lang") or "",
        *tree.xpath('//meta[@property="og:locale"]/@content'),
        *tree.xpath('//meta[translate(@http-equiv, "CONTENT-LAGU", "content-lagu")="content-language"]/@content'),
        *(_json_ld_values(tree, "inLanguage")),
    ]
    for value in candidates:
        code = re.split(r"[-_]", str(value).strip().lower(), maxsplit=1)[0]
        if code:
            return code
    return ""


def _publication_date(tree, found: str | None) -> tuple[datetime.date | None, str]:
    """The first publication date the markup states, with the precision it is stated at; else the
    date trafilatura found (a full date) at day precision."""
    for raw in _raw_dates(tree):
        parsed = _parse_partial_date(raw)
        if parsed is not None:
            return parsed
    if found:
        parsed = _parse_partial_date(found)
        if parsed is not None:
            return parsed
    return None, DatePrecision.UNKNOWN


def _raw_dates(tree) -> list[str]:
    values = list(_json_ld_values(tree, "datePublished"))
    metas = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas:
            metas[key] = meta.get("content")
    values += [metas[key] for key in _META_DATE_KEYS if metas.get(key)]
    values += tree.xpath('//*[@itemprop="datePublished"]/@datetime')
    return values


def _parse_partial_date(raw: str) -> tuple[datetime.date, str] | None:
    match = _ISO_DATE.match(str(raw))
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            return datetime.date(year, month, day), DatePrecision.DAY
        if month is not None:
            return datetime.date(year, month, 1), DatePrecision.MONTH
        return datetime.date(year, 1, 1), DatePrecision.YEAR
    except ValueError:
        return None


def _json_ld_values(tree, key: str):
    """Values of `key` in the page's JSON-LD, in document order, through @graph and nested lists."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                if isinstance(item.get(key), str):
                    yield item[key]
                stack.extend(v for v in item.values() if isinstance(v, list | dict))


def _split_authors(value: str) -> list[str]:
    value = re.sub(r"^\s*(?:by|автор[ы]?:?)\s+", "", value.strip(), flags=re.IGNORECASE)
    names = [name.strip() for name in _SPLIT_AUTHORS.split(value) if name and name.strip()]
    return list(dict.fromkeys(names))
