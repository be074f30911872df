"""The name matcher: every form of every known profile's names in one automaton.

Built from plain (profile_id, names[, is_person]) tuples, so it needs no database and the benchmark
can build one for 10,000 invented profiles. `profiles.intake.mentions.current_matcher` builds it
from the profiles table and keeps it until a profile changes.

Which forms go in:
- every whole-name form of the display name, native name and aliases (`forms.name_forms`);
- a surname standing alone only where it is unambiguous: none of its forms belongs to another
  profile (as a surname or a name) and it is not a place ("Berlin"); a form that is mostly an
  ordinary word ("долина", "лошак") is left out, and a surname alone counts only where the text
  capitalises it;
- a one-word name that is an ordinary word ("Дождь") counts only where the text capitalises it.
"""

import gc
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from profiles.intake.forms import NAME, SURNAME, is_common_word, name_forms
from profiles.intake.phrases import Hit, Phrasebook, Reading

ProfileNames = tuple[int, Sequence[str]] | tuple[int, Sequence[str], bool]


class FormOwner(NamedTuple):
    profile_id: int
    by: str
    """forms.NAME or forms.SURNAME."""
    needs_capital: bool = False


@dataclass(frozen=True)
class NameHit:
    profile_id: int
    key: str
    by: str
    start: int
    end: int
    shared: bool
    """The same whole name belongs to more than one profile (two people called Ivan Petrov)."""


class NameMatcher:
    def __init__(self, phrasebook: Phrasebook, *, profiles: int, forms: int):
        self.phrasebook = phrasebook
        self.profiles = profiles
        self.forms = forms

    def find(self, reading: Reading) -> list[NameHit]:
        found = []
        for hit in self.phrasebook.find(reading, accept=_capitalised_where_needed):
            hit: Hit
            owners: tuple[FormOwner, ...] = hit.value
            for owner in owners:
                found.append(
                    NameHit(
                        profile_id=owner.profile_id,
                        key=hit.key,
                        by=owner.by,
                        start=hit.start,
                        end=hit.end,
                        shared=len(owners) > 1,
                    )
                )
        return found


def build_matcher(profiles: Iterable[ProfileNames], *, not_surnames: Collection[str] = ()) -> NameMatcher:
    """`not_surnames`: forms never taken as a surname standing alone (the place forms)."""
    # Hundreds of thousands of small, acyclic objects: the cyclic garbage collector would scan the
    # whole heap (pymorphy3's and GeoNames' data included) several times over for nothing, which
    # doubles the build time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(profiles, not_surnames)
    finally:
        if collecting:
            gc.enable()


def _build(profiles: Iterable[ProfileNames], not_surnames: Collection[str]) -> NameMatcher:
    owners: dict[str, dict[int, str]] = {}
    surname_groups: list[tuple[int, list[str]]] = []
    count = 0
    for item in profiles:
        profile_id, names = item[0], item[1]
        is_person = item[2] if len(item) > 2 else True
        count += 1
        for name in names:
            group = []
            for form in name_forms(name, is_person=is_person):
                mine = owners.setdefault(form.key, {})
                if mine.get(profile_id) != NAME:
                    mine[profile_id] = form.by
                if form.by == SURNAME:
                    group.append(form.key)
            if group:
                surname_groups.append((profile_id, group))
    # A surname is ambiguous as a whole when any of its forms is someone else's too: "Смирнову" is
    # both Ivan Smirnov's dative and Olga Smirnova's accusative, so neither is found by it alone.
    ambiguous = {
        (profile_id, key)
        for profile_id, group in surname_groups
        if any(len(owners[key]) > 1 for key in group)
        for key in group
    }
    entries = []
    for key, by_profile in owners.items():
        found = []
        for profile_id, by in by_profile.items():
            if by == NAME:
                found.append(FormOwner(profile_id, NAME, needs_capital=" " not in key and is_common_word(key)))
            elif (profile_id, key) not in ambiguous and key not in not_surnames and not is_common_word(key):
                found.append(FormOwner(profile_id, SURNAME, needs_capital=True))
        if found:
            entries.append((key, tuple(found)))
    return NameMatcher(Phrasebook(entries), profiles=count, forms=len(entries))


def _capitalised_where_needed(owners: tuple[FormOwner, ...], reading: Reading, first: int, last: int):
    if reading.capitalised(first):
        return owners
    kept = tuple(owner for owner in owners if not owner.needs_capital)
    return kept or None
