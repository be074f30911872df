"""A new article that is already a source leads to that source, by address or by text."""

import pytest

from profiles.intake.duplicates import find_by_text, find_duplicate, normalise_url, text_similarity
from sources.models import Source
from tests import factories

PAGE = "https://www.balticledger.example/culture/2022/11/15/exiled-artists/"


@pytest.mark.parametrize(
    "variant",
    [
        "http://balticledger.example/culture/2022/11/15/exiled-artists",
        "https://balticledger.example/culture/2022/11/15/exiled-artists/#comments",
        "https://WWW.BalticLedger.example/culture/2022/11/15/exiled-artists/?utm_source=telegram&utm_medium=social",
        "https://www.balticledger.example:443/culture/2022/11/15/exiled-artists/?fbclid=IwAR0abc",
        "balticledger.example/culture/2022/11/15/exiled-artists",
    ],
)
def test_spellings_of_one_address_share_a_key(variant):
    assert normalise_url(variant) == normalise_url(PAGE) == "balticledger.example/culture/2022/11/15/exiled-artists"


def test_parameters_that_choose_the_page_are_kept_in_any_order():
    assert normalise_url("https://news.example/story?id=7&page=2&utm_campaign=x") == normalise_url(
        "https://news.example/story?page=2&id=7"
    )
    assert normalise_url("https://news.example/story?id=7") != normalise_url("https://news.example/story?id=8")
    assert normalise_url("https://news.example/a") != normalise_url("https://news.example/b")


def test_the_same_address_leads_to_the_existing_source(db):
    existing = factories.SourceFactory(url=PAGE)
    factories.SourceFactory(url="https://www.balticledger.example/culture/2022/11/16/other-story/")
    found = find_duplicate(url="http://balticledger.example/culture/2022/11/15/exiled-artists?utm_source=tg")
    assert found is not None
    assert (found.source, found.reason) == (existing, "url")


def test_an_archived_copy_address_counts_too(db):
    existing = factories.SourceFactory(url="", archived_url="https://archive.example/2022/exiled-artists")
    assert find_duplicate(url="https://archive.example/2022/exiled-artists/").source == existing


def test_a_near_identical_text_leads_to_the_existing_source(db, english_article):
    existing = factories.SourceFactory(url="", full_text=english_article.text)
    factories.SourceFactory(url="")  # another article, of a different length and text
    # The same article pasted from another browser: curly quotes straightened, a byline added,
    # lines wrapped differently.
    pasted = "By Marta Lindqvist and Pavel Ostrov\n" + english_article.text.replace("’", "'").replace("“", '"').replace(
        "”", '"'
    ).replace(". ", ".\n")
    found = find_duplicate(url="https://elsewhere.example/copy", text=pasted)
    assert found is not None
    assert (found.source, found.reason) == (existing, "text")
    assert found.similarity > 0.9


def test_a_different_article_on_the_same_subject_is_not_a_duplicate(db, english_article, russian_article):
    factories.SourceFactory(url="", full_text=english_article.text)
    first_half = english_article.text[: len(english_article.text) // 2]
    assert find_duplicate(text=first_half) is None
    assert find_duplicate(text=russian_article.text) is None
    assert find_duplicate(url="https://balticledger.example/another-story", text="") is None


def test_texts_far_apart_in_length_are_not_even_compared(db, english_article, django_assert_num_queries):
    factories.SourceFactory(url="", full_text=english_article.text * 3)
    with django_assert_num_queries(1):  # the candidates, filtered by length in the database
        assert find_by_text(english_article.text) is None


def test_text_similarity_is_one_for_the_same_words_and_low_for_others():
    assert (
        text_similarity(
            "One has the feeling that the whole guild has emigrated.",
            "ONE has the feeling that the whole guild has emigrated",
        )
        == 1.0
    )
    assert (
        text_similarity(
            "One has the feeling that the whole guild has emigrated.",
            "The Russian culture we knew ceased to exist on February 24.",
        )
        == 0.0
    )


def test_thousands_of_sources_are_checked_by_reading_only_those_of_a_similar_length(db, english_article):
    Source.objects.bulk_create(
        Source(title=f"Filler {i}", full_text=f"Short filler text number {i}. " * (i % 7 + 1)) for i in range(3000)
    )
    existing = factories.SourceFactory(url="", full_text=english_article.text)
    assert find_duplicate(text=english_article.text).source == existing
