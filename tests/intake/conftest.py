from pathlib import Path

import pytest

from profiles.intake.extract import extract_from_html

PAGES = Path(__file__).parent / "pages"


def read_page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.fixture(scope="session")
def english_article():
    """The English test article as intake gives it: the saved page's main text and metadata."""
    return extract_from_html(read_page("en-exiled-artists.html"))


@pytest.fixture(scope="session")
def russian_article():
    return extract_from_html(read_page("ru-iz-tbilisi-v-rigu.html"))
