"""Sentences and words of an article, with their exact positions in the text as stored.

Matching works on words normalised the way the gazetteer writes name forms (lower case, ё as е,
straight apostrophes, `profiles.placenames.gazetteer.normalise`), but everything reported points at
the original characters: an excerpt cut from those positions is the source's own words.
"""

import re
import unicodedata
from dataclasses import dataclass

from razdel import sentenize

# The gazetteer's word: letters and digits, joined by inner hyphens or apostrophes ("нью-йорк",
# "o'brien"). An English possessive ("Serebrennikov’s") is the name plus a suffix, not a new word.
_WORD = re.compile(r"\w+(?:[-']\w+)*")
_POSSESSIVE = re.compile(r"'s?$")
_FOLD = str.maketrans({"ё": "е", "’": "'", "ʼ": "'", "‘": "'", "\u2010": "-", "\u2011": "-"})
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Token:
    word: str
    """Normalised: lower case, ё as е, straight apostrophes, without an English possessive."""
    start: int
    end: int
    """Positions in the original text."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def fold(text: str) -> tuple[str, list[int], list[int]]:
    """The text normalised character by character, with where each character came from.

    Returns (folded, starts, ends): folded[i] comes from text[starts[i]:ends[i]]. Combining marks
    are merged into their letter (a decomposed "й" becomes "й") or dropped (stress marks), and
    invisible characters (soft hyphens, zero-width spaces) vanish, so they cannot split a name.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    base = ""
    for i, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if unicodedata.combining(char) and out:
            composed = unicodedata.normalize("NFC", base + char)
            if len(composed) == 1:
                base = composed
                out[-1] = composed.lower().translate(_FOLD)[:1]
            ends[-1] = i + 1
            continue
        lowered = char.lower().translate(_FOLD)
        base = char
        # A few characters lower-case to two ("İ" → "i̇"): keep the letter, the mark is noise here.
        out.append(lowered[:1] if lowered else char)
        starts.append(i)
        ends.append(i + 1)
    return "".join(out), starts, ends


def tokens(text: str) -> list[Token]:
    folded, starts, ends = fold(text)
    found = []
    for match in _WORD.finditer(folded):
        word = match.group()
        end = match.end()
        possessive = _POSSESSIVE.search(word)
        if possessive and possessive.start() > 0:
            word = word[: possessive.start()]
            end = match.start() + possessive.start()
        found.append(Token(word=word, start=starts[match.start()], end=ends[end - 1]))
    return found


def form_key(phrase: str) -> str:
    """A name form as the matcher sees it: its words, as `tokens` reads them, joined by spaces."""
    return " ".join(t.word for t in tokens(phrase))


def sentences(text: str) -> list[Span]:
    """Sentences with their positions. Line breaks end a sentence (a title or a byline has no full
    stop); within a paragraph razdel splits, which knows Russian and English abbreviations and
    quotation marks ("Т. е.", "U.S.", «Нет», — сказал он)."""
    found = []
    for paragraph in _PARAGRAPH.finditer(text):
        for sentence in sentenize(paragraph.group()):
            start = paragraph.start() + sentence.start
            end = paragraph.start() + sentence.stop
            if text[start:end].strip():
                found.append(Span(start=start, end=end, text=text[start:end]))
    return found
