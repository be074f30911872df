"""Reading a saved page: the article and its metadata, without the page's furniture or comments."""

import datetime

from profiles.intake.extract import extract_from_html, extract_from_page, extract_from_text, guess_language
from profiles.intake.fetch import FetchedPage
from sources.dates import DatePrecision
from tests.intake.conftest import read_page


def test_an_english_page_gives_its_title_authors_outlet_date_language_and_canonical_url(english_article):
    article = english_article
    assert article.title == "Nine months on: where Russia’s exiled artists are now"
    assert article.authors == ["Marta Lindqvist", "Pavel Ostrov"]
    assert article.outlet == "Baltic Ledger"
    assert (article.published_on, article.date_precision) == (datetime.date(2022, 11, 15), DatePrecision.DAY)
    assert article.language == "en"
    assert article.canonical_url == "https://balticledger.example/culture/2022/11/15/exiled-artists-nine-months-on/"
    assert article.warnings == []


def test_the_main_text_keeps_every_paragraph_and_drops_navigation_related_links_comments_and_footer(
    english_article,
):
    text = english_article.text
    assert text.count("\n\n") >= 9  # one blank line between paragraphs, as sources are stored
    assert "By the end of March, the novelist Lyudmila Ulitskaya had settled in Berlin." in text
    assert "“None of us left because we were looking for a better life,” said one musician" in text
    for furniture in ["Subscribe from €1", "Markets close lower", "Upper Lars crossing", "All rights reserved"]:
        assert furniture not in text
    for comment in ["Alla Pugacheva", "Yuri Dud is in Istanbul", "Join the discussion", "vlad_from_tartu"]:
        assert comment not in text


def test_a_russian_page_gives_a_date_only_as_precise_as_the_page_states_it(russian_article):
    article = russian_article
    assert article.title == "Из Тбилиси в Ригу: как живут уехавшие"
    assert article.authors == ["Анна Береговая"]
    assert article.outlet == "Северный вестник"
    assert (article.published_on, article.date_precision) == (datetime.date(2022, 4, 1), DatePrecision.MONTH)
    assert article.language == "ru"
    # Tracking parameters are not part of the canonical address.
    assert article.canonical_url == "https://severny-vestnik.example/kultura/iz-tbilisi-v-rigu"


def test_a_month_precise_date_fills_the_sources_year_not_an_invented_day(russian_article):
    fields = russian_article.source_fields()
    assert fields["published_on"] is None
    assert fields["published_year"] == 2022
    assert fields["language"] == "ru"
    assert fields["full_text"].startswith("Из Тбилиси в Ригу")


def test_the_russian_main_text_drops_comments_and_furniture(russian_article):
    text = russian_article.text
    assert "По словам Улицкой, она успела взять с собой только два свитера и компьютер." in text
    assert "Журналиста Андрея Захарова ещё в 2021 году признали иностранным агентом" in text
    for dropped in ["Аллу Пугачёву", "Все вернутся", "Читайте также", "Верхнем Ларсе", "Перепечатка"]:
        assert dropped not in text


def test_a_page_in_another_encoding_is_read_by_its_own_declaration():
    html = read_page("ru-iz-tbilisi-v-rigu.html").decode("utf-8").replace('charset="utf-8"', 'charset="windows-1251"')
    article = extract_from_html(html.encode("cp1251"))
    assert "Людмила Улицкая уехала из России в Германию" in article.text


def test_a_fetched_page_is_read_with_the_charset_the_server_declared():
    body = read_page("en-exiled-artists.html")
    page = FetchedPage(
        url="https://balticledger.example/x?utm_source=tg",
        status=200,
        content_type="text/html",
        charset="utf-8",
        body=body,
    )
    article = extract_from_page(page)
    assert article.url == "https://balticledger.example/x?utm_source=tg"
    assert article.title.startswith("Nine months on")


def test_a_page_without_an_article_says_so():
    article = extract_from_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert article.warnings
    assert len(article.text.split()) < 5


def test_pasted_text_gives_a_title_and_byline_and_keeps_its_words_as_pasted():
    pasted = (
        "The biggest escape from Russia since 1917\r\n\r\nOn the night of March 4, …\r\n\r\nAuthor: Anastasia Butsko"
    )
    article = extract_from_text(pasted)
    assert article.title == "The biggest escape from Russia since 1917"
    assert article.authors == ["Anastasia Butsko"]
    assert (
        article.text
        == "The biggest escape from Russia since 1917\n\nOn the night of March 4, …\n\nAuthor: Anastasia Butsko"
    )
    assert (article.published_on, article.date_precision) == (None, DatePrecision.UNKNOWN)


def test_the_language_follows_the_script_when_a_template_declares_another():
    assert guess_language("Людмила Улицкая уехала из России.", declared="en") == "ru"
    assert guess_language("Людмила Улицька виїхала з Росії до Німеччини.") == "uk"
    assert guess_language("Ludmila Ulitska is giving interviews from Berlin.", declared="de") == "de"
    assert guess_language("Plain English words.", declared="xx") == "other"
