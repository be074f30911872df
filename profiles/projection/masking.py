"""Masking withheld places in public text: one rule, whole words, every form.

A place is replaced by MASK wherever one of its forms (see `gazetteer`) occurs as a whole word,
in any letter case: with "Nice" withheld, "nicely" stays "nicely", while "Nice", "NICE" and
"Ницце" go. Masking only ever removes: applying it twice changes nothing, so stored text can be
masked again whenever the set of withheld places grows.
"""

import functools
import re
from collections.abc import Iterable

MASK = "[place withheld]"


def _pattern_for(form: str) -> str:
    parts = []
    for char in form:
        if char == " ":
            parts.append(r"\s+")
        elif char in "её":
            parts.append("[её]")
        elif char in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@functools.lru_cache(maxsize=512)
def _compiled(forms: frozenset[str]) -> re.Pattern | None:
    if not forms:
        return None
    alternatives = "|".join(_pattern_for(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mask_text(text: str, forms: Iterable[str]) -> str:
    pattern = _compiled(frozenset(forms))
    if pattern is None or not text:
        return text
    return pattern.sub(MASK, text)


def find_forms(text: str, forms: Iterable[str]) -> list[str]:
    """The withheld forms `text` contains, as written there."""
    pattern = _compiled(frozenset(forms))
    if pattern is None or not text:
        return []
    return [match.group(0) for match in pattern.finditer(text)]


def mask_value(value, forms: frozenset[str]):
    """`mask_text` over every string of a JSON-like value (dicts, lists)."""
    if not forms:
        return value
    if isinstance(value, str):
        return mask_text(value, forms)
    if isinstance(value, list):
        return [mask_value(item, forms) for item in value]
    if isinstance(value, dict):
        return {key: mask_value(item, forms) for key, item in value.items()}
    return value


def _url_words(url: str) -> list[str]:
    from urllib.parse import unquote

    return [w for w in re.split(r"[\W_]+", unquote(url).lower()) if w]


def url_names(url: str, forms: Iterable[str]) -> bool:
    """Whether an address names a withheld place (…/director-leaves-for-riga): such a link is not
    masked, which would break it, but withheld."""
    if not url:
        return False
    haystack = f" {' '.join(_url_words(url))} "
    return any(f" {' '.join(_url_words(form))} " in haystack for form in forms if _url_words(form))
