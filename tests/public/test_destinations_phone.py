"""/destinations/ that a reader on a phone can scan: figures with thousands separators and their
unit on one line, country names whole, a chart without an interactive element nested in an image."""

import pytest

from tests import factories
from tests.public.builders import published_profile

pytestmark = pytest.mark.django_db


def page_of(client) -> str:
    return client.get("/destinations/").content.decode()


def test_figures_have_thousands_separators_beside_their_unit(client):
    factories.published_figure(dataset="How many left", label="Crossed into Kazakhstan", value=2000000, unit="people")
    page = page_of(client)
    assert '<strong class="nowrap">2,000,000</strong> people' in page
    assert "2000000" not in page


def test_chart_labels_are_whole_country_names(client, editor):
    published_profile(editor, name="Zemfira", country="US", city="")
    published_profile(editor, name="Someone Else", country="GB", city="")
    page = page_of(client)
    assert ">United States</text>" in page and ">United Kingdom</text>" in page
    assert "…</text>" not in page


def test_the_chart_nests_no_link_inside_an_image(client, editor):
    published_profile(editor, name="Zemfira", country="AM", city="")
    page = page_of(client)
    assert 'role="img"' not in page
    assert '<a href="/profiles/?country=AM" aria-label="Armenia: 1 profile">' in page


def test_long_lists_of_figures_are_collapsed_after_the_first(client):
    factories.published_figure(dataset="First set", label="A", value=1, unit="people")
    factories.published_figure(dataset="Second set", label="B", value=2, unit="people")
    page = page_of(client)
    assert '<details class="dataset" open>' in page
    assert page.count('<details class="dataset">') == 1
    assert "(1 figure)" in page


def test_no_word_is_split_anywhere_in_a_table():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert "break-all" not in css
    assert "table { overflow-wrap: break-word;" in css
