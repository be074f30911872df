"""Dates as precise as the sources are, and no more: "March 2022" stays "March 2022"."""

import datetime

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class DateQualifier(models.TextChoices):
    NONE = "", "—"
    EARLY = "early", "Early"
    MID = "mid", "Mid"
    LATE = "late", "Late"
    CIRCA = "circa", "About"
    BEFORE = "before", "By"


def truncate(date: datetime.date | None, precision: str) -> datetime.date | None:
    """Store the first day of the known period, so sorting works and nothing is invented."""
    if date is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    return date


def format_date(date: datetime.date | None, precision: str, qualifier: str = "") -> str:
    if date is None or precision == DatePrecision.UNKNOWN:
        return "Date unknown"
    if precision == DatePrecision.YEAR:
        text = str(date.year)
    elif precision == DatePrecision.MONTH:
        text = f"{date:%B} {date.year}"
    else:
        text = f"{date.day} {date:%B} {date.year}"
    if qualifier:
        prefix = {"early": "early", "mid": "mid-", "late": "late", "circa": "about", "before": "by"}[qualifier]
        text = f"{prefix}{text}" if prefix.endswith("-") else f"{prefix} {text}"
    return text


def iso_at(date: datetime.date | None, precision: str) -> str:
    """'2022', '2022-03' or '2022-03-04': a date written at its precision; '' when unknown."""
    if date is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def parse_iso_at(text: str) -> tuple[datetime.date | None, str]:
    """The inverse of `iso_at`: ('2022-03' → 1 March 2022, 'month'). Raises ValueError."""
    text = (text or "").strip()
    if not text:
        return None, DatePrecision.UNKNOWN
    parts = text.split("-")
    if len(parts) == 1:
        return datetime.date(int(parts[0]), 1, 1), DatePrecision.YEAR
    if len(parts) == 2:
        return datetime.date(int(parts[0]), int(parts[1]), 1), DatePrecision.MONTH
    return datetime.date.fromisoformat(text), DatePrecision.DAY


def format_iso_at(text: str) -> str:
    """'2022-03' → 'March 2022'; '' → ''."""
    date, precision = parse_iso_at(text)
    return "" if date is None else format_date(date, precision)


def as_reported_label(date: datetime.date | None, precision: str) -> str:
    """The date of a fact a source reports as already true when it was written, without a date of
    its own: we know only that the report came no earlier than the date the text gives."""
    if date is None or precision == DatePrecision.UNKNOWN:
        return "As reported (undated)"
    return f"As reported, {format_date(date, precision)} or later"


def period_sort_key(date: datetime.date | None, precision: str) -> tuple:
    """Where a dated fact sorts: a year after every month of that year, a month after its days
    ("2022" is not 1 January 2022), unknown dates last."""
    if date is None or precision == DatePrecision.UNKNOWN:
        return (1, 0, 0, 0)
    month = 13 if precision == DatePrecision.YEAR else date.month
    day = 32 if precision in (DatePrecision.YEAR, DatePrecision.MONTH) else date.day
    return (0, date.year, month, day)
