"""Quote verification: does an excerpt occur, word for word, in its source's full text?

Typography differs between a copy-paste and the stored text (curly vs straight quotes, en vs em
dashes, line breaks), so both sides are normalised before comparing. Words themselves must match.
"""

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2026": "...",
    }
)
_SPACE = re.compile(r"\s+")


def normalise_quote(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def find_quote(quote: str, full_text: str) -> int | None:
    """Offset of the quote in the normalised full text, or None when it does not occur."""
    needle = normalise_quote(quote)
    if not needle:
        return None
    offset = normalise_quote(full_text).find(needle)
    return None if offset < 0 else offset
