"""Waves of emigration, and the rule that ties a profile's wave to its sourced departure date.

A wave is a historian's period, not a default: a profile either takes its wave from a dated
departure in its timeline (every entry cites its source) or an editor states it, "unknown"
included. A stated wave may not contradict the departure: someone who left in 1961 is not
"2022 onwards". The loader, the admin and publishing all ask `wave_problem`.

Works on anything with the timeline entry's attributes (model rows, or the loader's plain
namespaces), so it needs no database.
"""

from django.db import models

from sources.dates import DatePrecision, DateQualifier, format_date


class Wave(models.TextChoices):
    REVOLUTION = "1917", "1917–1920s (after the revolution)"
    SOVIET = "soviet", "Soviet era (1930–1991)"
    POST_SOVIET = "1991", "1991–2021"
    WAR_2022 = "2022", "2022 onwards"
    UNKNOWN = "unknown", "Unknown (the sources do not say when)"


# The years each wave covers. 1991 belongs to both the Soviet era and the years after it: the
# Soviet Union ended in its last week.
WAVE_YEARS: dict[str, tuple[int, int | None]] = {
    Wave.REVOLUTION: (1917, 1929),
    Wave.SOVIET: (1930, 1991),
    Wave.POST_SOVIET: (1991, 2021),
    Wave.WAR_2022: (2022, None),
}

_MOVES = ("left_russia", "arrived", "moved_on", "returned")


def counts_as_place(entry) -> bool:
    """An entry that may say where the profile went: not one a later source corrected, and not
    one about some of a group's people (an outlet is not where its colleagues went)."""
    return getattr(entry, "dispute", "") != "corrected" and getattr(entry, "about", "") != "people"


def departure_entry(entries):
    """The entry that dates the departure: the first dated 'left Russia', else the first dated
    move. `entries` in timeline order."""
    dated = [e for e in entries if e.date and e.kind in _MOVES and counts_as_place(e)]
    return next((e for e in dated if e.kind == "left_russia"), dated[0] if dated else None)


def departure_years(entry) -> tuple[int | None, int | None] | None:
    """The years the departure may fall in: (first, last), None for open; None when undated."""
    if entry is None or entry.date is None or entry.date_precision == DatePrecision.UNKNOWN:
        return None
    year = entry.date.year
    if entry.date_qualifier == DateQualifier.BEFORE or getattr(entry, "as_of_source", False):
        # "By March 2022", or reported as already true by a source written then: any time up to it.
        return (None, year)
    if entry.date_qualifier == DateQualifier.CIRCA and entry.date_precision == DatePrecision.YEAR:
        return (year - 1, year + 1)
    return (year, year)


def _within(years, wave: str) -> bool:
    first, last = years
    low, high = WAVE_YEARS[wave]
    return first is not None and first >= low and last is not None and (high is None or last <= high)


def _overlaps(years, wave: str) -> bool:
    first, last = years
    low, high = WAVE_YEARS[wave]
    return (last is None or last >= low) and (first is None or high is None or first <= high)


def derive_wave(entries) -> str | None:
    """The one wave a dated departure falls in; None when there is none or it could be several."""
    years = departure_years(departure_entry(entries))
    if years is None:
        return None
    fitting = [wave for wave in WAVE_YEARS if _within(years, wave)]
    return fitting[0] if len(fitting) == 1 else None


def wave_problem(wave: str, entries) -> str | None:
    """Why `wave` cannot stand with this timeline, in a sentence for the editor; None if it can."""
    entry = departure_entry(entries)
    years = departure_years(entry)
    derived = derive_wave(entries)
    if not wave:
        if derived:
            return None
        return (
            "No dated departure in the timeline to take the wave from: choose the wave, or “Unknown” "
            "if the sources do not say when they left."
        )
    if wave not in Wave.values:
        return f"“{wave}” is not a wave ({', '.join(Wave.values)})."
    if years is None:
        return None
    when = format_date(entry.date, entry.date_precision, entry.date_qualifier)
    basis = f"the departure dated {when} (“{_short(entry.text)}”)"
    if wave == Wave.UNKNOWN:
        if derived:
            return f"The wave cannot be “unknown”: {basis} falls in “{Wave(derived).label}”."
        return None
    if not _overlaps(years, wave):
        fits = f"“{Wave(derived).label}”" if derived else "another wave"
        return f"The wave “{Wave(wave).label}” contradicts {basis}, which falls in {fits}."
    return None


def resolved_wave(wave: str, entries) -> str:
    """The wave to store: the stated one, or (blank) the one the departure date gives."""
    return wave or derive_wave(entries) or ""


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"
