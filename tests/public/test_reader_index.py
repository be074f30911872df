"""The index as a reader on a phone meets it: one search box, results before the filters, what a
fuzzy search matched, and a portrait thumbnail on each card that has one."""

import re

import pytest
from django.test import Client

from tests.images import clean_image, upload
from tests.public.builders import build_profile, publish, published_profile
from tests.test_helpers import profile_change_form

pytestmark = pytest.mark.django_db


def page_of(client, url) -> str:
    return client.get(url).content.decode()


def test_the_index_has_one_search_box_and_the_filters_behind_a_disclosure(client, ulitskaya):
    page = page_of(client, "/profiles/?q=Ulitska")
    assert page.count('type="search"') == 1
    assert page.count('role="search"') == 1
    panel = re.search(r'<details class="filter-panel"( open)?>', page)
    assert panel and not panel.group(1)  # closed: only words were searched for
    assert page.index('name="q"') < page.index('<details class="filter-panel"') < page.index('class="cards"')
    assert page.index('name="category"') > page.index('<details class="filter-panel"')


def test_the_filter_panel_opens_when_a_filter_is_set(client, ulitskaya):
    page = page_of(client, "/profiles/?country=DE")
    assert '<details class="filter-panel" open>' in page
    assert "(1 active)" in page


def test_the_home_page_has_one_search_box(client, ulitskaya):
    page = page_of(client, "/")
    assert page.count('type="search"') == 1


def test_other_pages_keep_the_header_search(client, ulitskaya):
    page = page_of(client, f"/profiles/{ulitskaya.slug}/")
    assert page.count('type="search"') == 1 and 'id="site-q"' in page


def test_a_fuzzy_match_says_what_it_matched(client, editor):
    published_profile(editor, name="Dmitry Glukhovsky", aliases="Dmitri Glukhovsky")
    page = page_of(client, "/profiles/?q=Glukovsky")
    assert "Dmitry Glukhovsky" in page
    assert "Showing results for <strong>Glukhovsky</strong>" in page


def test_an_exact_match_says_nothing_more(client, editor):
    published_profile(editor, name="Dmitry Glukhovsky", aliases="Dmitri Glukhovsky")
    assert "Showing results for" not in page_of(client, "/profiles/?q=Glukhovsky")
    assert "Showing results for" not in page_of(client, "/profiles/?q=Dmitri")  # another spelling, exactly
    assert "Showing results for" not in page_of(client, "/profiles/")


def upload_portrait(profile, editor):
    staff = Client()
    staff.force_login(editor)
    form = profile_change_form(profile, portrait=upload(clean_image("JPEG"), "JPEG"), portrait_alt="Portrait")
    assert staff.post(f"/admin/profiles/profile/{profile.pk}/change/", form).status_code == 302
    profile.refresh_from_db()
    return profile


def test_a_card_shows_the_published_portrait_as_a_thumbnail(client, editor, django_capture_on_commit_callbacks):
    profile = upload_portrait(build_profile(name="Portrait Person"), editor)
    with django_capture_on_commit_callbacks(execute=True):
        publish(profile, editor)
    published_profile(editor, name="No Portrait")

    page = page_of(client, "/profiles/")
    thumbs = re.findall(r'<img class="card-thumb" src="([^"]+)"', page)
    assert len(thumbs) == 1
    renditions = profile.live_version.snapshot["portrait"]["renditions"]
    smallest = min(renditions, key=lambda r: r["width"])["url"]
    assert thumbs[0] == smallest
    assert profile.portrait.name not in page  # never the original


def test_an_unpublished_portrait_is_not_on_the_card(client, editor):
    profile = published_profile(editor, name="Portrait Later")
    upload_portrait(profile, editor)  # a pending change: the live version has no portrait
    page = page_of(client, "/profiles/")
    assert "card-thumb" not in page
    assert profile.portrait.name.rsplit("/", 1)[-1].split(".")[0] not in page
