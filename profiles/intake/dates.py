"""The dates a sentence names, exactly as precise as it says them.

"on March 4" is a day; "in early March" and "в начале марта" are a month, early; "by the end of
March" and "к концу марта" are a month with "by" (a deadline, not the 31st); "in 2022" is a year.
A date without a year takes the year of the source's publication, and says so (`year_assumed`).
"In the first days of the war" names no date: the editor decides what it means.
"""

import datetime
import re
from dataclasses import dataclass

from sources.dates import DatePrecision, DateQualifier

_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_RU_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
# Genitive (4 марта), prepositional (в марте) and nominative (март 2022) of each month.
_RU_MONTHS = {
    form: number
    for number, stem in enumerate(_RU_STEMS, start=1)
    for form in (
        {"ма": ("мая", "мае", "май")}.get(stem)
        or (
            stem + ("а" if stem in {"март", "август"} else "я"),
            stem + "е",
            stem + ("" if stem in {"март", "август"} else "ь"),
        )
    )
}
# English month names are capitalised (which keeps the verbs "may" and "march" out).
_EN_MONTH = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?))"
_RU_MONTH = r"(?P<month>" + "|".join(sorted(_RU_MONTHS, key=len, reverse=True)) + r")"
_YEAR_EN = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_YEAR_RU = r"(?:\s+(?P<year>(?:19|20)\d\d)(?:\s*(?:года|году|г\.))?)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_EN_QUALIFIER = (
    r"(?i:(?P<by>by|before|no\s+later\s+than)\s+(?:the\s+)?(?:(?P<byend>end|close)\s+of\s+)?"
    r"|(?P<early>early|(?:the\s+)?(?:beginning|start)\s+of|(?:the\s+)?first\s+(?:days?|week|weeks|half)\s+of)[\s-]+"
    r"|(?P<mid>mid|(?:the\s+)?middle\s+of)[\s-]+"
    r"|(?P<late>late|(?:the\s+)?end\s+of|(?:the\s+)?last\s+(?:days?|week|weeks)\s+of|(?:the\s+)?second\s+half\s+of)[\s-]+)"
)
_RU_QUALIFIER = (
    r"(?:(?P<by>к|до)\s+(?:(?P<byend>концу|конца)\s+)?"
    r"|(?:в\s+|с\s+)?(?P<early>начале|начала|первых\s+числах|первой\s+половине|первые\s+дни)\s+"
    r"|(?:в\s+)?(?P<mid>середине|середины)\s+"
    r"|(?:в\s+)?(?P<late>конце|последних\s+числах|второй\s+половине|последние\s+дни)\s+)"
)
_NO_WORD_BEFORE = r"(?<![\w-])"
_NO_DIGIT_AFTER = r"(?![\d%])"

# Most specific first; a later pattern never takes text an earlier one matched.
_PATTERNS = [
    re.compile(_NO_WORD_BEFORE + rf"{_EN_QUALIFIER}?{_EN_MONTH}\s+{_DAY}\b{_YEAR_EN}{_NO_DIGIT_AFTER}"),
    re.compile(_NO_WORD_BEFORE + rf"{_EN_QUALIFIER}?{_DAY}\s+(?:of\s+)?{_EN_MONTH}{_YEAR_EN}{_NO_DIGIT_AFTER}"),
    re.compile(_NO_WORD_BEFORE + rf"{_RU_QUALIFIER}?{_DAY}\s+{_RU_MONTH}\b{_YEAR_RU}", re.IGNORECASE),
    re.compile(_NO_WORD_BEFORE + rf"{_EN_QUALIFIER}?{_EN_MONTH}(?!\w){_YEAR_EN}{_NO_DIGIT_AFTER}"),
    re.compile(_NO_WORD_BEFORE + rf"{_RU_QUALIFIER}?(?:в\s+|с\s+)?{_RU_MONTH}\b{_YEAR_RU}", re.IGNORECASE),
    re.compile(
        _NO_WORD_BEFORE + rf"(?:{_EN_QUALIFIER}|{_RU_QUALIFIER.replace('?P<', '?P<ru_')})?"
        r"(?:(?i:in|since|в|с)\s+)?(?P<year>(?:19|20)\d\d)(?!\d|%|s\b|-х|-е)(?:\s*(?:года|году|г\.))?"
    ),
]


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    date: datetime.date | None
    """The first day of the period named; None when the year is unknown (no reference year)."""
    precision: str
    qualifier: str = DateQualifier.NONE
    year_assumed: bool = False
    """The text gives no year: it is the reference year (the source's)."""


def find_dates(text: str, *, reference_year: int | None = None, offset: int = 0) -> list[DateMention]:
    """Dates named in `text` (a sentence), in order; positions are shifted by `offset`."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    latest_year = (reference_year or datetime.date.today().year) + 3
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            mention = _mention(match, reference_year=reference_year, latest_year=latest_year, offset=offset)
            if mention is None:
                continue
            taken.append((start, end))
            found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _mention(match: re.Match, *, reference_year: int | None, latest_year: int, offset: int) -> DateMention | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    year = int(groups["year"]) if "year" in groups else None
    # "Metro 2033" is a title, not a date: years far past the source's are not dates it names.
    if year is not None and not 1900 <= year <= latest_year:
        return None
    month = _month_number(groups.get("month", ""))
    day = int(groups["day"]) if "day" in groups else None
    if "month" in groups and month is None:
        return None
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    qualifier = _qualifier(groups)
    assumed = year is None
    year = year or reference_year
    date = None
    if year is not None:
        try:
            date = datetime.date(year, month or 1, day or 1)
        except ValueError:
            return None  # "February 30"
    text = match.group().strip()
    leading = len(match.group()) - len(match.group().lstrip())
    return DateMention(
        text=text,
        start=offset + match.start() + leading,
        end=offset + match.start() + leading + len(text),
        date=date,
        precision=precision,
        qualifier=qualifier,
        year_assumed=assumed,
    )


def _month_number(word: str) -> int | None:
    if not word:
        return None
    word = word.lower().rstrip(".")
    return _EN_MONTHS.get(word) or _RU_MONTHS.get(word.replace("ё", "е"))


def _qualifier(groups: dict) -> str:
    names = {name.removeprefix("ru_") for name in groups}
    if "by" in names:
        return DateQualifier.BEFORE
    for name, qualifier in (("early", DateQualifier.EARLY), ("mid", DateQualifier.MID), ("late", DateQualifier.LATE)):
        if name in names:
            return qualifier
    return DateQualifier.NONE
