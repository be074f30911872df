"""A figure the source gives in words is shown in words, with the bound its value stands for, and
a share of the population is not called a share of respondents."""

import pytest

from tests.factories import ExcerptFactory, published_figure

QUOTE = "It is estimated that several hundred thousand people have already left the country."


@pytest.mark.django_db
def test_the_words_are_shown_not_a_bare_number(client):
    excerpt = ExcerptFactory(text=QUOTE, source__full_text=QUOTE)
    published_figure(
        excerpt=excerpt,
        dataset="How many left",
        label="Left the country",
        value=200000,
        unit="people",
        as_written="several hundred thousand",
        bound="lower",
    )
    page = client.get("/destinations/").content.decode()
    assert (
        '<strong>“several hundred thousand”</strong> <span class="muted">(at least <span class="nowrap">200,000</span>)</span> people'
        in page
    )
    assert ">200,000<br>" not in page and "200000" not in page


@pytest.mark.django_db
def test_a_population_share_says_so(client):
    quote = "pro-European Russians who condemn the war in Ukraine are at least 20 percent of Russia’s population."
    published_figure(
        excerpt=ExcerptFactory(text=quote, source__full_text=quote),
        dataset="Shares of Russia's population",
        label="Pro-European and against the war",
        value=20,
        unit="percent_population",
        as_written="at least 20 percent",
        bound="lower",
    )
    page = client.get("/destinations/").content.decode()
    assert '(at least <span class="nowrap">20%</span>)</span> of the population' in page
    assert "of respondents" not in page
