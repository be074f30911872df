"""A reader's journey in a real browser, on a desktop and a phone: home, search, filters, a
profile, a citation followed to its source. Screenshots go to test-artifacts/."""

import re

import pytest

from tests import factories
from tests.public.builders import CULTURE, build_profile, publish, published_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site(editor):
    ulitskaya = build_profile(
        name="Lyudmila Ulitskaya",
        native_name="Людмила Улицкая",
        aliases="Ludmila Ulitska",
        description="Writer",
        country="DE",
        city="Berlin",
        entries=3,
        precision="month",
        qualifier="early",
    )
    factories.ExcerptFactory(
        text="“I found myself among colleagues. One has the feeling that the whole guild has emigrated,”",
        speaker=ulitskaya,
    )
    publish(ulitskaya, editor)
    factories.published_figure(
        dataset="Survey of new migrants (OK Russians)", label="Georgia", country="GE", value=23, unit="percent",
        period="March 2022", excerpt=factories.ExcerptFactory(text="Writer Ludmila Ulitska is giving interviews"),
    )  # fmt: skip
    published_profile(editor, name="Andrei Loshak", description="Investigative journalist")
    published_profile(editor, name="Zemfira", native_name="Земфира", categories=(CULTURE,), country="AM", city="")
    published_profile(editor, name="IC3PEAK", kind="group", categories=(CULTURE,), country="DE", city="")
    return ulitskaya


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_home_search_filter_profile_and_citation(site, live_server, page, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Exodus"
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert no_horizontal_scroll(page)
    screenshot("1-home")

    # Search in another spelling from the home page.
    page.get_by_label("Find a person or group, in any spelling or script").fill("Ulitska")
    page.get_by_label("Find a person or group, in any spelling or script").press("Enter")
    page.wait_for_url(re.compile(r"/profiles/\?q=Ulitska"))
    assert page.locator(".card-title").all_inner_texts() == ["Lyudmila Ulitskaya"]
    screenshot("2-search")

    # Filter by category; the URL holds the filter and a chip removes it.
    page.goto(live_server.url + "/profiles/")
    if page.viewport_name == "phone":  # on a phone the filters wait behind a disclosure
        page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Category").select_option("culture")
    page.get_by_role("button", name="Show profiles").click()
    page.wait_for_url(re.compile(r"category=culture"))
    assert sorted(page.locator(".card-title").all_inner_texts()) == ["IC3PEAK", "Zemfira"]
    assert no_horizontal_scroll(page)
    screenshot("3-filtered")
    page.get_by_role("link", name=re.compile("Category: Arts and culture")).click()
    page.wait_for_url(re.compile(r"/profiles/\?$"))
    assert len(page.locator(".card-title").all_inner_texts()) == 4
    page.go_back()
    page.wait_for_url(re.compile(r"category=culture"))
    assert page.get_by_label("Category").input_value() == "culture"

    # Open a profile.
    page.goto(live_server.url + "/profiles/?q=Земфира")
    assert page.locator(".card-title").all_inner_texts() == ["Zemfira"]
    page.goto(live_server.url + "/profiles/")
    page.get_by_role("link", name="Lyudmila Ulitskaya").click()
    page.wait_for_url(re.compile(f"/profiles/{site.slug}/$"))
    assert page.locator("h1").inner_text() == "Lyudmila Ulitskaya"
    assert page.get_by_text("early March 2022").first.is_visible()
    assert page.get_by_text("Berlin, Germany").first.is_visible()
    assert no_horizontal_scroll(page)
    screenshot("4-profile")

    # Follow the first citation to the excerpt on its source page.
    page.get_by_role("link", name=re.compile(r"^Source 1: ")).first.click()
    page.wait_for_url(re.compile(r"/sources/\d+/#excerpt-\d+$"))
    anchor = page.url.split("#")[1]
    excerpt = page.locator(f"#{anchor}")
    assert excerpt.is_visible()
    assert "Loshak boarded a plane" in excerpt.inner_text()
    assert page.get_by_role("link", name="Lyudmila Ulitskaya").first.is_visible()
    assert no_horizontal_scroll(page)
    screenshot("5-source")


def test_keyboard_users_can_skip_to_content_and_see_focus(site, live_server, page):
    page.goto(live_server.url + "/profiles/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    # The focused element draws a visible outline.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_destinations_chart_is_drawn_without_javascript(site, live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/destinations/")
    assert page.locator("svg rect.chart-bar").count() == 3
    box = page.locator("svg").bounding_box()
    assert box["width"] <= 360
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-6-destinations-nojs.png"), full_page=True)
    context.close()
