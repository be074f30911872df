"""Names across spellings and scripts: slugs, search keys and the similar-name warning.

Russian names reach English in several transliterations ("Lyudmila Ulitskaya", "Ludmila
Ulitska"; "Kirill", "Kiril"). We transliterate Cyrillic to Latin, then fold the differences
transliteration systems disagree on, so both spellings meet on one key.
"""

import re
import unicodedata
from difflib import SequenceMatcher

from django.utils.text import slugify

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip

# Applied in order to a lower-case Latin string; each pair maps spellings that disagree.
_FOLDS = [
    (r"shch", "sch"),
    (r"kh", "h"),
    (r"yo", "e"),
    (r"ye", "e"),
    (r"iy\b", "i"),
    (r"yy\b", "i"),
    (r"y\b", "i"),
    (r"ay\b", "ai"),
    (r"yu", "u"),
    (r"iu", "u"),
    (r"ya", "a"),
    (r"ia", "a"),
    (r"j", "i"),
    (r"y", "i"),
    (r"w", "v"),
    (r"x", "ks"),
    (r"(.)\1+", r"\1"),  # Kirill / Kiril
    (r"aya\b", "a"),
    (r"ai\b", "a"),
]


def transliterate(text: str) -> str:
    """Cyrillic to readable Latin (a simplified BGN/PCGN); other letters lose their accents."""
    out = []
    for char in text:
        lower = char.lower()
        if lower in _CYRILLIC:
            latin = _CYRILLIC[lower]
            out.append(latin.capitalize() if char.isupper() and latin else latin)
        else:
            out.append(char)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def make_slug(name: str) -> str:
    slug = slugify(transliterate(name))
    return slug[:80].strip("-") or "profile"


def name_key(name: str) -> str:
    """A spelling-insensitive key: 'Lyudmila Ulitskaya', 'Ludmila Ulitska' and 'Людмила Улицкая' meet."""
    text = transliterate(name).lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    words = []
    for word in text.split():
        for pattern, repl in _FOLDS:
            word = re.sub(pattern, repl, word)
        # Feminine -aya / -a endings and trailing vowels vary most between spellings.
        word = re.sub(r"[aeiou]+$", "", word) or word
        words.append(word)
    return " ".join(words)


def search_text(*names: str) -> str:
    """Everything a search should match a profile by: the names as written and their keys."""
    parts = []
    for name in names:
        if not name:
            continue
        parts.append(name.lower())
        parts.append(transliterate(name).lower())
        parts.append(name_key(name))
    return " ".join(dict.fromkeys(parts))


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two names after folding spellings and scripts."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    whole = SequenceMatcher(None, ka, kb).ratio()
    # Word order varies ("Ulitskaya Lyudmila"), so compare sorted words as well.
    ordered = SequenceMatcher(None, " ".join(sorted(ka.split())), " ".join(sorted(kb.split()))).ratio()
    return max(whole, ordered)


SIMILAR_NAME_THRESHOLD = 0.85
