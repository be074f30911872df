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


class Forms(frozenset):
    """The forms of several withheld places, remembering each place's own set (`groups`).

    A shared text can concern hundreds of profiles (a source every one of them cites), whose
    places have thousands of forms between them: one regular expression of them all takes long to
    build and to run, and a new one is needed whenever one more profile cites the text. With the
    groups, a text is first searched with each place's own expression (built once per place and
    kept), and then masked with the alternation of the few places that occur in it: the same
    result as the alternation of every form (a form that occurs nowhere in the text changes
    nothing), at the cost of a few cached searches.
    """

    groups: frozenset[frozenset[str]]

    def __new__(cls, groups: Iterable[frozenset[str]]):
        groups = frozenset(frozenset(group) for group in groups if group)
        forms = super().__new__(cls, (form for group in groups for form in group))
        forms.groups = groups
        return forms


def _present(text: str, forms: frozenset[str]) -> frozenset[str]:
    """The forms of the places that occur in `text` (all of `forms` when it has no groups)."""
    groups = getattr(forms, "groups", None)
    if not groups or len(groups) == 1:
        return frozenset(forms)
    return frozenset().union(*(group for group in groups if _compiled(group).search(text)))


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


@functools.lru_cache(maxsize=8192)
def _compiled(forms: frozenset[str]) -> re.Pattern | None:
    if not forms:
        return None
    alternatives = "|".join(_pattern_for(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mask_text(text: str, forms: Iterable[str]) -> str:
    if not text or not forms:
        return text
    pattern = _compiled(_present(text, forms if isinstance(forms, frozenset) else frozenset(forms)))
    if pattern is None:
        return text
    return pattern.sub(MASK, text)


def find_forms(text: str, forms: Iterable[str]) -> list[str]:
    """The withheld forms `text` contains, as written there."""
    if not text or not forms:
        return []
    pattern = _compiled(_present(text, forms if isinstance(forms, frozenset) else frozenset(forms)))
    if pattern is None:
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


@functools.lru_cache(maxsize=8192)
def _url_keys(forms: frozenset[str]) -> frozenset[str]:
    return frozenset(" ".join(words) for form in forms if (words := _url_words(form)))


def url_names(url: str, forms: Iterable[str]) -> bool:
    """Whether an address names a withheld place (…/director-leaves-for-riga): such a link is not
    masked, which would break it, but withheld. A form names it when its words are consecutive
    words of the address."""
    if not url or not forms:
        return False
    words = _url_words(url)
    runs = {" ".join(words[start:end]) for start in range(len(words)) for end in range(start + 1, len(words) + 1)}
    forms = forms if isinstance(forms, frozenset) else frozenset(forms)
    return any(runs & _url_keys(group) for group in getattr(forms, "groups", None) or [forms])
