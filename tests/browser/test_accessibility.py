"""Every public page type, at a phone's width (390 px) and a desktop's (1280 px), checked by axe-core
in real Chromium, with what a reader on a phone needs measured: the first search result on the first
screen, citation markers that are 24 x 24 px targets. Screenshots go to test-artifacts/.

axe-core is vendored (tests/browser/vendor/, version and licence in its README) and injected from
the file; the site's Content-Security-Policy allows no injected script, so this test's browser
context alone bypasses it (test_content_security_policy.py checks the policy itself).
"""

import re
from pathlib import Path

import pytest

from profiles.models import Relation, RelationCitation
from sources.models import Source
from tests import factories
from tests.browser.conftest import ARTIFACTS
from tests.public.builders import CULTURE, build_profile, publish, published_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.10.3"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
QUOTE = "“I found myself among colleagues. One has the feeling that the whole guild has emigrated,” said the writer."


@pytest.fixture
def site(editor):
    source = factories.SourceFactory(title="Leaving Russia: the cultural exodus", authors="A. Reporter")
    ulitskaya = build_profile(
        name="Lyudmila Ulitskaya",
        native_name="Людмила Улицкая",
        aliases="Ludmila Ulitska",
        description="Writer",
        country="DE",
        city="Berlin",
        entries=3,
        source=source,
        precision="month",
        qualifier="early",
    )
    factories.ExcerptFactory(text=QUOTE, speaker=ulitskaya, source=source, source__full_text=QUOTE)
    publish(ulitskaya, editor)
    factories.published_figure(
        dataset="How many left", label="Left Russia in 2022", value=2000000, unit="people", as_written="up to two million",
        bound="upper", excerpt=factories.ExcerptFactory(text="Writer Ludmila Ulitska is giving interviews"),
    )  # fmt: skip
    factories.published_figure(
        dataset="Survey of new migrants (OK Russians)", label="Georgia", country="GE", value=23, unit="percent",
        period="March 2022", excerpt=factories.ExcerptFactory(text="Writer Ludmila Ulitska is giving interviews"),
    )  # fmt: skip
    published_profile(editor, name="Andrei Loshak", description="Investigative journalist")
    published_profile(editor, name="Zemfira", native_name="Земфира", categories=(CULTURE,), country="US", city="")
    member = published_profile(editor, name="Nastya Kreslina", categories=(CULTURE,), country="DE", city="")
    band = build_profile(
        name="IC3PEAK", kind="group", categories=(CULTURE,), country="DE", city="",
        biography="An electronic duo: Nastya Kreslina and Nikolay Kostylev.",
    )  # fmt: skip
    relation = Relation.objects.create(profile=member, related_profile=band, kind="member")
    RelationCitation.objects.create(relation=relation, excerpt=ulitskaya.timeline.first().citations.first())
    publish(band, editor)
    publish(member, editor, note="Member of IC3PEAK")
    return {"person": ulitskaya, "group": band, "source": source}


def pages(site) -> dict[str, str]:
    return {
        "home": "/",
        "index": "/profiles/",
        "search": "/profiles/?q=Ulitska",
        "profile": f"/profiles/{site['person'].slug}/",
        "group": f"/profiles/{site['group'].slug}/",
        "sources": "/sources/",
        "source": f"/sources/{site['source'].pk}/",
        "destinations": "/destinations/",
        "not-found": "/profiles/no-such-person/",
    }


def axe_violations(tab) -> list[str]:
    tab.add_script_tag(path=str(AXE))
    assert tab.evaluate("axe.version") == AXE_VERSION
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


def test_every_public_page_passes_axe_at_phone_and_desktop_sizes(site, live_server, browser):
    assert Source.objects.filter(pk=site["source"].pk).exists()
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport, device_scale_factor=1, bypass_csp=True)
        tab = context.new_page()
        for name, path in pages(site).items():
            response = tab.goto(live_server.url + path)
            assert response.status == (404 if name == "not-found" else 200), path
            violations = axe_violations(tab)
            if violations:
                found[f"{size} {path}"] = violations
            tab.screenshot(path=str(ARTIFACTS / f"a11y-{size}-{name}.png"), full_page=True)
            # No page scrolls sideways.
            assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
        context.close()
    assert found == {}


def test_on_a_phone_results_come_first_and_citations_are_big_enough_to_tap(site, live_server, browser):
    context = browser.new_context(viewport=SIZES["phone"], device_scale_factor=1)
    tab = context.new_page()

    # One search box on the page; after a search the first result is on the first screen.
    tab.goto(live_server.url + "/profiles/")
    assert tab.locator("input[type=search]").count() == 1
    tab.get_by_label("Name or words").fill("Ulitska")
    tab.get_by_label("Name or words").press("Enter")
    tab.wait_for_url(re.compile(r"q=Ulitska"))
    first = tab.locator(".card").first.bounding_box()
    assert first["y"] + first["height"] <= SIZES["phone"]["height"]
    # The filters are one tap away, and work.
    assert not tab.get_by_label("Category").is_visible()
    tab.locator(".filter-panel summary").click()
    assert tab.get_by_label("Category").is_visible()

    # Citation markers are 24 x 24 px targets.
    tab.goto(live_server.url + f"/profiles/{site['person'].slug}/")
    markers = tab.locator("sup.ref a")
    assert markers.count() >= 3
    for n in range(markers.count()):
        box = markers.nth(n).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    # The name comes before the portrait, and the heading is on the first screen.
    assert tab.locator("h1").bounding_box()["y"] < 300
    context.close()
