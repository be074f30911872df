"""Published profiles for public-site tests, built through the real publishing operation."""

import datetime

from profiles.models import Category
from profiles.workflow import publish_profile
from sources.models import Excerpt
from tests import factories

MEDIA = ("media", "Media and journalism")
CULTURE = ("culture", "Arts and culture")


def category(slug_name: tuple[str, str]) -> Category:
    return factories.CategoryFactory(slug=slug_name[0], name=slug_name[1])


def cited_excerpt(source=None, text="On the same day, Loshak boarded a plane for Tbilisi.", **kwargs) -> Excerpt:
    return factories.ExcerptFactory(source=source or factories.SourceFactory(), text=text, **kwargs)


def build_profile(
    *,
    name: str,
    entries: int = 1,
    country: str = "GE",
    city: str = "Tbilisi",
    disclosure: str = "city",
    categories=(MEDIA,),
    source=None,
    date=datetime.date(2022, 3, 4),
    precision: str = "day",
    qualifier: str = "",
    **profile_fields,
):
    """A draft profile with `entries` timeline entries, each citing its own excerpt."""
    profile = factories.ProfileFactory(display_name=name, **profile_fields)
    profile.categories.set([category(c) for c in categories])
    source = source or factories.SourceFactory()
    for n in range(entries):
        entry = factories.TimelineEntryFactory(
            profile=profile,
            kind="left_russia" if n == 0 else "statement",
            date=date + datetime.timedelta(days=n),
            date_precision=precision,
            date_qualifier=qualifier,
            country=country if n == 0 else "",
            city=city if n == 0 else "",
            location_disclosure=disclosure,
            text="Flew out." if n == 0 else f"Spoke out against the war ({n}).",
        )
        factories.cite(entry, cited_excerpt(source))
    return profile


def publish(profile, editor, note="First published", **kwargs):
    return publish_profile(profile, actor=editor, change_note=note, **kwargs)


def published_profile(editor, **kwargs):
    profile = build_profile(**kwargs)
    publish(profile, editor)
    profile.refresh_from_db()
    return profile


def published_corpus(editor, size: int, *, entries: int = 3):
    """`size` published profiles sharing one source, with `entries` cited entries each."""
    source = factories.SourceFactory(title="Shared report")
    return [
        published_profile(
            editor,
            name=f"Corpus Person{n}",
            entries=entries,
            source=source,
            country="DE" if n % 2 else "GE",
            city="Berlin" if n % 2 else "Tbilisi",
            categories=(MEDIA,) if n % 2 else (MEDIA, CULTURE),
        )
        for n in range(size)
    ]
