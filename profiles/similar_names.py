"""The similar-name warning: catch a second profile of the same person under another spelling.

`similarity` (profiles.names) compares two names after folding spellings and scripts; checking a
name against every profile that way costs seconds at 10,000 profiles. So the folded keys of every
profile's names are kept per process (rebuilt when the profiles table changes: one aggregate
query tells), and two cheap upper bounds of difflib's ratio skip almost every pair before the
exact comparison: the lengths (`real_quick_ratio`) and the letters shared regardless of order
(`quick_ratio`, which is also the bound for the word-sorted comparison, since sorting words keeps
the same letters), counted for all names at once through a posting list per letter. The answer
is exactly the one comparing every pair would give.
"""

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from profiles.models import Profile
from profiles.names import SIMILAR_NAME_THRESHOLD, name_key
from profiles.process_cache import PerProcess


@dataclass(frozen=True)
class NameKey:
    key: str
    ordered: str
    """The key's words sorted ("ulitska lyudmila" and "lyudmila ulitska" meet)."""
    letters: Counter

    @property
    def size(self) -> int:
        return len(self.key)


@functools.lru_cache(maxsize=200_000)
def key_of(name: str) -> NameKey | None:
    key = name_key(name)
    if not key:
        return None
    return NameKey(key=key, ordered=" ".join(sorted(key.split())), letters=Counter(key))


def similarity_of(a: NameKey, b: NameKey, threshold: float = SIMILAR_NAME_THRESHOLD) -> float:
    """`names.similarity` from prepared keys; 0.0 as soon as a bound shows it is below `threshold`."""
    if a.key == b.key:
        return 1.0
    # Skip only what is below the threshold beyond doubt (the margin absorbs float rounding).
    floor = threshold * (a.size + b.size) - 1e-9
    if 2 * min(a.size, b.size) < floor:  # real_quick_ratio
        return 0.0
    if 2 * sum((a.letters & b.letters).values()) < floor:  # quick_ratio, for both comparisons below
        return 0.0
    whole = SequenceMatcher(None, a.key, b.key).ratio()
    ordered = SequenceMatcher(None, a.ordered, b.ordered).ratio()
    return max(whole, ordered)


class NameIndex:
    """Every profile's name keys, with each letter's occurrences posted, so that the letters a
    name shares with all of them (the `quick_ratio` bound) are counted in one pass per letter."""

    def __init__(self, profiles: Iterable[tuple[int, list[NameKey]]]):
        self.entries: list[tuple[int, NameKey]] = [(pk, key) for pk, keys in profiles for key in keys]
        self.postings: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, (_, key) in enumerate(self.entries):
            for letter, count in key.letters.items():
                for nth in range(1, count + 1):
                    self.postings[(letter, nth)].append(i)

    def shared_letters(self, key: NameKey) -> Counter:
        """Entry index → letters it shares with `key`, counted with repetition (only entries > 0)."""
        shared: Counter = Counter()
        for letter, count in key.letters.items():
            for nth in range(1, count + 1):
                shared.update(self.postings.get((letter, nth), ()))
        return shared


def best_matches(names: list[str], index: NameIndex, *, threshold: float = SIMILAR_NAME_THRESHOLD) -> dict[int, float]:
    """Profile id → best similarity with any of `names`, for those at or above `threshold`."""
    found: dict[int, float] = {}
    for key in (k for k in (key_of(n) for n in names if n and n.strip()) if k is not None):
        for i, shared in index.shared_letters(key).items():
            profile_id, other = index.entries[i]
            total = key.size + other.size
            if 2 * shared < threshold * total - 1e-9:
                continue  # cannot reach the threshold: most entries stop here, uncompared
            score = similarity_of(key, other, threshold)
            if score >= threshold and score > found.get(profile_id, 0.0):
                found[profile_id] = score
    return found


def find_similar_profiles(names: list[str], *, limit: int = 5) -> list[Profile]:
    names = [n for n in names if n and n.strip()]
    if not names:
        return []
    scores = best_matches(names, _current_keys())
    if not scores:
        return []
    found = Profile.objects.filter(pk__in=scores).only("pk", "display_name", "native_name", "aliases", "slug")
    ranked = sorted(found, key=lambda p: -scores[p.pk])  # stable: ties stay in display-name order
    return ranked[:limit]


# The per-process keys of every profile's names ------------------------------------------------


def _build_index() -> NameIndex:
    rows = Profile.objects.values_list("pk", "display_name", "native_name", "aliases")
    keys = []
    for pk, display, native, aliases in rows.iterator(chunk_size=2000):
        names = [display, native, *(line.strip() for line in aliases.splitlines())]
        keys.append((pk, [k for k in (key_of(n) for n in names if n) if k is not None]))
    return NameIndex(keys)


_index = PerProcess(_build_index)


def _current_keys() -> NameIndex:
    return _index.get()


def clear_cache() -> None:
    _index.clear()
