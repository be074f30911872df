"""Every form in which a text may name a known profile, generated from its names.

The gazetteer (`profiles.placenames.gazetteer.person_forms`) gives each name, its transliteration,
Russian case forms and the surname alone. Two gaps matter for finding mentions, and are filled
here rather than by changing the gazetteer, which masking relies on:

- a surname pymorphy3 only knows as an ordinary word ("Долин" is the genitive plural of "долина")
  keeps its nominative in the gazetteer's full-name forms ("антона долин"); here the whole name
  is declined case by case with the first name ("антона долина", "антоном долиным"), by the
  regular paradigms of Russian surnames;
- the surname alone must be told apart from the full name, because it is only used where it is
  unambiguous, and an ordinary word ("долина", "лошак") never stands alone for a person.

We only ever generate forms from known names: lemmatising a surname met in a text is unreliable
("Улицкой" → "улицкий").
"""

import functools
from dataclasses import dataclass

from profiles.intake.text import form_key

# `morph` is the gazetteer's one pymorphy3 analyser (its dictionaries take memory and time to load).
from profiles.placenames.gazetteer import is_cyrillic, morph, person_forms, words

NAME = "name"
SURNAME = "surname"
_CASES = ("gent", "datv", "accs", "ablt", "loct")
_PROPER = frozenset({"Surn", "Name", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
# A word counts as ordinary when pymorphy3's dictionary gives it readings that are not names with
# at least this much of its probability ("Путина" is almost always the surname; "Долина" never).
_COMMON_SHARE = 0.2
# Regular Russian surname paradigms: ending → (masculine, feminine) forms of that ending in
# genitive, dative, accusative, instrumental and prepositional.
_POSSESSIVE_TYPE = {
    "ов": ("ова", "ову", "ова", "овым", "ове"),
    "ев": ("ева", "еву", "ева", "евым", "еве"),
    "ёв": ("ёва", "ёву", "ёва", "ёвым", "ёве"),
    "ин": ("ина", "ину", "ина", "иным", "ине"),
    "ын": ("ына", "ыну", "ына", "ыным", "ыне"),
    "ова": ("овой", "овой", "ову", "овой", "овой"),
    "ева": ("евой", "евой", "еву", "евой", "евой"),
    "ёва": ("ёвой", "ёвой", "ёву", "ёвой", "ёвой"),
    "ина": ("иной", "иной", "ину", "иной", "иной"),
    "ына": ("ыной", "ыной", "ыну", "ыной", "ыной"),
}
_ADJECTIVAL = {
    "ский": ("ского", "скому", "ского", "ским", "ском"),
    "цкий": ("цкого", "цкому", "цкого", "цким", "цком"),
    "ская": ("ской", "ской", "скую", "ской", "ской"),
    "цкая": ("цкой", "цкой", "цкую", "цкой", "цкой"),
    "ой": ("ого", "ому", "ого", "ым", "ом"),
    "ый": ("ого", "ому", "ого", "ым", "ом"),
    "ая": ("ой", "ой", "ую", "ой", "ой"),
}
_INDECLINABLE = ("ых", "их", "ко", "о", "е", "и", "у", "ю")
_HUSHING = "жшчщц"


@dataclass(frozen=True)
class NameForm:
    key: str
    """The words of the form as `text.tokens` reads them, joined by spaces."""
    by: str
    """NAME (a whole name, in any case) or SURNAME (the surname of a person standing alone)."""


@functools.lru_cache(maxsize=100_000)
def name_forms(name: str, *, is_person: bool = True) -> tuple[NameForm, ...]:
    """Forms of one name. Cached: a rebuild after one profile changed only computes its names."""
    parts = words(name)
    if not parts:
        return ()
    generated = person_forms([name], is_person=is_person)
    surnames: set[str] = set()
    if is_person and is_cyrillic(name) and 2 <= len(parts) <= 3:
        declined, surname_forms = _declined_full_name(parts)
        generated |= declined
        surnames |= surname_forms
    forms: dict[str, str] = {}
    several_words = len(parts) > 1
    for form in generated | surnames:
        key = form_key(form)
        if not key:
            continue
        alone = several_words and " " not in key
        if alone and not is_person:
            continue
        kind = SURNAME if alone else NAME
        # A whole-name form wins over the same words as a surname form (one-word names).
        if forms.get(key) != NAME:
            forms[key] = kind
    return tuple(NameForm(key=k, by=v) for k, v in sorted(forms.items()))


@functools.lru_cache(maxsize=200_000)
def is_common_word(form: str) -> bool:
    """Whether a one-word Cyrillic form is mostly an ordinary word ("долина", "дождь", "лошак").
    Latin forms are never judged so (we have no English dictionary); surnames standing alone are
    matched only when capitalised, which keeps most English words out."""
    if " " in form or not is_cyrillic(form):
        return False
    ordinary = sum(p.score for p in morph().parse(form) if p.is_known and _ordinary(p.tag))
    return ordinary >= _COMMON_SHARE


def _ordinary(tag) -> bool:
    """A reading that is an everyday word. Relative adjectives ("глуховский", of the town of
    Glukhov) are not: capitalised, they are nearly always the surname; qualitative ones
    ("большой", "белый") are, since they start the names of theatres and houses."""
    if _PROPER & tag.grammemes:
        return False
    if tag.POS in {"ADJF", "ADJS"} and "Qual" not in tag.grammemes:
        return False
    return True


def _declined_full_name(parts: list[str]) -> tuple[set[str], set[str]]:
    """Case-aligned forms of "first [patronymic] surname", and the surname's own singular forms."""
    first, surname = parts[0], parts[-1]
    first_parse = _name_parse(first, "Name")
    gender = str(first_parse.tag.gender) if first_parse is not None else ""
    if gender not in {"masc", "femn"}:
        gender = "femn" if surname.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая")) else "masc"
    middle = [_name_parse(p, "Patr") for p in parts[1:-1]]
    surname_cases = _surname_cases(surname, gender)
    full: set[str] = set()
    for index, case in enumerate(_CASES):
        first_form = _inflected(first_parse, case) or first
        middle_forms = [_inflected(p, case) or part for p, part in zip(middle, parts[1:-1], strict=True)]
        last = surname_cases[index] if surname_cases else surname
        full.add(" ".join([first_form, *middle_forms, last]))
    return full, set(surname_cases)


def _surname_cases(surname: str, gender: str) -> tuple[str, ...]:
    """The five oblique case forms of a Russian surname by its regular paradigm, or () when it
    does not decline (Шевчук for a woman, Черных, Бондаренко) or follows no paradigm we know."""
    for table in (_ADJECTIVAL, _POSSESSIVE_TYPE):
        for ending in sorted(table, key=len, reverse=True):
            if surname.endswith(ending) and len(surname) > len(ending) + 1:
                feminine_ending = ending.endswith("а") or ending.endswith("ая")
                if feminine_ending != (gender == "femn"):
                    continue
                stem = surname[: -len(ending)]
                return tuple(stem + suffix for suffix in table[ending])
    if surname.endswith(_INDECLINABLE) or gender == "femn" and not surname.endswith(("а", "я")):
        return ()
    if surname.endswith("а"):
        stem = surname[:-1]
        return (stem + ("и" if stem[-1] in "гкхжшчщ" else "ы"), stem + "е", stem + "у", stem + "ой", stem + "е")
    if surname.endswith("я"):
        stem = surname[:-1]
        return (stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е")
    if surname.endswith(("ь", "й")):
        stem = surname[:-1]
        return (stem + "я", stem + "ю", stem + "я", stem + "ем", stem + "е")
    if surname[-1] in "бвгдзклмнпрстфхжшчщц":
        instrumental = "ем" if surname[-1] in _HUSHING else "ом"
        return (surname + "а", surname + "у", surname + "а", surname + instrumental, surname + "е")
    return ()


def _name_parse(word: str, grammeme: str):
    for parse in morph().parse(word):
        if grammeme in parse.tag:
            return parse
    return None


def _inflected(parse, case: str) -> str:
    if parse is None:
        return ""
    form = parse.inflect({case})
    return form.word.replace("ё", "е") if form else ""
