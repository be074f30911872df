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
