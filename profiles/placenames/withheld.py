"""Which places an entry or a profile withholds, with every form of each (no database access, so
models can use it for validation)."""

from typing import TYPE_CHECKING

from profiles.placenames.gazetteer import city_forms, country_forms, normalise
from profiles.places import Disclosure, country_name

if TYPE_CHECKING:
    from profiles.models import TimelineEntry


def entry_withheld(entry: "TimelineEntry") -> dict[str, frozenset[str]]:
    """The places one entry may not publish at its disclosure level, with all their forms."""
    withheld = {}
    code = str(entry.country or "")
    if entry.city and entry.location_disclosure != Disclosure.CITY:
        withheld[entry.city] = frozenset(city_forms(entry.city, code))
    if code and entry.location_disclosure in {Disclosure.REGION, Disclosure.UNDISCLOSED}:
        withheld[country_name(code)] = frozenset(country_forms(code))
    return withheld


def _shown(entries) -> set[str]:
    shown = set()
    for entry in entries:
        if entry.city and entry.location_disclosure == Disclosure.CITY:
            shown.add(normalise(entry.city))
        if entry.country and entry.location_disclosure in {Disclosure.CITY, Disclosure.COUNTRY}:
            shown.add(normalise(country_name(str(entry.country))))
    return shown


def profile_withheld(entries, redacted: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Places a profile withholds: those its entries withhold and those redactions removed, except
    a place another of its entries publishes openly (nothing is hidden by masking it there)."""
    withheld = dict(redacted)
    for entry in entries:
        withheld.update(entry_withheld(entry))
    shown = _shown(entries)
    return {name: forms for name, forms in withheld.items() if normalise(name) not in shown}


def union(withheld: dict[str, frozenset[str]]) -> frozenset[str]:
    return frozenset(form for forms in withheld.values() for form in forms)
