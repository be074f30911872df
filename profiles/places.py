"""Places at the precision editors allow. People in these profiles can be at risk: a city the
editors withheld must never appear in anything public, so every public place goes through
`public_place`."""

import functools

from django.db import models
from django.utils import translation
from django_countries import countries


class Disclosure(models.TextChoices):
    CITY = "city", "City and country"
    COUNTRY = "country", "Country only"
    REGION = "region", "Region only (e.g. Europe)"
    UNDISCLOSED = "undisclosed", "Undisclosed"


class Region(models.TextChoices):
    EUROPE = "europe", "Europe"
    CAUCASUS = "caucasus", "South Caucasus"
    CENTRAL_ASIA = "central_asia", "Central Asia"
    MIDDLE_EAST = "middle_east", "Middle East"
    ASIA = "asia", "Asia"
    NORTH_AMERICA = "north_america", "North America"
    LATIN_AMERICA = "latin_america", "Latin America"
    AFRICA = "africa", "Africa"
    OCEANIA = "oceania", "Oceania"
    RUSSIA = "russia", "Russia"


_REGION_OF = {
    Region.CAUCASUS: "GE AM AZ",
    Region.CENTRAL_ASIA: "KZ UZ KG TJ TM MN",
    Region.MIDDLE_EAST: "IL TR AE CY LB JO SA QA EG IR IQ",
    Region.ASIA: "TH VN ID IN LK CN JP KR SG MY PH KH LA",
    Region.NORTH_AMERICA: "US CA",
    Region.LATIN_AMERICA: "MX AR BR CL CO PE UY CR PA EC BO VE CU",
    Region.OCEANIA: "AU NZ",
    Region.AFRICA: "MA TN ZA KE NG ET",
    Region.RUSSIA: "RU",
}
COUNTRY_REGION = {code: region for region, codes in _REGION_OF.items() for code in codes.split()}


def region_for(country: str) -> str:
    if not country:
        return ""
    return COUNTRY_REGION.get(country.upper(), Region.EUROPE)


def country_name(code: str) -> str:
    return _country_name(code, translation.get_language()) if code else ""


@functools.lru_cache(maxsize=2048)
def _country_name(code: str, language: str | None) -> str:
    # django-countries translates the whole list on every lookup; a name per language is enough.
    return str(countries.name(code))


def public_place(*, country: str, city: str, region: str, disclosure: str) -> dict | None:
    """The place cut to what may be published, or None when nothing about it may be."""
    region = region or region_for(country)
    if disclosure == Disclosure.UNDISCLOSED:
        return None
    if disclosure == Disclosure.REGION or not country:
        if not region:
            return None
        return {
            "precision": Disclosure.REGION.value,
            "country": "",
            "country_name": "",
            "city": "",
            "region": region,
            "label": Region(region).label,
        }
    place = {
        "precision": Disclosure.COUNTRY.value,
        "country": country,
        "country_name": country_name(country),
        "city": "",
        "region": region,
        "label": country_name(country),
    }
    if disclosure == Disclosure.CITY and city:
        place.update(precision=Disclosure.CITY.value, city=city, label=f"{city}, {place['country_name']}")
    return place
