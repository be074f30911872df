import datetime

import pytest
from django.core.cache import cache

from tests.public.builders import CULTURE, published_profile


@pytest.fixture
def ulitskaya(editor):
    """A published person with a native name, aliases, a Berlin location and a correction."""
    return published_profile(
        editor,
        name="Lyudmila Ulitskaya",
        native_name="Людмила Улицкая",
        aliases="Ludmila Ulitska",
        description="Writer",
        country="DE",
        city="Berlin",
        precision="month",
        qualifier="early",
    )


@pytest.fixture
def fresh_cache():
    """Each request below renders afresh, so query counts measure the page, not the cache."""

    def clear():
        cache.clear()

    return clear


@pytest.fixture
def index_corpus(editor, ulitskaya):
    published_profile(editor, name="Andrei Loshak", country="GE", city="Tbilisi")
    published_profile(
        editor,
        name="Pussy Riot",
        kind="group",
        categories=(CULTURE,),
        country="IS",
        city="Reykjavik",
        date=datetime.date(2023, 5, 1),
    )
    return ulitskaya
